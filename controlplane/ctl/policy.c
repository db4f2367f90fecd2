/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * policy: mediasecd's SRTP policy.
 *
 *   policy [ show ]
 *   policy set [ untrusted MODE ] [ trusted MODE ] [ suites SUITE[,SUITE]... ]
 *       [ emergency-bypass on|off ] [ replay-window N ] [ tls-level LEVEL ]
 *       [ cert-check LEVEL ] [ deny-threshold N ] [ deny-window SECONDS ]
 *       [ deny-time SECONDS ] [ deny-time-max SECONDS ]
 *
 * One table names every MS_POLICY_A_* attribute: show prints what the
 * daemon returns with set's words, set sends only the words given. The
 * daemon decides what it takes at run time; its refusal is printed as is.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include "args.h"
#include "conn.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "objects.h"
#include "print.h"

enum field_type {
	F_NAME,		/* __u8, a word of a name table */
	F_BOOL,		/* __u8, on or off */
	F_SUITES,	/* __u32, bit (1 << suite) */
	F_U32,		/* __u32 in min..max */
};

static const struct field {
	const char *word;	/* set's keyword, show's text label */
	const char *key;	/* JSON member */
	int attr;		/* MS_POLICY_A_* */
	enum field_type type;
	size_t off;		/* in struct ms_policy */
	enum ms_name_kind names;	/* F_NAME */
	uint32_t min, max;		/* F_U32 */
} fields[] = {
#define F(w, k, a, t, m, ...) { .word = w, .key = k, .attr = a, .type = t, \
				.off = offsetof(struct ms_policy, m), __VA_ARGS__ }
	F("untrusted", "untrusted", MS_POLICY_A_MODE_UNTRUSTED, F_NAME, mode_untrusted,
	  .names = MS_NAME_MODE),
	F("trusted", "trusted", MS_POLICY_A_MODE_TRUSTED, F_NAME, mode_trusted,
	  .names = MS_NAME_MODE),
	F("suites", "suites", MS_POLICY_A_SUITES, F_SUITES, suites),
	F("emergency-bypass", "emergency_bypass", MS_POLICY_A_EMERGENCY_BYPASS, F_BOOL,
	  emergency_bypass),
	F("replay-window", "replay_window", MS_POLICY_A_REPLAY_WINDOW, F_U32, replay_window,
	  .min = MS_SRTP_REPLAY_MIN, .max = MS_SRTP_REPLAY_MAX),
	F("tls-level", "tls_level", MS_POLICY_A_TLS_LEVEL, F_NAME, tls_level,
	  .names = MS_NAME_TLS),
	F("cert-check", "cert_check", MS_POLICY_A_CERT_CHECK, F_NAME, cert_check,
	  .names = MS_NAME_CERT_CHECK),
	F("deny-threshold", "deny_threshold", MS_POLICY_A_DENY_THRESHOLD, F_U32, deny_threshold,
	  .min = 1, .max = UINT32_MAX),
	F("deny-window", "deny_window", MS_POLICY_A_DENY_WINDOW, F_U32, deny_window,
	  .min = 1, .max = UINT32_MAX),
	F("deny-time", "deny_time", MS_POLICY_A_DENY_TIME, F_U32, deny_time,
	  .min = 1, .max = UINT32_MAX),
	/* 0 = permanent, as in netlink.h */
	F("deny-time-max", "deny_time_max", MS_POLICY_A_DENY_TIME_MAX, F_U32, deny_time_max,
	  .min = 0, .max = UINT32_MAX),
#undef F
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static bool is_u8(const struct field *f)
{
	return f->type == F_NAME || f->type == F_BOOL;
}

static __u32 field_get(const struct ms_policy *p, const struct field *f)
{
	const char *v = (const char *)p + f->off;

	return is_u8(f) ? *(const __u8 *)v : *(const __u32 *)v;
}

static void field_set(struct ms_policy *p, const struct field *f, __u32 value)
{
	char *v = (char *)p + f->off;

	if (is_u8(f))
		*(__u8 *)v = (__u8)value;
	else
		*(__u32 *)v = value;
}

