/* SPDX-License-Identifier: BSD-3-Clause */
/* The shared NETLINK_USERSOCK request server (nl_server.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "nl_cmd.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "nl_server.h"

/*
 * Datagrams served per call: a flood (even of refused requests) must not
 * keep the caller's loop from its other work; it calls again while the
 * socket stays readable.
 */
#define DATAGRAMS_PER_CALL	256

/* Receive buffer when root: room for a controller's bursts of batches. */
#define RCVBUF_ROOT	(8 << 20)

struct ms_nl_server {
	struct nl_sock *sk;
	int fd;
	const struct ms_nl_server_ops *ops;
	void *ctx;
	struct ms_msg *m;	/* the request being served, wiped after each */
	unsigned char *rx;	/* one received datagram */
	size_t rx_cap;
	unsigned char *tx;	/* replies not yet sent, all to tx_port */
	size_t tx_len;
	__u32 tx_port;
};

static void say(const struct ms_nl_server *s, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(const struct ms_nl_server *s, int prio, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	if (!s->ops->log)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	s->ops->log(s->ctx, prio, text);
}

struct ms_nl_server *ms_nl_server_open(__u32 port, const struct ms_nl_server_ops *ops,
				       void *ctx, char *err, size_t errlen)
{
	struct ms_nl_server *s = calloc(1, sizeof(*s));
	int ret;

	if (!s || !(s->m = malloc(sizeof(*s->m))) || !(s->tx = malloc(MS_NL_REPLY_BUF)) ||
	    !(s->rx = malloc(MS_NL_MSG_MAX)) || !(s->sk = nl_socket_alloc())) {
		snprintf(err, errlen, "netlink server: out of memory");
		goto err;
	}
	s->rx_cap = MS_NL_MSG_MAX;
	s->ops = ops;
	s->ctx = ctx;
	nl_socket_set_local_port(s->sk, port);
	ret = nl_connect(s->sk, NETLINK_USERSOCK);
	if (ret == -NLE_EXIST) {
		/* EADDRINUSE: another server, or a squatter (netlink.h) */
		snprintf(err, errlen, "netlink port 0x%08x is in use: is another %s running?",
			 port, ops->name);
		goto err;
	}
	if (ret < 0) {
		snprintf(err, errlen, "netlink port 0x%08x: %s", port, nl_geterror(ret));
		goto err;
	}
	if (nl_socket_set_passcred(s->sk, 1) < 0 || nl_socket_set_nonblocking(s->sk) < 0 ||
	    nl_socket_set_buffer_size(s->sk, 1 << 20, 1 << 20) < 0) {
		snprintf(err, errlen, "netlink port 0x%08x: socket options refused", port);
		goto err;
	}
	s->fd = nl_socket_get_fd(s->sk);
	/*
	 * SO_RCVBUF stops at net.core.rmem_max (208 KiB by default): a few
	 * thousand batched requests. Root may go past it; others keep that.
	 */
	setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &(int){ RCVBUF_ROOT }, sizeof(int));
	return s;
err:
	ms_nl_server_close(s);
	return NULL;
}

void ms_nl_server_close(struct ms_nl_server *s)
{
	if (!s)
		return;
	nl_socket_free(s->sk);
	free(s->m);
	free(s->rx);
	free(s->tx);
	free(s);
}

int ms_nl_server_fd(const struct ms_nl_server *s)
{
	return s->fd;
}

int ms_nl_send(int fd, __u32 port, const struct nlmsghdr *nlh)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = port };

	if (sendto(fd, nlh, nlh->nlmsg_len, MSG_DONTWAIT, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		return -errno;
	return 0;
}

static int flush(struct ms_nl_server *s)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = s->tx_port };
	int ret = 0;

	if (!s->tx_len)
		return 0;
	if (sendto(s->fd, s->tx, s->tx_len, MSG_DONTWAIT, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		ret = -errno;
	/* ECONNREFUSED: the caller left; anything else, it misses replies */
	if (ret && ret != -ECONNREFUSED)
		say(s, LOG_WARNING, "reply to port 0x%08x: %s", s->tx_port, strerror(-ret));
	/* a reply may carry keys (MS_GET_F_KEYS to mediasecd) */
	explicit_bzero(s->tx, s->tx_len);
	s->tx_len = 0;
	return ret;
}

/* Queue one reply for port; sent with the others of its datagram. */
static int put(struct ms_nl_server *s, __u32 port, const struct nlmsghdr *nlh)
{
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);
	int ret = 0;

	if (s->tx_len && (port != s->tx_port || s->tx_len + len > MS_NL_REPLY_BUF))
		ret = flush(s);
	if (len > MS_NL_REPLY_BUF)
		return ms_nl_send(s->fd, port, nlh) ?: ret;
	s->tx_port = port;
	memcpy(s->tx + s->tx_len, nlh, nlh->nlmsg_len);
	memset(s->tx + s->tx_len + nlh->nlmsg_len, 0, len - nlh->nlmsg_len);
	s->tx_len += len;
	return ret;
}

