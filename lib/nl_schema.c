/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Where each attribute of netlink.h lives in the structs of nl_msg.h, its
 * name for error messages, its value range, and the checks that involve
 * more than one attribute. Lengths are in nl_policy.c, not here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nl_msg.h"
#include "nl_names.h"
#include "nl_policy.h"
#include "nl_schema.h"
#include "suite.h"

/*
 * The size check is an array type with a negative length when the struct
 * member does not have the width the kind implies, so a mismatch between
 * nl_msg.h and this table is a compile error, not a silent overwrite.
 */
#define SIZE_OK(st, m, n) (0 * sizeof(char[sizeof(((st *)0)->m) == (n) ? 1 : -1]))
#define OFF(st, m) ((__u16)offsetof(st, m))

#define INT(kd, n, attr, st, m, lo, hi) \
	[attr] = { .name = #attr, .kind = (kd), .min = (lo), .max = (hi), \
		   .off = OFF(st, m) + SIZE_OK(st, m, n) }
#define U8(a, st, m, lo, hi)	INT(MS_NL_U8, 1, a, st, m, lo, hi)
#define U16(a, st, m, lo, hi)	INT(MS_NL_U16, 2, a, st, m, lo, hi)
#define U32(a, st, m, lo, hi)	INT(MS_NL_U32, 4, a, st, m, lo, hi)
#define U64(a, st, m)		INT(MS_NL_U64, 8, a, st, m, 0, 0)
#define FLAGS(a, st, m, mask)	INT(MS_NL_FLAGS, 4, a, st, m, 0, mask)
#define STR(a, st, m) \
	[a] = { .name = #a, .kind = MS_NL_STR, .off = OFF(st, m), \
		.size = sizeof(((st *)0)->m) }
/* Exact-size bytes: the policy guarantees the length. */
#define BYTES(a, st, m) \
	[a] = { .name = #a, .kind = MS_NL_BIN, .off = OFF(st, m), \
		.size = sizeof(((st *)0)->m) }
#define BIN(a, st, m, l) \
	[a] = { .name = #a, .kind = MS_NL_BIN, .off = OFF(st, m), \
		.size = sizeof(((st *)0)->m), .len_off = OFF(st, l) + SIZE_OK(st, l, 2) }
#define REF(a, st, m, l) \
	[a] = { .name = #a, .kind = MS_NL_REF, .off = OFF(st, m) + SIZE_OK(st, m, sizeof(void *)), \
		.len_off = OFF(st, l) + SIZE_OK(st, l, 4) }
