/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libnl policies of the mediasec schema. libnl 3.7 only enforces maxlen
 * when it is set, so every fixed-size attribute states both bounds; the
 * lengths that depend on another attribute (master key and salt by suite)
 * are bounded here and made exact in lib/nl_parse.c.
 */
#include "nl_policy.h"

#define U8	{ .type = NLA_U8, .minlen = 1, .maxlen = 1 }
#define U16	{ .type = NLA_U16, .minlen = 2, .maxlen = 2 }
#define U32	{ .type = NLA_U32, .minlen = 4, .maxlen = 4 }
#define U64	{ .type = NLA_U64, .minlen = 8, .maxlen = 8 }
#define NEST	{ .type = NLA_NESTED }
/* NUL-terminated, at most max bytes with the NUL. */
#define STR(max) { .type = NLA_STRING, .minlen = 1, .maxlen = (max) }
#define BIN(lo, hi) { .type = NLA_UNSPEC, .minlen = (lo), .maxlen = (hi) }

const struct nla_policy ms_nl_policy_top[MS_ATTR_MAX + 1] = {
	[MS_ATTR_ERROR_MSG]	= STR(MS_ERROR_MSG_MAX),
	[MS_ATTR_SESSION]	= NEST,
	[MS_ATTR_LEG]		= NEST,
	[MS_ATTR_PREFIX]	= NEST,
	[MS_ATTR_COUNTERS]	= NEST,
	[MS_ATTR_EVENT]		= NEST,
	[MS_ATTR_EVENT_MASK]	= U32,
	[MS_ATTR_SEVERITY_MIN]	= U8,
	[MS_ATTR_POLICY]	= NEST,
	[MS_ATTR_CERT]		= NEST,
	[MS_ATTR_STATUS]	= NEST,
	[MS_ATTR_PACKET]	= NEST,
	[MS_ATTR_DUMP_CURSOR]	= U64,
	[MS_ATTR_GENERATION]	= U32,
	[MS_ATTR_GET_FLAGS]	= U32,
	[MS_ATTR_FILTER]	= NEST,
	[MS_ATTR_PORT_ID]	= U16,
	[MS_ATTR_SIDE]		= U8,
	[MS_ATTR_REALM]		= STR(MS_REALM_NAME_MAX),
};

const struct nla_policy ms_nl_policy_session[MS_SESSION_A_MAX + 1] = {
	[MS_SESSION_A_ID]	= U32,
	[MS_SESSION_A_LABEL]	= STR(MS_LABEL_MAX),
	[MS_SESSION_A_LEGS]	= NEST,
};

const struct nla_policy ms_nl_policy_leg[MS_LEG_A_MAX + 1] = {
	[MS_LEG_A_ID]		= U32,
	[MS_LEG_A_SESSION_ID]	= U32,
	[MS_LEG_A_PEER_ID]	= U32,
	[MS_LEG_A_SIDE]		= U8,
	[MS_LEG_A_MODE]		= U8,
	[MS_LEG_A_FLAGS]	= U32,
	[MS_LEG_A_LOCAL]	= NEST,
	[MS_LEG_A_REMOTE]	= NEST,
	[MS_LEG_A_SRTP_IN]	= NEST,
	[MS_LEG_A_SRTP_OUT]	= NEST,
	[MS_LEG_A_COUNTERS]	= NEST,
};

const struct nla_policy ms_nl_policy_addr[MS_ADDR_A_MAX + 1] = {
	[MS_ADDR_A_FAMILY]	= U16,
	[MS_ADDR_A_IN4]		= BIN(4, 4),
	[MS_ADDR_A_IN6]		= BIN(16, 16),
	[MS_ADDR_A_PORT]	= U16,
	[MS_ADDR_A_RTCP_PORT]	= U16,
};

const struct nla_policy ms_nl_policy_srtp[MS_SRTP_A_MAX + 1] = {
	[MS_SRTP_A_SUITE]	= U8,
	[MS_SRTP_A_KEYS]	= NEST,
	[MS_SRTP_A_TX_KEY]	= U8,
	[MS_SRTP_A_REPLAY_WINDOW] = U32,
	[MS_SRTP_A_FLAGS]	= U32,
};

const struct nla_policy ms_nl_policy_key[MS_KEY_A_MAX + 1] = {
	/* 16 (AES-128) to 32 (AES-256); exact per suite in nl_parse.c */
	[MS_KEY_A_MASTER_KEY]	= BIN(16, MS_SRTP_MASTER_KEY_MAX),
	/* 12 (GCM, RFC 7714) or 14 (CM, RFC 3711) */
	[MS_KEY_A_MASTER_SALT]	= BIN(12, MS_SRTP_MASTER_SALT_MAX),
	[MS_KEY_A_MKI]		= BIN(1, MS_SRTP_MKI_MAX),
};

const struct nla_policy ms_nl_policy_prefix[MS_PREFIX_A_MAX + 1] = {
	[MS_PREFIX_A_ADDR]	= NEST,
	[MS_PREFIX_A_LEN]	= U8,
	[MS_PREFIX_A_EXPIRES]	= U32,
	[MS_PREFIX_A_FLAGS]	= U32,
	[MS_PREFIX_A_HITS]	= U64,
};

