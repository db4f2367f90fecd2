/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec packet filter: the decision core.
 *
 * Parsing (Ethernet, up to two VLAN tags, IPv4 with options, IPv6 with
 * extension headers, UDP, TCP, ICMP/ICMPv6) and the policy, in one header
 * included by each build of the filter. It touches no map and no helper
 * directly: the including file defines these functions first, mapping them
 * to BPF maps (filter.bpf.c), to plain C tables (tests/bpf/test_native.c)
 * or to calls into the dataplane (filter_rte.bpf.c):
 *
 *   int  pf_env_allowed(const struct ms_pf_src_key *src,     non-zero: hit
 *                       const struct ms_pf_config *cfg);
 *   struct ms_pf_deny_val *pf_env_deny(const struct ms_pf_src_key *src);
 *   const struct ms_pf_port_val *pf_env_port(__u16 port);
 *   const struct ms_pf_pinhole_val *pf_env_pinhole(__u8 proto, __u16 port);
 *   const struct ms_pf_config *pf_env_config(void);
 *   __u64 pf_env_now_coarse(void);   bpf_ktime_get_ns()'s clock at a tick's
 *                                    resolution (bpf_ktime_get_coarse_ns())
 *   int  pf_env_redirect(__u32 rx_queue);            0 = a socket takes it
 *
 * and those of the bookkeeping (filter_book.h), unless it defines the
 * pf_book_*() functions itself (PF_BOOK_EXTERN: the librte_bpf build).
 *
 * The decision (pf_run()) is written as a tree: every branch ends in its
 * own return instead of rejoining, conditions that only select a value
 * are computed without branches, and the bookkeeping is one pf_book_*()
 * call per verdict. librte_bpf's validator walks every path of a program:
 * about 1e23 for this policy written with rejoining branches, 1.4e4 now.
 *
 * Everything is PF_INLINE and every loop is unrolled: librte_bpf
 * accepts no calls between BPF functions and no backward jumps.
 */
#ifndef MEDIASEC_EBPF_FILTER_CORE_H
#define MEDIASEC_EBPF_FILTER_CORE_H

#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <linux/icmpv6.h>
#include <bpf/bpf_endian.h>

#include "filter_abi.h"
#ifndef PF_BOOK_EXTERN
#include "filter_book.h"
#endif


/* Loops are unrolled for librte_bpf; other compilers see plain C. */
#ifdef __clang__
#define PF_UNROLL		_Pragma("unroll")
#else
#define PF_UNROLL
#endif

#define PF_VLAN_MAX		2	/* 802.1ad outer + 802.1Q inner */
#define PF_IPV6_EXT_MAX		6	/* more than this is an attack, not a route */

/* ICMPv4 types: linux/icmp.h pulls in libc headers that BPF cannot use. */
#define PF_ICMP_ECHOREPLY	0
#define PF_ICMP_DEST_UNREACH	3
#define PF_ICMP_ECHO		8
#define PF_ICMP_TIME_EXCEEDED	11
#define PF_ICMP_PARAMETERPROB	12

#define PF_IP_MF		0x2000
#define PF_IP_OFFSET		0x1fff

/* IPv6 extension headers we walk, as a bit set over next-header values. */
#define PF_IPV6_EXT_SET		((1ULL << IPPROTO_HOPOPTS) | (1ULL << IPPROTO_ROUTING) | \
				 (1ULL << IPPROTO_DSTOPTS) | (1ULL << IPPROTO_AH) | \
				 (1ULL << IPPROTO_FRAGMENT))

/*
 * Hides a value's origin from the compiler, so arithmetic meant to replace
 * a branch is not folded back into a comparison (a branch, in BPF).
 */
PF_INLINE __u64 pf_opaque(__u64 x)
{
	asm volatile("" : "+r"(x));
	return x;
}

/* 1 if @x is 0, else 0; for x < 2^63. Opaque both ways: the compiler
 * would otherwise turn a multiplication by the result into a branch. */
PF_INLINE __u64 pf_is_zero(__u64 x)
{
	return pf_opaque((pf_opaque(x) - 1) >> 63);
}

