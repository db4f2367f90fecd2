/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

static uint16_t ip_checksum(const void *hdr, size_t len)
{
	const uint16_t *w = hdr;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *w++;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int frame_flow_parse(struct frame_flow *fl, const char *prog, const char *src,
		     const char *dst, const char *port)
{
	unsigned long n;
	char *end;

	if (inet_pton(AF_INET, src, &fl->src) != 1) {
		fprintf(stderr, "%s: invalid IPv4 address \"%s\"\n", prog, src);
		return -EINVAL;
	}
	if (inet_pton(AF_INET, dst, &fl->dst) != 1) {
		fprintf(stderr, "%s: invalid IPv4 address \"%s\"\n", prog, dst);
		return -EINVAL;
	}
	errno = 0;
	n = strtoul(port, &end, 10);
	if (errno || *end || end == port || port[0] == '-' || !n || n > 65535) {
		fprintf(stderr, "%s: invalid port \"%s\" (1..65535)\n", prog, port);
		return -EINVAL;
	}
	fl->port = (uint16_t)n;
	return 0;
}

void frame_build(uint8_t f[FRAME_LEN], const uint8_t src_mac[ETH_ALEN],
		 const uint8_t dst_mac[ETH_ALEN], const struct frame_flow *fl)
{
	struct ether_header *eth = (struct ether_header *)f;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	struct udphdr *udp = (struct udphdr *)(ip + 1);

	memset(f, 0, FRAME_LEN);
	memcpy(eth->ether_dhost, dst_mac, ETH_ALEN);
	memcpy(eth->ether_shost, src_mac, ETH_ALEN);
	eth->ether_type = htons(ETHERTYPE_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(FRAME_LEN - sizeof(*eth));
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->saddr = fl->src.s_addr;
	ip->daddr = fl->dst.s_addr;
	ip->check = ip_checksum(ip, sizeof(*ip));
	udp->source = htons(40000);
	udp->dest = htons(fl->port);
	udp->len = htons(FRAME_LEN - sizeof(*eth) - sizeof(*ip));
	/* UDP checksum 0: none, valid for IPv4 */
}
