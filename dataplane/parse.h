/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Burst parse of received frames: Ethernet, at most one 802.1Q tag, IPv4 or
 * IPv6, UDP. Every length is checked against the mbuf and against the
 * enclosing header; anything the gateway does not relay gets a drop reason.
 */
#ifndef MEDIASEC_DATAPLANE_PARSE_H
#define MEDIASEC_DATAPLANE_PARSE_H

#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_common.h>

struct rte_mbuf;

/*
 * An address and UDP port, laid out to be the leg table's hash key as is:
 * IPv4 in the first 4 bytes of addr, the rest and pad zero. 8-byte aligned
 * because the CRC hash reads it 8 bytes at a time.
 */
struct dp_endpoint {
	uint8_t addr[16];	/* network byte order */
	rte_be16_t port;
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t pad[5];
} __rte_aligned(8);

#define DP_META_VLAN	0x01	/* frame carried an 802.1Q tag */

/* What the packet path needs of one received frame: one cache line. */
struct dp_pkt_meta {
	struct dp_endpoint src;
	struct dp_endpoint dst;
	uint16_t l3_off;	/* IP header */
	uint16_t l4_off;	/* UDP header; the payload follows it */
	uint16_t payload_len;	/* UDP length - 8: Ethernet padding excluded */
	uint16_t vlan_tci;	/* host order, with DP_META_VLAN */
	uint8_t tos;		/* IPv4 TOS or IPv6 traffic class, relayed */
	uint8_t flags;		/* DP_META_* */
	uint8_t drop;		/* enum ms_drop_reason; MS_DROP_NONE if good */
};
_Static_assert(sizeof(struct dp_pkt_meta) <= RTE_CACHE_LINE_SIZE, "meta fits a line");

#define DP_UDP_HDR_LEN	8

static inline uint16_t dp_pkt_meta_payload_off(const struct dp_pkt_meta *pm)
{
	return pm->l4_off + DP_UDP_HDR_LEN;
}

/*
 * Parse n frames into meta[0..n-1]. Every entry gets drop set (MS_DROP_NONE
 * for a good UDP datagram); the other fields are valid only when it is
 * MS_DROP_NONE. Returns how many are good. The mbufs are not modified.
 */
uint16_t dp_pkt_parse_burst(struct rte_mbuf *const *pkts, uint16_t n,
			    struct dp_pkt_meta *meta);

#endif /* MEDIASEC_DATAPLANE_PARSE_H */
