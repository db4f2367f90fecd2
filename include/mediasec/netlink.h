/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * mediasec control protocol: one schema for every transport.
 *
 * Transports
 * ----------
 * Every message is a netlink message: struct nlmsghdr, struct genlmsghdr
 * (cmd = enum ms_cmd, version = MEDIASEC_GENL_VERSION), then attributes.
 *
 *  - mediasec.ko registers the generic netlink family MEDIASEC_GENL_NAME;
 *    nlmsg_type is the family id resolved through the genl controller.
 *  - mediasecd and mediasec-dp's control thread are userspace, so they bind
 *    NETLINK_USERSOCK sockets at the fixed port ids MS_NL_PORT_DAEMON and
 *    MS_NL_PORT_DP; there is no controller, so nlmsg_type is the constant
 *    MS_NL_USERSOCK_TYPE. The genlmsghdr is still there: a message is
 *    byte-identical on both transports apart from nlmsg_type.
 *  - Remote controllers send the same bytes over mutually authenticated TLS.
 *
 * Trust: any local process can send on NETLINK_USERSOCK. Receivers read the
 * sender's SCM_CREDENTIALS (SO_PASSCRED), map the uid/gid to an enum ms_role
 * and refuse a command below its minimum role (docs/netlink.md has the
 * table). Clients accept replies only from root or the configured daemon uid.
 *
 * Requests carry NLM_F_REQUEST and, to get an ACK, NLM_F_ACK. *_GET with
 * NLM_F_DUMP is a dump: replies are NLM_F_MULTI messages closed by
 * NLMSG_DONE. Each dump reply carries MS_ATTR_GENERATION; if it changes
 * between parts the table changed under the dump and the client may restart.
 * A receiver sends at most a batch of entries per request; when more remain,
 * the last part carries MS_ATTR_DUMP_CURSOR and the client repeats the
 * request with that cursor (WireGuard's resumable dump, made explicit so it
 * also works over TLS).
 *
 * A failed request is answered with NLMSG_ERROR (struct nlmsgerr, the
 * request header only, NLM_F_CAPPED) followed (NLM_F_ACK_TLVS) by
 * MS_ATTR_ERROR_MSG, a string naming the offending attribute, e.g.
 * "MS_SRTP_A_SUITE: 9 out of range". MS_ATTR_ERROR_MSG is 1 on purpose: it
 * is the kernel's NLMSGERR_ATTR_MSG, so extended ACKs from mediasec.ko and
 * error replies from mediasecd parse the same way.
 *
 * Integers are host byte order (netlink convention) except addresses, which
 * are network byte order bytes. Ports are host order __u16. Every nest is
 * strict: unknown attributes, wrong lengths, out-of-range enums and unknown
 * flag bits are rejected, never ignored.
 *
 * The attribute tree
 * ------------------
 * Types are those of the payload. "list" is a nest whose members are all of
 * type 0 and each a nest (as WGDEVICE_A_PEERS).
 *
 *    MS_ATTR_ERROR_MSG: NLA_NUL_STRING, replies only
 *    MS_ATTR_SESSION: NLA_NESTED
 *        MS_SESSION_A_ID: NLA_U32
 *        MS_SESSION_A_LABEL: NLA_NUL_STRING, max MS_LABEL_MAX bytes with NUL
 *        MS_SESSION_A_LEGS: NLA_NESTED list, replies only
 *            0: NLA_NESTED, the MS_LEG_A_* of MS_ATTR_LEG
 *            ...
 *    MS_ATTR_LEG: NLA_NESTED
 *        MS_LEG_A_ID: NLA_U32
 *        MS_LEG_A_SESSION_ID: NLA_U32
 *        MS_LEG_A_PEER_ID: NLA_U32, the paired leg media is relayed to
 *        MS_LEG_A_SIDE: NLA_U8, enum ms_leg_side
 *        MS_LEG_A_MODE: NLA_U8, enum ms_leg_mode (enums.h)
 *        MS_LEG_A_FLAGS: NLA_U32, MS_LEG_F_*
 *        MS_LEG_A_LOCAL: NLA_NESTED, MS_ADDR_A_* with a port
 *        MS_LEG_A_REMOTE: NLA_NESTED, MS_ADDR_A_* with a port
 *        MS_LEG_A_SRTP_IN: NLA_NESTED, policy to unprotect what the remote
 *                          sends
 *            MS_SRTP_A_SUITE: NLA_U8, enum ms_srtp_suite (enums.h)
 *            MS_SRTP_A_KEYS: NLA_NESTED list; absent = keys pending (DTLS)
 *                0: NLA_NESTED
 *                    MS_KEY_A_MASTER_KEY: NLA_BINARY, exactly the suite's
 *                                         key length (16 or 32)
 *                    MS_KEY_A_MASTER_SALT: NLA_BINARY, exactly the suite's
 *                                          salt length (14 or 12)
 *                    MS_KEY_A_MKI: NLA_BINARY, 1..MS_SRTP_MKI_MAX; needed
 *                                  when there is more than one key, same
 *                                  length in every key
 *                0: NLA_NESTED
 *                ... up to MS_SRTP_KEYS_MAX keys
 *            MS_SRTP_A_TX_KEY: NLA_U8, index in MS_SRTP_A_KEYS used to
 *                              protect (default 0)
 *            MS_SRTP_A_REPLAY_WINDOW: NLA_U32, MS_SRTP_REPLAY_MIN..
 *                                     MS_SRTP_REPLAY_MAX (default 128)
 *            MS_SRTP_A_FLAGS: NLA_U32, MS_SRTP_F_* (enums.h)
 *        MS_LEG_A_SRTP_OUT: NLA_NESTED, policy to protect what we send,
 *                           same MS_SRTP_A_* as MS_LEG_A_SRTP_IN
 *        MS_LEG_A_COUNTERS: NLA_NESTED, MS_COUNTERS_A_*, replies only
 *    MS_ATTR_PREFIX: NLA_NESTED, a denylist or allowlist entry
 *        MS_PREFIX_A_ADDR: NLA_NESTED, MS_ADDR_A_* without a port
 *        MS_PREFIX_A_LEN: NLA_U8, <= 32 (AF_INET) or <= 128 (AF_INET6)
 *        MS_PREFIX_A_EXPIRES: NLA_U32, seconds left, 0 = until removed
 *        MS_PREFIX_A_FLAGS: NLA_U32, MS_PREFIX_F_*
 *        MS_PREFIX_A_HITS: NLA_U64, packets dropped by it, replies only
 *    MS_ATTR_COUNTERS: NLA_NESTED
 *        MS_COUNTERS_A_RX_PACKETS: NLA_U64
 *        MS_COUNTERS_A_RX_BYTES: NLA_U64
 *        MS_COUNTERS_A_TX_PACKETS: NLA_U64
 *        MS_COUNTERS_A_TX_BYTES: NLA_U64
 *        MS_COUNTERS_A_DROPS: NLA_NESTED, keyed by reason
 *            MS_DROP_MALFORMED (enum ms_drop_reason): NLA_U64, packets
 *            ...
 *    MS_ATTR_EVENT: NLA_NESTED
 *        MS_EVENT_A_TYPE: NLA_U8, enum ms_event_type (enums.h)
 *        MS_EVENT_A_SEVERITY: NLA_U8, enum ms_event_severity (enums.h)
 *        MS_EVENT_A_TIME: NLA_U64, ns since the epoch (CLOCK_REALTIME)
 *        MS_EVENT_A_SEQ: NLA_U64, per-sender sequence; a gap is a loss
 *        MS_EVENT_A_SOURCE: NLA_NESTED, MS_ADDR_A_*, port optional
 *        MS_EVENT_A_LEG_ID: NLA_U32
 *        MS_EVENT_A_TEXT: NLA_NUL_STRING, max MS_TEXT_MAX bytes with NUL
 *        MS_EVENT_A_COUNT: NLA_U32, occurrences the event sums up, >= 1
 *        MS_EVENT_A_REASON: NLA_U8, enum ms_drop_reason of a failure
 *    MS_ATTR_EVENT_MASK: NLA_U32, bit (1 << enum ms_event_type); 0 = none
 *    MS_ATTR_SEVERITY_MIN: NLA_U8, enum ms_event_severity
 *    MS_ATTR_POLICY: NLA_NESTED
 *        MS_POLICY_A_MODE_UNTRUSTED: NLA_U8, enum ms_leg_mode
 *        MS_POLICY_A_MODE_TRUSTED: NLA_U8, enum ms_leg_mode
 *        MS_POLICY_A_SUITES: NLA_U32, bit (1 << enum ms_srtp_suite)
 *        MS_POLICY_A_EMERGENCY_BYPASS: NLA_U8, 0 or 1
 *        MS_POLICY_A_TLS_LEVEL: NLA_U8, enum ms_tls_level
 *        MS_POLICY_A_CERT_CHECK: NLA_U8, enum ms_cert_check
 *        MS_POLICY_A_REPLAY_WINDOW: NLA_U32, as MS_SRTP_A_REPLAY_WINDOW
 *        MS_POLICY_A_DENY_THRESHOLD: NLA_U32, failures per window
 *        MS_POLICY_A_DENY_WINDOW: NLA_U32, seconds
 *        MS_POLICY_A_DENY_TIME: NLA_U32, seconds of the first block
 *        MS_POLICY_A_DENY_TIME_MAX: NLA_U32, seconds, 0 = permanent
 *    MS_ATTR_CERT: NLA_NESTED
 *        MS_CERT_A_SUBJECT: NLA_NUL_STRING, RFC 4514 form
 *        MS_CERT_A_SANS: NLA_NESTED list
 *            0: NLA_NUL_STRING, "DNS:name", "IP:addr" or "URI:uri"
 *            ...
 *        MS_CERT_A_KEY_TYPE: NLA_U8, enum ms_cert_key_type
 *        MS_CERT_A_DAYS: NLA_U32, validity, 1..MS_CERT_DAYS_MAX
 *        MS_CERT_A_FORMAT: NLA_U8, enum ms_cert_format of MS_CERT_A_DATA
 *        MS_CERT_A_DATA: NLA_BINARY, certificate, chain, PKCS#12 or CSR
 *        MS_CERT_A_PASSWORD: NLA_NUL_STRING, PKCS#12 only; wiped after use
 *        MS_CERT_A_FINGERPRINT: NLA_BINARY, exactly 32 bytes (SHA-256)
 *        MS_CERT_A_PURPOSE: NLA_U8, enum ms_cert_purpose
 *        MS_CERT_A_HOST: NLA_NUL_STRING, name or address to match a SAN
 *        MS_CERT_A_NOT_BEFORE: NLA_U64, seconds since the epoch
 *        MS_CERT_A_NOT_AFTER: NLA_U64, seconds since the epoch
 *    MS_ATTR_STATUS: NLA_NESTED, replies only
 *        MS_STATUS_A_VERSION: NLA_NUL_STRING
 *        MS_STATUS_A_UPTIME: NLA_U64, seconds
 *        MS_STATUS_A_SESSIONS: NLA_U32
 *        MS_STATUS_A_LEGS: NLA_U32
 *        MS_STATUS_A_DENY_ENTRIES: NLA_U32
 *        MS_STATUS_A_DATAPATHS: NLA_U32, MS_STATUS_DP_* bits connected
 *        MS_STATUS_A_ROLE: NLA_U8, enum ms_role the receiver gave the caller
 *        MS_STATUS_A_CERT_NOT_AFTER: NLA_U64, identity certificate expiry
 *    MS_ATTR_PACKET: NLA_NESTED, a punted or injected datagram
 *        MS_PACKET_A_LEG_ID: NLA_U32
 *        MS_PACKET_A_KIND: NLA_U8, enum ms_packet_kind (RFC 7983 demux)
 *        MS_PACKET_A_REMOTE: NLA_NESTED, MS_ADDR_A_* with a port: the
 *                            source (punt) or destination (inject)
 *        MS_PACKET_A_DATA: NLA_BINARY, the UDP payload, 1..MS_PACKET_MAX
 *    MS_ATTR_DUMP_CURSOR: NLA_U64, opaque resume point of a dump
 *    MS_ATTR_GENERATION: NLA_U32, table generation seen by a dump part
 *    MS_ATTR_GET_FLAGS: NLA_U32, MS_GET_F_*: what a LEG_GET (or its dump)
 *                       reply carries besides the leg's configuration
 *    MS_ATTR_FILTER: NLA_NESTED, the packet filter's counters (STATS_GET
 *                    replies, when mediasecd runs the XDP filter); packets
 *                    summed over CPUs since the maps were first pinned
 *        MS_FILTER_A_DROPPED: NLA_U64, packets dropped
 *        MS_FILTER_A_PASSED: NLA_U64, packets passed to the kernel stack
 *        MS_FILTER_A_REDIRECTED: NLA_U64, packets redirected to AF_XDP
 *        MS_FILTER_A_DROPS: NLA_NESTED, keyed by enum ms_drop_reason, as
 *                           MS_COUNTERS_A_DROPS
 *        MS_FILTER_A_ACCEPTS: NLA_NESTED, keyed by enum ms_pf_accept
 *            MS_PF_ACCEPT_ALLOWLIST (enums.h): NLA_U64, packets
 *            ...
 *        MS_FILTER_A_EVENTS: NLA_U64, events the filter queued
 *        MS_FILTER_A_EVENTS_LOST: NLA_U64, events lost to a full ring
 *        MS_FILTER_A_SCANS: NLA_U64, port scans mediasecd received
 *        MS_FILTER_A_DYNAMIC_DENIES: NLA_U64, sources it denied for them
 *        MS_FILTER_A_DENY_HITS: NLA_U64, sampled hits of denied sources
 *                               it received
 *    MS_ATTR_PORT_ID: NLA_U16, a mediasec-dp (DPDK) port id; STATS_GET dump
 *                     replies, one message per port
 *    MS_ATTR_SIDE: NLA_U8, enum ms_leg_side of that port or realm
 *    MS_ATTR_REALM: NLA_NUL_STRING, max MS_REALM_NAME_MAX bytes with NUL, a
 *                   configured realm; STATS_GET dump replies from mediasecd,
 *                   counters summed over the ports of the realm's side
 *
 * An address (MS_LEG_A_LOCAL and the others naming MS_ADDR_A_*):
 *        MS_ADDR_A_FAMILY: NLA_U16, AF_INET or AF_INET6
 *        MS_ADDR_A_IN4: NLA_BINARY, exactly 4 bytes (__be32), AF_INET only
 *        MS_ADDR_A_IN6: NLA_BINARY, exactly 16 bytes, AF_INET6 only
 *        MS_ADDR_A_PORT: NLA_U16, 1..65535
 *        MS_ADDR_A_RTCP_PORT: NLA_U16, when RTCP is neither muxed nor on
 *                             port + 1
 *
 * Which attributes each command needs, and which role may send it, is in
 * docs/netlink.md and in lib/nl_cmd.c, the table the receivers enforce.
 */
