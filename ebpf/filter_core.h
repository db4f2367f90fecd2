/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec packet filter: the decision core.
 *
 * Parsing (Ethernet, up to two VLAN tags, IPv4 with options, IPv6 with
 * extension headers, UDP, TCP, ICMP/ICMPv6) and the policy, in one header
 * included by each build of the filter. It touches no map and no helper
 * directly: the including file defines these functions first, mapping them
 * to BPF maps (filter.bpf.c) or to functions the dataplane exports to
 * librte_bpf, which has no maps:
 *
 *   int  pf_env_allowed(const struct ms_pf_src_key *src);     non-zero: hit
 *   struct ms_pf_deny_val *pf_env_deny(const struct ms_pf_src_key *src);
 *   const struct ms_pf_port_val *pf_env_port(__u16 port);
 *   const struct ms_pf_pinhole_val *pf_env_pinhole(__u8 proto, __u16 port);
 *   struct ms_pf_rate_val *pf_env_rate(const struct ms_pf_src_key *src);
 *   struct ms_pf_scan_val *pf_env_scan(const struct ms_pf_src_key *src);
 *       (both create a zeroed entry when absent; NULL = no state, fail open)
 *   const struct ms_pf_config *pf_env_config(void);
 *   __u64 pf_env_now(void);                          bpf_ktime_get_ns() time
 *   void pf_env_count(__u32 stat, __u32 bytes);      per-CPU pf_stats slot
 *   int  pf_env_event(const struct ms_pf_event *ev); 0 = queued
 *   int  pf_env_redirect(__u32 rx_queue);            0 = a socket takes it
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

#define PF_FRAG_NONE		0
#define PF_FRAG_FIRST		1	/* offset 0, more to come: has L4 */
#define PF_FRAG_LATER		2	/* no L4 header */

/* A decision: verdict in the high byte, reason (drop or accept) below. */
#define PF_RES(v, r)		(((__u32)(v) << 16) | (__u32)(r))
#define PF_RES_VERDICT(res)	((res) >> 16)
#define PF_RES_REASON(res)	((res) & 0xffff)

/*
 * Header cursor. The position is re-derived as start + off with off
 * bounded by PF_HDR_MAX: the kernel verifier checks each access against
 * data_end anyway, but librte_bpf's validator knows no data_end and needs
 * every offset statically inside the buffer it was told about.
 */
#define PF_HDR_MAX		256	/* deepest header we parse, bytes */

struct hdr_cursor {
	void *start;
	void *pos;
	__u64 off;
};

PF_INLINE int cursor_skip(struct hdr_cursor *nh, __u32 len)
{
	__u64 off = nh->off + len;

	if (off > PF_HDR_MAX)
		return -1;
	/* Keep the compiler from deriving pos from the old pos: the bound
	 * must hold on the register that pos is computed from. */
	asm volatile("" : "+r"(off));
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

/* What the policy needs to know, filled in by the parsers. */
struct pf_pkt {
	struct ms_pf_src_key src;
	__u16 sport;
	__u16 dport;
	__u8 l4proto;
	__u8 icmp_type;
	__u8 frag;		/* PF_FRAG_* */
	__u8 has_options;	/* IPv4 options present */
	__u8 allowed;		/* source on the allowlist */
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
	cursor_skip(nh, sizeof(*eth));

	PF_UNROLL
	for (i = 0; i < PF_VLAN_MAX; i++) {
		struct pf_vlan_hdr *vlh = nh->pos;

		if (proto != bpf_htons(ETH_P_8021Q) &&
		    proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vlh + 1) > data_end)
			return -1;
		proto = vlh->encap_proto;
		cursor_skip(nh, sizeof(*vlh));
	}
	/* A third tag is not ours to carry; the caller drops the type. */
	return bpf_ntohs(proto);
}

