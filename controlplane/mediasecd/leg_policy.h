/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The system SRTP policy (MS_ATTR_POLICY) and its application to a leg
 * asking to be created: mode per side, allowed suites, replay window,
 * emergency bypass, and the SDES keys mediasecd generates on request.
 */
#ifndef MEDIASEC_MEDIASECD_LEG_POLICY_H
#define MEDIASEC_MEDIASECD_LEG_POLICY_H

#include <stddef.h>

#include "nl_msg.h"

struct cp_config;

/*
 * Secure defaults (REQUIREMENTS.md 1), then the realms of cfg (may be
 * NULL): the first realm of a side gives that side's mode.
 */
void cp_policy_init(struct ms_policy *p, const struct cp_config *cfg);

/*
 * Check leg against p and complete it: each side has a minimum mode (the
 * leg may ask for a stronger one, never a weaker one); SRTP only outside
 * Disabled; suites in the allowed set; Enforce needs keys (given or
 * MS_SRTP_F_GENERATE_KEY) in both directions; replay windows default to
 * the policy's; MS_LEG_F_EMERGENCY only when the policy allows it. Keys
 * asked for are generated here (RAND_priv_bytes) and the request flag is
 * cleared. Returns 0, or -EINVAL / -EPERM / -EIO with err naming the
 * attribute; leg is then unchanged apart from possibly generated keys,
 * which the caller wipes with the leg.
 */
int cp_leg_policy_apply(const struct ms_policy *p, struct ms_leg *leg,
			char *err, size_t errlen);

/*
 * Merge the present attributes of req into p after checking them;
 * 0 or -EINVAL with err naming the attribute. p is unchanged on error.
 * MS_POLICY_A_DENY_* pass untouched: deny_policy.h checks and keeps them.
 */
int cp_policy_set(struct ms_policy *p, const struct ms_policy *req,
		  char *err, size_t errlen);

#endif /* MEDIASEC_MEDIASECD_LEG_POLICY_H */