#ifndef MEDIASEC_INCLUDE_NETLINK_H
#define MEDIASEC_INCLUDE_NETLINK_H

#include <linux/types.h>

#include "mediasec/enums.h"

#define MEDIASEC_GENL_NAME	"mediasec"
#define MEDIASEC_GENL_VERSION	1
#define MEDIASEC_GENL_MCGRP_EVENTS "events"

/*
 * NETLINK_USERSOCK port ids. The kernel autobinds a socket to its tgid
 * (at most PID_MAX_LIMIT, 2^22) and, when that is taken, to values counting
 * down from -4096 (0xfffff000). 0x4D53xxxx ("MS") is above the first range
 * and far below the second, so no autobound socket can squat our ports;
 * a process that binds them explicitly still can, which is why clients check
 * the SCM_CREDENTIALS of replies.
 */
#define MS_NL_PORT_DAEMON	0x4D530001U	/* mediasecd */
#define MS_NL_PORT_DP		0x4D530002U	/* mediasec-dp control thread */

/*
 * nlmsg_type on NETLINK_USERSOCK, where no genl controller hands out family
 * ids. Any value >= NLMSG_MIN_TYPE (0x10) is free on that protocol.
 */
#define MS_NL_USERSOCK_TYPE	0x4D53

/*
 * Events on mediasec.ko go to the genl multicast group
 * MEDIASEC_GENL_MCGRP_EVENTS. NETLINK_USERSOCK multicast groups can be joined
 * and sent to by any process (NL_CFG_F_NONROOT_RECV | _SEND), so mediasecd
 * does not use them: it unicasts MS_CMD_EVENT to the port ids that sent an
 * authorized MS_CMD_EVENT_SUBSCRIBE, and forgets a port once a send fails
 * with ECONNREFUSED.
 */
