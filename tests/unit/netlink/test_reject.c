/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Malformed input is refused with a message that names the attribute:
 * every mandatory attribute removed in turn (from the command table and the
 * attribute sets, so a new rule is tested without a new line here), wrong
 * lengths, out-of-range enums, unknown flag bits, unknown or repeated
 * attributes, rules of requests and dumps.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cmocka.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nl_cmd.h"
#include "nl_msg.h"
#include "nl_schema.h"
#include "samples.h"

#define B MS_BIT

static const struct sample *sample_get(const char *name)
{
	for (size_t i = 0; i < nsamples; i++)
		if (strcmp(samples[i].name, name) == 0)
			return &samples[i];
	fail_msg("no sample %s", name);
	return NULL;
}

/* Build m, parse it back, and expect a refusal mentioning every word. */
static void expect_refused(const char *what, const struct ms_msg *m, int want_ret,
			   const char *word1, const char *word2)
{
	struct ms_msg *got = calloc(1, sizeof(*got));
	char err[256] = "";
	size_t len;
	void *bytes = sample_bytes(m, &len);
	int ret;

	if (!bytes)
		fail_msg("%s: build failed", what);
	ret = ms_nl_msg_parse(bytes, len, got, err, sizeof(err));
	if (ret == 0)
		fail_msg("%s: accepted", what);
	if (want_ret && ret != want_ret)
		fail_msg("%s: returned %d, expected %d (%s)", what, ret, want_ret, err);
	if (!strstr(err, word1) || (word2 && !strstr(err, word2)))
		fail_msg("%s: error \"%s\" does not say \"%s\"%s%s", what, err, word1,
			 word2 ? " and " : "", word2 ? word2 : "");
	free(bytes);
	free(got);
}

/* ---------------------------------------------- mandatory attributes */

struct walk {
	const struct sample *s;
	const struct ms_msg *m;
	unsigned int count;
};

/*
 * Remove one attribute at obj (inside w->m) and expect it to be named. When
 * it was the only one, libnl drops the then empty nest (nla_nest_end()) and
 * the receiver names the nest instead: nest_name.
 */
static void remove_one(struct walk *w, const void *obj, const struct ms_nl_set *set, int type,
		       const char *nest_name, const char *why)
{
	struct ms_msg *copy = malloc(sizeof(*copy));
	size_t off = (const char *)obj - (const char *)w->m;
	__u64 *present = (__u64 *)((char *)copy + off);
	char what[160];

	memcpy(copy, w->m, sizeof(*copy));
	*present &= ~B(type);
	snprintf(what, sizeof(what), "%s without %s (%s)", w->s->name,
		 ms_nl_attr_name(set, type), why);
	expect_refused(what, copy, -EINVAL,
		       *present || !nest_name ? ms_nl_attr_name(set, type) : nest_name, "missing");
	w->count++;
	ms_nl_msg_clear(copy);
	free(copy);
}

/* Every attribute a set (or the field leading to it) makes mandatory. */
static void walk_set(struct walk *w, const struct ms_nl_set *set, const void *obj,
		     __u64 extra, const char *nest_name)
{
	__u64 present = *(const __u64 *)obj;
	__u64 required = (set->required | extra) & present;

	for (int t = 1; t <= set->maxtype; t++)
		if (required & B(t))
			remove_one(w, obj, set, t, nest_name, "set rule");
	for (int t = 1; t <= set->maxtype; t++) {
		const struct ms_nl_field *f = &set->fields[t];
		const char *p = (const char *)obj + f->off;

		if (!(present & B(t)))
			continue;
		if (f->kind == MS_NL_NEST) {
			walk_set(w, f->nest, p, f->nest_required, f->name);
		} else if (f->kind == MS_NL_LIST) {
			__u16 n;

			memcpy(&n, (const char *)obj + f->len_off, sizeof(n));
			for (unsigned int i = 0; i < n; i++)
				walk_set(w, f->nest, p + (size_t)i * f->size, 0,
					 n == 1 ? f->name : NULL);
		}
	}
}

