/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "config.h"
#include "leg_policy.h"
#include "nl_names.h"
#include "nl_schema.h"
#include "suite.h"

#define B MS_BIT

/* Every suite but the NULL ciphers, which leave media readable. */
#define SUITES_DEFAULT (((1U << __MS_SUITE_MAX) - 1) & ~1U & \
			~(1U << MS_SUITE_NULL_HMAC_SHA1_80) & \
			~(1U << MS_SUITE_NULL_HMAC_SHA1_32))
#define SUITES_ALL (((1U << __MS_SUITE_MAX) - 1) & ~1U)

static const char *const dir_names[] = { "MS_LEG_A_SRTP_IN", "MS_LEG_A_SRTP_OUT" };
static const int dir_attrs[] = { MS_LEG_A_SRTP_IN, MS_LEG_A_SRTP_OUT };

void cp_policy_init(struct ms_policy *p, const struct cp_config *cfg)
{
	bool seen[__MS_SIDE_MAX] = { false };

	memset(p, 0, sizeof(*p));
	p->present = B(MS_POLICY_A_MODE_UNTRUSTED) | B(MS_POLICY_A_MODE_TRUSTED) |
		     B(MS_POLICY_A_SUITES) | B(MS_POLICY_A_EMERGENCY_BYPASS) |
		     B(MS_POLICY_A_REPLAY_WINDOW);
	p->mode_untrusted = MS_MODE_ENFORCE;
	p->mode_trusted = MS_MODE_BEST_EFFORT;
	p->suites = SUITES_DEFAULT;
	p->replay_window = MS_SRTP_REPLAY_DEFAULT;
	for (unsigned int i = 0; cfg && i < cfg->nrealms; i++) {
		const struct cp_realm *r = &cfg->realms[i];

		if (seen[r->side])
			continue;
		seen[r->side] = true;
		if (r->side == MS_SIDE_OUTSIDE)
			p->mode_untrusted = r->mode;
		else
			p->mode_trusted = r->mode;
	}
}

static const char *mode_name(unsigned int mode)
{
	const char *n = ms_nl_name_get(MS_NAME_MODE, mode);

	return n ? n : "?";
}

static int generate(struct ms_srtp_dir *d, const char *dir, char *err, size_t errlen)
{
	const struct ms_suite_info *si = ms_suite_info_get(d->suite);
	struct ms_srtp_key *k = &d->keys[0];

	if (d->present & B(MS_SRTP_A_KEYS))
		return ms_nl_err_set(err, errlen,
				     "%s: MS_SRTP_A_KEYS and MS_SRTP_F_GENERATE_KEY together", dir);
	if (!si)
		return ms_nl_err_set(err, errlen, "%s: MS_SRTP_A_SUITE missing", dir);
	memset(k, 0, sizeof(*k));
	k->present = B(MS_KEY_A_MASTER_KEY) | B(MS_KEY_A_MASTER_SALT);
	k->key_len = si->key_len;
	k->salt_len = si->salt_len;
	if (RAND_priv_bytes(k->key, k->key_len) != 1 ||
	    RAND_priv_bytes(k->salt, k->salt_len) != 1) {
		OPENSSL_cleanse(k, sizeof(*k));
		snprintf(err, errlen, "%s: the random generator failed", dir);
		return -EIO;
	}
	d->nkeys = 1;
	d->tx_key = 0;
	d->present |= B(MS_SRTP_A_KEYS);
	d->flags &= ~MS_SRTP_F_GENERATE_KEY;
	return 0;
}

/* Everything about one direction that needs no change to it. */
static int check_dir(const struct ms_policy *p, const struct ms_leg *leg, int i,
		     char *err, size_t errlen)
{
	const struct ms_srtp_dir *d = i ? &leg->out : &leg->in;
	bool present = leg->present & B(dir_attrs[i]);
	bool keyed = present && ((d->present & B(MS_SRTP_A_KEYS)) ||
				 (d->flags & MS_SRTP_F_GENERATE_KEY));

	if (leg->mode == MS_MODE_DISABLED && present)
		return ms_nl_err_set(err, errlen, "%s: the leg's mode is disabled (plain RTP)",
				     dir_names[i]);
	if (leg->mode == MS_MODE_ENFORCE && !keyed)
		return ms_nl_err_set(err, errlen,
				     "%s: mode enforce needs keys (MS_SRTP_A_KEYS or MS_SRTP_F_GENERATE_KEY)",
				     dir_names[i]);
	if (present && !(p->suites & (1U << d->suite)))
		return ms_nl_err_set(err, errlen, "MS_SRTP_A_SUITE: %s not allowed by policy",
				     ms_suite_name(d->suite) ?: "?");
	return 0;
}