#define NEST(a, st, m, set, ...) \
	[a] = { .name = #a, .kind = MS_NL_NEST, .off = OFF(st, m), .nest = &(set), __VA_ARGS__ }
#define LIST(a, st, m, n, set) \
	[a] = { .name = #a, .kind = MS_NL_LIST, .off = OFF(st, m), \
		.size = sizeof(((st *)0)->m[0]), .len_off = OFF(st, n) + SIZE_OK(st, n, 2), \
		.max_elems = sizeof(((st *)0)->m) / sizeof(((st *)0)->m[0]), .nest = &(set) }
#define STRLIST(a, st, m, n) \
	[a] = { .name = #a, .kind = MS_NL_STRLIST, .off = OFF(st, m), \
		.size = sizeof(((st *)0)->m[0]), .len_off = OFF(st, n) + SIZE_OK(st, n, 2), \
		.max_elems = sizeof(((st *)0)->m) / sizeof(((st *)0)->m[0]) }

#define SET(var, nm, max, pol, fld, req, chk) \
	const struct ms_nl_set var = { .name = nm, .maxtype = (max), .policy = (pol), \
				       .fields = (fld), .required = (req), .check = (chk) }

/* The walkers find the present mask of every struct at offset 0. */
#define PRESENT_FIRST(st) _Static_assert(offsetof(st, present) == 0, #st)
PRESENT_FIRST(struct ms_msg);
PRESENT_FIRST(struct ms_session);
PRESENT_FIRST(struct ms_leg);
PRESENT_FIRST(struct ms_addr);
PRESENT_FIRST(struct ms_srtp_dir);
PRESENT_FIRST(struct ms_srtp_key);
PRESENT_FIRST(struct ms_prefix);
PRESENT_FIRST(struct ms_counters);
PRESENT_FIRST(struct ms_drops);
PRESENT_FIRST(struct ms_accepts);
PRESENT_FIRST(struct ms_filter_stats);
PRESENT_FIRST(struct ms_event);
PRESENT_FIRST(struct ms_policy);
PRESENT_FIRST(struct ms_cert);
PRESENT_FIRST(struct ms_status);
PRESENT_FIRST(struct ms_packet);

#define ID_MAX		0xffffffffU
/* bits 1..max of a u32 mask: one per enum value, 0 (UNSPEC) excluded */
#define ENUM_MASK(max)	((__u32)((2ULL << (max)) - 2))

int ms_nl_err_set(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

const char *ms_nl_attr_name(const struct ms_nl_set *set, int type)
{
	if (type <= 0 || type > set->maxtype)
		return NULL;
	return set->fields[type].name;
}

/* -------------------------------------------------------------- checks */

static int addr_check(const void *obj, char *err, size_t errlen)
{
	const struct ms_addr *a = obj;
	bool v4 = a->present & MS_BIT(MS_ADDR_A_IN4);
	bool v6 = a->present & MS_BIT(MS_ADDR_A_IN6);

	switch (a->family) {
	case AF_INET:
		if (!v4)
			return ms_nl_err_set(err, errlen, "MS_ADDR_A_IN4: missing for AF_INET");
		if (v6)
			return ms_nl_err_set(err, errlen, "MS_ADDR_A_IN6: not allowed with AF_INET");
		return 0;
	case AF_INET6:
		if (!v6)
			return ms_nl_err_set(err, errlen, "MS_ADDR_A_IN6: missing for AF_INET6");
		if (v4)
			return ms_nl_err_set(err, errlen, "MS_ADDR_A_IN4: not allowed with AF_INET6");
		return 0;
	default:
		return ms_nl_err_set(err, errlen,
				     "MS_ADDR_A_FAMILY: %u is not AF_INET or AF_INET6", a->family);
	}
}

static int srtp_check(const void *obj, char *err, size_t errlen)
{
	const struct ms_srtp_dir *d = obj;
	const struct ms_suite_info *si = ms_suite_info_get(d->suite);

	for (unsigned int i = 0; i < d->nkeys; i++) {
		const struct ms_srtp_key *k = &d->keys[i];

		if (k->key_len != si->key_len)
			return ms_nl_err_set(err, errlen,
					     "MS_KEY_A_MASTER_KEY: length %u, expected %u for %s",
					     k->key_len, si->key_len,
					     ms_nl_name_get(MS_NAME_SUITE, d->suite));
		if (k->salt_len != si->salt_len)
			return ms_nl_err_set(err, errlen,
					     "MS_KEY_A_MASTER_SALT: length %u, expected %u for %s",
					     k->salt_len, si->salt_len,
					     ms_nl_name_get(MS_NAME_SUITE, d->suite));
		/* Several keys are only told apart by MKI, of one length. */
		if (d->nkeys > 1 && !(k->present & MS_BIT(MS_KEY_A_MKI)))
			return ms_nl_err_set(err, errlen,
					     "MS_KEY_A_MKI: missing in key %u of %u", i, d->nkeys);
		if (i > 0 && k->mki_len != d->keys[0].mki_len)
			return ms_nl_err_set(err, errlen,
					     "MS_KEY_A_MKI: length %u in key %u, key 0 has %u",
					     k->mki_len, i, d->keys[0].mki_len);
		for (unsigned int j = 0; j < i; j++)
			if (k->mki_len && !memcmp(k->mki, d->keys[j].mki, k->mki_len))
				return ms_nl_err_set(err, errlen,
						     "MS_KEY_A_MKI: key %u repeats key %u", i, j);
	}
	if ((d->present & MS_BIT(MS_SRTP_A_TX_KEY)) && d->tx_key >= d->nkeys)
		return ms_nl_err_set(err, errlen, "MS_SRTP_A_TX_KEY: %u, but %u keys",
				     d->tx_key, d->nkeys);
	return 0;
}

static int prefix_check(const void *obj, char *err, size_t errlen)
{
	const struct ms_prefix *p = obj;
	const __u8 *a = p->addr.family == AF_INET ? p->addr.in4 : p->addr.in6;
	unsigned int bits = p->addr.family == AF_INET ? 32 : 128;

	if (p->len > bits)
		return ms_nl_err_set(err, errlen, "MS_PREFIX_A_LEN: %u out of range for %s",
				     p->len, bits == 32 ? "AF_INET" : "AF_INET6");
	/* As iproute2: 10.0.0.1/8 is a typo more often than a wish. */
	for (unsigned int b = p->len; b < bits; b++)
		if (a[b / 8] & (0x80 >> (b % 8)))
			return ms_nl_err_set(err, errlen,
					     "MS_PREFIX_A_LEN: address has host bits set beyond /%u",
					     p->len);
	return 0;
}

/* ---------------------------------------------------------------- sets */

static const struct ms_nl_field addr_fields[MS_ADDR_A_MAX + 1] = {
	U16(MS_ADDR_A_FAMILY, struct ms_addr, family, 0, 0),
	BYTES(MS_ADDR_A_IN4, struct ms_addr, in4),
	BYTES(MS_ADDR_A_IN6, struct ms_addr, in6),
	U16(MS_ADDR_A_PORT, struct ms_addr, port, 1, 65535),
	U16(MS_ADDR_A_RTCP_PORT, struct ms_addr, rtcp_port, 1, 65535),
};
SET(ms_nl_set_addr, "MS_ADDR_A", MS_ADDR_A_MAX, ms_nl_policy_addr, addr_fields,
    MS_BIT(MS_ADDR_A_FAMILY), addr_check);

#define PORTS (MS_BIT(MS_ADDR_A_PORT) | MS_BIT(MS_ADDR_A_RTCP_PORT))

static const struct ms_nl_field key_fields[MS_KEY_A_MAX + 1] = {
	BIN(MS_KEY_A_MASTER_KEY, struct ms_srtp_key, key, key_len),
	BIN(MS_KEY_A_MASTER_SALT, struct ms_srtp_key, salt, salt_len),
	BIN(MS_KEY_A_MKI, struct ms_srtp_key, mki, mki_len),
};
SET(ms_nl_set_key, "MS_KEY_A", MS_KEY_A_MAX, ms_nl_policy_key, key_fields,
    MS_BIT(MS_KEY_A_MASTER_KEY) | MS_BIT(MS_KEY_A_MASTER_SALT), NULL);

static const struct ms_nl_field srtp_fields[MS_SRTP_A_MAX + 1] = {
	U8(MS_SRTP_A_SUITE, struct ms_srtp_dir, suite, 1, MS_SUITE_MAX),
	LIST(MS_SRTP_A_KEYS, struct ms_srtp_dir, keys, nkeys, ms_nl_set_key),
	U8(MS_SRTP_A_TX_KEY, struct ms_srtp_dir, tx_key, 0, MS_SRTP_KEYS_MAX - 1),
	U32(MS_SRTP_A_REPLAY_WINDOW, struct ms_srtp_dir, replay_window,
	    MS_SRTP_REPLAY_MIN, MS_SRTP_REPLAY_MAX),
	FLAGS(MS_SRTP_A_FLAGS, struct ms_srtp_dir, flags, MS_SRTP_F_REQUEST_ALL),
};
SET(ms_nl_set_srtp, "MS_SRTP_A", MS_SRTP_A_MAX, ms_nl_policy_srtp, srtp_fields,
    MS_BIT(MS_SRTP_A_SUITE), srtp_check);

#define DROP(r) U64(r, struct ms_drops, count[r])
static const struct ms_nl_field drop_fields[MS_DROP_MAX + 1] = {
	DROP(MS_DROP_MALFORMED), DROP(MS_DROP_IP_CHECKSUM), DROP(MS_DROP_FRAGMENT),
	DROP(MS_DROP_IP_OPTIONS), DROP(MS_DROP_FILTERED), DROP(MS_DROP_DENYLISTED),
	DROP(MS_DROP_RATE_LIMITED), DROP(MS_DROP_NO_LEG), DROP(MS_DROP_BAD_SOURCE),
	DROP(MS_DROP_PLAIN_ON_ENFORCE), DROP(MS_DROP_SRTP_AUTH),
	DROP(MS_DROP_SRTP_REPLAY_DUP), DROP(MS_DROP_SRTP_REPLAY_OLD),
	DROP(MS_DROP_SRTP_BAD_HEADER), DROP(MS_DROP_SRTP_TOO_SHORT),
	DROP(MS_DROP_SRTP_NO_ROOM), DROP(MS_DROP_SRTP_KEY_EXHAUSTED),
	DROP(MS_DROP_SRTP_UNKNOWN_MKI), DROP(MS_DROP_SRTP_NO_STREAM),
	DROP(MS_DROP_TX_FULL), DROP(MS_DROP_PUNT_FULL), DROP(MS_DROP_PROTOCOL),
	DROP(MS_DROP_NO_PEER), DROP(MS_DROP_NO_NEIGH), DROP(MS_DROP_KEYS_PENDING),
};
/* A reason appended to enums.h must get a line above. */
_Static_assert(MS_DROP_MAX == MS_DROP_KEYS_PENDING, "drop_fields lacks a reason");
SET(ms_nl_set_drops, "MS_COUNTERS_A_DROPS", MS_DROP_MAX, ms_nl_policy_drops,
    drop_fields, 0, NULL);

static const struct ms_nl_field counters_fields[MS_COUNTERS_A_MAX + 1] = {
	U64(MS_COUNTERS_A_RX_PACKETS, struct ms_counters, rx_packets),
	U64(MS_COUNTERS_A_RX_BYTES, struct ms_counters, rx_bytes),
	U64(MS_COUNTERS_A_TX_PACKETS, struct ms_counters, tx_packets),
	U64(MS_COUNTERS_A_TX_BYTES, struct ms_counters, tx_bytes),
	NEST(MS_COUNTERS_A_DROPS, struct ms_counters, drops, ms_nl_set_drops),
};
SET(ms_nl_set_counters, "MS_COUNTERS_A", MS_COUNTERS_A_MAX, ms_nl_policy_counters,
    counters_fields, 0, NULL);

#define ACCEPT(a) U64(a, struct ms_accepts, count[a])
static const struct ms_nl_field accept_fields[MS_PF_ACCEPT_MAX + 1] = {
	ACCEPT(MS_PF_ACCEPT_ALLOWLIST), ACCEPT(MS_PF_ACCEPT_L2), ACCEPT(MS_PF_ACCEPT_ICMP),
	ACCEPT(MS_PF_ACCEPT_ND), ACCEPT(MS_PF_ACCEPT_SIGNALLING), ACCEPT(MS_PF_ACCEPT_MGMT),
	ACCEPT(MS_PF_ACCEPT_MEDIA), ACCEPT(MS_PF_ACCEPT_PINHOLE), ACCEPT(MS_PF_ACCEPT_FRAGMENT),
	ACCEPT(MS_PF_ACCEPT_NO_XSK),
};
_Static_assert(MS_PF_ACCEPT_MAX == MS_PF_ACCEPT_NO_XSK, "accept_fields lacks a reason");
SET(ms_nl_set_accepts, "MS_FILTER_A_ACCEPTS", MS_PF_ACCEPT_MAX, ms_nl_policy_accepts,
    accept_fields, 0, NULL);

static const struct ms_nl_field filter_fields[MS_FILTER_A_MAX + 1] = {
	U64(MS_FILTER_A_DROPPED, struct ms_filter_stats, dropped),
	U64(MS_FILTER_A_PASSED, struct ms_filter_stats, passed),
	U64(MS_FILTER_A_REDIRECTED, struct ms_filter_stats, redirected),
	NEST(MS_FILTER_A_DROPS, struct ms_filter_stats, drops, ms_nl_set_drops),
	NEST(MS_FILTER_A_ACCEPTS, struct ms_filter_stats, accepts, ms_nl_set_accepts),
	U64(MS_FILTER_A_EVENTS, struct ms_filter_stats, events),
	U64(MS_FILTER_A_EVENTS_LOST, struct ms_filter_stats, events_lost),
	U64(MS_FILTER_A_SCANS, struct ms_filter_stats, scans),
	U64(MS_FILTER_A_DYNAMIC_DENIES, struct ms_filter_stats, dynamic_denies),
	U64(MS_FILTER_A_DENY_HITS, struct ms_filter_stats, deny_hits),
};
SET(ms_nl_set_filter, "MS_FILTER_A", MS_FILTER_A_MAX, ms_nl_policy_filter, filter_fields,
    0, NULL);

static const struct ms_nl_field leg_fields[MS_LEG_A_MAX + 1] = {
	U32(MS_LEG_A_ID, struct ms_leg, id, 1, ID_MAX),
	U32(MS_LEG_A_SESSION_ID, struct ms_leg, session_id, 1, ID_MAX),
	U32(MS_LEG_A_PEER_ID, struct ms_leg, peer_id, 1, ID_MAX),
	U8(MS_LEG_A_SIDE, struct ms_leg, side, 1, MS_SIDE_MAX),
	U8(MS_LEG_A_MODE, struct ms_leg, mode, 1, MS_MODE_MAX),
	FLAGS(MS_LEG_A_FLAGS, struct ms_leg, flags, MS_LEG_F_ALL),
	NEST(MS_LEG_A_LOCAL, struct ms_leg, local, ms_nl_set_addr,
	     .nest_required = MS_BIT(MS_ADDR_A_PORT)),
	NEST(MS_LEG_A_REMOTE, struct ms_leg, remote, ms_nl_set_addr,
	     .nest_required = MS_BIT(MS_ADDR_A_PORT)),
	NEST(MS_LEG_A_SRTP_IN, struct ms_leg, in, ms_nl_set_srtp),
	NEST(MS_LEG_A_SRTP_OUT, struct ms_leg, out, ms_nl_set_srtp),
	NEST(MS_LEG_A_COUNTERS, struct ms_leg, counters, ms_nl_set_counters),
};
SET(ms_nl_set_leg, "MS_LEG_A", MS_LEG_A_MAX, ms_nl_policy_leg, leg_fields, 0, NULL);

static const struct ms_nl_field session_fields[MS_SESSION_A_MAX + 1] = {
	U32(MS_SESSION_A_ID, struct ms_session, id, 1, ID_MAX),
	STR(MS_SESSION_A_LABEL, struct ms_session, label),
	LIST(MS_SESSION_A_LEGS, struct ms_session, legs, nlegs, ms_nl_set_leg),
};
SET(ms_nl_set_session, "MS_SESSION_A", MS_SESSION_A_MAX, ms_nl_policy_session,
    session_fields, 0, NULL);

static const struct ms_nl_field prefix_fields[MS_PREFIX_A_MAX + 1] = {
	NEST(MS_PREFIX_A_ADDR, struct ms_prefix, addr, ms_nl_set_addr,
	     .nest_forbidden = PORTS),
	U8(MS_PREFIX_A_LEN, struct ms_prefix, len, 0, 0),
	U32(MS_PREFIX_A_EXPIRES, struct ms_prefix, expires, 0, 0),
	FLAGS(MS_PREFIX_A_FLAGS, struct ms_prefix, flags, MS_PREFIX_F_ALL),
	U64(MS_PREFIX_A_HITS, struct ms_prefix, hits),
};
SET(ms_nl_set_prefix, "MS_PREFIX_A", MS_PREFIX_A_MAX, ms_nl_policy_prefix, prefix_fields,
    MS_BIT(MS_PREFIX_A_ADDR) | MS_BIT(MS_PREFIX_A_LEN), prefix_check);

static const struct ms_nl_field event_fields[MS_EVENT_A_MAX + 1] = {
	U8(MS_EVENT_A_TYPE, struct ms_event, type, 1, MS_EVENT_MAX),
	U8(MS_EVENT_A_SEVERITY, struct ms_event, severity, 0, MS_SEV_MAX),
	U64(MS_EVENT_A_TIME, struct ms_event, time_ns),
	U64(MS_EVENT_A_SEQ, struct ms_event, seq),
	NEST(MS_EVENT_A_SOURCE, struct ms_event, source, ms_nl_set_addr),
	U32(MS_EVENT_A_LEG_ID, struct ms_event, leg_id, 1, ID_MAX),
	STR(MS_EVENT_A_TEXT, struct ms_event, text),
	U32(MS_EVENT_A_COUNT, struct ms_event, count, 1, UINT32_MAX),
	U8(MS_EVENT_A_REASON, struct ms_event, reason, 1, MS_DROP_MAX),
};
SET(ms_nl_set_event, "MS_EVENT_A", MS_EVENT_A_MAX, ms_nl_policy_event, event_fields,
    MS_BIT(MS_EVENT_A_TYPE) | MS_BIT(MS_EVENT_A_SEVERITY) | MS_BIT(MS_EVENT_A_TIME), NULL);

static const struct ms_nl_field policy_fields[MS_POLICY_A_MAX + 1] = {
	U8(MS_POLICY_A_MODE_UNTRUSTED, struct ms_policy, mode_untrusted, 1, MS_MODE_MAX),
	U8(MS_POLICY_A_MODE_TRUSTED, struct ms_policy, mode_trusted, 1, MS_MODE_MAX),
	FLAGS(MS_POLICY_A_SUITES, struct ms_policy, suites, ENUM_MASK(MS_SUITE_MAX)),
	U8(MS_POLICY_A_EMERGENCY_BYPASS, struct ms_policy, emergency_bypass, 0, 1),
	U8(MS_POLICY_A_TLS_LEVEL, struct ms_policy, tls_level, 1, MS_TLS_MAX),
	U8(MS_POLICY_A_CERT_CHECK, struct ms_policy, cert_check, 1, MS_CERT_CHECK_MAX),
	U32(MS_POLICY_A_REPLAY_WINDOW, struct ms_policy, replay_window,
	    MS_SRTP_REPLAY_MIN, MS_SRTP_REPLAY_MAX),
	U32(MS_POLICY_A_DENY_THRESHOLD, struct ms_policy, deny_threshold, 1, ID_MAX),
	U32(MS_POLICY_A_DENY_WINDOW, struct ms_policy, deny_window, 1, ID_MAX),
	U32(MS_POLICY_A_DENY_TIME, struct ms_policy, deny_time, 1, ID_MAX),
	U32(MS_POLICY_A_DENY_TIME_MAX, struct ms_policy, deny_time_max, 0, 0),
};
SET(ms_nl_set_policy, "MS_POLICY_A", MS_POLICY_A_MAX, ms_nl_policy_policy, policy_fields,
    0, NULL);

static const struct ms_nl_field cert_fields[MS_CERT_A_MAX + 1] = {
	STR(MS_CERT_A_SUBJECT, struct ms_cert, subject),
	STRLIST(MS_CERT_A_SANS, struct ms_cert, sans, nsans),
	U8(MS_CERT_A_KEY_TYPE, struct ms_cert, key_type, 1, MS_CERT_KEY_MAX),
	U32(MS_CERT_A_DAYS, struct ms_cert, days, 1, MS_CERT_DAYS_MAX),
	U8(MS_CERT_A_FORMAT, struct ms_cert, format, 1, MS_CERT_FMT_MAX),
	REF(MS_CERT_A_DATA, struct ms_cert, data, data_len),
	STR(MS_CERT_A_PASSWORD, struct ms_cert, password),
	BYTES(MS_CERT_A_FINGERPRINT, struct ms_cert, fingerprint),
	U8(MS_CERT_A_PURPOSE, struct ms_cert, purpose, 1, MS_CERT_PURPOSE_MAX),
	STR(MS_CERT_A_HOST, struct ms_cert, host),
	U64(MS_CERT_A_NOT_BEFORE, struct ms_cert, not_before),
	U64(MS_CERT_A_NOT_AFTER, struct ms_cert, not_after),
};
SET(ms_nl_set_cert, "MS_CERT_A", MS_CERT_A_MAX, ms_nl_policy_cert, cert_fields, 0, NULL);

static const struct ms_nl_field status_fields[MS_STATUS_A_MAX + 1] = {
	STR(MS_STATUS_A_VERSION, struct ms_status, version),
	U64(MS_STATUS_A_UPTIME, struct ms_status, uptime),
	U32(MS_STATUS_A_SESSIONS, struct ms_status, sessions, 0, 0),
	U32(MS_STATUS_A_LEGS, struct ms_status, legs, 0, 0),
	U32(MS_STATUS_A_DENY_ENTRIES, struct ms_status, deny_entries, 0, 0),
	FLAGS(MS_STATUS_A_DATAPATHS, struct ms_status, datapaths, MS_STATUS_DP_ALL),
	U8(MS_STATUS_A_ROLE, struct ms_status, role, 0, MS_ROLE_MAX),
	U64(MS_STATUS_A_CERT_NOT_AFTER, struct ms_status, cert_not_after),
};
SET(ms_nl_set_status, "MS_STATUS_A", MS_STATUS_A_MAX, ms_nl_policy_status, status_fields,
    0, NULL);

static const struct ms_nl_field packet_fields[MS_PACKET_A_MAX + 1] = {
	U32(MS_PACKET_A_LEG_ID, struct ms_packet, leg_id, 1, ID_MAX),
	U8(MS_PACKET_A_KIND, struct ms_packet, kind, 1, MS_PACKET_KIND_MAX),
	NEST(MS_PACKET_A_REMOTE, struct ms_packet, remote, ms_nl_set_addr,
	     .nest_required = MS_BIT(MS_ADDR_A_PORT)),
	REF(MS_PACKET_A_DATA, struct ms_packet, data, data_len),
};
SET(ms_nl_set_packet, "MS_PACKET_A", MS_PACKET_A_MAX, ms_nl_policy_packet, packet_fields,
    MS_BIT(MS_PACKET_A_LEG_ID) | MS_BIT(MS_PACKET_A_KIND) | MS_BIT(MS_PACKET_A_REMOTE) |
    MS_BIT(MS_PACKET_A_DATA), NULL);

static const struct ms_nl_field top_fields[MS_ATTR_MAX + 1] = {
	STR(MS_ATTR_ERROR_MSG, struct ms_msg, error_msg),
	NEST(MS_ATTR_SESSION, struct ms_msg, session, ms_nl_set_session),
	NEST(MS_ATTR_LEG, struct ms_msg, leg, ms_nl_set_leg),
	NEST(MS_ATTR_PREFIX, struct ms_msg, prefix, ms_nl_set_prefix),
	NEST(MS_ATTR_COUNTERS, struct ms_msg, counters, ms_nl_set_counters),
	NEST(MS_ATTR_EVENT, struct ms_msg, event, ms_nl_set_event),
	FLAGS(MS_ATTR_EVENT_MASK, struct ms_msg, event_mask, ENUM_MASK(MS_EVENT_MAX)),
	U8(MS_ATTR_SEVERITY_MIN, struct ms_msg, severity_min, 0, MS_SEV_MAX),
	NEST(MS_ATTR_POLICY, struct ms_msg, policy, ms_nl_set_policy),
	NEST(MS_ATTR_CERT, struct ms_msg, cert, ms_nl_set_cert),
	NEST(MS_ATTR_STATUS, struct ms_msg, status, ms_nl_set_status),
	NEST(MS_ATTR_PACKET, struct ms_msg, packet, ms_nl_set_packet),
	U64(MS_ATTR_DUMP_CURSOR, struct ms_msg, dump_cursor),
	U32(MS_ATTR_GENERATION, struct ms_msg, generation, 0, 0),
	FLAGS(MS_ATTR_GET_FLAGS, struct ms_msg, get_flags, MS_GET_F_ALL),
	NEST(MS_ATTR_FILTER, struct ms_msg, filter, ms_nl_set_filter),
	U16(MS_ATTR_PORT_ID, struct ms_msg, port_id, 0, 0),
	U8(MS_ATTR_SIDE, struct ms_msg, side, 1, MS_SIDE_MAX),
	STR(MS_ATTR_REALM, struct ms_msg, realm),
};
SET(ms_nl_set_top, "MS_ATTR", MS_ATTR_MAX, ms_nl_policy_top, top_fields, 0, NULL);