int ms_nl_reply_msg(const struct ms_nl_request *r, struct ms_msg *reply, __u16 flags)
{
	struct nl_msg *msg;
	int ret;

	reply->nl_type = MS_NL_USERSOCK_TYPE;
	reply->nl_flags = flags;
	reply->seq = r->nlh->nlmsg_seq;
	reply->portid = r->who.port;
	reply->cmd = r->m->cmd;
	ret = ms_nl_msg_build(reply, &msg);
	if (ret)
		return ret;
	ret = put(r->srv, r->who.port, nlmsg_hdr(msg));
	ms_nl_msg_free(msg);
	return ret;
}

int ms_nl_reply_done(const struct ms_nl_request *r)
{
	struct {
		struct nlmsghdr h;
		int zero;
	} done = {
		.h = { .nlmsg_len = sizeof(done), .nlmsg_type = NLMSG_DONE,
		       .nlmsg_flags = NLM_F_MULTI, .nlmsg_seq = r->nlh->nlmsg_seq,
		       .nlmsg_pid = r->who.port },
	};

	return put(r->srv, r->who.port, &done.h);
}

size_t ms_nl_reply_room(const struct ms_nl_request *r)
{
	return MS_NL_REPLY_BUF - r->srv->tx_len;
}

static void reply_error(const struct ms_nl_request *r, int error, const char *text)
{
	unsigned char buf[MS_NL_ERROR_MAX] __attribute__((aligned(4)));

	if (ms_nl_error_put(buf, sizeof(buf), r->nlh, r->who.port, error, text) > 0)
		put(r->srv, r->who.port, (struct nlmsghdr *)buf);
}

/* The handler's result: to ops->handled, then ACK (if asked) or error. */
static void answer(const struct ms_nl_request *r, int ret, const char *err)
{
	struct ms_nl_server *s = r->srv;

	if (s->ops->handled)
		s->ops->handled(s->ctx, r, ret);
	if (ret < 0)
		reply_error(r, ret, *err ? err : strerror(-ret));
	else if (ret == 0 && (r->nlh->nlmsg_flags & NLM_F_ACK))
		reply_error(r, 0, NULL);
}

void ms_nl_defer(const struct ms_nl_request *r, struct ms_nl_deferred *d)
{
	d->srv = r->srv;
	d->nlh = *r->nlh;
	d->who = r->who;
	d->cmd = r->cmd;
	memcpy(d->object, r->object, sizeof(d->object));
}

void ms_nl_complete(const struct ms_nl_deferred *d, int ret, const char *err)
{
	struct ms_nl_request r = { .nlh = &d->nlh, .cmd = d->cmd, .who = d->who,
				   .srv = d->srv, .ctx = d->srv->ctx };

	memcpy(r.object, d->object, sizeof(r.object));
	answer(&r, ret, err ? err : "");
}

static void refuse(struct ms_nl_request *r, unsigned int cmd, const struct ms_nl_cmd *rules)
{
	const char *have = ms_nl_name_get(MS_NAME_ROLE, (unsigned int)r->who.role);
	const char *need = ms_nl_name_get(MS_NAME_ROLE, rules->min_role);
	char text[MS_ERROR_MSG_MAX];

	snprintf(text, sizeof(text), "%s: permission denied: needs role %s, uid %u has %s",
		 rules->name, need, (unsigned int)r->who.uid, have ? have : "none");
	reply_error(r, -EPERM, text);
	if (r->srv->ops->refused)
		r->srv->ops->refused(r->srv->ctx, r, cmd, rules);
}

