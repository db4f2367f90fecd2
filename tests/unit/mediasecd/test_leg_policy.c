/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SRTP policy applied to new legs (controlplane/mediasecd/
 * leg_policy.c), table-driven: each leg, the result and the exact error,
 * plus key generation and run-time policy changes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "leg_policy.h"

#define B MS_BIT

static void srtp(struct ms_leg *l, struct ms_srtp_dir *d, int attr, __u8 suite, int mode)
{
	l->present |= B(attr);
	d->present = B(MS_SRTP_A_SUITE);
	d->suite = suite;
	if (mode == 1) {	/* keys given */
		d->present |= B(MS_SRTP_A_KEYS);
		d->nkeys = 1;
		d->keys[0].key_len = 16;
		d->keys[0].salt_len = 14;
	} else if (mode == 2) {	/* keys asked for */
		d->present |= B(MS_SRTP_A_FLAGS);
		d->flags = MS_SRTP_F_GENERATE_KEY;
	}
}

struct leg_case {
	const char *what;
	__u8 side, mode;
	__u32 flags;
	__u8 suite;
	int in, out;		/* -1 absent, 0 no keys, 1 keys, 2 generate */
	int ret;
	const char *err;
};

static const struct leg_case cases[] = {
	{ "outside enforce, keys", MS_SIDE_OUTSIDE, MS_MODE_ENFORCE, 0,
	  MS_SUITE_AES_CM_128_HMAC_SHA1_80, 1, 1, 0, "" },
	{ "outside enforce, generated", MS_SIDE_OUTSIDE, MS_MODE_ENFORCE, 0,
	  MS_SUITE_AEAD_AES_256_GCM, 2, 2, 0, "" },
	{ "outside enforce, no keys out", MS_SIDE_OUTSIDE, MS_MODE_ENFORCE, 0,
	  MS_SUITE_AES_CM_128_HMAC_SHA1_80, 1, 0, -EINVAL,
	  "MS_LEG_A_SRTP_OUT: mode enforce needs keys (MS_SRTP_A_KEYS or MS_SRTP_F_GENERATE_KEY)" },
	{ "outside enforce, no SRTP", MS_SIDE_OUTSIDE, MS_MODE_ENFORCE, 0,
	  0, -1, -1, -EINVAL,
	  "MS_LEG_A_SRTP_IN: mode enforce needs keys (MS_SRTP_A_KEYS or MS_SRTP_F_GENERATE_KEY)" },
	{ "outside best effort", MS_SIDE_OUTSIDE, MS_MODE_BEST_EFFORT, 0,
	  MS_SUITE_AES_CM_128_HMAC_SHA1_80, 1, 1, -EPERM,
	  "MS_LEG_A_MODE: best-effort is weaker than the outside side's enforce" },
	{ "inside disabled", MS_SIDE_INSIDE, MS_MODE_DISABLED, 0, 0, -1, -1, -EPERM,
	  "MS_LEG_A_MODE: disabled is weaker than the inside side's best-effort" },
	{ "inside best effort, DTLS pending", MS_SIDE_INSIDE, MS_MODE_BEST_EFFORT, 0,
	  MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0, 0, "" },
	{ "inside best effort, plain", MS_SIDE_INSIDE, MS_MODE_BEST_EFFORT, 0, 0, -1, -1, 0, "" },
	{ "NULL cipher refused", MS_SIDE_INSIDE, MS_MODE_BEST_EFFORT, 0,
	  MS_SUITE_NULL_HMAC_SHA1_80, 1, 1, -EINVAL,
	  "MS_SRTP_A_SUITE: NULL_HMAC_SHA1_80 not allowed by policy" },
	{ "emergency refused", MS_SIDE_OUTSIDE, MS_MODE_ENFORCE, MS_LEG_F_EMERGENCY,
	  MS_SUITE_AES_CM_128_HMAC_SHA1_80, 1, 1, -EPERM,
	  "MS_LEG_A_FLAGS: emergency bypass is off by policy" },
	{ "keys and generate", MS_SIDE_OUTSIDE, MS_MODE_ENFORCE, 0,
	  MS_SUITE_AES_CM_128_HMAC_SHA1_80, 3, 1, -EINVAL,
	  "MS_LEG_A_SRTP_IN: MS_SRTP_A_KEYS and MS_SRTP_F_GENERATE_KEY together" },
};