#define MS_SRTP_KEYS_MAX	4	/* keys per direction, selected by MKI */
#define MS_SRTP_REPLAY_MIN	64	/* RFC 3711 3.3.2: SHOULD be >= 64 */
#define MS_SESSION_LEGS_MAX	8
#define MS_LABEL_MAX		64	/* session label, with the NUL */
#define MS_TEXT_MAX		256	/* event text, with the NUL */
#define MS_ERROR_MSG_MAX	256
#define MS_CERT_SANS_MAX	8
#define MS_CERT_SAN_MAX		256	/* one SAN string, with the NUL */
#define MS_CERT_SUBJECT_MAX	256
#define MS_CERT_PASSWORD_MAX	128
#define MS_CERT_DATA_MAX	60000	/* nla_len is 16 bits */
#define MS_CERT_FINGERPRINT_LEN	32
#define MS_CERT_DAYS_MAX	1095	/* REQUIREMENTS.md 3: never more */
#define MS_CERT_DAYS_DEFAULT	825
#define MS_PACKET_MAX		9216	/* jumbo frame UDP payload */
#define MS_VERSION_MAX		64
#define MS_REALM_NAME_MAX	32	/* realm name, with the NUL */
/* Largest message: receivers size their buffers for it. */
#define MS_NL_MSG_MAX		(65536 + 4096)

