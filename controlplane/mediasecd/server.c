/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "audit.h"
#include "auth.h"
#include "cmd.h"
#include "events.h"
#include "log.h"
#include "nl_cmd.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "server.h"

static struct nl_sock *sk;

int cp_server_open(__u32 port, char *err, size_t errlen)
{
	int ret;

	sk = nl_socket_alloc();
	if (!sk) {
		snprintf(err, errlen, "netlink socket: out of memory");
		return -ENOMEM;
	}
	nl_socket_set_local_port(sk, port);
	ret = nl_connect(sk, NETLINK_USERSOCK);
	if (ret < 0) {
		/* EADDRINUSE: another mediasecd, or a squatter (netlink.h) */
		snprintf(err, errlen, "netlink port 0x%08x: %s", port, nl_geterror(ret));
		goto err;
	}
	/* Requests can be large (certificates); peek sizes each read. */
	nl_socket_enable_msg_peek(sk);
	nl_socket_disable_seq_check(sk);
	if (nl_socket_set_passcred(sk, 1) < 0 || nl_socket_set_nonblocking(sk) < 0 ||
	    nl_socket_set_buffer_size(sk, 1 << 20, 1 << 20) < 0) {
		snprintf(err, errlen, "netlink port 0x%08x: socket options refused", port);
		ret = -NLE_FAILURE;
		goto err;
	}
	return nl_socket_get_fd(sk);
err:
	nl_socket_free(sk);
	sk = NULL;
	return -EIO;
}

void cp_server_close(void)
{
	nl_socket_free(sk);
	sk = NULL;
}

int cp_server_send(int fd, __u32 port, struct nl_msg *msg)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = port };
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (sendto(fd, nlh, nlh->nlmsg_len, MSG_DONTWAIT, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		return -errno;
	return 0;
}

static int send_to_caller(const struct cp_request *r, struct nl_msg *msg)
{
	int ret = cp_server_send(nl_socket_get_fd(sk), r->who.port, msg);

	if (ret && ret != -ECONNREFUSED)
		cp_log(LOG_WARNING, "reply to port 0x%08x (pid %d): %s", r->who.port,
		       (int)r->who.pid, strerror(-ret));
	return ret;
}

int cp_reply_msg(const struct cp_request *r, struct ms_msg *reply, __u16 flags)
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
	ret = send_to_caller(r, msg);
	nlmsg_free(msg);
	return ret;
}

int cp_reply_done(const struct cp_request *r)
{
	struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI);
	int zero = 0, ret;

	if (!msg)
		return -ENOMEM;
	nlmsg_hdr(msg)->nlmsg_seq = r->nlh->nlmsg_seq;
	ret = nlmsg_append(msg, &zero, sizeof(zero), NLMSG_ALIGNTO);
	if (!ret)
		ret = send_to_caller(r, msg);
	nlmsg_free(msg);
	return ret;
}

static void reply_error(const struct cp_request *r, int error, const char *text)
{
	struct nl_msg *msg;

	if (ms_nl_error_build(r->nlh, r->who.port, error, text, &msg))
		return;
	send_to_caller(r, msg);
	nlmsg_free(msg);
}

/* Name of a command for logs: "deny-add", or its number. */
static const char *cmd_word(unsigned int cmd, char *buf, size_t len)
{
	const char *name = ms_nl_name_get(MS_NAME_CMD, cmd);

	if (name)
		return name;
	snprintf(buf, len, "command %u", cmd);
	return buf;
}

