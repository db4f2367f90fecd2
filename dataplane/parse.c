/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frame parsing for the packet path (xdp-tools style: a cursor, one
 * parse_*() per header, each returning a drop reason).
 *
 * Policy, strict on purpose since a media port only ever sees RTP, RTCP,
 * STUN and DTLS over UDP:
 * - one 802.1Q tag at most; QinQ and other ethertypes are MS_DROP_PROTOCOL;
 * - IPv4 with options and IPv6 with extension headers are
 *   MS_DROP_IP_OPTIONS, fragments (either family) MS_DROP_FRAGMENT;
 * - the UDP length must equal the IP payload length, which must fit in the
 *   frame; bytes after it are Ethernet padding and ignored;
 * - frames spread over several segments are MS_DROP_PROTOCOL: the SRTP
 *   engine needs the datagram contiguous, and our ports receive into
 *   mbufs sized for a full frame, so only a misconfigured port makes them.
 * The UDP checksum is not checked: SRTP authenticates what matters, and
 * the relayed datagram gets a fresh checksum.
 */
#include <netinet/in.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>
#include <rte_udp.h>

#include <mediasec/enums.h>

#include "parse.h"

/* Headers of the packet after next are on their way while this one parses. */
#define PREFETCH_AHEAD	3

struct cursor {
	const uint8_t *data;
	uint16_t len;		/* bytes in the frame */
	uint16_t off;		/* next header */
};

static const void *take(struct cursor *c, uint16_t n)
{
	const void *p;

	if (c->len - c->off < n)
		return NULL;
	p = c->data + c->off;
	c->off += n;
	return p;
}

static enum ms_drop_reason parse_eth(struct cursor *c, const struct rte_mbuf *m,
				     struct dp_pkt_meta *pm, uint16_t *type)
{
	const struct rte_ether_hdr *eh = take(c, sizeof(*eh));
	const struct rte_vlan_hdr *vh;

	if (!eh)
		return MS_DROP_MALFORMED;
	*type = rte_be_to_cpu_16(eh->ether_type);
	if (m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED) {
		pm->flags |= DP_META_VLAN;
		pm->vlan_tci = m->vlan_tci;
	}
	if (*type == RTE_ETHER_TYPE_VLAN) {
		if (pm->flags & DP_META_VLAN)
			return MS_DROP_PROTOCOL;	/* stripped one, then another */
		vh = take(c, sizeof(*vh));
		if (!vh)
			return MS_DROP_MALFORMED;
		pm->flags |= DP_META_VLAN;
		pm->vlan_tci = rte_be_to_cpu_16(vh->vlan_tci);
		*type = rte_be_to_cpu_16(vh->eth_proto);
	}
	return MS_DROP_NONE;
}

static void set_addr(struct dp_endpoint *ep, uint8_t family, const void *a,
		     size_t len)
{
	memset(ep, 0, sizeof(*ep));
	ep->family = family;
	memcpy(ep->addr, a, len);
}

/* Sets *l4_len to the IP payload length. */
static enum ms_drop_reason parse_ipv4(struct cursor *c, const struct rte_mbuf *m,
				      struct dp_pkt_meta *pm, uint16_t *l4_len)
{
	const struct rte_ipv4_hdr *ip = take(c, sizeof(*ip));
	uint16_t tot, ihl;

	if (!ip || (ip->version_ihl >> 4) != 4)
		return MS_DROP_MALFORMED;
	ihl = rte_ipv4_hdr_len(ip);
	tot = rte_be_to_cpu_16(ip->total_length);
	if (ihl < sizeof(*ip) || tot < ihl || tot > c->len - pm->l3_off)
		return MS_DROP_MALFORMED;
	if (ihl > sizeof(*ip))
		return MS_DROP_IP_OPTIONS;
	switch (m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) {
	case RTE_MBUF_F_RX_IP_CKSUM_GOOD:
		break;
	case RTE_MBUF_F_RX_IP_CKSUM_BAD:
		return MS_DROP_IP_CHECKSUM;
	default:
		/* A correct header sums to 0xffff, so its checksum is 0. */
		if (rte_ipv4_cksum(ip) != 0)
			return MS_DROP_IP_CHECKSUM;
	}
	if (ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_MF_FLAG |
						   RTE_IPV4_HDR_OFFSET_MASK))
		return MS_DROP_FRAGMENT;
	if (ip->next_proto_id != IPPROTO_UDP)
		return MS_DROP_PROTOCOL;
	set_addr(&pm->src, AF_INET, &ip->src_addr, 4);
	set_addr(&pm->dst, AF_INET, &ip->dst_addr, 4);
	pm->tos = ip->type_of_service;
	*l4_len = tot - ihl;
	return MS_DROP_NONE;
}