enum ms_cmd {
	MS_CMD_UNSPEC,
	MS_CMD_SESSION_NEW,
	MS_CMD_SESSION_SET,
	MS_CMD_SESSION_DEL,	/* deletes its legs too */
	MS_CMD_SESSION_GET,	/* NLM_F_DUMP: every session */
	MS_CMD_LEG_NEW,
	MS_CMD_LEG_SET,
	MS_CMD_LEG_DEL,
	MS_CMD_LEG_GET,		/* NLM_F_DUMP: every leg, or one session's */
	MS_CMD_KEY_SET,		/* keys that arrive later (DTLS-SRTP) */
	MS_CMD_DENY_ADD,
	MS_CMD_DENY_DEL,
	MS_CMD_DENY_GET,	/* NLM_F_DUMP */
	MS_CMD_DENY_FLUSH,
	MS_CMD_ALLOW_ADD,
	MS_CMD_ALLOW_DEL,
	MS_CMD_ALLOW_GET,	/* NLM_F_DUMP */
	MS_CMD_ALLOW_FLUSH,
	MS_CMD_STATS_GET,
	MS_CMD_EVENT_SUBSCRIBE,
	MS_CMD_EVENT,		/* notification, never a request */
	MS_CMD_POLICY_GET,
	MS_CMD_POLICY_SET,
	MS_CMD_CERT_SHOW,
	MS_CMD_CERT_GENERATE,
	MS_CMD_CERT_CSR,
	MS_CMD_CERT_IMPORT,
	MS_CMD_CERT_TRUST_ADD,
	MS_CMD_CERT_TRUST_DEL,
	MS_CMD_CERT_TRUST_LIST,	/* NLM_F_DUMP */
	MS_CMD_CERT_CHECK,
	MS_CMD_STATUS_GET,
	MS_CMD_PUNT,		/* dataplane -> daemon: STUN/DTLS received */
	MS_CMD_INJECT,		/* daemon -> dataplane: STUN/DTLS to send */
	__MS_CMD_MAX
};
#define MS_CMD_MAX (__MS_CMD_MAX - 1)

