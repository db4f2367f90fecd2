/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NETLINK_USERSOCK request client shared by mediasecctl (talking to
 * mediasecd) and mediasecd (talking to mediasec-dp's control thread): an
 * autobound socket with SO_PASSCRED that believes only replies from the
 * server's port and from root (or from its own uid, when asked), follows
 * dumps through their cursors and returns the server's error text.
 */
#ifndef MEDIASEC_LIB_NL_CLIENT_H
#define MEDIASEC_LIB_NL_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct ms_msg;
struct ms_nl_client;
struct nlmsghdr;

/* Called for each reply (or, when listening, each notification). */
typedef int (*ms_nl_reply_fn)(const struct ms_msg *m, void *arg);

struct ms_nl_client_conf {
	__u32 port;		/* the server's port id */
	const char *peer;	/* "mediasecd": in error texts */
	int timeout_s;		/* for each reply */
	int rcvbuf;		/* receive buffer bytes (0: default); root may exceed rmem_max */
	bool trust_own_uid;	/* also believe replies from our euid */
	/* Optional: a message that answers no request (punts, late replies). */
	void (*unsolicited)(void *arg, const struct nlmsghdr *nlh);
	/* Optional: a message dropped for its sender (port or uid). */
	void (*ignored)(void *arg, __u32 port, int uid);
	void *arg;		/* for the two callbacks */
};

/* NULL with err saying why. */
struct ms_nl_client *ms_nl_client_open(const struct ms_nl_client_conf *conf,
				       char *err, size_t errlen);
void ms_nl_client_close(struct ms_nl_client *c);
int ms_nl_client_fd(const struct ms_nl_client *c);

/*
 * Send req (cmd, flags, attributes set by the caller) and collect its
 * replies: data messages go to fn, a dump is followed through its cursors
 * to NLMSG_DONE, an error returns the server's -errno with its
 * MS_ATTR_ERROR_MSG (or our reason) in err. -ECONNREFUSED: nothing at
 * the port; -ETIMEDOUT: no reply in time.
 */
int ms_nl_client_request(struct ms_nl_client *c, struct ms_msg *req, ms_nl_reply_fn fn,
			 void *arg, char *err, size_t errlen);
/* Receive notifications until fn returns non-zero or an error. */
int ms_nl_client_listen(struct ms_nl_client *c, ms_nl_reply_fn fn, void *arg,
			char *err, size_t errlen);
/* Hand what is already queued to conf->unsolicited; never blocks. */
void ms_nl_client_drain(struct ms_nl_client *c);

#endif /* MEDIASEC_LIB_NL_CLIENT_H */