/* Returns the IP protocol, or -1 when the header is malformed. */
PF_INLINE int parse_iphdr(struct hdr_cursor *nh, void *data_end,
			  struct pf_pkt *p)
{
	struct iphdr *iph = nh->pos;
	__u32 hdrsize, tot_len;
	__u16 frag;

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
	p->has_options = hdrsize > sizeof(*iph);
	frag = bpf_ntohs(iph->frag_off);
	if (frag & PF_IP_OFFSET)
		p->frag = PF_FRAG_LATER;
	else if (frag & PF_IP_MF)
		p->frag = PF_FRAG_FIRST;
	if (cursor_skip(nh, hdrsize))
		return -1;
	return iph->protocol;
}

PF_INLINE int ipv6_is_ext(__u8 type)
{
	return type == IPPROTO_HOPOPTS || type == IPPROTO_ROUTING ||
	       type == IPPROTO_DSTOPTS || type == IPPROTO_AH ||
	       type == IPPROTO_FRAGMENT;
}

/* Length of extension header @h of type @type (ipv6_is_ext() is true). */
PF_INLINE __u32 ipv6_ext_len(__u8 type, const struct ipv6_opt_hdr *h)
{
	if (type == IPPROTO_FRAGMENT)
		return sizeof(struct pf_ip6_frag);
	if (type == IPPROTO_AH)
		return (h->hdrlen + 2) * 4;
	return (h->hdrlen + 1) * 8;
}

/* Walks the extension headers; returns the upper-layer protocol or -1. */
PF_INLINE int parse_ip6hdr(struct hdr_cursor *nh, void *data_end,
			   struct pf_pkt *p)
{
	struct ipv6hdr *ip6h = nh->pos;
	__u8 next;
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
	cursor_skip(nh, sizeof(*ip6h));

	PF_UNROLL
	for (i = 0; i < PF_IPV6_EXT_MAX; i++) {
		struct ipv6_opt_hdr *h = nh->pos;
		__u32 len;

		if (!ipv6_is_ext(next))
			return next;
		/* Every extension header is at least 8 bytes. */
		if (nh->pos + 8 > data_end)
			return -1;
		len = ipv6_ext_len(next, h);
		if (next == IPPROTO_FRAGMENT) {
			struct pf_ip6_frag *fh = nh->pos;
			__u16 off = bpf_ntohs(fh->frag_off);

			if (off & 0xfff8) {
				p->frag = PF_FRAG_LATER;
				return fh->nexthdr;
			}
			/* Offset 0 without M is an atomic fragment (RFC 6946). */
			if (off & 1)
				p->frag = PF_FRAG_FIRST;
		}
		if (nh->pos + len > data_end)
			return -1;
		next = h->nexthdr;
		if (cursor_skip(nh, len))
			return -1;
	}
	return ipv6_is_ext(next) ? -1 : next;
}

/* Fills ports or the ICMP type; returns 0, or -1 when truncated. */
PF_INLINE int parse_l4(struct hdr_cursor *nh, void *data_end,
		       struct pf_pkt *p)
{
	switch (p->l4proto) {
	case IPPROTO_UDP: {
		struct udphdr *uh = nh->pos;

		if ((void *)(uh + 1) > data_end)
			return -1;
		if (bpf_ntohs(uh->len) < sizeof(*uh))
			return -1;
		p->sport = bpf_ntohs(uh->source);
		p->dport = bpf_ntohs(uh->dest);
		return 0;
	}
	case IPPROTO_TCP: {
		struct tcphdr *th = nh->pos;

		if ((void *)(th + 1) > data_end)
			return -1;
		if (th->doff < 5)
			return -1;
		p->sport = bpf_ntohs(th->source);
		p->dport = bpf_ntohs(th->dest);
		return 0;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		__u8 *type = nh->pos;

		/* type, code, checksum: all the filter reads or trusts. */
		if ((void *)(type + 4) > data_end)
			return -1;
		p->icmp_type = *type;
		return 0;
	}
	default:
		return 0;
	}
}

