/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A leg: one media endpoint of a session on the gateway, as the packet path
 * sees it. Created and freed on the control thread (leg_table.c owns the
 * lifetime); read by workers without locks. The only fields a worker writes
 * are its own stats slot and, once, a latched remote.
 */
#ifndef MEDIASEC_DATAPLANE_LEG_H
#define MEDIASEC_DATAPLANE_LEG_H

#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_common.h>

#include <mediasec/enums.h>

#include "parse.h"

struct dp_srtp_ctx;
struct dp_srtp_policy;
struct dp_srtp_engine;
struct ms_addr;
struct ms_counters;
struct ms_leg;

/*
 * A next hop: the Ethernet address frames to a leg's remote go to, packed in
 * the low 48 bits (first byte highest) with DP_NH_VALID above them, so that
 * a worker reads address and validity in one atomic load. Shared between
 * the legs behind the same neighbour (app/nexthop.c), or a leg's own_nh.
 */
struct dp_nh {
	uint64_t mac;		/* atomic */
};

#define DP_NH_VALID	(UINT64_C(1) << 48)

/* Reasons a leg can be blamed for: those decided after the leg lookup. */
#define DP_LEG_DROP_FIRST	MS_DROP_BAD_SOURCE
#define DP_LEG_DROPS		(__MS_DROP_MAX - DP_LEG_DROP_FIRST)

#define DP_LEG_GAVE_IN	0x1
#define DP_LEG_GAVE_OUT	0x2

/* struct dp_leg.keys_pending: an SRTP direction whose keys DTLS has yet to give */
#define DP_LEG_PENDING_IN	0x1
#define DP_LEG_PENDING_OUT	0x2

/*
 * One worker's counters for one leg. rx and the drops are counted by the
 * worker that receives on this leg, tx by the one that receives on its
 * peer; a slot per worker keeps every counter single-writer. Slots are not
 * padded to a cache line: that would triple a leg's size for a false
 * sharing that only happens when a pair's two legs land on different
 * workers.
 */
struct dp_leg_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t drops[DP_LEG_DROPS];	/* index reason - DP_LEG_DROP_FIRST */
};

struct dp_leg {
	/* Packet path, read-mostly: the first two cache lines (up to engine). */
	struct dp_endpoint local;
	struct dp_endpoint remote;	/* meaningful once remote_known */
	rte_be16_t local_rtcp_port;	/* == local.port with rtcp-mux */
	rte_be16_t remote_rtcp_port;
	uint8_t remote_known;	/* atomic; set at create, or once by latching */
	uint8_t mode;		/* enum ms_leg_mode */
	uint16_t port;		/* DPDK port that carries the local address */
	uint32_t flags;		/* MS_LEG_F_* */
	uint8_t keys_pending;	/* DP_LEG_PENDING_*: no context yet, media dropped */
	/* Control path, set before the leg is published: in line 0's padding. */
	uint8_t side;		/* enum ms_leg_side, as configured */
	uint8_t suite[2];	/* enum ms_srtp_suite in, out; 0 plain: for replies */
	struct dp_srtp_ctx *srtp_in;	/* unprotects what the remote sends; NULL: plain */
	struct dp_srtp_ctx *srtp_out;	/* protects what we send it; NULL: plain */
	struct dp_leg *peer;	/* atomic; NULL until both legs exist */
	struct dp_nh *nh;	/* atomic; where frames to remote go; NULL: nowhere yet */

	/* Control path. */
	const struct dp_srtp_engine *engine;
	uint32_t id;
	uint32_t peer_id;
	int32_t key_pos[2];	/* leg table slots: RTP port, RTCP port (or -1) */
	uint16_t n_workers;
	uint8_t ctx_given;	/* DP_LEG_GAVE_*: contexts now owned by the leg
				 * that replaced this one, not freed with it */
	uint32_t session_id;
	/* The policies (master keys) given for srtp_in and srtp_out, kept only
	 * to hand them back to the daemon (MS_GET_F_KEYS); owned with them. */
	struct dp_srtp_policy *keys[2];
	struct dp_nh own_nh;	/* the latching packet's source MAC */
	struct dp_leg_stats stats[];	/* n_workers */
};

/*
 * Build a leg from a parsed MS_CMD_LEG_NEW: the local address and port are
 * mandatory; the remote is mandatory unless MS_LEG_F_LATCH; an SRTP
 * direction with a suite but no keys (DTLS-SRTP) is pending: no context, its
 * bit in keys_pending, until MS_CMD_KEY_SET replaces the leg. port is
 * the DPDK port that carries the local address. NULL with errno set on
 * error. Key material in ml is left for the caller to wipe.
 */
struct dp_leg *dp_leg_create(const struct ms_leg *ml, uint16_t port,
			     const struct dp_srtp_engine *engine,
			     uint16_t n_workers);

/* An endpoint from an address with a port (the schema's MS_ADDR_A_*): 0 or -EINVAL. */
int dp_endpoint_from(struct dp_endpoint *ep, const struct ms_addr *a);

/*
 * Frees the SRTP contexts (the engine wipes their keys) and the key copies
 * (wiped) it did not give to a successor, then the leg.
 */
void dp_leg_free(struct dp_leg *leg);

/* Sum of every worker's slot, as the MS_ATTR_COUNTERS of a reply. */
void dp_leg_counters_read(const struct dp_leg *leg, struct ms_counters *c);

/* Bytes a leg with n_workers slots takes, SRTP contexts excluded. */
size_t dp_leg_size(uint16_t n_workers);

static inline struct dp_leg *dp_leg_peer(const struct dp_leg *leg)
{
	return __atomic_load_n(&leg->peer, __ATOMIC_ACQUIRE);
}

static inline uint64_t dp_nh_pack(const uint8_t mac[6])
{
	uint64_t v = 0;

	for (int i = 0; i < 6; i++)
		v = v << 8 | mac[i];
	return v | DP_NH_VALID;
}

static inline void dp_nh_unpack(uint64_t v, uint8_t mac[6])
{
	for (int i = 5; i >= 0; i--, v >>= 8)
		mac[i] = (uint8_t)v;
}

static inline void dp_nh_set(struct dp_nh *nh, uint64_t mac)
{
	__atomic_store_n(&nh->mac, mac, __ATOMIC_RELAXED);
}

/* The packed next-hop address for frames to leg's remote; 0: unresolved. */
static inline uint64_t dp_leg_nh_mac(const struct dp_leg *leg)
{
	const struct dp_nh *nh = __atomic_load_n(&leg->nh, __ATOMIC_ACQUIRE);
	uint64_t mac = nh ? __atomic_load_n(&nh->mac, __ATOMIC_RELAXED) : 0;

	return mac & DP_NH_VALID ? mac : 0;
}

/* Control thread (or the latching worker): where frames to leg's remote go. */
static inline void dp_leg_set_nh(struct dp_leg *leg, struct dp_nh *nh)
{
	__atomic_store_n(&leg->nh, nh, __ATOMIC_RELEASE);
}

static inline int dp_leg_remote_known(const struct dp_leg *leg)
{
	return __atomic_load_n(&leg->remote_known, __ATOMIC_ACQUIRE);
}

#endif /* MEDIASEC_DATAPLANE_LEG_H */