static void test_missing_mandatory(void **state)
{
	unsigned int total = 0;

	(void)state;
	for (size_t i = 0; i < nsamples; i++) {
		const struct sample *s = &samples[i];
		const struct ms_nl_cmd *c = ms_nl_cmd_get(s->cmd);
		struct ms_msg *m = sample_new(s);
		struct walk w = { s, m, 0 };
		bool request = s->nl_flags & NLM_F_REQUEST;
		bool dump = (s->nl_flags & NLM_F_DUMP) == NLM_F_DUMP;

		if (request && !dump) {
			for (int t = 1; t <= MS_ATTR_MAX; t++)
				if (c->required & B(t))
					remove_one(&w, m, &ms_nl_set_top, t, NULL, "command rule");
			if (c->nest && (m->present & B(c->nest))) {
				const struct ms_nl_field *nf = &ms_nl_set_top.fields[c->nest];
				const void *nest = (const char *)m + nf->off;

				bool optional = !(c->required & B(c->nest));

				for (int t = 1; t <= nf->nest->maxtype; t++) {
					/* emptied, an optional nest is just absent */
					if (optional && !(*(const __u64 *)nest & ~B(t)))
						continue;
					if (c->nest_required & B(t))
						remove_one(&w, nest, nf->nest, t, nf->name,
							   "command rule");
				}
			}
		}
		walk_set(&w, &ms_nl_set_top, m, 0, NULL);
		total += w.count;
		ms_nl_msg_clear(m);
		free(m);
	}
	print_message("%u messages, each without one mandatory attribute, refused\n", total);
	assert_true(total > 60);
}

/* ------------------------------------------- values in the structs */

struct mutation {
	const char *sample;
	void (*mutate)(struct ms_msg *m);
	int ret;		/* 0: any error */
	const char *word1, *word2;
};

#define MUT(name, body) static void name(struct ms_msg *m) { body; }
MUT(suite_9, m->leg.in.suite = 9)
MUT(suite_0, m->leg.out.suite = 0)
MUT(mode_4, m->leg.mode = 4)
MUT(side_3, m->leg.side = MS_SIDE_MAX + 1)
MUT(key_15, m->leg.in.keys[0].key_len = 15)
MUT(key_16_for_256, m->leg.in.keys[1].key_len = 16)
MUT(key_32_for_128, m->leg.in.keys[0].key_len = 32)
MUT(salt_14_for_gcm, m->leg.out.keys[0].salt_len = 14)
MUT(salt_11, m->leg.out.keys[0].salt_len = 11)
MUT(mki_0, m->leg.in.keys[1].mki_len = 0)
MUT(mki_len_differs, m->leg.in.keys[1].mki_len = 1)
MUT(mki_repeated, m->leg.in.keys[1].mki[1] = m->leg.in.keys[0].mki[1])
MUT(mki_missing, m->leg.in.keys[1].present &= ~B(MS_KEY_A_MKI))
MUT(tx_key_past_keys, m->leg.out.tx_key = 1)
MUT(tx_key_4, m->leg.out.tx_key = 4)
MUT(replay_big, m->leg.in.replay_window = MS_SRTP_REPLAY_MAX + 1)
MUT(replay_small, m->leg.in.replay_window = 63)
MUT(srtp_flag_bit4, m->leg.in.flags |= 1U << 4)
MUT(leg_flag_bit7, m->leg.flags |= 1U << 7)
MUT(leg_id_0, m->leg.id = 0)
MUT(family_3, m->leg.remote.family = 3)
MUT(family_v6_with_v4, m->leg.local.family = AF_INET6)
MUT(both_addrs, (m->leg.local.present |= B(MS_ADDR_A_IN6)))
MUT(port_0, m->leg.remote.port = 0)
MUT(local_no_port, m->leg.local.present &= ~B(MS_ADDR_A_PORT))
MUT(leg_counters, (m->leg.present |= B(MS_LEG_A_COUNTERS),
		   m->leg.counters.present = B(MS_COUNTERS_A_RX_PACKETS)))
MUT(add_cert, (m->present |= B(MS_ATTR_CERT), m->cert.present = B(MS_CERT_A_DAYS),
	       m->cert.days = 1))
MUT(add_prefix_nest, (m->present |= B(MS_ATTR_PREFIX),
		      m->prefix.present = B(MS_PREFIX_A_ADDR) | B(MS_PREFIX_A_LEN),
		      m->prefix.addr.present = B(MS_ADDR_A_FAMILY) | B(MS_ADDR_A_IN4),
		      m->prefix.addr.family = AF_INET))
