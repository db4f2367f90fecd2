/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * mediasec shared enumerations.
 *
 * Used unchanged by the kernel module (kmod/), the eBPF programs (ebpf/) and
 * every userspace component, so this header holds only enums and #defines.
 * Values are wire values of the netlink schema (include/mediasec/netlink.h):
 * never renumber an existing entry, only append before the __MAX marker.
 */
#ifndef MEDIASEC_INCLUDE_ENUMS_H
#define MEDIASEC_INCLUDE_ENUMS_H

/*
 * SRTP protection profiles, named as in RFC 4568 (SDES crypto-suites),
 * RFC 6188 (AES-256) and RFC 7714 (AEAD). 0 is deliberately invalid so an
 * unset field never means "no protection": plain RTP is expressed by the leg
 * mode and the absence of an SRTP policy, not by a suite value.
 */
enum ms_srtp_suite {
	MS_SUITE_UNSPEC = 0,
	MS_SUITE_AES_CM_128_HMAC_SHA1_80,	/* RFC 4568, the default */
	MS_SUITE_AES_CM_128_HMAC_SHA1_32,	/* RFC 4568 */
	MS_SUITE_AES_256_CM_HMAC_SHA1_80,	/* RFC 6188 */
	MS_SUITE_AES_256_CM_HMAC_SHA1_32,	/* RFC 6188 */
	MS_SUITE_AEAD_AES_128_GCM,		/* RFC 7714, 16-byte tag */
	MS_SUITE_AEAD_AES_256_GCM,		/* RFC 7714, 16-byte tag */
	MS_SUITE_NULL_HMAC_SHA1_80,		/* RFC 4568 NULL cipher */
	MS_SUITE_NULL_HMAC_SHA1_32,
	__MS_SUITE_MAX
};
#define MS_SUITE_MAX (__MS_SUITE_MAX - 1)

/* Longest master key and salt of any suite (AES-256: 32 + 14). */
#define MS_SRTP_MASTER_KEY_MAX	32
#define MS_SRTP_MASTER_SALT_MAX	14
/* MKI: RFC 4568 allows 1..128 bytes; real deployments use 1..4. */
#define MS_SRTP_MKI_MAX		4
#define MS_SRTP_REPLAY_DEFAULT	128
#define MS_SRTP_REPLAY_MAX	32768

/* Per-direction SRTP options (RFC 4568 session parameters). */
#define MS_SRTP_F_UNENCRYPTED_SRTP	(1U << 0)
#define MS_SRTP_F_UNENCRYPTED_SRTCP	(1U << 1)
#define MS_SRTP_F_UNAUTHENTICATED_SRTP	(1U << 2)
#define MS_SRTP_F_ALL (MS_SRTP_F_UNENCRYPTED_SRTP | \
		       MS_SRTP_F_UNENCRYPTED_SRTCP | \
		       MS_SRTP_F_UNAUTHENTICATED_SRTP)
/*
 * Request only, to mediasecd: "generate this direction's master key and
 * salt" (SDES). The key is returned once, in the reply to the creator, and
 * the flag never reaches a dataplane, so it is outside MS_SRTP_F_ALL, the
 * flags an SRTP engine applies.
 */
#define MS_SRTP_F_GENERATE_KEY		(1U << 3)
#define MS_SRTP_F_REQUEST_ALL (MS_SRTP_F_ALL | MS_SRTP_F_GENERATE_KEY)

/* Per-leg media security mode (REQUIREMENTS.md §1). */
enum ms_leg_mode {
	MS_MODE_UNSPEC = 0,
	MS_MODE_DISABLED,	/* plain RTP only */
	MS_MODE_BEST_EFFORT,	/* offer SRTP and RTP, prefer SRTP */
	MS_MODE_ENFORCE,	/* SRTP only: RTP on this leg is dropped */
	__MS_MODE_MAX
};
#define MS_MODE_MAX (__MS_MODE_MAX - 1)

/* Control roles, mapped from the Unix identity of the netlink sender. */
enum ms_role {
	MS_ROLE_NONE = 0,	/* unknown sender: refused */
	MS_ROLE_MONITOR,	/* read only */
	MS_ROLE_OPERATOR,	/* sessions and denylist */
	MS_ROLE_ADMIN,		/* everything, incl. certificates and policy */
	__MS_ROLE_MAX
};
#define MS_ROLE_MAX (__MS_ROLE_MAX - 1)

