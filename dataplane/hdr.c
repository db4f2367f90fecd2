/* SPDX-License-Identifier: BSD-3-Clause */
/* Ethernet, IP and UDP headers of the datagrams the gateway sends (hdr.h). */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "hdr.h"
#include "parse.h"

#define IPV4_TTL	64	/* we terminate UDP: the datagram starts afresh */
#define IPV6_HOPS	64

void dp_hdr_put_l2(void *frame, const uint8_t dst[6], const uint8_t src[6], bool vlan,
		   uint16_t tci, uint16_t ether_type)
{
	struct rte_ether_hdr *eh = frame;

	memcpy(&eh->dst_addr, dst, RTE_ETHER_ADDR_LEN);
	memcpy(&eh->src_addr, src, RTE_ETHER_ADDR_LEN);
	if (vlan) {
		struct rte_vlan_hdr *vh = (struct rte_vlan_hdr *)(eh + 1);

		eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
		vh->vlan_tci = rte_cpu_to_be_16(tci);
		vh->eth_proto = rte_cpu_to_be_16(ether_type);
	} else {
		eh->ether_type = rte_cpu_to_be_16(ether_type);
	}
}

uint16_t dp_hdr_put_l3(void *l3, const struct dp_endpoint *src,
		       const struct dp_endpoint *dst, uint8_t tos, uint16_t udp_len)
{
	if (src->family == AF_INET) {
		struct rte_ipv4_hdr *ip = l3;

		*ip = (struct rte_ipv4_hdr){
			.version_ihl = RTE_IPV4_VHL_DEF,
			.type_of_service = tos,
			.total_length = rte_cpu_to_be_16(sizeof(*ip) + udp_len),
			.fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG),
			.time_to_live = IPV4_TTL,
			.next_proto_id = IPPROTO_UDP,
		};
		memcpy(&ip->src_addr, src->addr, 4);
		memcpy(&ip->dst_addr, dst->addr, 4);
		return RTE_ETHER_TYPE_IPV4;
	} else {
		struct rte_ipv6_hdr *ip = l3;

		ip->vtc_flow = rte_cpu_to_be_32(6u << 28 |
						(uint32_t)tos << RTE_IPV6_HDR_TC_SHIFT);
		ip->payload_len = rte_cpu_to_be_16(udp_len);
		ip->proto = IPPROTO_UDP;
		ip->hop_limits = IPV6_HOPS;
		memcpy(ip->src_addr, src->addr, 16);
		memcpy(ip->dst_addr, dst->addr, 16);
		return RTE_ETHER_TYPE_IPV6;
	}
}

void dp_hdr_put_cksums(struct rte_mbuf *m, void *l3, struct rte_udp_hdr *uh,
		       bool v4, uint64_t offloads)
{
	struct rte_ipv4_hdr *ip4 = l3;

	m->ol_flags |= v4 ? RTE_MBUF_F_TX_IPV4 : RTE_MBUF_F_TX_IPV6;
	if (v4) {
		if (offloads & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM)
			m->ol_flags |= RTE_MBUF_F_TX_IP_CKSUM;
		else
			ip4->hdr_checksum = rte_ipv4_cksum(ip4);
	}
	if (offloads & RTE_ETH_TX_OFFLOAD_UDP_CKSUM) {
		m->ol_flags |= RTE_MBUF_F_TX_UDP_CKSUM;
		uh->dgram_cksum = v4 ? rte_ipv4_phdr_cksum(l3, m->ol_flags)
				     : rte_ipv6_phdr_cksum(l3, m->ol_flags);
	} else {
		uh->dgram_cksum = v4 ? rte_ipv4_udptcp_cksum(l3, uh)
				     : rte_ipv6_udptcp_cksum(l3, uh);
	}
}