static void handle(struct ms_nl_server *s, const struct nlmsghdr *nlh,
		   const struct ucred *creds, __u32 port)
{
	struct ms_nl_request r = { .nlh = nlh, .srv = s, .ctx = s->ctx };
	const struct ms_nl_cmd *rules;
	char err[MS_ERROR_MSG_MAX];
	ms_nl_handler_fn fn;
	int ret;

	/* Only requests; never answer an answer (or a forged one). */
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE || !(nlh->nlmsg_flags & NLM_F_REQUEST))
		return;
	r.who = (struct ms_nl_caller){ creds->uid, creds->gid, creds->pid, port, 0 };
	r.who.role = s->ops->role(s->ctx, creds->uid, creds->gid);

	/* Authorize on the command byte before parsing anything else. */
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN) {
		unsigned int cmd = ((const struct genlmsghdr *)nlmsg_data(nlh))->cmd;

		rules = ms_nl_cmd_get(cmd);
		if (rules && r.who.role < rules->min_role) {
			refuse(&r, cmd, rules);
			return;
		}
	}
	ret = ms_nl_msg_parse(nlh, nlh->nlmsg_len, s->m, err, sizeof(err));
	if (ret) {
		reply_error(&r, ret, err);
		return;
	}
	r.m = s->m;
	r.cmd = s->m->cmd;
	fn = s->ops->handler(s->ctx, s->m->cmd);
	if (!fn) {
		snprintf(err, sizeof(err), "%s: not served by %s",
			 ms_nl_cmd_get(s->m->cmd)->name, s->ops->name);
		reply_error(&r, -EOPNOTSUPP, err);
		goto out;
	}
	err[0] = '\0';
	ret = fn(&r, err, sizeof(err));
	if (ret != MS_NL_DEFERRED)
		answer(&r, ret, err);
out:
	ms_nl_msg_clear(s->m);
}

/* Requests in one datagram: each answered; a cut-off last one gets an error. */
static void handle_all(struct ms_nl_server *s, int n, const struct ucred *creds, __u32 port)
{
	struct nlmsghdr *nlh;
	char text[MS_ERROR_MSG_MAX];

	for (nlh = (struct nlmsghdr *)s->rx; nlmsg_ok(nlh, n); nlh = nlmsg_next(nlh, &n))
		handle(s, nlh, creds, port);
	if (n >= NLMSG_HDRLEN && (nlh->nlmsg_flags & NLM_F_REQUEST)) {
		struct ms_nl_request r = { .nlh = nlh, .srv = s, .who.port = port };

		snprintf(text, sizeof(text), "message of %u bytes, but %d bytes arrived",
			 nlh->nlmsg_len, n);
		reply_error(&r, -EINVAL, text);
	}
}

/*
 * Size of the next datagram, then the datagram itself (possibly empty);
 * -EAGAIN when none waits. A datagram is always taken off the queue, even
 * one we cannot hold, so that it cannot stall the ones behind it.
 */
static int receive(struct ms_nl_server *s, struct sockaddr_nl *from, struct ucred *creds)
{
	char cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov;
	struct msghdr mh = {
		.msg_name = from, .msg_namelen = sizeof(*from), .msg_iov = &iov,
		.msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	ssize_t n;

	n = recv(s->fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	if ((size_t)n > s->rx_cap) {
		unsigned char *rx = realloc(s->rx, (size_t)n);

		if (rx) {
			s->rx = rx;
			s->rx_cap = (size_t)n;
		}
	}
	iov = (struct iovec){ s->rx, s->rx_cap };
	n = recvmsg(s->fd, &mh, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	if (mh.msg_flags & MSG_TRUNC)
		return -ENOMEM;
	creds->pid = 0;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS)
			memcpy(creds, CMSG_DATA(c), sizeof(*creds));
	return (int)n;
}

void ms_nl_server_process(struct ms_nl_server *s)
{
	for (unsigned int budget = DATAGRAMS_PER_CALL; budget; budget--) {
		struct sockaddr_nl from = { 0 };
		struct ucred creds = { 0 };
		int n = receive(s, &from, &creds);

		if (n == -EAGAIN)
			return;
		if (n == 0)
			continue;	/* an empty datagram: nothing to answer */
		if (n == -ENOBUFS) {
			/* Our receive queue overflowed: requests were lost, go on. */
			say(s, LOG_WARNING, "netlink receive: requests lost (socket buffer full)");
			continue;
		}
		if (n == -ENOMEM) {
			say(s, LOG_WARNING, "netlink receive: a datagram too large for memory dropped");
			explicit_bzero(s->rx, s->rx_cap);
			continue;
		}
		if (n < 0) {
			say(s, LOG_WARNING, "netlink receive: %s", strerror(-n));
			return;
		}
		/* No credentials, no identity: nothing to authorize with. */
		if (creds.pid == 0 || from.nl_pid == 0)
			say(s, LOG_WARNING, "netlink message without credentials dropped");
		else
			handle_all(s, n, &creds, from.nl_pid);
		if (s->ops->datagram_done)
			s->ops->datagram_done(s->ctx);
		flush(s);
		/* requests may carry keys */
		explicit_bzero(s->rx, (size_t)n);
	}
}
