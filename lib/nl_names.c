/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "mediasec/netlink.h"
#include "nl_names.h"

static const char *const cmd_names[__MS_CMD_MAX] = {
	[MS_CMD_SESSION_NEW]	= "session-new",
	[MS_CMD_SESSION_SET]	= "session-set",
	[MS_CMD_SESSION_DEL]	= "session-del",
	[MS_CMD_SESSION_GET]	= "session-get",
	[MS_CMD_LEG_NEW]	= "leg-new",
	[MS_CMD_LEG_SET]	= "leg-set",
	[MS_CMD_LEG_DEL]	= "leg-del",
	[MS_CMD_LEG_GET]	= "leg-get",
	[MS_CMD_KEY_SET]	= "key-set",
	[MS_CMD_DENY_ADD]	= "deny-add",
	[MS_CMD_DENY_DEL]	= "deny-del",
	[MS_CMD_DENY_GET]	= "deny-get",
	[MS_CMD_DENY_FLUSH]	= "deny-flush",
	[MS_CMD_ALLOW_ADD]	= "allow-add",
	[MS_CMD_ALLOW_DEL]	= "allow-del",
	[MS_CMD_ALLOW_GET]	= "allow-get",
	[MS_CMD_ALLOW_FLUSH]	= "allow-flush",
	[MS_CMD_STATS_GET]	= "stats-get",
	[MS_CMD_EVENT_SUBSCRIBE] = "event-subscribe",
	[MS_CMD_EVENT]		= "event",
	[MS_CMD_POLICY_GET]	= "policy-get",
	[MS_CMD_POLICY_SET]	= "policy-set",
	[MS_CMD_CERT_SHOW]	= "cert-show",
	[MS_CMD_CERT_GENERATE]	= "cert-generate",
	[MS_CMD_CERT_CSR]	= "cert-csr",
	[MS_CMD_CERT_IMPORT]	= "cert-import",
	[MS_CMD_CERT_TRUST_ADD]	= "cert-trust-add",
	[MS_CMD_CERT_TRUST_DEL]	= "cert-trust-del",
	[MS_CMD_CERT_TRUST_LIST] = "cert-trust-list",
	[MS_CMD_CERT_CHECK]	= "cert-check",
	[MS_CMD_STATUS_GET]	= "status-get",
	[MS_CMD_PUNT]		= "punt",
	[MS_CMD_INJECT]		= "inject",
};

static const char *const suite_names[__MS_SUITE_MAX] = {
	[MS_SUITE_AES_CM_128_HMAC_SHA1_80] = "AES_CM_128_HMAC_SHA1_80",
	[MS_SUITE_AES_CM_128_HMAC_SHA1_32] = "AES_CM_128_HMAC_SHA1_32",
	[MS_SUITE_AES_256_CM_HMAC_SHA1_80] = "AES_256_CM_HMAC_SHA1_80",
	[MS_SUITE_AES_256_CM_HMAC_SHA1_32] = "AES_256_CM_HMAC_SHA1_32",
	[MS_SUITE_AEAD_AES_128_GCM]	   = "AEAD_AES_128_GCM",
	[MS_SUITE_AEAD_AES_256_GCM]	   = "AEAD_AES_256_GCM",
	[MS_SUITE_NULL_HMAC_SHA1_80]	   = "NULL_HMAC_SHA1_80",
	[MS_SUITE_NULL_HMAC_SHA1_32]	   = "NULL_HMAC_SHA1_32",
};

static const char *const mode_names[__MS_MODE_MAX] = {
	[MS_MODE_DISABLED]	= "disabled",
	[MS_MODE_BEST_EFFORT]	= "best-effort",
	[MS_MODE_ENFORCE]	= "enforce",
};

static const char *const side_names[__MS_SIDE_MAX] = {
	[MS_SIDE_OUTSIDE]	= "outside",
	[MS_SIDE_INSIDE]	= "inside",
};

static const char *const role_names[__MS_ROLE_MAX] = {
	[MS_ROLE_NONE]		= "none",
	[MS_ROLE_MONITOR]	= "monitor",
	[MS_ROLE_OPERATOR]	= "operator",
	[MS_ROLE_ADMIN]		= "admin",
};

