/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NETLINK_USERSOCK request server shared by mediasecd and mediasec-dp's
 * control thread: a socket bound at a fixed port id with SO_PASSCRED,
 * requests authorized by the sender's SCM_CREDENTIALS on the command byte
 * before anything else is parsed, parsed with ms_nl_msg_parse(), dispatched
 * to the program's handler, answered with ACKs or errors naming the problem.
 *
 * Several requests may share a datagram (batching is how a controller
 * reaches tens of thousands of requests per second); their replies are
 * gathered into one reply buffer and leave together, one sendto() per
 * received datagram unless the buffer fills. Nothing is allocated per
 * request except by the handlers themselves.
 */
#ifndef MEDIASEC_LIB_NL_SERVER_H
#define MEDIASEC_LIB_NL_SERVER_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/netlink.h>
#include <linux/types.h>

struct ms_msg;
struct ms_nl_cmd;
struct ms_nl_server;
struct nl_msg;

/* Replies leave in datagrams of at most this size. */
#define MS_NL_REPLY_BUF	(64 * 1024)

/* The sender as the kernel reported it, and the role the program gave it. */
struct ms_nl_caller {
	uid_t uid;
	gid_t gid;
	pid_t pid;
	__u32 port;	/* source port id of the datagram, replies go there */
	int role;	/* enum ms_role */
};

struct ms_nl_request {
	const struct nlmsghdr *nlh;
	const struct ms_msg *m;	/* parsed and checked against the cmd rules; NULL in
				 * ops->handled for a deferred request */
	unsigned int cmd;	/* m->cmd */
	struct ms_nl_caller who;
	char object[64];	/* what the request is about, for the audit */
	struct ms_nl_server *srv;
	void *ctx;		/* the program's, from ms_nl_server_open() */
};

/* Handlers return 0 (ACK if asked), MS_NL_REPLIED (replies sent),
 * MS_NL_DEFERRED (ms_nl_defer() taken, ms_nl_complete() answers later) or
 * -errno with err saying why. */
#define MS_NL_REPLIED 1
#define MS_NL_DEFERRED 2
typedef int (*ms_nl_handler_fn)(struct ms_nl_request *r, char *err, size_t errlen);

struct ms_nl_server_ops {
	const char *name;	/* "mediasecd": in "not served by" errors */
	/* enum ms_role of a sender; mandatory. */
	int (*role)(void *ctx, uid_t uid, gid_t gid);
	/* The handler of cmd, or NULL when the program does not serve it. */
	ms_nl_handler_fn (*handler)(void *ctx, unsigned int cmd);
	/* Optional: a request refused for its role (already answered EPERM). */
	void (*refused)(void *ctx, const struct ms_nl_request *r, unsigned int cmd,
			const struct ms_nl_cmd *rules);
	/* Optional: after a handler ran, with its result. */
	void (*handled)(void *ctx, const struct ms_nl_request *r, int ret);
	/*
	 * Optional: after the requests of one datagram, before their replies
	 * leave: the moment to complete the requests deferred meanwhile (one
	 * round trip to whoever they wait on for the whole datagram).
	 */
	void (*datagram_done)(void *ctx);
	/* Optional: a problem with no request to answer (LOG_* priority). */
	void (*log)(void *ctx, int priority, const char *text);
};

/* Bind port; NULL with err saying why (EADDRINUSE: another server). */
struct ms_nl_server *ms_nl_server_open(__u32 port, const struct ms_nl_server_ops *ops,
				       void *ctx, char *err, size_t errlen);
void ms_nl_server_close(struct ms_nl_server *s);
int ms_nl_server_fd(const struct ms_nl_server *s);
/*
 * Serve the requests waiting on the socket, a few hundred datagrams at
 * most (call again while the socket stays readable); never blocks.
 */
void ms_nl_server_process(struct ms_nl_server *s);

/* Send one message to port from fd, now; 0 or -errno (-EAGAIN: peer full). */
int ms_nl_send(int fd, __u32 port, const struct nlmsghdr *nlh);

/*
 * A request whose answer waits on something else (mediasecd's on
 * mediasec-dp): what its answer and ops->handled need, kept by the handler.
 */
struct ms_nl_deferred {
	struct ms_nl_server *srv;
	struct nlmsghdr nlh;	/* the request's header: errors quote it */
	struct ms_nl_caller who;
	unsigned int cmd;
	char object[64];
};

/* For a handler about to return MS_NL_DEFERRED. */
void ms_nl_defer(const struct ms_nl_request *r, struct ms_nl_deferred *d);
/*
 * Answer a deferred request: ops->handled with ret, then an ACK (if asked)
 * or the error with err. Best from ops->datagram_done: the reply leaves
 * with those of its datagram; later, it leaves at the next datagram's.
 */
void ms_nl_complete(const struct ms_nl_deferred *d, int ret, const char *err);

/* For handlers: a reply message, header fields filled from the request. */
int ms_nl_reply_msg(const struct ms_nl_request *r, struct ms_msg *reply, __u16 flags);
/* NLMSG_DONE closing a dump. */
int ms_nl_reply_done(const struct ms_nl_request *r);
/* Bytes left in the reply buffer before it must be sent (sizing dump parts). */
size_t ms_nl_reply_room(const struct ms_nl_request *r);

#endif /* MEDIASEC_LIB_NL_SERVER_H */
