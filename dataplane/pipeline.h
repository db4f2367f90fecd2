/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The per-burst work of one worker: parse, look the legs up, demultiplex
 * (RFC 7983, RFC 5761), unprotect with the receiving leg's SRTP context,
 * protect with its peer's, and rewrite each datagram to leave from the peer
 * leg to the peer's remote. The caller owns the ports: it receives the
 * burst, then transmits, punts or frees each packet as the verdicts say.
 */
#ifndef MEDIASEC_DATAPLANE_PIPELINE_H
#define MEDIASEC_DATAPLANE_PIPELINE_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_config.h>
#include <rte_ether.h>

#include <mediasec/enums.h>
#include <mediasec/netlink.h>

struct dp_leg_table;
struct dp_sec_report;
struct dp_srtp_engine;
struct rte_mbuf;

#define DP_BURST_MAX	32
#define DP_PORTS_MAX	RTE_MAX_ETHPORTS

/*
 * RFC 7983 on a media port's datagram, by its first byte: 0 for RTP/RTCP,
 * 1 for what goes to the control plane (kind says STUN or DTLS), -1 for
 * anything else. The workers demultiplex with it, the punt path too.
 */
static inline int dp_demux_first_byte(uint8_t b0, enum ms_packet_kind *kind)
{
	if (b0 <= 3)
		*kind = MS_PACKET_STUN;
	else if (b0 >= 20 && b0 <= 63)
		*kind = MS_PACKET_DTLS;
	else if (b0 >= 128 && b0 <= 191)
		return 0;
	else
		return -1;
	return 1;
}

/*
 * What the pipeline needs to know of a port, set by the caller before the
 * workers start. Next hops are per leg (struct dp_nh), not per port.
 */
struct dp_port_conf {
	struct rte_ether_addr mac;	/* the port's own: frames leave from it */
	uint16_t vlan_tci;		/* with vlan */
	uint8_t vlan;			/* tag frames that leave this port */
	uint8_t exception;		/* hand host traffic to the kernel (DP_ACT_KERNEL) */
	uint16_t media_lo, media_hi;	/* UDP ports of legs (host order), inclusive */
	uint64_t tx_offloads;		/* RTE_ETH_TX_OFFLOAD_{IPV4,UDP}_CKSUM enabled */
};

/* One worker's counters for one port; rx and drops by the receiving port. */
struct dp_port_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t punt_packets;
	uint64_t kernel_packets;
	uint64_t drops[__MS_DROP_MAX];
} __rte_cache_aligned;

enum dp_action {
	DP_ACT_DROP = 0,
	DP_ACT_TX,
	DP_ACT_PUNT,		/* STUN or DTLS for the control plane; hash.usr = leg id */
	DP_ACT_KERNEL,		/* for the host (ARP, ND, ICMP, ...): the port's TAP */
};

/* The verdict on one packet of a burst. */
struct dp_pkt_out {
	uint16_t port;		/* DP_ACT_TX: the port to send on */
	uint8_t action;		/* enum dp_action */
	uint8_t reason;		/* DROP: enum ms_drop_reason; PUNT: enum ms_packet_kind */
};

/* One worker's pipeline: built before its loop, touched by it alone. */
struct dp_pipeline {
	struct dp_leg_table *legs;
	const struct dp_srtp_engine *engine;
	const struct dp_port_conf *ports;	/* DP_PORTS_MAX entries */
	uint16_t worker;			/* slot in the legs' stats, RCU id */
	struct dp_sec_report *sec;		/* SRTP failures for the blacklist; NULL: none */
	struct dp_port_stats stats[DP_PORTS_MAX];
} __rte_cache_aligned;

/*
 * On the worker's thread, before its loop: runs the engine's thread_init.
 * ports must outlive the pipeline. 0 or -errno.
 */
int dp_pipeline_init(struct dp_pipeline *p, struct dp_leg_table *legs,
		     const struct dp_srtp_engine *engine,
		     const struct dp_port_conf *ports, uint16_t worker);

/*
 * Process n <= DP_BURST_MAX packets received on rx_port; one verdict per
 * packet in out. Returns how many are DP_ACT_TX. Packets to transmit are
 * rewritten in place, the others are left untouched (but for a punted
 * one's hash.usr) for the caller to free, punt or hand to the kernel.
 * The caller reports a quiescent state to the leg table between bursts.
 */
uint16_t dp_pipeline_run(struct dp_pipeline *p, uint16_t rx_port,
			 struct rte_mbuf **pkts, uint16_t n,
			 struct dp_pkt_out *out);

#endif /* MEDIASEC_DATAPLANE_PIPELINE_H */
