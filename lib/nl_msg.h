/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Plain C views of mediasec control messages (include/mediasec/netlink.h)
 * and the functions that turn them into netlink messages and back.
 *
 * Every struct starts with a "present" mask: bit (1 << attribute type) is
 * set for each attribute that was (or is to be) on the wire. Builders put
 * exactly the present attributes, parsers set exactly the ones they found,
 * so *_SET requests change only what they carry.
 *
 * Structs holding key material (struct ms_srtp_key, hence leg, session and
 * msg, and the PKCS#12 password in struct ms_cert) must be wiped with
 * ms_nl_msg_clear() once used.
 */
#ifndef MEDIASEC_LIB_NL_MSG_H
#define MEDIASEC_LIB_NL_MSG_H

#include <stddef.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "mediasec/netlink.h"

struct nl_msg;
struct nlmsghdr;

#define MS_BIT(type) (1ULL << (type))

struct ms_addr {
	__u64 present;
	__u16 family;
	__u8 in4[4];		/* network byte order */
	__u8 in6[16];
	__u16 port;
	__u16 rtcp_port;
};

struct ms_srtp_key {
	__u64 present;
	__u8 key[MS_SRTP_MASTER_KEY_MAX];
	__u16 key_len;
	__u8 salt[MS_SRTP_MASTER_SALT_MAX];
	__u16 salt_len;
	__u8 mki[MS_SRTP_MKI_MAX];
	__u16 mki_len;
};

struct ms_srtp_dir {
	__u64 present;
	__u8 suite;
	__u16 nkeys;
	struct ms_srtp_key keys[MS_SRTP_KEYS_MAX];
	__u8 tx_key;
	__u32 replay_window;
	__u32 flags;
};

struct ms_drops {
	__u64 present;		/* bit (1 << enum ms_drop_reason) */
	__u64 count[__MS_DROP_MAX];
};

struct ms_counters {
	__u64 present;
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets;
	__u64 tx_bytes;
	struct ms_drops drops;
};

struct ms_accepts {
	__u64 present;		/* bit (1 << enum ms_pf_accept) */
	__u64 count[__MS_PF_ACCEPT_MAX];
};

/* The packet filter's counters (MS_ATTR_FILTER). */
struct ms_filter_stats {
	__u64 present;
	__u64 dropped;
	__u64 passed;
	__u64 redirected;
	struct ms_drops drops;
	struct ms_accepts accepts;
	__u64 events;
	__u64 events_lost;
	__u64 scans;
	__u64 dynamic_denies;
	__u64 deny_hits;
};

struct ms_leg {
	__u64 present;
	__u32 id;
	__u32 session_id;
	__u32 peer_id;
	__u8 side;
	__u8 mode;
	__u32 flags;
	struct ms_addr local;
	struct ms_addr remote;
	struct ms_srtp_dir in;
	struct ms_srtp_dir out;
	struct ms_counters counters;
};

struct ms_session {
	__u64 present;
	__u32 id;
	char label[MS_LABEL_MAX];
	__u16 nlegs;
	struct ms_leg legs[MS_SESSION_LEGS_MAX];
};

struct ms_prefix {
	__u64 present;
	struct ms_addr addr;
	__u8 len;
	__u32 expires;
	__u32 flags;
	__u64 hits;
};

struct ms_event {
	__u64 present;
	__u8 type;
	__u8 severity;
	__u64 time_ns;
	__u64 seq;
	struct ms_addr source;
	__u32 leg_id;
	char text[MS_TEXT_MAX];
	__u32 count;
	__u8 reason;
};

struct ms_policy {
	__u64 present;
	__u8 mode_untrusted;
	__u8 mode_trusted;
	__u32 suites;
	__u8 emergency_bypass;
	__u8 tls_level;
	__u8 cert_check;
	__u32 replay_window;
	__u32 deny_threshold;
	__u32 deny_window;
	__u32 deny_time;
	__u32 deny_time_max;
};

struct ms_cert {
	__u64 present;
	char subject[MS_CERT_SUBJECT_MAX];
	__u16 nsans;
	char sans[MS_CERT_SANS_MAX][MS_CERT_SAN_MAX];
	__u8 key_type;
	__u32 days;
	__u8 format;
	const void *data;	/* points into the parsed buffer, not copied */
	__u32 data_len;
	char password[MS_CERT_PASSWORD_MAX];
	__u8 fingerprint[MS_CERT_FINGERPRINT_LEN];
	__u8 purpose;
	char host[MS_CERT_SAN_MAX];
	__u64 not_before;
	__u64 not_after;
};

struct ms_status {
	__u64 present;
	char version[MS_VERSION_MAX];
	__u64 uptime;
	__u32 sessions;
	__u32 legs;
	__u32 deny_entries;
	__u32 datapaths;
	__u8 role;
	__u64 cert_not_after;
};

struct ms_packet {
	__u64 present;
	__u32 leg_id;
	__u8 kind;
	struct ms_addr remote;
	const void *data;	/* points into the parsed buffer, not copied */
	__u32 data_len;
};

/* One control message: header fields, then the top-level attributes. */
struct ms_msg {
	__u64 present;		/* bit (1 << enum ms_attr) */
	char error_msg[MS_ERROR_MSG_MAX];
	struct ms_session session;
	struct ms_leg leg;
	struct ms_prefix prefix;
	struct ms_counters counters;
	struct ms_event event;
	__u32 event_mask;
	__u8 severity_min;
	struct ms_policy policy;
	struct ms_cert cert;
	struct ms_status status;
	struct ms_packet packet;
	__u64 dump_cursor;
	__u32 generation;
	__u32 get_flags;	/* MS_GET_F_* */
	struct ms_filter_stats filter;
	__u16 port_id;
	__u8 side;		/* enum ms_leg_side */
	char realm[MS_REALM_NAME_MAX];

	/* Headers, not attributes. */
	__u16 nl_type;		/* genl family id or MS_NL_USERSOCK_TYPE */
	__u16 nl_flags;		/* NLM_F_* */
	__u32 seq;
	__u32 portid;
	__u8 cmd;		/* enum ms_cmd */
};

/* Allocate a message with nlmsghdr + genlmsghdr for cmd; NULL on ENOMEM. */
struct nl_msg *ms_nl_msg_alloc(__u16 nl_type, __u8 cmd, __u16 nl_flags,
			       __u32 seq);
/* Append the present attributes of m to msg. */
int ms_nl_msg_put(struct nl_msg *msg, const struct ms_msg *m);
/* ms_nl_msg_alloc() from m's header fields, then ms_nl_msg_put(). */
int ms_nl_msg_build(const struct ms_msg *m, struct nl_msg **out);
/* Wipe the message bytes (they may hold keys), then nlmsg_free(). */
void ms_nl_msg_free(struct nl_msg *msg);

/*
 * Validate and parse one message of len bytes. A message with NLM_F_REQUEST
 * must also satisfy its command's rules (lib/nl_cmd.c): mandatory
 * attributes, attributes allowed, dump or not. On error returns -errno,
 * leaves m wiped and writes a message naming the attribute into err.
 * Pointers in m (cert.data, packet.data) point into buf. buf must be
 * 4-byte aligned (NLMSG_ALIGNTO), as any recv() buffer from malloc is.
 */
int ms_nl_msg_parse(const void *buf, size_t len, struct ms_msg *m,
		    char *err, size_t errlen);

/* Wipe m, key material included (OPENSSL_cleanse). */
void ms_nl_msg_clear(struct ms_msg *m);
void ms_nl_srtp_dir_clear(struct ms_srtp_dir *d);

/*
 * Error replies: NLMSG_ERROR, capped request header, then MS_ATTR_ERROR_MSG
 * as an ACK TLV. error is 0 for an ACK or -errno.
 */
int ms_nl_error_build(const struct nlmsghdr *req, __u32 portid, int error,
		      const char *text, struct nl_msg **out);
/*
 * The same reply written into buf (no allocation, for servers that batch
 * their replies): returns its length, -EMSGSIZE when room is too small
 * (MS_NL_ERROR_MAX always does) or -EINVAL for a positive error.
 */
#define MS_NL_ERROR_MAX	(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nlmsgerr)) + \
			 NLA_HDRLEN + NLA_ALIGN(MS_ERROR_MSG_MAX))
int ms_nl_error_put(void *buf, size_t room, const struct nlmsghdr *req, __u32 portid,
		    int error, const char *text);
/*
 * Parse an NLMSG_ERROR from mediasecd or (extack) mediasec.ko. Stores the
 * peer's error (0 for an ACK) in *error and its message, or "", in text.
 */
int ms_nl_error_parse(const void *buf, size_t len, int *error,
		      char *text, size_t textlen);

#endif /* MEDIASEC_LIB_NL_MSG_H */
