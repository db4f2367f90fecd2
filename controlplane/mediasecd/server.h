/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control API: a NETLINK_USERSOCK socket bound at the daemon's port id
 * (MS_NL_PORT_DAEMON unless overridden), SO_PASSCRED so the kernel tells us
 * who sent each request. server.c receives, authorizes and answers;
 * cmd.c holds the table of commands and their handlers.
 */
#ifndef MEDIASEC_MEDIASECD_SERVER_H
#define MEDIASEC_MEDIASECD_SERVER_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

struct cp_config;
struct ms_msg;
struct nl_msg;
struct nlmsghdr;

/* The sender as the kernel reported it, and the role we gave it. */
struct cp_caller {
	uid_t uid;
	gid_t gid;
	pid_t pid;
	__u32 port;	/* source port id of the datagram, replies go there */
	int role;	/* enum ms_role */
};

struct cp_request {
	const struct nlmsghdr *nlh;
	const struct ms_msg *m;	/* parsed and checked against the cmd rules */
	struct cp_caller who;
	char object[64];	/* what the request is about, for the audit */
};

/* Bind port; returns the socket fd or -errno, err says why. */
int cp_server_open(__u32 port, char *err, size_t errlen);
void cp_server_close(void);
/* Serve every request waiting on the socket; never blocks. */
void cp_server_process(const struct cp_config *cfg);

/* Send msg to port from fd; 0 or -errno (-EAGAIN when the peer is full). */
int cp_server_send(int fd, __u32 port, struct nl_msg *msg);

/* For handlers: a reply message (header fields filled from the request). */
int cp_reply_msg(const struct cp_request *r, struct ms_msg *reply, __u16 flags);
/* NLMSG_DONE closing a dump. */
int cp_reply_done(const struct cp_request *r);

/* Handlers return 0 (ACK if asked), CP_REPLIED (replies sent) or -errno. */
#define CP_REPLIED 1

#endif /* MEDIASEC_MEDIASECD_SERVER_H */