MUT(leg_only_id, m->leg.present = B(MS_LEG_A_ID))
MUT(prefix_port, (m->prefix.addr.present |= B(MS_ADDR_A_PORT), m->prefix.addr.port = 5060))
MUT(prefix_33, m->prefix.len = 33)
MUT(prefix_129, m->prefix.len = 129)
MUT(prefix_host_bits, m->prefix.len = 16)
MUT(prefix_flag_bit1, m->prefix.flags |= 1U << 1)
MUT(mask_bit0, m->event_mask |= 1)
MUT(mask_past_max, m->event_mask |= B(MS_EVENT_MAX + 1))
MUT(sev_min_5, m->severity_min = MS_SEV_MAX + 1)
MUT(event_type_0, m->event.type = 0)
MUT(event_type_past_max, m->event.type = MS_EVENT_MAX + 1)
MUT(event_sev_5, m->event.severity = MS_SEV_MAX + 1)
MUT(event_count_0, m->event.count = 0)
MUT(event_reason_past_max, m->event.reason = MS_DROP_MAX + 1)
MUT(policy_suite_bit0, m->policy.suites |= 1)
MUT(policy_suite_past_max, m->policy.suites |= B(MS_SUITE_MAX + 1))
MUT(policy_mode_0, m->policy.mode_trusted = 0)
MUT(policy_tls_3, m->policy.tls_level = MS_TLS_MAX + 1)
MUT(policy_check_7, m->policy.cert_check = MS_CERT_CHECK_MAX + 1)
MUT(policy_bypass_2, m->policy.emergency_bypass = 2)
MUT(policy_empty, m->policy.present = 0)
MUT(days_1096, m->cert.days = MS_CERT_DAYS_MAX + 1)
MUT(key_type_5, m->cert.key_type = MS_CERT_KEY_MAX + 1)
MUT(format_0, m->cert.format = 0)
MUT(purpose_4, m->cert.purpose = MS_CERT_PURPOSE_MAX + 1)
MUT(status_dp_bit3, m->status.datapaths |= 1U << 3)
MUT(status_role_4, m->status.role = MS_ROLE_MAX + 1)
MUT(packet_kind_3, m->packet.kind = MS_PACKET_KIND_MAX + 1)
MUT(packet_empty, m->packet.data_len = 0)
MUT(as_request, m->nl_flags = NLM_F_REQUEST)
MUT(as_dump, m->nl_flags = NLM_F_REQUEST | NLM_F_DUMP)
MUT(not_dump, m->nl_flags = NLM_F_REQUEST)
MUT(cursor, (m->present |= B(MS_ATTR_DUMP_CURSOR), m->dump_cursor = 5))
MUT(error_msg, (m->present |= B(MS_ATTR_ERROR_MSG), strcpy(m->error_msg, "x")))
MUT(get_flags_bit2, m->get_flags |= 1U << 2)
MUT(key_set_no_keys, (m->leg.out.present &= ~(B(MS_SRTP_A_KEYS) | B(MS_SRTP_A_TX_KEY))))
MUT(password_with_der, m->cert.format = MS_CERT_FMT_DER)
MUT(cmd_0, m->cmd = 0)
MUT(cmd_past_max, m->cmd = MS_CMD_MAX + 1)