enum ms_attr {
	MS_ATTR_UNSPEC,
	MS_ATTR_ERROR_MSG,	/* == NLMSGERR_ATTR_MSG, see above */
	MS_ATTR_SESSION,
	MS_ATTR_LEG,
	MS_ATTR_PREFIX,
	MS_ATTR_COUNTERS,
	MS_ATTR_EVENT,
	MS_ATTR_EVENT_MASK,
	MS_ATTR_SEVERITY_MIN,
	MS_ATTR_POLICY,
	MS_ATTR_CERT,
	MS_ATTR_STATUS,
	MS_ATTR_PACKET,
	MS_ATTR_DUMP_CURSOR,
	MS_ATTR_GENERATION,
	MS_ATTR_GET_FLAGS,
	MS_ATTR_FILTER,
	MS_ATTR_PORT_ID,
	MS_ATTR_SIDE,
	MS_ATTR_REALM,
	__MS_ATTR_MAX
};
#define MS_ATTR_MAX (__MS_ATTR_MAX - 1)

enum ms_session_attr {
	MS_SESSION_A_UNSPEC,
	MS_SESSION_A_ID,
	MS_SESSION_A_LABEL,
	MS_SESSION_A_LEGS,
	__MS_SESSION_A_MAX
};
#define MS_SESSION_A_MAX (__MS_SESSION_A_MAX - 1)