/* Does @src fall in the pinhole's latched remote prefix? */
PF_INLINE int pinhole_match(const struct ms_pf_pinhole_val *ph,
			    const struct pf_pkt *p)
{
	__u32 plen = ph->prefixlen;
	int i;

	if (ph->family != p->src.family)
		return 0;
	if (p->src.family == MS_PF_FAMILY_V4 && plen > 32)
		plen = 32;

	PF_UNROLL
	for (i = 0; i < 16; i++) {
		__u8 mask;

		if (plen >= 8)
			mask = 0xff;
		else
			mask = (__u8)(0xff00 >> plen);
		if ((ph->addr[i] ^ p->src.addr[i]) & mask)
			return 0;
		plen = plen >= 8 ? plen - 8 : 0;
	}
	return 1;
}

/* Drop for @reason, unless the source is allowlisted. */
PF_INLINE __u32 deny(const struct pf_pkt *p, __u32 reason)
{
	if (p->allowed)
		return PF_RES(MS_PF_PASS, MS_PF_ACCEPT_ALLOWLIST);
	return PF_RES(MS_PF_DROP, reason);
}

PF_INLINE void emit_event(const struct pf_pkt *p, __u32 kind,
			  __u32 count, __u64 now)
{
	struct ms_pf_event ev = {
		.ts_ns = now,
		.kind = kind,
		.count = count,
		.src = p->src,
		.dport = p->dport,
		.proto = p->l4proto,
	};

	pf_env_count(pf_env_event(&ev) ? MS_PF_STAT_EVENT_LOST :
		     MS_PF_STAT_EVENT_SENT, 0);
}

/* Denylisted (and not expired)? Samples an event per entry. */
PF_INLINE int denylisted(const struct pf_pkt *p,
			 const struct ms_pf_config *cfg, __u64 now)
{
	struct ms_pf_deny_val *d = pf_env_deny(&p->src);

	if (!d)
		return 0;
	/* Expired entries count as absent until userspace sweeps them. */
	if (d->expires_ns && d->expires_ns <= now)
		return 0;
	__sync_fetch_and_add(&d->hits, 1);
	if (!d->last_event_ns || now - d->last_event_ns >= cfg->event_interval_ns) {
		d->last_event_ns = now;
		emit_event(p, MS_PF_EV_DENY_HIT, 0, now);
	}
	return 1;
}

/* Token bucket as GCRA: within burst while tat - now <= burst * interval. */
PF_INLINE int rate_limited(const struct pf_pkt *p,
			   const struct ms_pf_config *cfg, __u64 now)
{
	__u64 interval = cfg->rate_interval_ns, burst = cfg->rate_burst;
	struct ms_pf_rate_val *st;
	__u64 tat;

	if (!interval || p->allowed)
		return 0;
	st = pf_env_rate(&p->src);
	if (!st)
		return 0;
	if (!burst)
		burst = 1;
	tat = st->tat_ns;
	if (tat < now)
		tat = now;
	if (tat + interval - now > burst * interval)
		return 1;
	/* Racy across CPUs by design: a lost update lets one more through. */
	st->tat_ns = tat + interval;
	return 0;
}

/* Counts a closed port hit; reports the source once per window. */
PF_INLINE void scan_account(const struct pf_pkt *p,
			    const struct ms_pf_config *cfg, __u64 now)
{
	struct ms_pf_scan_val *st;
	__u32 bit;
	__u64 m;

	if (!cfg->scan_threshold || p->allowed)
		return;
	st = pf_env_scan(&p->src);
	if (!st)
		return;
	if (now - st->window_start_ns > cfg->scan_window_ns) {
		st->window_start_ns = now;
		st->seen[0] = st->seen[1] = st->seen[2] = st->seen[3] = 0;
		st->count = 0;
		st->reported = 0;
	}
	/* Fibonacci hash of the port into 256 bits: collisions only undercount. */
	bit = ((__u32)p->dport * 2654435761U) >> 24;
	m = 1ULL << (bit & 63);
	if (st->seen[(bit >> 6) & 3] & m)
		return;
	st->seen[(bit >> 6) & 3] |= m;
	st->count++;
	if (st->count >= cfg->scan_threshold && !st->reported) {
		st->reported = 1;
		pf_env_count(MS_PF_STAT_SCAN_FOUND, 0);
		emit_event(p, MS_PF_EV_PORT_SCAN, st->count, now);
	}
}