static const struct mutation mutations[] = {
	{ "leg-new", suite_9, -EINVAL, "MS_SRTP_A_SUITE: 9 out of range", NULL },
	{ "leg-new", suite_0, -EINVAL, "MS_SRTP_A_SUITE: 0 out of range", NULL },
	{ "leg-new", mode_4, -EINVAL, "MS_LEG_A_MODE: 4 out of range", NULL },
	{ "leg-new", side_3, -EINVAL, "MS_LEG_A_SIDE: 3 out of range", NULL },
	{ "leg-new", key_15, -EINVAL, "MS_KEY_A_MASTER_KEY: length 15", NULL },
	{ "leg-new", key_16_for_256, -EINVAL,
	  "MS_KEY_A_MASTER_KEY: length 16, expected 32 for AES_256_CM_HMAC_SHA1_80", NULL },
	{ "key-set", key_32_for_128, -EINVAL,
	  "MS_KEY_A_MASTER_KEY: length 32, expected 16 for AES_CM_128_HMAC_SHA1_80", NULL },
	{ "leg-new", salt_14_for_gcm, -EINVAL,
	  "MS_KEY_A_MASTER_SALT: length 14, expected 12 for AEAD_AES_128_GCM", NULL },
	{ "leg-new", salt_11, -EINVAL, "MS_KEY_A_MASTER_SALT: length 11", NULL },
	{ "leg-new", mki_0, -EINVAL, "MS_KEY_A_MKI: length 0", NULL },
	{ "leg-new", mki_len_differs, -EINVAL, "MS_KEY_A_MKI: length 1 in key 1", NULL },
	{ "leg-new", mki_repeated, -EINVAL, "MS_KEY_A_MKI: key 1 repeats key 0", NULL },
	{ "leg-new", mki_missing, -EINVAL, "MS_KEY_A_MKI: missing in key 1", NULL },
	{ "leg-new", tx_key_past_keys, -EINVAL, "MS_SRTP_A_TX_KEY: 1, but 1 keys", NULL },
	{ "leg-new", tx_key_4, -EINVAL, "MS_SRTP_A_TX_KEY: 4 out of range", NULL },
	{ "leg-new", replay_big, -EINVAL, "MS_SRTP_A_REPLAY_WINDOW: 32769 out of range", NULL },
	{ "leg-new", replay_small, -EINVAL, "MS_SRTP_A_REPLAY_WINDOW: 63 out of range", NULL },
	{ "leg-new", srtp_flag_bit4, -EINVAL, "MS_SRTP_A_FLAGS: unknown bits 0x10", NULL },
	{ "leg-new", leg_flag_bit7, -EINVAL, "MS_LEG_A_FLAGS: unknown bits 0x80", NULL },
	{ "leg-new", leg_id_0, -EINVAL, "MS_LEG_A_ID: 0 out of range", NULL },
	{ "leg-new", family_3, -EINVAL, "MS_ADDR_A_FAMILY: 3", NULL },
	{ "leg-new", family_v6_with_v4, -EINVAL, "MS_ADDR_A_IN6: missing for AF_INET6", NULL },
	{ "leg-new", both_addrs, -EINVAL, "MS_ADDR_A_IN6: not allowed with AF_INET", NULL },
	{ "leg-new", port_0, -EINVAL, "MS_ADDR_A_PORT: 0 out of range", NULL },
	{ "leg-new", local_no_port, -EINVAL, "MS_ADDR_A_PORT: missing in MS_LEG_A_LOCAL", NULL },
	{ "leg-new", leg_counters, -EINVAL, "MS_LEG_A_COUNTERS: not allowed in MS_CMD_LEG_NEW", NULL },
	{ "leg-del", add_cert, -EINVAL, "MS_ATTR_CERT: not allowed in MS_CMD_LEG_DEL", NULL },
	{ "deny-flush", add_prefix_nest, -EINVAL,
	  "MS_ATTR_PREFIX: not allowed in MS_CMD_DENY_FLUSH", NULL },
	{ "leg-set-dtls-pending", leg_only_id, -EINVAL, "MS_ATTR_LEG: nothing to set", NULL },
	{ "key-set", leg_only_id, -EINVAL, "MS_ATTR_LEG: nothing to set in MS_CMD_KEY_SET", NULL },
	{ "deny-add", prefix_port, -EINVAL, "MS_ADDR_A_PORT: not allowed in MS_PREFIX_A_ADDR", NULL },
	{ "deny-add", prefix_33, -EINVAL, "MS_PREFIX_A_LEN: 33 out of range for AF_INET", NULL },
	{ "deny-del", prefix_129, -EINVAL, "MS_PREFIX_A_LEN: 129 out of range for AF_INET6", NULL },
	{ "deny-add", prefix_host_bits, -EINVAL, "MS_PREFIX_A_LEN", "host bits set beyond /16" },
	{ "deny-add", prefix_flag_bit1, -EINVAL, "MS_PREFIX_A_FLAGS: unknown bits 0x2", NULL },
	{ "event-subscribe", mask_bit0, -EINVAL, "MS_ATTR_EVENT_MASK: unknown bits 0x1", NULL },
	{ "event-subscribe", mask_past_max, -EINVAL, "MS_ATTR_EVENT_MASK: unknown bits", NULL },
	{ "event-subscribe", sev_min_5, -EINVAL, "MS_ATTR_SEVERITY_MIN: 5 out of range", NULL },
	{ "event", event_type_0, -EINVAL, "MS_EVENT_A_TYPE: 0 out of range", NULL },
	{ "event", event_type_past_max, -EINVAL, "MS_EVENT_A_TYPE", "out of range" },
	{ "event", event_sev_5, -EINVAL, "MS_EVENT_A_SEVERITY: 5 out of range", NULL },
	{ "event", event_count_0, -EINVAL, "MS_EVENT_A_COUNT: 0 out of range", NULL },
	{ "event", event_reason_past_max, -EINVAL, "MS_EVENT_A_REASON", "out of range" },
	{ "event", as_request, -EINVAL, "MS_CMD_EVENT: a notification, not a request", NULL },
	{ "policy-set", policy_suite_bit0, -EINVAL, "MS_POLICY_A_SUITES: unknown bits 0x1", NULL },
	{ "policy-set", policy_suite_past_max, -EINVAL, "MS_POLICY_A_SUITES: unknown bits", NULL },
	{ "policy-set", policy_mode_0, -EINVAL, "MS_POLICY_A_MODE_TRUSTED: 0 out of range", NULL },
	{ "policy-set", policy_tls_3, -EINVAL, "MS_POLICY_A_TLS_LEVEL: 3 out of range", NULL },
	{ "policy-set", policy_check_7, -EINVAL, "MS_POLICY_A_CERT_CHECK: 7 out of range", NULL },
	{ "policy-set", policy_bypass_2, -EINVAL, "MS_POLICY_A_EMERGENCY_BYPASS: 2", NULL },
	/* libnl drops the empty nest: see r_empty_policy for one on the wire */
	{ "policy-set", policy_empty, -EINVAL, "MS_ATTR_POLICY: missing", NULL },
	{ "cert-generate", days_1096, -EINVAL, "MS_CERT_A_DAYS: 1096 out of range", NULL },
	{ "cert-generate", key_type_5, -EINVAL, "MS_CERT_A_KEY_TYPE: 5 out of range", NULL },
	{ "cert-import", format_0, -EINVAL, "MS_CERT_A_FORMAT: 0 out of range", NULL },
	{ "cert-check", purpose_4, -EINVAL, "MS_CERT_A_PURPOSE: 4 out of range", NULL },
	{ "cert-trust-list", not_dump, -EINVAL, "MS_CMD_CERT_TRUST_LIST: needs NLM_F_DUMP", NULL },
	{ "status-reply", status_dp_bit3, -EINVAL, "MS_STATUS_A_DATAPATHS: unknown bits 0x8", NULL },
	{ "status-reply", status_role_4, -EINVAL, "MS_STATUS_A_ROLE: 4 out of range", NULL },
	{ "punt", packet_kind_3, -EINVAL, "MS_PACKET_A_KIND: 3 out of range", NULL },
	{ "inject", packet_empty, -EINVAL, "MS_PACKET_A_DATA: length 0", NULL },
	{ "leg-new", as_dump, -EOPNOTSUPP, "MS_CMD_LEG_NEW: cannot be dumped", NULL },
	{ "leg-get", cursor, -EINVAL, "MS_ATTR_DUMP_CURSOR: not allowed in MS_CMD_LEG_GET", NULL },
	{ "leg-get", error_msg, -EINVAL, "MS_ATTR_ERROR_MSG: not allowed in MS_CMD_LEG_GET", NULL },
	{ "leg-dump-session", get_flags_bit2, -EINVAL, "MS_ATTR_GET_FLAGS: unknown bits 0x4", NULL },
	{ "key-set", key_set_no_keys, -EINVAL,
	  "MS_SRTP_A_KEYS: missing in MS_LEG_A_SRTP_OUT of MS_CMD_KEY_SET", NULL },
	{ "cert-import", password_with_der, -EINVAL, "MS_CERT_A_PASSWORD: only with", NULL },
	{ "status-get", cmd_0, -EOPNOTSUPP, "genlmsghdr: command 0 out of range", NULL },
	{ "status-get", cmd_past_max, -EOPNOTSUPP, "genlmsghdr: command", "out of range" },
};

