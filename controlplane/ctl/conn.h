/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecctl's side of the control API: an autobound NETLINK_USERSOCK
 * socket that talks to mediasecd's port id and believes only replies that
 * come from that port and from root, per the kernel's SCM_CREDENTIALS.
 */
#ifndef MEDIASEC_CTL_CONN_H
#define MEDIASEC_CTL_CONN_H

#include <stddef.h>
#include <linux/types.h>

struct ms_msg;

/* Called for each reply (or, when listening, each notification). */
typedef int (*ctl_reply_fn)(const struct ms_msg *m, void *arg);

/* "mediasecd", or "mediasec-dp" when talking to the dataplane (-D). */
const char *ctl_peer(void);
int ctl_open(__u32 port, char *err, size_t errlen);
void ctl_close(void);

/*
 * Send req (cmd, flags, attributes set by the caller) and collect its
 * replies: data messages go to fn, a dump is followed through its cursors
 * to NLMSG_DONE, an error returns -errno with the daemon's
 * MS_ATTR_ERROR_MSG (or our reason) in err.
 */
int ctl_request(struct ms_msg *req, ctl_reply_fn fn, void *arg, char *err, size_t errlen);
/*
 * ctl_request(), then print what the replies printed, or the error as
 * "mediasecctl: CMDLINE: error": the exit code (0 or 1).
 */
int ctl_run(struct ms_msg *req, ctl_reply_fn fn, void *arg);
/* Receive notifications until fn returns non-zero or an error. */
int ctl_listen(ctl_reply_fn fn, void *arg, char *err, size_t errlen);

#endif /* MEDIASEC_CTL_CONN_H */