/* 1 if @a < @b (unsigned), else 0: the borrow of a - b (Hacker's Delight). */
PF_INLINE __u64 pf_lt(__u64 a, __u64 b)
{
	a = pf_opaque(a);
	return pf_opaque(((~a & b) | ((~a | b) & (a - b))) >> 63);
}

/* @x clamped to [0, @hi], without a branch; |x|, hi < 2^62. */
PF_INLINE __u64 pf_clamp(__s64 x, __s64 hi)
{
	__s64 d;

	x &= ~pf_opaque(x >> 63);
	d = hi - x;
	return pf_opaque(x + (d & pf_opaque(d >> 63)));
}

/*
 * Header cursor. The position is re-derived as start + off with off
 * bounded by PF_HDR_MAX: the kernel verifier checks each access against
 * data_end anyway, but librte_bpf's validator knows no data_end and needs
 * every offset statically inside the buffer it was told about.
 */
#define PF_HDR_MAX		256	/* deepest header we parse, bytes */
#define PF_HDR_MASK		511	/* the power of two above, less one */

struct hdr_cursor {
	void *start;
	void *pos;
	__u64 off;
};

PF_INLINE int cursor_skip(struct hdr_cursor *nh, __u64 len)
{
	__u64 off = nh->off + len;

	if (off > PF_HDR_MAX)
		return -1;
	/* Keep the compiler from deriving pos from the old pos: the bound
	 * must hold on the register that pos is computed from. */
	asm volatile("" : "+r"(off));
	/* A no-op after the check, but the bound librte_bpf keeps: it
	 * narrows only the register compared, not the copies the compiler
	 * made of it, and checks the signed range as well. */
	off &= PF_HDR_MASK;
	nh->off = off;
	nh->pos = nh->start + off;
	return 0;
}

struct pf_vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

struct pf_ip6_frag {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;	/* offset << 3 | M */
	__be32 id;
};

/* Returns the EtherType after any VLAN tags, host order, or -1. */
PF_INLINE int parse_ethhdr(struct hdr_cursor *nh, void *data_end)
{
	struct ethhdr *eth = nh->pos;
	__be16 proto;
	int i;

	if ((void *)(eth + 1) > data_end)
		return -1;
	proto = eth->h_proto;
	if (cursor_skip(nh, sizeof(*eth)))
		return -1;

	PF_UNROLL
	for (i = 0; i < PF_VLAN_MAX; i++) {
		struct pf_vlan_hdr *vlh = nh->pos;

		if (!(pf_is_zero(proto ^ bpf_htons(ETH_P_8021Q)) |
		      pf_is_zero(proto ^ bpf_htons(ETH_P_8021AD))))
			break;
		if ((void *)(vlh + 1) > data_end)
			return -1;
		proto = vlh->encap_proto;
		if (cursor_skip(nh, sizeof(*vlh)))
			return -1;
	}
	/* A third tag is not ours to carry; the caller drops the type. */
	return bpf_ntohs(proto);
}

/* Returns the IP protocol, or -1 when the header is malformed. */
PF_INLINE int parse_iphdr(struct hdr_cursor *nh, void *data_end,
			  struct ms_pf_pkt *p)
{
	struct iphdr *iph = nh->pos;
	__u64 hdrsize, tot_len, frag, later;

	if ((void *)(iph + 1) > data_end)
		return -1;
	if (iph->version != 4)
		return -1;
	hdrsize = iph->ihl * 4;
	if (hdrsize < sizeof(*iph))
		return -1;
	if (nh->pos + hdrsize > data_end)
		return -1;
	/* The whole datagram must be here; more is link-layer padding. */
	tot_len = bpf_ntohs(iph->tot_len);
	if (tot_len < hdrsize || nh->pos + tot_len > data_end)
		return -1;

	p->src.family = MS_PF_FAMILY_V4;
	__builtin_memcpy(p->src.addr, &iph->saddr, 4);
	/* Options and the fragment class, as values rather than branches. */
	p->has_options = (sizeof(*iph) - pf_opaque(hdrsize)) >> 63;
	frag = bpf_ntohs(iph->frag_off);
	later = ((frag & PF_IP_OFFSET) + PF_IP_OFFSET) >> 13;
	p->frag = later * MS_PF_FRAG_LATER +
		  ((pf_opaque(frag) >> 13) & 1 & (later ^ 1)) * MS_PF_FRAG_FIRST;
	if (cursor_skip(nh, hdrsize))
		return -1;
	return iph->protocol;
}