static enum ms_drop_reason parse_ipv6(struct cursor *c, struct dp_pkt_meta *pm,
				      uint16_t *l4_len)
{
	const struct rte_ipv6_hdr *ip = take(c, sizeof(*ip));
	uint32_t vtc;

	if (!ip)
		return MS_DROP_MALFORMED;
	vtc = rte_be_to_cpu_32(ip->vtc_flow);
	*l4_len = rte_be_to_cpu_16(ip->payload_len);
	if (vtc >> 28 != 6 || *l4_len > c->len - c->off)
		return MS_DROP_MALFORMED;
	switch (ip->proto) {
	case IPPROTO_UDP:
		break;
	case IPPROTO_FRAGMENT:
		return MS_DROP_FRAGMENT;
	case IPPROTO_HOPOPTS:
	case IPPROTO_ROUTING:
	case IPPROTO_DSTOPTS:
		return MS_DROP_IP_OPTIONS;
	default:
		return MS_DROP_PROTOCOL;
	}
	set_addr(&pm->src, AF_INET6, ip->src_addr, 16);
	set_addr(&pm->dst, AF_INET6, ip->dst_addr, 16);
	pm->tos = (uint8_t)(vtc >> RTE_IPV6_HDR_TC_SHIFT);
	return MS_DROP_NONE;
}

static enum ms_drop_reason parse_udp(struct cursor *c, struct dp_pkt_meta *pm,
				     uint16_t l4_len)
{
	const struct rte_udp_hdr *uh = take(c, sizeof(*uh));

	if (!uh || rte_be_to_cpu_16(uh->dgram_len) != l4_len)
		return MS_DROP_MALFORMED;
	pm->src.port = uh->src_port;
	pm->dst.port = uh->dst_port;
	pm->payload_len = l4_len - sizeof(*uh);
	return MS_DROP_NONE;
}

static enum ms_drop_reason parse_one(const struct rte_mbuf *m,
				     struct dp_pkt_meta *pm)
{
	struct cursor c = {
		.data = rte_pktmbuf_mtod(m, const uint8_t *),
		.len = rte_pktmbuf_data_len(m),
	};
	enum ms_drop_reason r;
	uint16_t type, l4_len;

	pm->flags = 0;
	if (m->nb_segs != 1)
		return MS_DROP_PROTOCOL;
	r = parse_eth(&c, m, pm, &type);
	if (r != MS_DROP_NONE)
		return r;
	pm->l3_off = c.off;
	if (type == RTE_ETHER_TYPE_IPV4)
		r = parse_ipv4(&c, m, pm, &l4_len);
	else if (type == RTE_ETHER_TYPE_IPV6)
		r = parse_ipv6(&c, pm, &l4_len);
	else
		r = MS_DROP_PROTOCOL;
	if (r != MS_DROP_NONE)
		return r;
	pm->l4_off = c.off;
	return parse_udp(&c, pm, l4_len);
}

uint16_t dp_pkt_parse_burst(struct rte_mbuf *const *pkts, uint16_t n,
			    struct dp_pkt_meta *meta)
{
	uint16_t good = 0;

	for (uint16_t i = 0; i < n; i++) {
		if (i + PREFETCH_AHEAD < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + PREFETCH_AHEAD], void *));
		meta[i].drop = parse_one(pkts[i], &meta[i]);
		good += meta[i].drop == MS_DROP_NONE;
	}
	return good;
}