static void test_mutations(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *mu = &mutations[i];
		struct ms_msg *m = sample_new(sample_get(mu->sample));
		char what[128];

		mu->mutate(m);
		snprintf(what, sizeof(what), "%s #%zu", mu->sample, i);
		expect_refused(what, m, mu->ret, mu->word1, mu->word2);
		ms_nl_msg_clear(m);
		free(m);
	}
}

/* ------------------------------------------ bytes libnl lets us write */

static struct nl_msg *raw(__u8 cmd, __u16 flags)
{
	struct nl_msg *msg = ms_nl_msg_alloc(MS_NL_USERSOCK_TYPE, cmd, flags, 1);

	assert_non_null(msg);
	return msg;
}

static struct nl_msg *r_leg_id_u64(void)
{
	struct nl_msg *msg = raw(MS_CMD_LEG_DEL, NLM_F_REQUEST);
	struct nlattr *n = nla_nest_start(msg, MS_ATTR_LEG);

	nla_put_u64(msg, MS_LEG_A_ID, 7);
	nla_nest_end(msg, n);
	return msg;
}

/* an SRTP policy whose suite and first key are chosen by the caller */
static struct nl_msg *key_set(int suite_len, int key_type, int nkeys,
			      int in4_len, int drop_reason)
{
	static const __u8 bytes[40] = { [0 ... 39] = 1 };
	struct nl_msg *msg = raw(MS_CMD_KEY_SET, NLM_F_REQUEST);
	struct nlattr *leg = nla_nest_start(msg, MS_ATTR_LEG), *srtp, *keys, *k;

	nla_put_u32(msg, MS_LEG_A_ID, 7);
	if (in4_len) {
		struct nlattr *a = nla_nest_start(msg, MS_LEG_A_REMOTE);

		nla_put_u16(msg, MS_ADDR_A_FAMILY, AF_INET);
		nla_put(msg, MS_ADDR_A_IN4, in4_len, bytes);
		nla_put_u16(msg, MS_ADDR_A_PORT, 4000);
		nla_nest_end(msg, a);
	}
	if (drop_reason) {
		struct nlattr *c = nla_nest_start(msg, MS_LEG_A_COUNTERS), *d;

		d = nla_nest_start(msg, MS_COUNTERS_A_DROPS);
		nla_put_u32(msg, drop_reason, 1);
		nla_nest_end(msg, d);
		nla_nest_end(msg, c);
	}
	srtp = nla_nest_start(msg, MS_LEG_A_SRTP_IN);
	nla_put(msg, MS_SRTP_A_SUITE, suite_len, bytes + 1);
	keys = nla_nest_start(msg, MS_SRTP_A_KEYS);
	for (int i = 0; i < nkeys; i++) {
		__u8 mki = i;

		k = nla_nest_start(msg, i == 0 ? key_type : 0);
		nla_put(msg, MS_KEY_A_MASTER_KEY, 16, bytes);
		nla_put(msg, MS_KEY_A_MASTER_SALT, 14, bytes);
		nla_put(msg, MS_KEY_A_MKI, 1, &mki);
		nla_nest_end(msg, k);
	}
	nla_nest_end(msg, keys);
	nla_nest_end(msg, srtp);
	nla_nest_end(msg, leg);
	return msg;
}