/* "AES_CM_128_HMAC_SHA1_80,AEAD_AES_128_GCM": each suite once. */
static __u32 get_suites(const char *arg)
{
	char buf[512], *save = NULL;
	__u32 mask = 0;

	if (strlen(arg) >= sizeof(buf))
		invarg("suites", arg, "too long");
	strcpy(buf, arg);
	if (!*buf || *buf == ',' || buf[strlen(buf) - 1] == ',' || strstr(buf, ",,"))
		invarg("suites", arg, "expected SUITE[,SUITE]...");
	for (char *s = strtok_r(buf, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		__u32 bit = 1U << get_name(MS_NAME_SUITE, "suite", s);

		if (mask & bit)
			invarg("suites", arg, "a suite given twice");
		mask |= bit;
	}
	return mask;
}

static __u32 get_value(const struct field *f, const char *arg)
{
	switch (f->type) {
	case F_NAME:
		return get_name(f->names, f->word, arg);
	case F_BOOL:
		if (matches(arg, "on") || matches(arg, "off"))
			return matches(arg, "on");
		invarg(f->word, arg, "expected on or off");
	case F_SUITES:
		return get_suites(arg);
	case F_U32:
		break;
	}
	return get_u32_range(f->word, arg, f->min, f->max);
}

static void print_suites(const struct field *f, __u32 mask)
{
	bool first = true;

	print_text(f->word);
	print_open_array(f->key);
	for (unsigned int s = 1; s <= ms_nl_name_max(MS_NAME_SUITE); s++) {
		const char *name = ms_nl_name_get(MS_NAME_SUITE, s);

		if (!(mask & (1U << s)) || !name)
			continue;
		print_string(NULL, first ? " %s" : ",%s", name);
		first = false;
	}
	print_close_array();
	print_text(first ? " none\n" : "\n");
}

/* One "WORD VALUE" line: the words policy set takes. */
static void print_field(const struct field *f, __u32 v)
{
	char fmt[64];
	const char *name;

	switch (f->type) {
	case F_NAME:
		name = ms_nl_name_get(f->names, v);
		snprintf(fmt, sizeof(fmt), "%s %%s\n", f->word);
		print_string(f->key, fmt, name ? name : "?");
		break;
	case F_BOOL:
		print_bool(f->key, NULL, v);
		print_text(f->word);
		print_text(v ? " on\n" : " off\n");
		break;
	case F_SUITES:
		print_suites(f, v);
		break;
	case F_U32:
		snprintf(fmt, sizeof(fmt), "%s %%llu\n", f->word);
		print_uint(f->key, fmt, v);
		break;
	}
}

static int print_policy(const struct ms_msg *m, void *arg)
{
	const struct ms_policy *p = &m->policy;

	(void)arg;
	if (!(m->present & MS_BIT(MS_ATTR_POLICY)))
		return 0;
	print_open_object(NULL);
	for (size_t i = 0; i < NFIELDS; i++)
		if (p->present & MS_BIT(fields[i].attr))
			print_field(&fields[i], field_get(p, &fields[i]));
	print_close_object();
	return 0;
}

static const struct field *field_find(const char *word)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (matches(word, fields[i].word))
			return &fields[i];
	return NULL;
}

static void parse_set(int argc, char **argv, struct ms_policy *p)
{
	for (; argc > 0; argc--, argv++) {
		const struct field *f = field_find(*argv);

		if (!f)
			usage_error("unknown argument \"%s\"", *argv);
		if (p->present & MS_BIT(f->attr))
			duparg(f->word);
		field_set(p, f, get_value(f, next_arg(&argc, &argv, "a value")));
		p->present |= MS_BIT(f->attr);
	}
	if (!p->present)
		usage_error("nothing to set");
}

int do_policy(int argc, char **argv)
{
	struct ms_msg *m;
	int ret;

	m = calloc(1, sizeof(*m));
	if (!m)
		return ctl_fail("out of memory");
	if (argc > 0 && matches(argv[0], "set")) {
		parse_set(argc - 1, argv + 1, &m->policy);
		m->cmd = MS_CMD_POLICY_SET;
		m->nl_flags = NLM_F_ACK;
		m->present = MS_BIT(MS_ATTR_POLICY);
	} else {
		if (argc > 0 && matches(argv[0], "show"))
			argc--, argv++;
		if (argc > 0)
			usage_error("unexpected \"%s\"", argv[0]);
		m->cmd = MS_CMD_POLICY_GET;
	}
	ret = ctl_run(m, print_policy, NULL);
	free(m);
	return ret;
}