static const char *const event_names[__MS_EVENT_MAX] = {
	[MS_EVENT_AUTH_FAILURE]		= "auth-failure",
	[MS_EVENT_ADDR_DENIED]		= "addr-denied",
	[MS_EVENT_ADDR_UNBLOCKED]	= "addr-unblocked",
	[MS_EVENT_TLS_FAILURE]		= "tls-failure",
	[MS_EVENT_CERT_CHECK_FAILURE]	= "cert-check-failure",
	[MS_EVENT_CERT_EXPIRING]	= "cert-expiring",
	[MS_EVENT_CERT_EXPIRED]		= "cert-expired",
	[MS_EVENT_SRTP_DOWNGRADE_REFUSED] = "srtp-downgrade-refused",
	[MS_EVENT_ENFORCE_BYPASSED]	= "enforce-bypassed",
	[MS_EVENT_KEY_LIFETIME]		= "key-lifetime",
	[MS_EVENT_CONFIG_CHANGE]	= "config-change",
	[MS_EVENT_REQUEST_REFUSED]	= "request-refused",
	[MS_EVENT_CLOCK_IMPLAUSIBLE]	= "clock-implausible",
	[MS_EVENT_PORT_SCAN]		= "port-scan",
	[MS_EVENT_DENIED_TRAFFIC]	= "denied-traffic",
};

/* RFC 5424 severity words */
static const char *const severity_names[__MS_SEV_MAX] = {
	[MS_SEV_INFO]		= "info",
	[MS_SEV_NOTICE]		= "notice",
	[MS_SEV_WARNING]	= "warning",
	[MS_SEV_ERROR]		= "err",
	[MS_SEV_CRITICAL]	= "crit",
};

static const char *const drop_names[__MS_DROP_MAX] = {
	[MS_DROP_MALFORMED]		= "malformed",
	[MS_DROP_IP_CHECKSUM]		= "ip-checksum",
	[MS_DROP_FRAGMENT]		= "fragment",
	[MS_DROP_IP_OPTIONS]		= "ip-options",
	[MS_DROP_FILTERED]		= "filtered",
	[MS_DROP_DENYLISTED]		= "denylisted",
	[MS_DROP_RATE_LIMITED]		= "rate-limited",
	[MS_DROP_NO_LEG]		= "no-leg",
	[MS_DROP_BAD_SOURCE]		= "bad-source",
	[MS_DROP_PLAIN_ON_ENFORCE]	= "plain-on-enforce",
	[MS_DROP_SRTP_AUTH]		= "srtp-auth",
	[MS_DROP_SRTP_REPLAY_DUP]	= "srtp-replay-dup",
	[MS_DROP_SRTP_REPLAY_OLD]	= "srtp-replay-old",
	[MS_DROP_SRTP_BAD_HEADER]	= "srtp-bad-header",
	[MS_DROP_SRTP_TOO_SHORT]	= "srtp-too-short",
	[MS_DROP_SRTP_NO_ROOM]		= "srtp-no-room",
	[MS_DROP_SRTP_KEY_EXHAUSTED]	= "srtp-key-exhausted",
	[MS_DROP_SRTP_UNKNOWN_MKI]	= "srtp-unknown-mki",
	[MS_DROP_SRTP_NO_STREAM]	= "srtp-no-stream",
	[MS_DROP_TX_FULL]		= "tx-full",
	[MS_DROP_PUNT_FULL]		= "punt-full",
	[MS_DROP_PROTOCOL]		= "protocol",
	[MS_DROP_NO_PEER]		= "no-peer",
	[MS_DROP_NO_NEIGH]		= "no-neigh",
	[MS_DROP_KEYS_PENDING]		= "keys-pending",
};

static const char *const accept_names[__MS_PF_ACCEPT_MAX] = {
	[MS_PF_ACCEPT_ALLOWLIST]	= "allowlist",
	[MS_PF_ACCEPT_L2]		= "l2",
	[MS_PF_ACCEPT_ICMP]		= "icmp",
	[MS_PF_ACCEPT_ND]		= "nd",
	[MS_PF_ACCEPT_SIGNALLING]	= "signalling",
	[MS_PF_ACCEPT_MGMT]		= "mgmt",
	[MS_PF_ACCEPT_MEDIA]		= "media",
	[MS_PF_ACCEPT_PINHOLE]		= "pinhole",
	[MS_PF_ACCEPT_FRAGMENT]		= "fragment",
	[MS_PF_ACCEPT_NO_XSK]		= "no-xsk",
};