static void test_cases(void **state)
{
	struct ms_policy p;

	(void)state;
	cp_policy_init(&p, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct leg_case *c = &cases[i];
		struct ms_leg l;
		char err[256] = "";
		int ret;

		memset(&l, 0, sizeof(l));
		l.side = c->side;
		l.mode = c->mode;
		l.flags = c->flags;
		if (c->in == 3) {
			srtp(&l, &l.in, MS_LEG_A_SRTP_IN, c->suite, 1);
			l.in.flags = MS_SRTP_F_GENERATE_KEY;
		} else if (c->in >= 0) {
			srtp(&l, &l.in, MS_LEG_A_SRTP_IN, c->suite, c->in);
		}
		if (c->out >= 0)
			srtp(&l, &l.out, MS_LEG_A_SRTP_OUT, c->suite, c->out);
		ret = cp_leg_policy_apply(&p, &l, err, sizeof(err));
		print_message("%s: %d %s\n", c->what, ret, err);
		assert_int_equal(ret, c->ret);
		assert_string_equal(err, c->err);
		if (ret == 0 && c->in >= 0)
			assert_int_equal(l.in.replay_window, MS_SRTP_REPLAY_DEFAULT);
	}
}

static void test_generate(void **state)
{
	static const __u8 zero[MS_SRTP_MASTER_KEY_MAX];
	struct ms_policy p;
	struct ms_leg a, b;
	char err[256] = "";

	(void)state;
	cp_policy_init(&p, NULL);
	memset(&a, 0, sizeof(a));
	a.side = MS_SIDE_OUTSIDE;
	a.mode = MS_MODE_ENFORCE;
	srtp(&a, &a.in, MS_LEG_A_SRTP_IN, MS_SUITE_AES_256_CM_HMAC_SHA1_80, 2);
	srtp(&a, &a.out, MS_LEG_A_SRTP_OUT, MS_SUITE_AEAD_AES_128_GCM, 2);
	b = a;
	assert_int_equal(cp_leg_policy_apply(&p, &a, err, sizeof(err)), 0);
	assert_int_equal(cp_leg_policy_apply(&p, &b, err, sizeof(err)), 0);
	assert_int_equal(a.in.nkeys, 1);
	assert_int_equal(a.in.keys[0].key_len, 32);
	assert_int_equal(a.in.keys[0].salt_len, 14);
	assert_int_equal(a.out.keys[0].key_len, 16);
	assert_int_equal(a.out.keys[0].salt_len, 12);
	assert_true(a.in.present & B(MS_SRTP_A_KEYS));
	/* The request flag never reaches a dataplane. */
	assert_int_equal(a.in.flags & MS_SRTP_F_GENERATE_KEY, 0);
	assert_memory_not_equal(a.in.keys[0].key, zero, 32);
	assert_memory_not_equal(a.in.keys[0].key, b.in.keys[0].key, 32);
	assert_memory_not_equal(a.in.keys[0].key, a.out.keys[0].key, 16);
}

static void test_realms_and_set(void **state)
{
	static struct cp_config cfg;
	struct ms_policy p, req;
	char err[256] = "";

	(void)state;
	cfg.nrealms = 3;
	cfg.realms[0] = (struct cp_realm){ .side = MS_SIDE_INSIDE, .mode = MS_MODE_DISABLED };
	cfg.realms[1] = (struct cp_realm){ .side = MS_SIDE_OUTSIDE,
					   .mode = MS_MODE_BEST_EFFORT };
	cfg.realms[2] = (struct cp_realm){ .side = MS_SIDE_INSIDE, .mode = MS_MODE_ENFORCE };
	cp_policy_init(&p, &cfg);
	assert_int_equal(p.mode_trusted, MS_MODE_DISABLED);
	assert_int_equal(p.mode_untrusted, MS_MODE_BEST_EFFORT);

	memset(&req, 0, sizeof(req));
	req.present = B(MS_POLICY_A_SUITES);
	req.suites = 1U << __MS_SUITE_MAX;
	assert_int_equal(cp_policy_set(&p, &req, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "MS_POLICY_A_SUITES: 0x200 names no suite or an unknown one");
	req.present = B(MS_POLICY_A_SUITES) | B(MS_POLICY_A_TLS_LEVEL);
	req.suites = 1U << MS_SUITE_NULL_HMAC_SHA1_80;
	assert_int_equal(cp_policy_set(&p, &req, err, sizeof(err)), -EOPNOTSUPP);
	assert_string_equal(err, "MS_POLICY_A_TLS_LEVEL: set in mediasec.conf, not at run time");
	assert_int_not_equal(p.suites, req.suites);
	req.present = B(MS_POLICY_A_SUITES) | B(MS_POLICY_A_MODE_TRUSTED);
	req.mode_trusted = MS_MODE_ENFORCE;
	assert_int_equal(cp_policy_set(&p, &req, err, sizeof(err)), 0);
	assert_int_equal(p.suites, req.suites);
	assert_int_equal(p.mode_trusted, MS_MODE_ENFORCE);
	assert_int_equal(p.mode_untrusted, MS_MODE_BEST_EFFORT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_generate),
		cmocka_unit_test(test_realms_and_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