enum ms_leg_attr {
	MS_LEG_A_UNSPEC,
	MS_LEG_A_ID,
	MS_LEG_A_SESSION_ID,
	MS_LEG_A_PEER_ID,
	MS_LEG_A_SIDE,
	MS_LEG_A_MODE,
	MS_LEG_A_FLAGS,
	MS_LEG_A_LOCAL,
	MS_LEG_A_REMOTE,
	MS_LEG_A_SRTP_IN,
	MS_LEG_A_SRTP_OUT,
	MS_LEG_A_COUNTERS,
	__MS_LEG_A_MAX
};
#define MS_LEG_A_MAX (__MS_LEG_A_MAX - 1)

/* Which side of the gateway a leg faces; realms decide the default mode. */
enum ms_leg_side {
	MS_SIDE_UNSPEC,
	MS_SIDE_OUTSIDE,	/* untrusted: carriers, Internet, remote users */
	MS_SIDE_INSIDE,		/* trusted core */
	__MS_SIDE_MAX
};
#define MS_SIDE_MAX (__MS_SIDE_MAX - 1)

#define MS_LEG_F_RTCP_MUX	(1U << 0)	/* RFC 5761: RTCP on the RTP port */
#define MS_LEG_F_LATCH		(1U << 1)	/* learn the remote from the first
						 * packet that authenticates */
#define MS_LEG_F_EMERGENCY	(1U << 2)	/* may bypass Enforce (logged) */
#define MS_LEG_F_ALL (MS_LEG_F_RTCP_MUX | MS_LEG_F_LATCH | MS_LEG_F_EMERGENCY)

enum ms_addr_attr {
	MS_ADDR_A_UNSPEC,
	MS_ADDR_A_FAMILY,
	MS_ADDR_A_IN4,
	MS_ADDR_A_IN6,
	MS_ADDR_A_PORT,
	MS_ADDR_A_RTCP_PORT,
	__MS_ADDR_A_MAX
};
#define MS_ADDR_A_MAX (__MS_ADDR_A_MAX - 1)

enum ms_srtp_attr {
	MS_SRTP_A_UNSPEC,
	MS_SRTP_A_SUITE,
	MS_SRTP_A_KEYS,
	MS_SRTP_A_TX_KEY,
	MS_SRTP_A_REPLAY_WINDOW,
	MS_SRTP_A_FLAGS,
	__MS_SRTP_A_MAX
};
#define MS_SRTP_A_MAX (__MS_SRTP_A_MAX - 1)

enum ms_key_attr {
	MS_KEY_A_UNSPEC,
	MS_KEY_A_MASTER_KEY,
	MS_KEY_A_MASTER_SALT,
	MS_KEY_A_MKI,
	__MS_KEY_A_MAX
};
#define MS_KEY_A_MAX (__MS_KEY_A_MAX - 1)

enum ms_prefix_attr {
	MS_PREFIX_A_UNSPEC,
	MS_PREFIX_A_ADDR,
	MS_PREFIX_A_LEN,
	MS_PREFIX_A_EXPIRES,
	MS_PREFIX_A_FLAGS,
	MS_PREFIX_A_HITS,
	__MS_PREFIX_A_MAX
};
#define MS_PREFIX_A_MAX (__MS_PREFIX_A_MAX - 1)

#define MS_PREFIX_F_DYNAMIC	(1U << 0)	/* added by the failure policy */
#define MS_PREFIX_F_ALL		MS_PREFIX_F_DYNAMIC

enum ms_counters_attr {
	MS_COUNTERS_A_UNSPEC,
	MS_COUNTERS_A_RX_PACKETS,
	MS_COUNTERS_A_RX_BYTES,
	MS_COUNTERS_A_TX_PACKETS,
	MS_COUNTERS_A_TX_BYTES,
	MS_COUNTERS_A_DROPS,	/* nest: attribute type = enum ms_drop_reason */
	__MS_COUNTERS_A_MAX
};
#define MS_COUNTERS_A_MAX (__MS_COUNTERS_A_MAX - 1)

