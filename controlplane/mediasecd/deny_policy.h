/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The dynamic denylist's policy as it runs: mediasec.conf's (failures
 * threshold and window, filter scan block times) at start, changed by
 * POLICY_SET's MS_POLICY_A_DENY_* (admin) and shown by POLICY_GET. The
 * file's values stay in cp_config: a reload compares against those.
 */
#ifndef MEDIASEC_MEDIASECD_DENY_POLICY_H
#define MEDIASEC_MEDIASECD_DENY_POLICY_H

#include <stddef.h>

struct cp_filter_conf;
struct ms_policy;

void cp_deny_policy_init(const struct cp_filter_conf *from_config);
/* What the dynamic denylist applies now. */
const struct cp_filter_conf *cp_deny_policy(void);
/* Add MS_POLICY_A_DENY_* to out. */
void cp_deny_policy_get(struct ms_policy *out);
/* Whether req's DENY_* are acceptable: 0, or -EINVAL with err naming the attribute. */
int cp_deny_policy_check(const struct ms_policy *req, char *err, size_t errlen);
/* Take req's DENY_* (checked). */
void cp_deny_policy_apply(const struct ms_policy *req);

#endif /* MEDIASEC_MEDIASECD_DENY_POLICY_H */
