/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <openssl/crypto.h>

#include "nl_client.h"
#include "nl_client_internal.h"
#include "nl_msg.h"

struct ms_nl_client *ms_nl_client_open(const struct ms_nl_client_conf *conf,
				       char *err, size_t errlen)
{
	struct ms_nl_client *c = calloc(1, sizeof(*c));
	struct nl_sock *sk = c ? nl_socket_alloc() : NULL;
	int ret;

	if (!sk) {
		free(c);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ret = nl_connect(sk, NETLINK_USERSOCK);
	if (ret < 0) {
		snprintf(err, errlen, "NETLINK_USERSOCK: %s", nl_geterror(ret));
		goto err;
	}
	/* Credentials on what we receive: only root's replies count. */
	if (nl_socket_set_passcred(sk, 1) < 0) {
		snprintf(err, errlen, "SO_PASSCRED refused");
		goto err;
	}
	nl_socket_enable_msg_peek(sk);
	/* Room for any reply at once: a grown buffer would leave the first
	 * one, maybe with keys (MS_GET_F_KEYS), freed without a wipe. */
	nl_socket_set_msg_buf_size(sk, MS_NL_MSG_MAX);
	nl_socket_disable_auto_ack(sk);
	nl_socket_set_peer_port(sk, conf->port);
	/* Past net.core.rmem_max when root: a batch's answers arrive at once. */
	if (conf->rcvbuf && setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVBUFFORCE,
				       &conf->rcvbuf, sizeof(conf->rcvbuf)) < 0)
		nl_socket_set_buffer_size(sk, conf->rcvbuf, 0);
	c->sk = sk;
	c->conf = *conf;
	c->seq = (__u32)time(NULL);
	return c;
err:
	nl_socket_free(sk);
	free(c);
	return NULL;
}

void ms_nl_client_close(struct ms_nl_client *c)
{
	if (!c)
		return;
	nl_socket_free(c->sk);
	free(c);
}

int ms_nl_client_fd(const struct ms_nl_client *c)
{
	return nl_socket_get_fd(c->sk);
}