/*
 * Walks the extension headers; returns the upper-layer protocol or -1.
 * Each step has one way on (the others leave the walk), so the paths do
 * not multiply per header: the length and the fragment class are values.
 */
PF_INLINE int parse_ip6hdr(struct hdr_cursor *nh, void *data_end,
			   struct ms_pf_pkt *p)
{
	struct ipv6hdr *ip6h = nh->pos;
	__u64 next, first = 0;
	int i;

	if ((void *)(ip6h + 1) > data_end)
		return -1;
	if (ip6h->version != 6)
		return -1;
	if ((void *)(ip6h + 1) + bpf_ntohs(ip6h->payload_len) > data_end)
		return -1;

	p->src.family = MS_PF_FAMILY_V6;
	__builtin_memcpy(p->src.addr, &ip6h->saddr, 16);
	next = ip6h->nexthdr;
	if (cursor_skip(nh, sizeof(*ip6h)))
		return -1;

	PF_UNROLL
	for (i = 0; i <= PF_IPV6_EXT_MAX; i++) {
		struct ipv6_opt_hdr *h = nh->pos;
		struct pf_ip6_frag *fh = nh->pos;
		__u64 hlen, is_frag, is_ah, off, len;

		if (!((PF_IPV6_EXT_SET >> (next & 63)) & pf_is_zero(next >> 6))) {
			p->frag = first;
			return next;
		}
		/* One extension header more than we walk: drop. */
		if (i == PF_IPV6_EXT_MAX)
			return -1;
		/* Every extension header is at least 8 bytes. */
		if (nh->pos + 8 > data_end)
			return -1;
		is_frag = pf_is_zero(next ^ IPPROTO_FRAGMENT);
		is_ah = pf_is_zero(next ^ IPPROTO_AH);
		/* Fragment: 8 bytes; AH: (len + 2) * 4; others: (len + 1) * 8. */
		hlen = h->hdrlen;
		len = (hlen + 1) * 8;
		len += is_ah * ((hlen + 2) * 4 - len);
		len += is_frag * (8 - len);
		/* At most 2048: says so to librte_bpf, which tracks ranges
		 * through the arithmetic above only loosely. */
		len &= 0xfff;
		off = bpf_ntohs(fh->frag_off) & -is_frag;
		if (off & 0xfff8) {
			p->frag = MS_PF_FRAG_LATER;
			return fh->nexthdr;
		}
		/* Offset 0 without M is an atomic fragment (RFC 6946). */
		first |= off & 1;
		if (nh->pos + len > data_end)
			return -1;
		next = h->nexthdr;
		if (cursor_skip(nh, len))
			return -1;
	}
	return -1;
}

/* Does the source differ from the pinhole's latched remote prefix?
 * Word by word under a mask, so the prefix length takes no branch. */
PF_INLINE __u64 pinhole_mismatch(const struct ms_pf_pinhole_val *ph,
				 const struct ms_pf_pkt *p)
{
	/* IPv4 (4 = 0b100) compares at most 32 bits, IPv6 (0b110) 128. */
	__u64 limit = 32 + 96 * ((p->src.family >> 1) & 1);
	__u64 plen = pf_clamp(ph->prefixlen, limit), diff;
	int w;

	diff = ph->family ^ p->src.family;
	PF_UNROLL
	for (w = 0; w < 4; w++) {
		__u64 bits = pf_clamp((__s64)plen - 32 * w, 32);
		__u32 a, b;

		__builtin_memcpy(&a, ph->addr + 4 * w, 4);
		__builtin_memcpy(&b, p->src.addr + 4 * w, 4);
		diff |= (bpf_ntohl(a ^ b) & (__u32)(0xffffffff00000000ULL >> bits));
	}
	return diff;
}

/* Drop for @reason, unless the source is allowlisted. */
PF_INLINE __u32 deny(const struct ms_pf_pkt *p, __u32 reason)
{
	if (p->allowed)
		return PF_RES(MS_PF_PASS, MS_PF_ACCEPT_ALLOWLIST);
	return PF_RES(MS_PF_DROP, reason);
}