static struct nl_msg *r_suite_u16(void)		{ return key_set(2, 0, 1, 0, 0); }
static struct nl_msg *r_key_member_type(void)	{ return key_set(1, 1, 1, 0, 0); }
static struct nl_msg *r_five_keys(void)		{ return key_set(1, 0, 5, 0, 0); }
static struct nl_msg *r_in4_3(void)		{ return key_set(1, 0, 1, 3, 0); }
static struct nl_msg *r_in6_in_in4(void)	{ return key_set(1, 0, 1, 16, 0); }
static struct nl_msg *r_drop_u32(void)		{ return key_set(1, 0, 1, 0, MS_DROP_SRTP_AUTH); }

static struct nl_msg *r_drop_unknown(void)
{
	struct nl_msg *msg = raw(MS_CMD_STATS_GET, 0);
	struct nlattr *c = nla_nest_start(msg, MS_ATTR_COUNTERS);
	struct nlattr *d = nla_nest_start(msg, MS_COUNTERS_A_DROPS);

	nla_put_u64(msg, MS_DROP_MAX + 1, 1);
	nla_nest_end(msg, d);
	nla_nest_end(msg, c);
	return msg;
}

static struct nl_msg *r_fingerprint_20(void)
{
	static const __u8 sha1[20];
	struct nl_msg *msg = raw(MS_CMD_CERT_TRUST_DEL, NLM_F_REQUEST);
	struct nlattr *c = nla_nest_start(msg, MS_ATTR_CERT);

	nla_put(msg, MS_CERT_A_FINGERPRINT, sizeof(sha1), sha1);
	nla_nest_end(msg, c);
	return msg;
}

static struct nl_msg *label(const char *s, int len)
{
	struct nl_msg *msg = raw(MS_CMD_SESSION_NEW, NLM_F_REQUEST);
	struct nlattr *n = nla_nest_start(msg, MS_ATTR_SESSION);

	nla_put(msg, MS_SESSION_A_LABEL, len, s);
	nla_nest_end(msg, n);
	return msg;
}