enum ms_event_attr {
	MS_EVENT_A_UNSPEC,
	MS_EVENT_A_TYPE,
	MS_EVENT_A_SEVERITY,
	MS_EVENT_A_TIME,
	MS_EVENT_A_SEQ,
	MS_EVENT_A_SOURCE,
	MS_EVENT_A_LEG_ID,
	MS_EVENT_A_TEXT,
	MS_EVENT_A_COUNT,
	MS_EVENT_A_REASON,
	__MS_EVENT_A_MAX
};
#define MS_EVENT_A_MAX (__MS_EVENT_A_MAX - 1)

enum ms_policy_attr {
	MS_POLICY_A_UNSPEC,
	MS_POLICY_A_MODE_UNTRUSTED,
	MS_POLICY_A_MODE_TRUSTED,
	MS_POLICY_A_SUITES,
	MS_POLICY_A_EMERGENCY_BYPASS,
	MS_POLICY_A_TLS_LEVEL,
	MS_POLICY_A_CERT_CHECK,
	MS_POLICY_A_REPLAY_WINDOW,
	MS_POLICY_A_DENY_THRESHOLD,
	MS_POLICY_A_DENY_WINDOW,
	MS_POLICY_A_DENY_TIME,
	MS_POLICY_A_DENY_TIME_MAX,
	__MS_POLICY_A_MAX
};
#define MS_POLICY_A_MAX (__MS_POLICY_A_MAX - 1)

/* TLS cipher policy (REQUIREMENTS.md 2). */
enum ms_tls_level {
	MS_TLS_UNSPEC,
	MS_TLS_MEDIUM,		/* set A + set B */
	MS_TLS_HIGH,		/* set A only (AES-GCM) */
	__MS_TLS_MAX
};
#define MS_TLS_MAX (__MS_TLS_MAX - 1)

/* Received-certificate check levels, cumulative (REQUIREMENTS.md 3). */
enum ms_cert_check {
	MS_CERT_CHECK_UNSPEC,
	MS_CERT_CHECK_NONE,
	MS_CERT_CHECK_LOW,
	MS_CERT_CHECK_MEDIUM,
	MS_CERT_CHECK_HIGH,
	MS_CERT_CHECK_HIGH_REMOTE,	/* High + RFC 6125 / RFC 5922 */
	MS_CERT_CHECK_MEDIUM_REMOTE,	/* Medium + RFC 6125 / RFC 5922; after
					 * HIGH_REMOTE only to keep wire values */
	__MS_CERT_CHECK_MAX
};
#define MS_CERT_CHECK_MAX (__MS_CERT_CHECK_MAX - 1)

enum ms_cert_attr {
	MS_CERT_A_UNSPEC,
	MS_CERT_A_SUBJECT,
	MS_CERT_A_SANS,
	MS_CERT_A_KEY_TYPE,
	MS_CERT_A_DAYS,
	MS_CERT_A_FORMAT,
	MS_CERT_A_DATA,
	MS_CERT_A_PASSWORD,
	MS_CERT_A_FINGERPRINT,
	MS_CERT_A_PURPOSE,
	MS_CERT_A_HOST,
	MS_CERT_A_NOT_BEFORE,
	MS_CERT_A_NOT_AFTER,
	__MS_CERT_A_MAX
};
#define MS_CERT_A_MAX (__MS_CERT_A_MAX - 1)

enum ms_cert_key_type {
	MS_CERT_KEY_UNSPEC,
	MS_CERT_KEY_ECDSA_P256,		/* the default */
	MS_CERT_KEY_RSA_2048,
	MS_CERT_KEY_RSA_3072,
	MS_CERT_KEY_RSA_4096,
	__MS_CERT_KEY_MAX
};
#define MS_CERT_KEY_MAX (__MS_CERT_KEY_MAX - 1)

enum ms_cert_format {
	MS_CERT_FMT_UNSPEC,
	MS_CERT_FMT_PEM,
	MS_CERT_FMT_DER,
	MS_CERT_FMT_PKCS12,
	__MS_CERT_FMT_MAX
};
#define MS_CERT_FMT_MAX (__MS_CERT_FMT_MAX - 1)