void ms_nl_client_set_timeout(struct ms_nl_client *c, int seconds)
{
	struct timeval tv = { seconds, 0 };

	/* sends too: a server whose queue stays full must not hang us */
	setsockopt(nl_socket_get_fd(c->sk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(nl_socket_get_fd(c->sk), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static bool trusted(const struct ms_nl_client *c, const struct ucred *cr)
{
	return cr && (cr->uid == 0 || (c->conf.trust_own_uid && cr->uid == geteuid()));
}

/*
 * One datagram from the server. Anything from another port or uid is
 * dropped (reported to conf.ignored): any local process can send to our
 * port id.
 */
int ms_nl_client_recv(struct ms_nl_client *c, unsigned char **buf, char *err, size_t errlen)
{
	for (;;) {
		struct sockaddr_nl from;
		struct ucred *creds = NULL;
		int n = nl_recv(c->sk, &from, buf, &creds);

		if (n <= 0) {
			free(creds);
			if (n == 0 || n == -NLE_AGAIN) {
				snprintf(err, errlen, "no reply from %s within %d s",
					 c->conf.peer, c->conf.timeout_s);
				return -ETIMEDOUT;
			}
			snprintf(err, errlen, "receive: %s", nl_geterror(n));
			return -EIO;
		}
		if (from.nl_pid == c->conf.port && trusted(c, creds)) {
			free(creds);
			return n;
		}
		if (c->conf.ignored)
			c->conf.ignored(c->conf.arg, from.nl_pid, creds ? (int)creds->uid : -1);
		free(creds);
		free(*buf);
		*buf = NULL;
	}
}

int ms_nl_client_build(struct ms_nl_client *c, struct ms_msg *req, struct nl_msg **msg,
		       char *err, size_t errlen)
{
	int ret;

	req->nl_type = MS_NL_USERSOCK_TYPE;
	req->nl_flags |= NLM_F_REQUEST;
	req->seq = ++c->seq;
	req->portid = nl_socket_get_local_port(c->sk);
	ret = ms_nl_msg_build(req, msg);
	if (ret)
		snprintf(err, errlen, "cannot build the request: %s", strerror(-ret));
	return ret;
}

int ms_nl_client_send(struct ms_nl_client *c, const void *buf, size_t len,
		      char *err, size_t errlen)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = c->conf.port };

	if (sendto(nl_socket_get_fd(c->sk), buf, len, 0, (struct sockaddr *)&to,
		   sizeof(to)) >= 0)
		return 0;
	if (errno == ECONNREFUSED)	/* nobody bound the port */
		snprintf(err, errlen, "%s is not running (nothing at port 0x%08x)",
			 c->conf.peer, c->conf.port);
	else
		snprintf(err, errlen, "send: %s", strerror(errno));
	return -ECONNREFUSED;
}

static int send_req(struct ms_nl_client *c, struct ms_msg *req, char *err, size_t errlen)
{
	struct nl_msg *msg;
	int ret = ms_nl_client_build(c, req, &msg, err, errlen);

	if (ret)
		return ret;
	ret = ms_nl_client_send(c, nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, err, errlen);
	ms_nl_msg_free(msg);
	return ret;
}

/* Parse a data message and hand it to fn; -EPROTO when it is malformed. */
static int deliver(const struct ms_nl_client *c, const struct nlmsghdr *nlh,
		   ms_nl_reply_fn fn, void *arg, struct ms_msg *m, char *err, size_t errlen)
{
	char why[MS_ERROR_MSG_MAX];

	if (ms_nl_msg_parse(nlh, nlh->nlmsg_len, m, why, sizeof(why))) {
		snprintf(err, errlen, "malformed message from %s: %s", c->conf.peer, why);
		return -EPROTO;
	}
	return fn ? fn(m, arg) : 0;
}

/*
 * Walk one datagram of replies to req. Returns 1 to keep receiving, 0 when
 * the request is answered, -errno on error; *cursor is set when a dump part
 * asks to be continued.
 */
static int walk(struct ms_nl_client *c, const struct ms_msg *req, unsigned char *buf,
		int n, ms_nl_reply_fn fn, void *arg, __u64 *cursor, bool *more,
		char *err, size_t errlen)
{
	struct ms_msg *m = malloc(sizeof(*m));
	struct nlmsghdr *nlh;
	int ret = 1, error;

	if (!m)
		return -ENOMEM;
	for (nlh = (struct nlmsghdr *)buf; ret == 1 && nlmsg_ok(nlh, n);
	     nlh = nlmsg_next(nlh, &n)) {
		if (nlh->nlmsg_seq != req->seq) {
			/* a notification, or a late answer to an earlier request */
			if (c->conf.unsolicited)
				c->conf.unsolicited(c->conf.arg, nlh);
			continue;
		}
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			char text[MS_ERROR_MSG_MAX];

			ret = ms_nl_error_parse(nlh, nlh->nlmsg_len, &error, text, sizeof(text));
			if (ret) {
				snprintf(err, errlen, "malformed error reply from %s", c->conf.peer);
				break;
			}
			if (error)
				snprintf(err, errlen, "%s", *text ? text : strerror(-error));
			ret = error;
		} else if (nlh->nlmsg_type == NLMSG_DONE) {
			ret = 0;
		} else {
			ret = deliver(c, nlh, fn, arg, m, err, errlen);
			if (ret == 0 && (m->present & MS_BIT(MS_ATTR_DUMP_CURSOR))) {
				*cursor = m->dump_cursor;
				*more = true;
			}
			if (ret == 0)
				ret = (nlh->nlmsg_flags & NLM_F_MULTI) ? 1 : 0;
			ms_nl_msg_clear(m);
		}
	}
	free(m);
	return ret;
}

int ms_nl_client_request(struct ms_nl_client *c, struct ms_msg *req, ms_nl_reply_fn fn,
			 void *arg, char *err, size_t errlen)
{
	bool more;
	int ret;

	ms_nl_client_set_timeout(c, c->conf.timeout_s);
	do {
		__u64 cursor = 0;

		more = false;
		ret = send_req(c, req, err, errlen);
		while (ret == 0 || ret == 1) {
			unsigned char *buf = NULL;
			int n = ms_nl_client_recv(c, &buf, err, errlen);

			if (n < 0)
				return n;
			ret = walk(c, req, buf, n, fn, arg, &cursor, &more, err, errlen);
			/* mediasec-dp's replies to MS_GET_F_KEYS hold keys */
			OPENSSL_cleanse(buf, (size_t)n);
			free(buf);
			if (ret == 0)
				break;
		}
		if (ret < 0)
			return ret;
		if (more) {
			req->present |= MS_BIT(MS_ATTR_DUMP_CURSOR);
			req->dump_cursor = cursor;
		}
	} while (more);
	return 0;
}

int ms_nl_client_listen(struct ms_nl_client *c, ms_nl_reply_fn fn, void *arg,
			char *err, size_t errlen)
{
	struct ms_msg *m = malloc(sizeof(*m));
	int ret = 0;

	if (!m)
		return -ENOMEM;
	ms_nl_client_set_timeout(c, 0);
	while (ret == 0) {
		unsigned char *buf = NULL;
		struct nlmsghdr *nlh;
		int n = ms_nl_client_recv(c, &buf, err, errlen);

		if (n < 0) {
			ret = n;
			break;
		}
		for (nlh = (struct nlmsghdr *)buf; ret == 0 && nlmsg_ok(nlh, n);
		     nlh = nlmsg_next(nlh, &n))
			if (nlh->nlmsg_type == MS_NL_USERSOCK_TYPE)
				ret = deliver(c, nlh, fn, arg, m, err, errlen);
		free(buf);
	}
	free(m);
	return ret;
}

void ms_nl_client_drain(struct ms_nl_client *c)
{
	unsigned char *buf = NULL;
	char err[64];
	int n;

	ms_nl_client_set_timeout(c, 0);
	nl_socket_set_nonblocking(c->sk);
	while ((n = ms_nl_client_recv(c, &buf, err, sizeof(err))) > 0) {
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; nlmsg_ok(h, n);
		     h = nlmsg_next(h, &n))
			if (c->conf.unsolicited)
				c->conf.unsolicited(c->conf.arg, h);
		free(buf);
		buf = NULL;
	}
	/* Blocking again, with SO_RCVTIMEO, for the next request. */
	fcntl(nl_socket_get_fd(c->sk), F_SETFL,
	      fcntl(nl_socket_get_fd(c->sk), F_GETFL) & ~O_NONBLOCK);
}