PF_INLINE int icmp_allowed(const struct pf_pkt *p, __u32 flags,
			   __u32 *accept)
{
	__u8 type = p->icmp_type;
	int ping = !!(flags & MS_PF_F_ALLOW_PING);

	*accept = MS_PF_ACCEPT_ICMP;
	if (p->l4proto == IPPROTO_ICMP) {
		if (type == PF_ICMP_DEST_UNREACH || type == PF_ICMP_TIME_EXCEEDED ||
		    type == PF_ICMP_PARAMETERPROB)
			return 1;
		return ping && (type == PF_ICMP_ECHO || type == PF_ICMP_ECHOREPLY);
	}
	if (type >= ICMPV6_DEST_UNREACH && type <= ICMPV6_PARAMPROB)
		return 1;
	if (type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY)
		return ping;
	/* MLD query/report/done (130-132), RS/RA/NS/NA/redirect, MLDv2. */
	if ((type >= 130 && type <= 137) || type == 143) {
		*accept = MS_PF_ACCEPT_ND;
		return 1;
	}
	return 0;
}

/* UDP/TCP destination port rules. */
PF_INLINE __u32 port_rules(struct pf_pkt *p,
			   const struct ms_pf_config *cfg, __u64 now)
{
	const struct ms_pf_pinhole_val *ph;
	const struct ms_pf_port_val *pv;
	__u8 cls;

	ph = pf_env_pinhole(p->l4proto, p->dport);
	if (ph) {
		if ((ph->flags & MS_PF_PINHOLE_F_LATCHED) &&
		    (!pinhole_match(ph, p) ||
		     (ph->remote_port && ph->remote_port != p->sport)))
			return deny(p, MS_DROP_BAD_SOURCE);
		return PF_RES(MS_PF_REDIRECT, MS_PF_ACCEPT_PINHOLE);
	}

	pv = pf_env_port(p->dport);
	cls = pv ? (p->l4proto == IPPROTO_UDP ? pv->udp : pv->tcp) :
		   MS_PF_PORT_CLOSED;
	switch (cls) {
	case MS_PF_PORT_SIGNALLING:
		return PF_RES(MS_PF_PASS, MS_PF_ACCEPT_SIGNALLING);
	case MS_PF_PORT_MGMT:
		return PF_RES(MS_PF_PASS, MS_PF_ACCEPT_MGMT);
	case MS_PF_PORT_MEDIA:
		if (!(cfg->flags & MS_PF_F_PINHOLE_REQUIRED))
			return PF_RES(MS_PF_REDIRECT, MS_PF_ACCEPT_MEDIA);
		scan_account(p, cfg, now);
		return deny(p, MS_DROP_NO_LEG);
	default:
		scan_account(p, cfg, now);
		return deny(p, MS_DROP_FILTERED);
	}
}