/* ---- the decision, as a tree ---- */

/* Every decision leaves through here: counted, then the verdict. */
#define PF_DONE(res)	return pf_book_verdict((res), bytes)

/*
 * A rule accepted the frame: the rate limit, then where it goes. Fragments
 * never go to a socket (the kernel reassembles them); media goes to the
 * queue's AF_XDP socket in AF_XDP mode, and is passed otherwise.
 */
PF_INLINE __u32 pf_accept(const struct ms_pf_pkt *p,
			  const struct ms_pf_config *cfg,
			  __u32 verdict, __u32 reason, __u32 rx_queue)
{
	if (pf_book_rate_limited(p, cfg))
		return PF_RES(MS_PF_DROP, MS_DROP_RATE_LIMITED);
	if (verdict != MS_PF_REDIRECT)
		return PF_RES(verdict, reason);
	if (p->frag)
		return PF_RES(MS_PF_PASS, MS_PF_ACCEPT_FRAGMENT);
	if (!(cfg->flags & MS_PF_F_AF_XDP))
		return PF_RES(MS_PF_PASS, reason);
	if (pf_env_redirect(rx_queue))
		return PF_RES(MS_PF_PASS, MS_PF_ACCEPT_NO_XSK);
	return PF_RES(MS_PF_REDIRECT, reason);
}

/* UDP (@tcp 0) or TCP (@tcp 1) destination port rules. */
PF_INLINE __u32 port_rules(const struct ms_pf_pkt *p,
			   const struct ms_pf_config *cfg, __u32 rx_queue, __u64 tcp)
{
	const struct ms_pf_pinhole_val *ph;
	const struct ms_pf_port_val *pv;
	__u64 cls;

	ph = pf_env_pinhole(p->l4proto, p->dport);
	if (ph) {
		__u64 rport = ph->remote_port;
		/* Latched: the source must be in the prefix, and be the port
		 * if one is set. */
		__u64 bad = pinhole_mismatch(ph, p) |
			    ((rport ^ p->sport) & -((rport + 0xffff) >> 16));

		if (bad & -(__u64)(ph->flags & MS_PF_PINHOLE_F_LATCHED))
			return deny(p, MS_DROP_BAD_SOURCE);
		return pf_accept(p, cfg, MS_PF_REDIRECT,
				 MS_PF_ACCEPT_PINHOLE, rx_queue);
	}

	pv = pf_env_port(p->dport);
	if (!pv)
		goto closed;
	cls = tcp ? pv->tcp : pv->udp;
	if (cls == MS_PF_PORT_SIGNALLING)
		return pf_accept(p, cfg, MS_PF_PASS,
				 MS_PF_ACCEPT_SIGNALLING, rx_queue);
	if (cls == MS_PF_PORT_MGMT)
		return pf_accept(p, cfg, MS_PF_PASS, MS_PF_ACCEPT_MGMT,
				 rx_queue);
	if (cls == MS_PF_PORT_MEDIA) {
		if (!(cfg->flags & MS_PF_F_PINHOLE_REQUIRED))
			return pf_accept(p, cfg, MS_PF_REDIRECT,
					 MS_PF_ACCEPT_MEDIA, rx_queue);
		pf_book_scan_hit(p, cfg);
		return deny(p, MS_DROP_NO_LEG);
	}
closed:
	pf_book_scan_hit(p, cfg);
	return deny(p, MS_DROP_FILTERED);
}

/* ICMP: errors pass, echo if allowed. */
PF_INLINE __u32 icmp_rules(const struct ms_pf_pkt *p,
			   const struct ms_pf_config *cfg, __u32 rx_queue)
{
	__u64 type = p->icmp_type;

	if (type == PF_ICMP_DEST_UNREACH || type == PF_ICMP_TIME_EXCEEDED ||
	    type == PF_ICMP_PARAMETERPROB)
		return pf_accept(p, cfg, MS_PF_PASS, MS_PF_ACCEPT_ICMP,
				 rx_queue);
	if ((type == PF_ICMP_ECHO || type == PF_ICMP_ECHOREPLY) &&
	    (cfg->flags & MS_PF_F_ALLOW_PING))
		return pf_accept(p, cfg, MS_PF_PASS, MS_PF_ACCEPT_ICMP,
				 rx_queue);
	return deny(p, MS_DROP_FILTERED);
}