static const char *const tls_names[__MS_TLS_MAX] = {
	[MS_TLS_MEDIUM]		= "medium",
	[MS_TLS_HIGH]		= "high",
};

static const char *const cert_check_names[__MS_CERT_CHECK_MAX] = {
	[MS_CERT_CHECK_NONE]	= "none",
	[MS_CERT_CHECK_LOW]	= "low",
	[MS_CERT_CHECK_MEDIUM]	= "medium",
	[MS_CERT_CHECK_HIGH]	= "high",
	[MS_CERT_CHECK_HIGH_REMOTE] = "high-remote",
	[MS_CERT_CHECK_MEDIUM_REMOTE] = "medium-remote",
};

static const char *const cert_key_names[__MS_CERT_KEY_MAX] = {
	[MS_CERT_KEY_ECDSA_P256] = "ecdsa-p256",
	[MS_CERT_KEY_RSA_2048]	= "rsa-2048",
	[MS_CERT_KEY_RSA_3072]	= "rsa-3072",
	[MS_CERT_KEY_RSA_4096]	= "rsa-4096",
};

static const char *const cert_format_names[__MS_CERT_FMT_MAX] = {
	[MS_CERT_FMT_PEM]	= "pem",
	[MS_CERT_FMT_DER]	= "der",
	[MS_CERT_FMT_PKCS12]	= "pkcs12",
};

static const char *const cert_purpose_names[__MS_CERT_PURPOSE_MAX] = {
	[MS_CERT_PURPOSE_MANAGEMENT] = "management",
	[MS_CERT_PURPOSE_TRUNK]	= "trunk",
	[MS_CERT_PURPOSE_ENDPOINT] = "endpoint",
};

static const char *const packet_names[__MS_PACKET_MAX] = {
	[MS_PACKET_STUN]	= "stun",
	[MS_PACKET_DTLS]	= "dtls",
};

#define TABLE(a) { a, sizeof(a) / sizeof(a[0]) }
static const struct {
	const char *const *names;
	unsigned int count;
} tables[__MS_NAME_MAX] = {
	[MS_NAME_CMD]		= TABLE(cmd_names),
	[MS_NAME_SUITE]		= TABLE(suite_names),
	[MS_NAME_MODE]		= TABLE(mode_names),
	[MS_NAME_SIDE]		= TABLE(side_names),
	[MS_NAME_ROLE]		= TABLE(role_names),
	[MS_NAME_EVENT]		= TABLE(event_names),
	[MS_NAME_SEVERITY]	= TABLE(severity_names),
	[MS_NAME_DROP]		= TABLE(drop_names),
	[MS_NAME_ACCEPT]	= TABLE(accept_names),
	[MS_NAME_TLS]		= TABLE(tls_names),
	[MS_NAME_CERT_CHECK]	= TABLE(cert_check_names),
	[MS_NAME_CERT_KEY]	= TABLE(cert_key_names),
	[MS_NAME_CERT_FORMAT]	= TABLE(cert_format_names),
	[MS_NAME_CERT_PURPOSE]	= TABLE(cert_purpose_names),
	[MS_NAME_PACKET]	= TABLE(packet_names),
};

const char *ms_nl_name_get(enum ms_name_kind kind, unsigned int value)
{
	if ((unsigned int)kind >= __MS_NAME_MAX || value >= tables[kind].count)
		return NULL;
	return tables[kind].names[value];
}

int ms_nl_name_parse(enum ms_name_kind kind, const char *word, unsigned int *value)
{
	if ((unsigned int)kind >= __MS_NAME_MAX || !word)
		return -EINVAL;
	for (unsigned int v = 0; v < tables[kind].count; v++) {
		const char *n = tables[kind].names[v];

		if (n && strcmp(n, word) == 0) {
			*value = v;
			return 0;
		}
	}
	return -EINVAL;
}

unsigned int ms_nl_name_max(enum ms_name_kind kind)
{
	if ((unsigned int)kind >= __MS_NAME_MAX)
		return 0;
	return tables[kind].count - 1;
}