/* Listener classes, each with its own check level. */
enum ms_cert_purpose {
	MS_CERT_PURPOSE_UNSPEC,
	MS_CERT_PURPOSE_MANAGEMENT,
	MS_CERT_PURPOSE_TRUNK,
	MS_CERT_PURPOSE_ENDPOINT,
	__MS_CERT_PURPOSE_MAX
};
#define MS_CERT_PURPOSE_MAX (__MS_CERT_PURPOSE_MAX - 1)

enum ms_status_attr {
	MS_STATUS_A_UNSPEC,
	MS_STATUS_A_VERSION,
	MS_STATUS_A_UPTIME,
	MS_STATUS_A_SESSIONS,
	MS_STATUS_A_LEGS,
	MS_STATUS_A_DENY_ENTRIES,
	MS_STATUS_A_DATAPATHS,
	MS_STATUS_A_ROLE,
	MS_STATUS_A_CERT_NOT_AFTER,
	__MS_STATUS_A_MAX
};
#define MS_STATUS_A_MAX (__MS_STATUS_A_MAX - 1)

/*
 * MS_ATTR_GET_FLAGS of MS_CMD_LEG_GET.
 *
 * MS_GET_F_COUNTERS: each leg with MS_LEG_A_COUNTERS. mediasec-dp always
 * sends its counters; mediasecd asks mediasec-dp for them, once per leg, so
 * a dump with this flag costs a dataplane request per leg.
 *
 * MS_GET_F_KEYS: each leg with its master keys (MS_SRTP_A_KEYS), so that a
 * restarted mediasecd can take back the keys of the legs it adopts and push
 * them again when mediasec-dp restarts later. Only mediasec-dp honours it,
 * and only for root or its configured daemon uid (the kernel-stamped
 * SCM_CREDENTIALS of the request, on a local NETLINK_USERSOCK socket that
 * never leaves the host); anyone else gets EPERM. mediasecd refuses it
 * (EPERM): it never returns keys, not even to root. mediasecctl never sets
 * it. Both sides wipe the buffers that held the keys.
 */
#define MS_GET_F_COUNTERS	(1U << 0)
#define MS_GET_F_KEYS		(1U << 1)
#define MS_GET_F_ALL		(MS_GET_F_COUNTERS | MS_GET_F_KEYS)

#define MS_STATUS_DP_DPDK	(1U << 0)	/* mediasec-dp */
#define MS_STATUS_DP_KMOD	(1U << 1)	/* mediasec.ko */
#define MS_STATUS_DP_XDP	(1U << 2)	/* XDP filter loaded */
#define MS_STATUS_DP_ALL (MS_STATUS_DP_DPDK | MS_STATUS_DP_KMOD | MS_STATUS_DP_XDP)

enum ms_filter_attr {
	MS_FILTER_A_UNSPEC,
	MS_FILTER_A_DROPPED,
	MS_FILTER_A_PASSED,
	MS_FILTER_A_REDIRECTED,
	MS_FILTER_A_DROPS,	/* nest: attribute type = enum ms_drop_reason */
	MS_FILTER_A_ACCEPTS,	/* nest: attribute type = enum ms_pf_accept */
	MS_FILTER_A_EVENTS,
	MS_FILTER_A_EVENTS_LOST,
	MS_FILTER_A_SCANS,
	MS_FILTER_A_DYNAMIC_DENIES,
	MS_FILTER_A_DENY_HITS,
	__MS_FILTER_A_MAX
};
#define MS_FILTER_A_MAX (__MS_FILTER_A_MAX - 1)

enum ms_packet_attr {
	MS_PACKET_A_UNSPEC,
	MS_PACKET_A_LEG_ID,
	MS_PACKET_A_KIND,
	MS_PACKET_A_REMOTE,
	MS_PACKET_A_DATA,
	__MS_PACKET_A_MAX
};
#define MS_PACKET_A_MAX (__MS_PACKET_A_MAX - 1)

/* RFC 7983 first-byte demultiplexing of what the dataplane punts. */
enum ms_packet_kind {
	MS_PACKET_UNSPEC,
	MS_PACKET_STUN,		/* first byte 0..3 */
	MS_PACKET_DTLS,		/* first byte 20..63 */
	__MS_PACKET_MAX
};
#define MS_PACKET_KIND_MAX (__MS_PACKET_MAX - 1)

#endif /* MEDIASEC_INCLUDE_NETLINK_H */