/* The policy on a parsed IP packet: allowlist, denylist, ports, rate. */
PF_INLINE __u32 pf_policy(struct pf_pkt *p,
			  const struct ms_pf_config *cfg, __u64 now)
{
	__u32 res, accept;

	p->allowed = !!pf_env_allowed(&p->src);
	if (!p->allowed && denylisted(p, cfg, now))
		return PF_RES(MS_PF_DROP, MS_DROP_DENYLISTED);

	if (p->frag && !(cfg->flags & MS_PF_F_PASS_FRAGMENTS))
		return deny(p, MS_DROP_FRAGMENT);
	if (p->has_options && (cfg->flags & MS_PF_F_DROP_IP_OPTIONS))
		return deny(p, MS_DROP_IP_OPTIONS);

	switch (p->l4proto) {
	case IPPROTO_UDP:
	case IPPROTO_TCP:
		if (p->frag == PF_FRAG_LATER) {
			res = PF_RES(MS_PF_PASS, MS_PF_ACCEPT_FRAGMENT);
			break;
		}
		res = port_rules(p, cfg, now);
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (p->frag == PF_FRAG_LATER) {
			res = PF_RES(MS_PF_PASS, MS_PF_ACCEPT_FRAGMENT);
			break;
		}
		if (!icmp_allowed(p, cfg->flags, &accept))
			return deny(p, MS_DROP_FILTERED);
		/* ND keeps the link alive: never rate limited. */
		if (accept == MS_PF_ACCEPT_ND)
			return PF_RES(MS_PF_PASS, accept);
		res = PF_RES(MS_PF_PASS, accept);
		break;
	default:
		return deny(p, MS_DROP_PROTOCOL);
	}

	if (PF_RES_VERDICT(res) == MS_PF_DROP ||
	    PF_RES_REASON(res) == MS_PF_ACCEPT_ALLOWLIST)
		return res;
	if (rate_limited(p, cfg, now))
		return PF_RES(MS_PF_DROP, MS_DROP_RATE_LIMITED);
	/* The kernel reassembles fragments: they never go to a socket. */
	if (p->frag && PF_RES_VERDICT(res) == MS_PF_REDIRECT)
		return PF_RES(MS_PF_PASS, MS_PF_ACCEPT_FRAGMENT);
	return res;
}

/*
 * The whole filter on one frame. Returns enum ms_pf_verdict after
 * recording the verdict and reason counters (the one out: of the filter).
 */
PF_INLINE __u32 pf_run(void *data, void *data_end, __u32 bytes,
		       __u32 rx_queue)
{
	struct hdr_cursor nh = { .start = data, .pos = data };
	const struct ms_pf_config *cfg = pf_env_config();
	struct pf_pkt p = {};
	__u32 res, verdict;
	__u64 now;
	int proto;

	if (!cfg) {
		res = PF_RES(MS_PF_DROP, MS_DROP_FILTERED);
		goto out;
	}
	proto = parse_ethhdr(&nh, data_end);
	if (proto < 0) {
		res = PF_RES(MS_PF_DROP, MS_DROP_MALFORMED);
		goto out;
	}
	if (proto == ETH_P_IP)
		proto = parse_iphdr(&nh, data_end, &p);
	else if (proto == ETH_P_IPV6)
		proto = parse_ip6hdr(&nh, data_end, &p);
	else if (proto == ETH_P_ARP) {
		res = PF_RES(MS_PF_PASS, MS_PF_ACCEPT_L2);
		goto out;
	} else {
		res = PF_RES(MS_PF_DROP, MS_DROP_PROTOCOL);
		goto out;
	}
	if (proto < 0) {
		res = PF_RES(MS_PF_DROP, MS_DROP_MALFORMED);
		goto out;
	}
	p.l4proto = proto;
	if (p.frag != PF_FRAG_LATER && parse_l4(&nh, data_end, &p) < 0) {
		res = PF_RES(MS_PF_DROP, MS_DROP_MALFORMED);
		goto out;
	}

	now = pf_env_now();
	res = pf_policy(&p, cfg, now);
	if (PF_RES_VERDICT(res) == MS_PF_REDIRECT) {
		if (!(cfg->flags & MS_PF_F_AF_XDP))
			res = PF_RES(MS_PF_PASS, PF_RES_REASON(res));
		else if (pf_env_redirect(rx_queue))
			res = PF_RES(MS_PF_PASS, MS_PF_ACCEPT_NO_XSK);
	}
out:
	verdict = PF_RES_VERDICT(res);
	pf_env_count(MS_PF_STAT_VERDICT(verdict), bytes);
	if (verdict == MS_PF_DROP)
		pf_env_count(MS_PF_STAT_DROP(PF_RES_REASON(res) & 63), bytes);
	else
		pf_env_count(MS_PF_STAT_ACCEPT(PF_RES_REASON(res) & 31), bytes);
	return verdict;
}

#endif /* MEDIASEC_EBPF_FILTER_CORE_H */
