/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Who may do what: the role of a netlink sender, from the credentials the
 * kernel stamped on its message (SCM_CREDENTIALS), never from the message.
 */
#ifndef MEDIASEC_MEDIASECD_AUTH_H
#define MEDIASEC_MEDIASECD_AUTH_H

#include <sys/types.h>

struct cp_config;

/*
 * enum ms_role of uid/gid: root is admin; otherwise the highest role whose
 * users hold uid or whose groups hold gid or one of the user's
 * supplementary groups. MS_ROLE_NONE for everyone else.
 */
int cp_auth_role(const struct cp_config *cfg, uid_t uid, gid_t gid);

#endif /* MEDIASEC_MEDIASECD_AUTH_H */