/* ICMPv6: errors pass, echo if allowed, ND and MLD always. */
PF_INLINE __u32 icmp6_rules(const struct ms_pf_pkt *p,
			    const struct ms_pf_config *cfg, __u32 rx_queue)
{
	__u64 type = p->icmp_type;

	if (type >= ICMPV6_DEST_UNREACH && type <= ICMPV6_PARAMPROB)
		return pf_accept(p, cfg, MS_PF_PASS, MS_PF_ACCEPT_ICMP,
				 rx_queue);
	/* MLD query/report/done (130-132), RS/RA/NS/NA/redirect, MLDv2:
	 * they keep the link alive, so never rate limited. */
	if ((type >= 130 && type <= 137) || type == 143)
		return PF_RES(MS_PF_PASS, MS_PF_ACCEPT_ND);
	if ((type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY) &&
	    (cfg->flags & MS_PF_F_ALLOW_PING))
		return pf_accept(p, cfg, MS_PF_PASS, MS_PF_ACCEPT_ICMP,
				 rx_queue);
	return deny(p, MS_DROP_FILTERED);
}

/* What follows the source checks: a constant, so each inlined copy of
 * pf_screen() keeps only its own. */
enum pf_next {
	PF_NEXT_UDP,
	PF_NEXT_TCP,
	PF_NEXT_ICMP,
	PF_NEXT_ICMP6,
	PF_NEXT_FRAGMENT,	/* a later fragment: no L4 header */
	PF_NEXT_PROTOCOL,	/* an L4 protocol we do not carry */
};

/*
 * The source checks every IP packet goes through (allowlist, denylist,
 * fragments, options), then the rules @next names. The conditions that
 * continue are single branches: each would double the paths after it.
 */
PF_INLINE __u32 pf_screen(struct ms_pf_pkt *p, const struct ms_pf_config *cfg,
			  __u32 rx_queue, enum pf_next next)
{
	__u64 flags = cfg->flags;
	struct ms_pf_deny_val *d;

	p->allowed = pf_env_allowed(&p->src, cfg);
	d = pf_env_deny(&p->src);
	if (d) {
		/* Expiry and event sampling need no more than a tick's
		 * resolution, and the precise clock costs more than the rest
		 * of a denied frame's path (a paravirtual clock's read): only
		 * the rate limit and the scan windows read it, when on. */
		__u64 tick = pf_env_now_coarse();

		/* Expired entries count as absent until userspace sweeps
		 * them: live is expires == 0 or expires > tick, i.e.
		 * expires - 1 >= tick. An allowlisted source never counts as
		 * denied. */
		if (!(pf_lt(d->expires_ns - 1, tick) | p->allowed)) {
			pf_book_deny_hit(d, p, cfg, tick);
			return PF_RES(MS_PF_DROP, MS_DROP_DENYLISTED);
		}
	}
	if ((pf_is_zero(p->frag) ^ 1) & (((flags / MS_PF_F_PASS_FRAGMENTS) & 1) ^ 1))
		return deny(p, MS_DROP_FRAGMENT);
	if (p->has_options & (flags / MS_PF_F_DROP_IP_OPTIONS))
		return deny(p, MS_DROP_IP_OPTIONS);

	switch (next) {
	case PF_NEXT_UDP:
		return port_rules(p, cfg, rx_queue, 0);
	case PF_NEXT_TCP:
		return port_rules(p, cfg, rx_queue, 1);
	case PF_NEXT_ICMP:
		return icmp_rules(p, cfg, rx_queue);
	case PF_NEXT_ICMP6:
		return icmp6_rules(p, cfg, rx_queue);
	case PF_NEXT_FRAGMENT:
		return pf_accept(p, cfg, MS_PF_PASS, MS_PF_ACCEPT_FRAGMENT,
				 rx_queue);
	default:
		return deny(p, MS_DROP_PROTOCOL);
	}
}