static struct nl_msg *r_label_no_nul(void)	{ return label("call-1", 6); }
/* A receiver reading up to the first NUL would see "call-1" only. */
static struct nl_msg *r_label_inner_nul(void)	{ return label("call-1\0evil", 12); }

static struct nl_msg *r_label_65(void)
{
	char s[65];

	memset(s, 'a', sizeof(s));
	s[64] = '\0';
	return label(s, sizeof(s));
}

static struct nl_msg *r_empty_policy(void)
{
	struct nl_msg *msg = raw(MS_CMD_POLICY_SET, NLM_F_REQUEST);

	nla_put(msg, MS_ATTR_POLICY, 0, NULL);
	return msg;
}

static struct nl_msg *r_unknown_top(void)
{
	struct nl_msg *msg = raw(MS_CMD_STATUS_GET, NLM_F_REQUEST);

	nla_put_u32(msg, 99, 1);
	return msg;
}

static struct nl_msg *r_type_0(void)
{
	struct nl_msg *msg = raw(MS_CMD_STATUS_GET, NLM_F_REQUEST);

	nla_put_u32(msg, 0, 1);
	return msg;
}

static struct nl_msg *r_unknown_leg(void)
{
	struct nl_msg *msg = raw(MS_CMD_LEG_DEL, NLM_F_REQUEST);
	struct nlattr *n = nla_nest_start(msg, MS_ATTR_LEG);

	nla_put_u32(msg, MS_LEG_A_ID, 7);
	nla_put_u32(msg, 40, 7);
	nla_nest_end(msg, n);
	return msg;
}

static struct nl_msg *r_duplicate(void)
{
	struct nl_msg *msg = raw(MS_CMD_LEG_DEL, NLM_F_REQUEST);

	for (int i = 0; i < 2; i++) {
		struct nlattr *n = nla_nest_start(msg, MS_ATTR_LEG);

		nla_put_u32(msg, MS_LEG_A_ID, 7 + i);
		nla_nest_end(msg, n);
	}
	return msg;
}

static struct nl_msg *r_duplicate_inner(void)
{
	struct nl_msg *msg = raw(MS_CMD_LEG_DEL, NLM_F_REQUEST);
	struct nlattr *n = nla_nest_start(msg, MS_ATTR_LEG);

	nla_put_u32(msg, MS_LEG_A_ID, 7);
	nla_put_u32(msg, MS_LEG_A_ID, 8);
	nla_nest_end(msg, n);
	return msg;
}

static struct nl_msg *r_san_no_nul(void)
{
	struct nl_msg *msg = raw(MS_CMD_CERT_CSR, NLM_F_REQUEST);
	struct nlattr *c = nla_nest_start(msg, MS_ATTR_CERT), *l;

	nla_put_string(msg, MS_CERT_A_SUBJECT, "CN=x");
	l = nla_nest_start(msg, MS_CERT_A_SANS);
	nla_put(msg, 0, 5, "DNS:x");
	nla_nest_end(msg, l);
	nla_nest_end(msg, c);
	return msg;
}

static struct nl_msg *r_version_2(void)
{
	struct nl_msg *msg = raw(MS_CMD_STATUS_GET, NLM_F_REQUEST);