int cp_leg_policy_apply(const struct ms_policy *p, struct ms_leg *leg,
			char *err, size_t errlen)
{
	unsigned int min = leg->side == MS_SIDE_INSIDE ? p->mode_trusted : p->mode_untrusted;
	int ret;

	if (leg->mode < min) {
		snprintf(err, errlen, "MS_LEG_A_MODE: %s is weaker than the %s side's %s",
			 mode_name(leg->mode), ms_nl_name_get(MS_NAME_SIDE, leg->side) ?: "?",
			 mode_name(min));
		return -EPERM;
	}
	if ((leg->flags & MS_LEG_F_EMERGENCY) && !p->emergency_bypass) {
		snprintf(err, errlen, "MS_LEG_A_FLAGS: emergency bypass is off by policy");
		return -EPERM;
	}
	for (int i = 0; i < 2; i++) {
		ret = check_dir(p, leg, i, err, errlen);
		if (ret)
			return ret;
	}
	for (int i = 0; i < 2; i++) {
		struct ms_srtp_dir *d = i ? &leg->out : &leg->in;

		if (!(leg->present & B(dir_attrs[i])))
			continue;
		if (!(d->present & B(MS_SRTP_A_REPLAY_WINDOW))) {
			d->replay_window = p->replay_window;
			d->present |= B(MS_SRTP_A_REPLAY_WINDOW);
		}
		if (d->flags & MS_SRTP_F_GENERATE_KEY) {
			ret = generate(d, dir_names[i], err, errlen);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int cp_policy_set(struct ms_policy *p, const struct ms_policy *req,
		  char *err, size_t errlen)
{
	/* DENY_*: deny_policy.c's, checked and taken by the caller */
	static const __u64 served = B(MS_POLICY_A_MODE_UNTRUSTED) |
		B(MS_POLICY_A_MODE_TRUSTED) | B(MS_POLICY_A_SUITES) |
		B(MS_POLICY_A_EMERGENCY_BYPASS) | B(MS_POLICY_A_REPLAY_WINDOW) |
		B(MS_POLICY_A_DENY_THRESHOLD) | B(MS_POLICY_A_DENY_WINDOW) |
		B(MS_POLICY_A_DENY_TIME) | B(MS_POLICY_A_DENY_TIME_MAX);
	__u64 rest = req->present & ~served;

	if (rest) {
		int type = __builtin_ctzll(rest);

		snprintf(err, errlen, "%s: set in mediasec.conf, not at run time",
			 ms_nl_attr_name(&ms_nl_set_policy, type) ?: "MS_POLICY_A_?");
		return -EOPNOTSUPP;
	}
	if ((req->present & B(MS_POLICY_A_SUITES)) &&
	    (!req->suites || (req->suites & ~SUITES_ALL)))
		return ms_nl_err_set(err, errlen,
				     "MS_POLICY_A_SUITES: 0x%x names no suite or an unknown one",
				     req->suites);
	if ((req->present & B(MS_POLICY_A_EMERGENCY_BYPASS)) && req->emergency_bypass > 1)
		return ms_nl_err_set(err, errlen, "MS_POLICY_A_EMERGENCY_BYPASS: %u is not 0 or 1",
				     req->emergency_bypass);
	if (req->present & B(MS_POLICY_A_MODE_UNTRUSTED))
		p->mode_untrusted = req->mode_untrusted;
	if (req->present & B(MS_POLICY_A_MODE_TRUSTED))
		p->mode_trusted = req->mode_trusted;
	if (req->present & B(MS_POLICY_A_SUITES))
		p->suites = req->suites;
	if (req->present & B(MS_POLICY_A_EMERGENCY_BYPASS))
		p->emergency_bypass = req->emergency_bypass;
	if (req->present & B(MS_POLICY_A_REPLAY_WINDOW))
		p->replay_window = req->replay_window;
	return 0;
}
