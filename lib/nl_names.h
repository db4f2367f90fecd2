/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Names of the schema's enum values, as the CLI prints and reads them
 * (iproute2 style: full words only) and as the docs list them. SRTP suites
 * keep their RFC names.
 */
#ifndef MEDIASEC_LIB_NL_NAMES_H
#define MEDIASEC_LIB_NL_NAMES_H

enum ms_name_kind {
	MS_NAME_CMD,		/* enum ms_cmd: "session-new" */
	MS_NAME_SUITE,		/* enum ms_srtp_suite: "AES_CM_128_HMAC_SHA1_80" */
	MS_NAME_MODE,		/* enum ms_leg_mode: "best-effort" */
	MS_NAME_SIDE,		/* enum ms_leg_side */
	MS_NAME_ROLE,		/* enum ms_role */
	MS_NAME_EVENT,		/* enum ms_event_type */
	MS_NAME_SEVERITY,	/* enum ms_event_severity */
	MS_NAME_DROP,		/* enum ms_drop_reason */
	MS_NAME_TLS,		/* enum ms_tls_level */
	MS_NAME_CERT_CHECK,	/* enum ms_cert_check */
	MS_NAME_CERT_KEY,	/* enum ms_cert_key_type */
	MS_NAME_CERT_FORMAT,	/* enum ms_cert_format */
	MS_NAME_CERT_PURPOSE,	/* enum ms_cert_purpose */
	MS_NAME_PACKET,		/* enum ms_packet_kind */
	MS_NAME_ACCEPT,		/* enum ms_pf_accept: "pinhole" */
	__MS_NAME_MAX
};

/* Name of value, or NULL when it has none (out of range, or UNSPEC). */
const char *ms_nl_name_get(enum ms_name_kind kind, unsigned int value);
/* Value of a full-word name: 0, or -EINVAL for an unknown word. */
int ms_nl_name_parse(enum ms_name_kind kind, const char *word, unsigned int *value);
/* Largest value of kind, for loops over every name. */
unsigned int ms_nl_name_max(enum ms_name_kind kind);

#endif /* MEDIASEC_LIB_NL_NAMES_H */