/* Security events (REQUIREMENTS.md §5), one schema for syslog and netlink. */
enum ms_event_type {
	MS_EVENT_UNSPEC = 0,
	MS_EVENT_AUTH_FAILURE,		/* SRTP/SRTCP authentication failures */
	MS_EVENT_ADDR_DENIED,		/* source added to the dynamic denylist */
	MS_EVENT_ADDR_UNBLOCKED,	/* block expired or removed */
	MS_EVENT_TLS_FAILURE,		/* TLS/DTLS handshake failure, with alert */
	MS_EVENT_CERT_CHECK_FAILURE,	/* received certificate refused */
	MS_EVENT_CERT_EXPIRING,		/* 180-day warning, daily from 60 days */
	MS_EVENT_CERT_EXPIRED,
	MS_EVENT_SRTP_DOWNGRADE_REFUSED,/* RTP offered on an Enforce leg */
	MS_EVENT_ENFORCE_BYPASSED,	/* emergency call allowed without SRTP */
	MS_EVENT_KEY_LIFETIME,		/* key near its 2^48 / 2^31 limit */
	MS_EVENT_CONFIG_CHANGE,		/* who changed what (audit) */
	MS_EVENT_REQUEST_REFUSED,	/* control request refused by role */
	MS_EVENT_CLOCK_IMPLAUSIBLE,	/* certificate generation deferred */
	MS_EVENT_PORT_SCAN,		/* distinct closed ports per source */
	MS_EVENT_DENIED_TRAFFIC,	/* a denylisted source still sends (sampled) */
	__MS_EVENT_MAX
};
#define MS_EVENT_MAX (__MS_EVENT_MAX - 1)

enum ms_event_severity {
	MS_SEV_INFO = 0,
	MS_SEV_NOTICE,
	MS_SEV_WARNING,
	MS_SEV_ERROR,
	MS_SEV_CRITICAL,
	__MS_SEV_MAX
};
#define MS_SEV_MAX (__MS_SEV_MAX - 1)

/* Why a packet was dropped: counted per port and per leg. */
enum ms_drop_reason {
	MS_DROP_NONE = 0,
	MS_DROP_MALFORMED,	/* bad L2/L3/L4 header or length */
	MS_DROP_IP_CHECKSUM,
	MS_DROP_FRAGMENT,
	MS_DROP_IP_OPTIONS,
	MS_DROP_FILTERED,	/* port filter said no */
	MS_DROP_DENYLISTED,
	MS_DROP_RATE_LIMITED,
	MS_DROP_NO_LEG,		/* no leg on that local address and port */
	MS_DROP_BAD_SOURCE,	/* remote does not match the latched address */
	MS_DROP_PLAIN_ON_ENFORCE,
	MS_DROP_SRTP_AUTH,
	MS_DROP_SRTP_REPLAY_DUP,
	MS_DROP_SRTP_REPLAY_OLD,
	MS_DROP_SRTP_BAD_HEADER,
	MS_DROP_SRTP_TOO_SHORT,
	MS_DROP_SRTP_NO_ROOM,
	MS_DROP_SRTP_KEY_EXHAUSTED,
	MS_DROP_SRTP_UNKNOWN_MKI,
	MS_DROP_SRTP_NO_STREAM,	/* too many SSRCs on one leg */
	MS_DROP_TX_FULL,
	MS_DROP_PUNT_FULL,
	MS_DROP_PROTOCOL,	/* L2/L3/L4 protocol the gateway does not carry */
	MS_DROP_NO_PEER,	/* paired leg absent or its remote not yet known */
	MS_DROP_NO_NEIGH,	/* next hop of the outgoing leg not resolved yet */
	MS_DROP_KEYS_PENDING,	/* SRTP keys of either leg not there yet (DTLS-SRTP) */
	__MS_DROP_MAX
};
#define MS_DROP_MAX (__MS_DROP_MAX - 1)

/*
 * Why the packet filter (ebpf/) passed or redirected a packet; its drops use
 * enum ms_drop_reason. Counted per reason and reported in STATS_GET.
 */
enum ms_pf_accept {
	MS_PF_ACCEPT_NONE = 0,
	MS_PF_ACCEPT_ALLOWLIST,	/* a later rule said drop, the allowlist won */
	MS_PF_ACCEPT_L2,	/* ARP */
	MS_PF_ACCEPT_ICMP,	/* allowed ICMPv4 / ICMPv6 errors and echo */
	MS_PF_ACCEPT_ND,	/* IPv6 neighbour discovery and MLD */
	MS_PF_ACCEPT_SIGNALLING,
	MS_PF_ACCEPT_MGMT,
	MS_PF_ACCEPT_MEDIA,	/* media port range, no pinhole needed */
	MS_PF_ACCEPT_PINHOLE,	/* live leg */
	MS_PF_ACCEPT_FRAGMENT,	/* MS_PF_F_PASS_FRAGMENTS: kernel reassembles */
	MS_PF_ACCEPT_NO_XSK,	/* media, but no AF_XDP socket on this queue */
	__MS_PF_ACCEPT_MAX
};
#define MS_PF_ACCEPT_MAX (__MS_PF_ACCEPT_MAX - 1)

#endif /* MEDIASEC_INCLUDE_ENUMS_H */
