/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <linux/netlink.h>

#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "conn.h"
#include "nl_msg.h"

#define REPLY_TIMEOUT_S 5

static struct nl_sock *sk;
static __u32 daemon_port;
/* For messages: who is at daemon_port. */
static const char *peer_name;
static __u32 seq;

int ctl_open(__u32 port, char *err, size_t errlen)
{
	int ret;

	sk = nl_socket_alloc();
	if (!sk) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
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
	nl_socket_disable_auto_ack(sk);
	nl_socket_set_peer_port(sk, port);
	daemon_port = port;
	peer_name = port == MS_NL_PORT_DP ? "mediasec-dp" : "mediasecd";
	seq = (__u32)time(NULL);
	return 0;
err:
	nl_socket_free(sk);
	sk = NULL;
	return -EIO;
}

void ctl_close(void)
{
	nl_socket_free(sk);
	sk = NULL;
}

static void set_timeout(int seconds)
{
	struct timeval tv = { seconds, 0 };

	setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/*
 * One datagram from mediasecd. Anything from another port or uid is
 * dropped with a warning: any local process can send to our port id.
 */
static int recv_one(unsigned char **buf, char *err, size_t errlen)
{
	for (;;) {
		struct sockaddr_nl from;
		struct ucred *creds = NULL;
		int n = nl_recv(sk, &from, buf, &creds);

		if (n <= 0) {
			free(creds);
			if (n == 0 || n == -NLE_AGAIN) {
				snprintf(err, errlen, "no reply from %s within %d s",
					 peer_name, REPLY_TIMEOUT_S);
				return -ETIMEDOUT;
			}
			snprintf(err, errlen, "receive: %s", nl_geterror(n));
			return -EIO;
		}
		if (from.nl_pid == daemon_port && creds && creds->uid == 0) {
			free(creds);
			return n;
		}
		fprintf(stderr, "mediasecctl: ignored a message from port 0x%08x, uid %d: "
			"not %s\n", from.nl_pid, creds ? (int)creds->uid : -1, peer_name);
		free(creds);
		free(*buf);
		*buf = NULL;
	}
}

static int send_req(struct ms_msg *req, char *err, size_t errlen)
{
	struct nl_msg *msg;
	bool refused;
	int ret;

	req->nl_type = MS_NL_USERSOCK_TYPE;
	req->nl_flags |= NLM_F_REQUEST;
	req->seq = ++seq;
	req->portid = nl_socket_get_local_port(sk);
	ret = ms_nl_msg_build(req, &msg);
	if (ret) {
		snprintf(err, errlen, "cannot build the request: %s", strerror(-ret));
		return ret;
	}
	errno = 0;
	ret = nl_send(sk, msg);
	/* libnl's codes lose ECONNREFUSED (nobody bound the port); errno keeps it */
	refused = errno == ECONNREFUSED;
	ms_nl_msg_free(msg);
	if (ret >= 0)
		return 0;
	if (refused)
		snprintf(err, errlen, "%s is not running (nothing at port 0x%08x)",
			 peer_name, daemon_port);
	else
		snprintf(err, errlen, "send: %s", nl_geterror(ret));
	return -ECONNREFUSED;
}

/* Parse a data message and hand it to fn; -EPROTO when it is malformed. */
static int deliver(const struct nlmsghdr *nlh, ctl_reply_fn fn, void *arg,
		   struct ms_msg *m, char *err, size_t errlen)
{
	char why[MS_ERROR_MSG_MAX];

	if (ms_nl_msg_parse(nlh, nlh->nlmsg_len, m, why, sizeof(why))) {
		snprintf(err, errlen, "malformed message from %s: %s", peer_name, why);
		return -EPROTO;
	}
	return fn ? fn(m, arg) : 0;
}

/*
 * Walk one datagram of replies to req. Returns 1 to keep receiving, 0 when
 * the request is answered, -errno on error; *cursor is set when a dump part
 * asks to be continued.
 */
static int walk(const struct ms_msg *req, unsigned char *buf, int n, ctl_reply_fn fn,
		void *arg, __u64 *cursor, bool *more, char *err, size_t errlen)
{
	struct ms_msg *m = malloc(sizeof(*m));
	struct nlmsghdr *nlh;
	int ret = 1, error;

	if (!m)
		return -ENOMEM;
	for (nlh = (struct nlmsghdr *)buf; ret == 1 && nlmsg_ok(nlh, n);
	     nlh = nlmsg_next(nlh, &n)) {
		if (nlh->nlmsg_seq != req->seq)
			continue;	/* a late answer to an earlier request */
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			char text[MS_ERROR_MSG_MAX];

			ret = ms_nl_error_parse(nlh, nlh->nlmsg_len, &error, text, sizeof(text));
			if (ret) {
				snprintf(err, errlen, "malformed error reply from %s", peer_name);
				break;
			}
			if (error)
				snprintf(err, errlen, "%s", *text ? text : strerror(-error));
			ret = error;
		} else if (nlh->nlmsg_type == NLMSG_DONE) {
			ret = 0;
		} else {
			ret = deliver(nlh, fn, arg, m, err, errlen);
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

int ctl_request(struct ms_msg *req, ctl_reply_fn fn, void *arg, char *err, size_t errlen)
{
	bool more;
	int ret;

	set_timeout(REPLY_TIMEOUT_S);
	do {
		__u64 cursor = 0;

		more = false;
		ret = send_req(req, err, errlen);
		while (ret == 0 || ret == 1) {
			unsigned char *buf = NULL;
			int n = recv_one(&buf, err, errlen);

			if (n < 0)
				return n;
			ret = walk(req, buf, n, fn, arg, &cursor, &more, err, errlen);
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

int ctl_listen(ctl_reply_fn fn, void *arg, char *err, size_t errlen)
{
	struct ms_msg *m = malloc(sizeof(*m));
	int ret = 0;

	if (!m)
		return -ENOMEM;
	set_timeout(0);
	while (ret == 0) {
		unsigned char *buf = NULL;
		struct nlmsghdr *nlh;
		int n = recv_one(&buf, err, errlen);

		if (n < 0) {
			ret = n;
			break;
		}
		for (nlh = (struct nlmsghdr *)buf; ret == 0 && nlmsg_ok(nlh, n);
		     nlh = nlmsg_next(nlh, &n))
			if (nlh->nlmsg_type == MS_NL_USERSOCK_TYPE)
				ret = deliver(nlh, fn, arg, m, err, errlen);
		free(buf);
	}
	free(m);
	return ret;
}
