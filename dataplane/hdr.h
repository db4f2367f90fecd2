/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fresh Ethernet, IP and UDP headers for a datagram the gateway sends: relayed media
 * (pipeline.c) and datagrams mediasecd injects (control/inject.c).
 */
#ifndef MEDIASEC_DATAPLANE_HDR_H
#define MEDIASEC_DATAPLANE_HDR_H

#include <stdbool.h>
#include <stdint.h>

struct dp_endpoint;
struct rte_mbuf;
struct rte_udp_hdr;

/*
 * The Ethernet header at frame, with an 802.1Q tag (tci) when vlan, for a
 * payload of ether_type (host order). The caller leaves room for the tag.
 */
void dp_hdr_put_l2(void *frame, const uint8_t dst[6], const uint8_t src[6], bool vlan,
		   uint16_t tci, uint16_t ether_type);

/* The IPv4 or IPv6 header from src to dst (src's family); returns its ethertype. */
uint16_t dp_hdr_put_l3(void *l3, const struct dp_endpoint *src,
		       const struct dp_endpoint *dst, uint8_t tos, uint16_t udp_len);

/* Checksums in software, or the flags and seeds for the port's offloads. */
void dp_hdr_put_cksums(struct rte_mbuf *m, void *l3, struct rte_udp_hdr *uh,
		       bool v4, uint64_t offloads);

#endif /* MEDIASEC_DATAPLANE_HDR_H */
