/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What mediasecd gives up once it has started. Start-up needs root's
 * powers: attaching the XDP program, pinning its maps, a large netlink
 * receive buffer. Afterwards the daemon only writes maps through fds it
 * holds, talks netlink, writes its own root-owned files and locks key
 * memory, so it keeps CAP_IPC_LOCK alone, in every capability set
 * including the bounding set, sets no_new_privs, and stops being
 * dumpable so no core dump carries a key.
 */
#ifndef MEDIASEC_MEDIASECD_PRIVS_H
#define MEDIASEC_MEDIASECD_PRIVS_H

#include <stddef.h>

/* 0, or -errno with err saying which step the kernel refused. */
int cp_privs_drop(char *err, size_t errlen);

#endif /* MEDIASEC_MEDIASECD_PRIVS_H */
