/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one way a source goes on the dynamic denylist, whatever it did (a
 * port scan from the XDP filter, too many SRTP failures from mediasec-dp):
 * never when the allowlist holds it; once (a source already denied is left
 * alone); for the time dyn_deny.h gives its offence under the running
 * policy (deny_policy.h); into the denylist, and so the XDP map and
 * mediasec-dp's rx filter; with an audit record and an addr-denied event.
 */
#ifndef MEDIASEC_MEDIASECD_DYN_BLOCK_H
#define MEDIASEC_MEDIASECD_DYN_BLOCK_H

#include <stdbool.h>

struct ms_addr;

/* Whether src is on the denylist as a host entry already. */
bool cp_dyn_blocked(const struct ms_addr *src);
/*
 * Deny src (text: its address as text) because of cause ("a port scan").
 * 0 when denied; -EPERM when the allowlist holds it, -EEXIST when denied
 * already, or the list's -errno (logged).
 */
int cp_dyn_block(const struct ms_addr *src, const char *text, const char *cause);

#endif /* MEDIASEC_MEDIASECD_DYN_BLOCK_H */