const struct nla_policy ms_nl_policy_counters[MS_COUNTERS_A_MAX + 1] = {
	[MS_COUNTERS_A_RX_PACKETS] = U64,
	[MS_COUNTERS_A_RX_BYTES] = U64,
	[MS_COUNTERS_A_TX_PACKETS] = U64,
	[MS_COUNTERS_A_TX_BYTES] = U64,
	[MS_COUNTERS_A_DROPS]	= NEST,
};

/* The drops nest is keyed by enum ms_drop_reason: every member a u64. */
const struct nla_policy ms_nl_policy_drops[MS_DROP_MAX + 1] = {
	[1 ... MS_DROP_MAX]	= U64,
};

/* Keyed by enum ms_pf_accept, as the drops nest by reason. */
const struct nla_policy ms_nl_policy_accepts[MS_PF_ACCEPT_MAX + 1] = {
	[1 ... MS_PF_ACCEPT_MAX] = U64,
};

const struct nla_policy ms_nl_policy_filter[MS_FILTER_A_MAX + 1] = {
	[MS_FILTER_A_DROPPED]	= U64,
	[MS_FILTER_A_PASSED]	= U64,
	[MS_FILTER_A_REDIRECTED] = U64,
	[MS_FILTER_A_DROPS]	= NEST,
	[MS_FILTER_A_ACCEPTS]	= NEST,
	[MS_FILTER_A_EVENTS]	= U64,
	[MS_FILTER_A_EVENTS_LOST] = U64,
	[MS_FILTER_A_SCANS]	= U64,
	[MS_FILTER_A_DYNAMIC_DENIES] = U64,
	[MS_FILTER_A_DENY_HITS]	= U64,
};

const struct nla_policy ms_nl_policy_event[MS_EVENT_A_MAX + 1] = {
	[MS_EVENT_A_TYPE]	= U8,
	[MS_EVENT_A_SEVERITY]	= U8,
	[MS_EVENT_A_TIME]	= U64,
	[MS_EVENT_A_SEQ]	= U64,
	[MS_EVENT_A_SOURCE]	= NEST,
	[MS_EVENT_A_LEG_ID]	= U32,
	[MS_EVENT_A_TEXT]	= STR(MS_TEXT_MAX),
	[MS_EVENT_A_COUNT]	= U32,
	[MS_EVENT_A_REASON]	= U8,
};

const struct nla_policy ms_nl_policy_policy[MS_POLICY_A_MAX + 1] = {
	[MS_POLICY_A_MODE_UNTRUSTED] = U8,
	[MS_POLICY_A_MODE_TRUSTED] = U8,
	[MS_POLICY_A_SUITES]	= U32,
	[MS_POLICY_A_EMERGENCY_BYPASS] = U8,
	[MS_POLICY_A_TLS_LEVEL]	= U8,
	[MS_POLICY_A_CERT_CHECK] = U8,
	[MS_POLICY_A_REPLAY_WINDOW] = U32,
	[MS_POLICY_A_DENY_THRESHOLD] = U32,
	[MS_POLICY_A_DENY_WINDOW] = U32,
	[MS_POLICY_A_DENY_TIME]	= U32,
	[MS_POLICY_A_DENY_TIME_MAX] = U32,
};

const struct nla_policy ms_nl_policy_cert[MS_CERT_A_MAX + 1] = {
	[MS_CERT_A_SUBJECT]	= STR(MS_CERT_SUBJECT_MAX),
	[MS_CERT_A_SANS]	= NEST,
	[MS_CERT_A_KEY_TYPE]	= U8,
	[MS_CERT_A_DAYS]	= U32,
	[MS_CERT_A_FORMAT]	= U8,
	[MS_CERT_A_DATA]	= BIN(1, MS_CERT_DATA_MAX),
	[MS_CERT_A_PASSWORD]	= STR(MS_CERT_PASSWORD_MAX),
	[MS_CERT_A_FINGERPRINT]	= BIN(MS_CERT_FINGERPRINT_LEN, MS_CERT_FINGERPRINT_LEN),
	[MS_CERT_A_PURPOSE]	= U8,
	[MS_CERT_A_HOST]	= STR(MS_CERT_SAN_MAX),
	[MS_CERT_A_NOT_BEFORE]	= U64,
	[MS_CERT_A_NOT_AFTER]	= U64,
};

const struct nla_policy ms_nl_policy_status[MS_STATUS_A_MAX + 1] = {
	[MS_STATUS_A_VERSION]	= STR(MS_VERSION_MAX),
	[MS_STATUS_A_UPTIME]	= U64,
	[MS_STATUS_A_SESSIONS]	= U32,
	[MS_STATUS_A_LEGS]	= U32,
	[MS_STATUS_A_DENY_ENTRIES] = U32,
	[MS_STATUS_A_DATAPATHS]	= U32,
	[MS_STATUS_A_ROLE]	= U8,
	[MS_STATUS_A_CERT_NOT_AFTER] = U64,
};

const struct nla_policy ms_nl_policy_packet[MS_PACKET_A_MAX + 1] = {
	[MS_PACKET_A_LEG_ID]	= U32,
	[MS_PACKET_A_KIND]	= U8,
	[MS_PACKET_A_REMOTE]	= NEST,
	[MS_PACKET_A_DATA]	= BIN(1, MS_PACKET_MAX),
};