	((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->version = 2;
	return msg;
}

static struct nl_msg *r_control_type(void)
{
	struct nl_msg *msg = raw(MS_CMD_STATUS_GET, NLM_F_REQUEST);

	nlmsg_hdr(msg)->nlmsg_type = NLMSG_ERROR;
	return msg;
}

static struct nl_msg *r_trailing(void)
{
	struct nl_msg *msg = raw(MS_CMD_STATUS_GET, NLM_F_REQUEST);

	nlmsg_append(msg, "\x01\x02", 2, NLMSG_ALIGNTO);
	return msg;
}

static struct nl_msg *r_nest_trailing(void)
{
	struct nl_msg *msg = raw(MS_CMD_LEG_DEL, NLM_F_REQUEST);
	struct nlattr *n = nla_nest_start(msg, MS_ATTR_LEG);

	nla_put_u32(msg, MS_LEG_A_ID, 7);
	nlmsg_append(msg, "\x09\x00\x01\x00", 4, NLMSG_ALIGNTO);
	nla_nest_end(msg, n);
	return msg;
}

struct raw_case {
	const char *name;
	struct nl_msg *(*build)(void);
	const char *word1, *word2;
};

static const struct raw_case raw_cases[] = {
	{ "u32 as u64", r_leg_id_u64, "MS_LEG_A_ID: length 8, expected 4", NULL },
	{ "u8 as u16", r_suite_u16, "MS_SRTP_A_SUITE: length 2, expected 1", NULL },
	{ "list member type", r_key_member_type, "MS_SRTP_A_KEYS: member type 1, expected 0", NULL },
	{ "five keys", r_five_keys, "MS_SRTP_A_KEYS: more than 4 entries", NULL },
	{ "3-byte IPv4", r_in4_3, "MS_ADDR_A_IN4: length 3, expected 4", NULL },
	{ "16-byte IPv4", r_in6_in_in4, "MS_ADDR_A_IN4: length 16, expected 4", NULL },
	{ "drop counter u32", r_drop_u32, "MS_DROP_SRTP_AUTH: length 4, expected 8", NULL },
	{ "drop reason past max", r_drop_unknown, "MS_COUNTERS_A_DROPS: unknown attribute", NULL },
	{ "SHA-1 fingerprint", r_fingerprint_20, "MS_CERT_A_FINGERPRINT: length 20, expected 32", NULL },
	{ "label without NUL", r_label_no_nul, "MS_SESSION_A_LABEL: not NUL-terminated", NULL },
	{ "label with a NUL inside", r_label_inner_nul, "MS_SESSION_A_LABEL: NUL inside the string", NULL },
	{ "label of 65", r_label_65, "MS_SESSION_A_LABEL: length 65, expected 1..64", NULL },
	{ "empty policy nest", r_empty_policy, "MS_ATTR_POLICY: nothing to set", NULL },
	{ "unknown top", r_unknown_top, "MS_ATTR: unknown attribute 99", NULL },
	{ "type 0", r_type_0, "MS_ATTR: unknown attribute 0", NULL },
	{ "unknown in leg", r_unknown_leg, "MS_LEG_A: unknown attribute 40 in MS_ATTR_LEG", NULL },
	{ "duplicate nest", r_duplicate, "MS_ATTR_LEG: duplicate", NULL },
	{ "duplicate inner", r_duplicate_inner, "MS_LEG_A_ID: duplicate in MS_ATTR_LEG", NULL },
	{ "SAN without NUL", r_san_no_nul, "MS_CERT_A_SANS: entry 0", NULL },
	{ "version 2", r_version_2, "genlmsghdr: version 2, expected 1", NULL },
	{ "control type", r_control_type, "nlmsghdr: type 2", NULL },
	{ "trailing bytes", r_trailing, "MS_CMD_STATUS_GET: 4 bytes left over", NULL },
	{ "nest trailing bytes", r_nest_trailing, "MS_ATTR_LEG", "left over" },
};

static void test_raw(void **state)
{
	struct ms_msg *got = calloc(1, sizeof(*got));

	(void)state;
	for (size_t i = 0; i < sizeof(raw_cases) / sizeof(raw_cases[0]); i++) {
		const struct raw_case *rc = &raw_cases[i];
		struct nl_msg *msg = rc->build();
		char err[256] = "";

		if (ms_nl_msg_parse(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, got, err,
				    sizeof(err)) == 0)
			fail_msg("%s: accepted", rc->name);
		if (!strstr(err, rc->word1) || (rc->word2 && !strstr(err, rc->word2)))
			fail_msg("%s: error \"%s\" does not say \"%s\"", rc->name, err, rc->word1);
		nlmsg_free(msg);
	}
	free(got);
}

/* A refused message leaves nothing behind, key bytes included. */
static void test_refusal_wipes(void **state)
{
	struct ms_msg *m = sample_new(sample_get("key-set"));
	struct ms_msg *got = malloc(sizeof(*got));
	static const struct ms_msg zero;
	size_t len;
	void *bytes;
	char err[128];

	(void)state;
	m->leg.out.keys[3].mki_len = 1;	/* the last key is the bad one */
	bytes = sample_bytes(m, &len);
	assert_non_null(bytes);
	memset(got, 0x5a, sizeof(*got));
	assert_int_equal(ms_nl_msg_parse(bytes, len, got, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "MS_KEY_A_MKI"));
	assert_memory_equal(got, &zero, sizeof(zero));
	free(bytes);
	free(got);
	ms_nl_msg_clear(m);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_mandatory),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_refusal_wipes),
	};

	return cmocka_run_group_tests_name("netlink-reject", tests, NULL, NULL);
}
