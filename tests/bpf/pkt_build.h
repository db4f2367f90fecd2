/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Crafted test frames for the packet filter tests, described as data
 * (struct pkt_spec) and built by small per-header helpers.
 */
#ifndef MEDIASEC_TESTS_BPF_PKT_BUILD_H
#define MEDIASEC_TESTS_BPF_PKT_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define PKT_MAX		1514
#define PKT_EXT_MAX	8

/* Deliberate defects, to reach the parsers' error paths. */
enum pkt_defect {
	PKT_OK = 0,
	PKT_BAD_IHL,		/* IPv4 ihl 4 */
	PKT_BAD_VERSION,	/* IP version nibble wrong */
	PKT_BAD_TCP_DOFF,	/* TCP data offset 4 */
	PKT_BAD_UDP_LEN,	/* UDP length 7 */
};

struct pkt_spec {
	uint16_t vlan[3];	/* tags outermost first, 0 ends the list */
	uint16_t ethertype;	/* non-IP frames (ARP, LLDP); 0 = from src */
	const char *src;	/* IPv4 or IPv6 source; the family follows */
	const char *dst;	/* NULL: a default of the source's family */
	uint8_t proto;		/* IPPROTO_* after the IP/extension headers */
	uint16_t sport, dport;
	uint8_t icmp_type;
	uint8_t ip_opts;	/* IPv4 option bytes, a multiple of 4, <= 40 */
	uint16_t frag;		/* IPv4 frag_off or IPv6 fragment header
				 * frag_off field, host order */
	uint8_t ext[PKT_EXT_MAX]; /* IPv6 extension header types, in order */
	uint8_t n_ext;		/* (type 0 is hop-by-hop: no terminator) */
	uint16_t payload;	/* bytes after the L4 header */
	enum pkt_defect defect;
};

/* Builds the frame into buf (PKT_MAX bytes); returns its length or 0. */
size_t pkt_build(uint8_t *buf, const struct pkt_spec *spec);

#endif /* MEDIASEC_TESTS_BPF_PKT_BUILD_H */