/* The role is too low: say so to the sender, the audit and the subscribers. */
static void refuse(struct cp_request *r, const struct ms_nl_cmd *rules, unsigned int cmd)
{
	const char *have = ms_nl_name_get(MS_NAME_ROLE, (unsigned int)r->who.role);
	const char *need = ms_nl_name_get(MS_NAME_ROLE, rules->min_role);
	char text[MS_ERROR_MSG_MAX], word[32];

	snprintf(text, sizeof(text), "%s: permission denied: needs role %s, uid %u has %s",
		 rules->name, need, (unsigned int)r->who.uid, have);
	reply_error(r, -EPERM, text);
	cp_audit_record(&r->who, cmd_word(cmd, word, sizeof(word)), "", -EPERM);
	cp_event_raise(MS_EVENT_REQUEST_REFUSED, MS_SEV_WARNING, NULL,
		       "uid %u pid %d (role %s) refused %s: needs %s",
		       (unsigned int)r->who.uid, (int)r->who.pid, have,
		       cmd_word(cmd, word, sizeof(word)), need);
}

static void handle(const struct cp_config *cfg, const struct nlmsghdr *nlh, size_t len,
		   const struct ucred *creds, __u32 port)
{
	struct cp_request r = { .nlh = nlh };
	const struct ms_nl_cmd *rules;
	const struct cp_cmd *cmd;
	char err[MS_ERROR_MSG_MAX], word[32];
	struct ms_msg *m;
	unsigned int c;
	int ret;

	/* Only requests; never answer an answer (or a forged one). */
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE || !(nlh->nlmsg_flags & NLM_F_REQUEST))
		return;
	r.who = (struct cp_caller){ creds->uid, creds->gid, creds->pid, port, MS_ROLE_NONE };
	r.who.role = cp_auth_role(cfg, creds->uid, creds->gid);

	/* Authorize on the command byte before parsing anything else. */
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN) {
		c = ((const struct genlmsghdr *)nlmsg_data(nlh))->cmd;
		rules = ms_nl_cmd_get(c);
		if (rules && r.who.role < rules->min_role) {
			refuse(&r, rules, c);
			return;
		}
	}
	m = malloc(sizeof(*m));
	if (!m) {
		reply_error(&r, -ENOMEM, "mediasecd: out of memory");
		return;
	}
	ret = ms_nl_msg_parse(nlh, len, m, err, sizeof(err));
	if (ret) {
		reply_error(&r, ret, err);
		goto out;
	}
	r.m = m;
	cmd = cp_cmd_get(m->cmd);
	if (!cmd) {
		snprintf(err, sizeof(err), "%s: not served by mediasecd",
			 ms_nl_cmd_get(m->cmd)->name);
		reply_error(&r, -EOPNOTSUPP, err);
		goto out;
	}
	err[0] = '\0';
	ret = cmd->handler(&r, err, sizeof(err));
	if (cmd->changes)
		cp_audit_record(&r.who, cmd_word(m->cmd, word, sizeof(word)), r.object,
				ret < 0 ? ret : 0);
	if (ret < 0)
		reply_error(&r, ret, err);
	else if (ret == 0 && (nlh->nlmsg_flags & NLM_F_ACK))
		reply_error(&r, 0, NULL);
out:
	ms_nl_msg_clear(m);
	free(m);
}

void cp_server_process(const struct cp_config *cfg)
{
	for (;;) {
		struct sockaddr_nl from;
		struct ucred *creds = NULL;
		unsigned char *buf = NULL;
		struct nlmsghdr *nlh;
		int n = nl_recv(sk, &from, &buf, &creds);
		size_t total = n > 0 ? (size_t)n : 0;

		if (n <= 0) {
			if (n < 0 && n != -NLE_AGAIN)
				cp_log(LOG_WARNING, "netlink receive: %s", nl_geterror(n));
			free(buf);
			free(creds);
			return;
		}
		/* No credentials, no identity: nothing to authorize with. */
		if (!creds || from.nl_pid == 0) {
			cp_log(LOG_WARNING, "netlink message without credentials dropped");
			goto next;
		}
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, n); nlh = nlmsg_next(nlh, &n))
			handle(cfg, nlh, nlh->nlmsg_len, creds, from.nl_pid);
next:
		/* requests may carry keys */
		explicit_bzero(buf, total);
		free(buf);
		free(creds);
	}
}