/* The ports of a checked UDP or TCP header (the same place in both). */
PF_INLINE __u32 l4_ports(struct ms_pf_pkt *p, const struct udphdr *uh,
			 const struct ms_pf_config *cfg, __u32 rx_queue,
			 enum pf_next next)
{
	p->sport = bpf_ntohs(uh->source);
	p->dport = bpf_ntohs(uh->dest);
	return pf_screen(p, cfg, rx_queue, next);
}

/*
 * The policy on a parsed IP packet whose L4 header is still unchecked:
 * per protocol, the L4 header (malformed drops first, as a parse
 * failure), then pf_screen() and the protocol's rules.
 */
PF_INLINE __u32 pf_policy(struct hdr_cursor *nh, void *data_end,
			  struct ms_pf_pkt *p, const struct ms_pf_config *cfg,
			  __u32 rx_queue)
{
	switch (p->l4proto) {
	case IPPROTO_UDP: {
		struct udphdr *uh = nh->pos;

		if (p->frag == MS_PF_FRAG_LATER)
			return pf_screen(p, cfg, rx_queue, PF_NEXT_FRAGMENT);
		if ((void *)(uh + 1) > data_end)
			return PF_RES(MS_PF_DROP, MS_DROP_MALFORMED);
		if (bpf_ntohs(uh->len) < sizeof(*uh))
			return PF_RES(MS_PF_DROP, MS_DROP_MALFORMED);
		return l4_ports(p, nh->pos, cfg, rx_queue, PF_NEXT_UDP);
	}
	case IPPROTO_TCP: {
		struct tcphdr *th = nh->pos;

		if (p->frag == MS_PF_FRAG_LATER)
			return pf_screen(p, cfg, rx_queue, PF_NEXT_FRAGMENT);
		if ((void *)(th + 1) > data_end)
			return PF_RES(MS_PF_DROP, MS_DROP_MALFORMED);
		if (th->doff < 5)
			return PF_RES(MS_PF_DROP, MS_DROP_MALFORMED);
		return l4_ports(p, nh->pos, cfg, rx_queue, PF_NEXT_TCP);
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		__u8 *type = nh->pos;

		if (p->frag == MS_PF_FRAG_LATER)
			return pf_screen(p, cfg, rx_queue, PF_NEXT_FRAGMENT);
		/* type, code, checksum: all the filter reads or trusts. */
		if ((void *)(type + 4) > data_end)
			return PF_RES(MS_PF_DROP, MS_DROP_MALFORMED);
		p->icmp_type = *type;
		if (p->l4proto == IPPROTO_ICMP)
			return pf_screen(p, cfg, rx_queue, PF_NEXT_ICMP);
		return pf_screen(p, cfg, rx_queue, PF_NEXT_ICMP6);
	}
	default:
		return pf_screen(p, cfg, rx_queue, PF_NEXT_PROTOCOL);
	}
}

/*
 * The whole filter on one frame. Returns enum ms_pf_verdict after
 * recording the verdict and reason counters (pf_book_verdict()).
 */
PF_INLINE __u32 pf_run(void *data, void *data_end, __u32 bytes,
		       __u32 rx_queue)
{
	struct hdr_cursor nh = { .start = data, .pos = data };
	const struct ms_pf_config *cfg = pf_env_config();
	struct ms_pf_pkt p = {};
	int proto;

	if (!cfg)
		PF_DONE(PF_RES(MS_PF_DROP, MS_DROP_FILTERED));
	proto = parse_ethhdr(&nh, data_end);
	if (proto < 0)
		PF_DONE(PF_RES(MS_PF_DROP, MS_DROP_MALFORMED));
	if (proto == ETH_P_IP)
		proto = parse_iphdr(&nh, data_end, &p);
	else if (proto == ETH_P_IPV6)
		proto = parse_ip6hdr(&nh, data_end, &p);
	else if (proto == ETH_P_ARP)
		PF_DONE(PF_RES(MS_PF_PASS, MS_PF_ACCEPT_L2));
	else
		PF_DONE(PF_RES(MS_PF_DROP, MS_DROP_PROTOCOL));
	if (proto < 0)
		PF_DONE(PF_RES(MS_PF_DROP, MS_DROP_MALFORMED));
	p.l4proto = proto;
	PF_DONE(pf_policy(&nh, data_end, &p, cfg, rx_queue));
}

#endif /* MEDIASEC_EBPF_FILTER_CORE_H */
