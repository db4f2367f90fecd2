// SPDX-License-Identifier: BSD-3-Clause
/*
 * Builds crafted frames from a struct pkt_spec, one helper per header.
 * Checksums are left zero: the filter trusts the kernel/NIC to check them.
 */
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "pkt_build.h"
#include "tests/wire.h"

static size_t put_eth(uint8_t *b, const struct pkt_spec *s, uint16_t type)
{
	static const uint8_t dmac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const uint8_t smac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	size_t off = 12;
	int i;

	memcpy(b, dmac, 6);
	memcpy(b + 6, smac, 6);
	for (i = 0; i < 3 && s->vlan[i]; i++) {
		/* Outer tag of a stack is 802.1ad, the innermost 802.1Q. */
		int last = i == 2 || !s->vlan[i + 1];

		put16(b + off, last ? 0x8100 : 0x88a8);
		put16(b + off + 2, s->vlan[i]);
		off += 4;
	}
	put16(b + off, type);
	return off + 2;
}

static size_t put_ipv4(uint8_t *b, const struct pkt_spec *s, const struct in_addr *src,
		       const struct in_addr *dst)
{
	size_t hl = 20 + s->ip_opts;

	memset(b, 0, hl);
	b[0] = 0x40 | (hl / 4);
	if (s->defect == PKT_BAD_IHL)
		b[0] = 0x44;
	if (s->defect == PKT_BAD_VERSION)
		b[0] = 0x60 | (hl / 4);
	put16(b + 6, s->frag);
	b[8] = 64;
	b[9] = s->proto;
	memcpy(b + 12, src, 4);
	memcpy(b + 16, dst, 4);
	/* Options: NOPs, then an end-of-list, as a router might leave them. */
	if (s->ip_opts)
		memset(b + 20, 1, s->ip_opts - 1);
	return hl;
}

static size_t put_ipv6(uint8_t *b, const struct pkt_spec *s, const struct in6_addr *src,
		       const struct in6_addr *dst)
{
	memset(b, 0, 40);
	b[0] = s->defect == PKT_BAD_VERSION ? 0x40 : 0x60;
	b[6] = s->n_ext ? s->ext[0] : s->proto;
	b[7] = 64;
	memcpy(b + 8, src, 16);
	memcpy(b + 24, dst, 16);
	return 40;
}

/* One extension header of @type followed by @next; sizes vary on purpose. */
static size_t put_ext(uint8_t *b, uint8_t type, uint8_t next, uint16_t frag)
{
	size_t len;

	switch (type) {
	case IPPROTO_FRAGMENT:
		memset(b, 0, 8);
		put16(b + 2, frag);
		b[7] = 0x2a;	/* identification */
		len = 8;
		break;
	case IPPROTO_AH:
		len = 24;	/* (4 + 2) * 4: ICV of 12 bytes */
		memset(b, 0, len);
		b[1] = 4;
		break;
	case IPPROTO_DSTOPTS:
		len = 16;	/* (1 + 1) * 8, PadN filling */
		memset(b, 0, len);
		b[1] = 1;
		b[2] = 1;
		b[3] = 12;
		break;
	default:		/* hop-by-hop, routing: 8 bytes */
		len = 8;
		memset(b, 0, len);
		b[2] = 1;
		b[3] = 4;
		break;
	}
	b[0] = next;
	return len;
}

static size_t put_l4(uint8_t *b, const struct pkt_spec *s)
{
	switch (s->proto) {
	case IPPROTO_UDP:
		memset(b, 0, 8);
		put16(b, s->sport);
		put16(b + 2, s->dport);
		put16(b + 4, s->defect == PKT_BAD_UDP_LEN ? 7 : 8 + s->payload);
		return 8;
	case IPPROTO_TCP:
		memset(b, 0, 20);
		put16(b, s->sport);
		put16(b + 2, s->dport);
		b[12] = (s->defect == PKT_BAD_TCP_DOFF ? 4 : 5) << 4;
		b[13] = 0x02;	/* SYN */
		return 20;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		memset(b, 0, 8);
		b[0] = s->icmp_type;
		return 8;
	default:
		return 0;
	}
}

/* Does the spec describe a fragment that carries no L4 header? */
static int later_fragment(const struct pkt_spec *s, int v6)
{
	int i;

	if (!v6)
		return (s->frag & 0x1fff) != 0;
	for (i = 0; i < s->n_ext; i++)
		if (s->ext[i] == IPPROTO_FRAGMENT)
			return (s->frag & 0xfff8) != 0;
	return 0;
}

size_t pkt_build(uint8_t *buf, const struct pkt_spec *s)
{
	struct in6_addr src6, dst6;
	struct in_addr src4, dst4;
	size_t off, ip_off;
	int v6, i;

	memset(buf, 0, PKT_MAX);
	if (s->ethertype) {
		off = put_eth(buf, s, s->ethertype);
		return off + 28;	/* an ARP body's worth of zeros */
	}
	v6 = strchr(s->src, ':') != NULL;
	if (v6) {
		if (inet_pton(AF_INET6, s->src, &src6) != 1 ||
		    inet_pton(AF_INET6, s->dst ? s->dst : "2001:db8::1", &dst6) != 1)
			return 0;
	} else {
		if (inet_pton(AF_INET, s->src, &src4) != 1 ||
		    inet_pton(AF_INET, s->dst ? s->dst : "192.0.2.1", &dst4) != 1)
			return 0;
	}

	ip_off = put_eth(buf, s, v6 ? 0x86dd : 0x0800);
	off = ip_off + (v6 ? put_ipv6(buf + ip_off, s, &src6, &dst6) :
			     put_ipv4(buf + ip_off, s, &src4, &dst4));
	for (i = 0; v6 && i < s->n_ext; i++) {
		uint8_t next = i + 1 < s->n_ext ? s->ext[i + 1] : s->proto;

		off += put_ext(buf + off, s->ext[i], next, s->frag);
	}
	if (!later_fragment(s, v6))
		off += put_l4(buf + off, s);
	off += s->payload;
	if (off > PKT_MAX)
		return 0;

	/* Lengths last, now that the frame is complete. */
	if (v6)
		put16(buf + ip_off + 4, off - ip_off - 40);
	else
		put16(buf + ip_off + 2, off - ip_off);
	return off;
}
