/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One burst, in stages so that each stage runs over the whole burst
 * (l3fwd/ipsec-secgw style): parse all, look all up in one bulk call,
 * classify each packet, then one SRTP burst call per operation (unprotect
 * RTP, unprotect RTCP, protect RTP, protect RTCP), then rewrite the
 * survivors. A packet leaves the stages as soon as it is dropped or punted.
 *
 * Latching writes the receiving leg's remote from its worker: a leg's
 * inbound traffic is pinned to one worker, so there is one writer, and
 * remote_known is published with release order after the address.
 */
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>
#include <rte_udp.h>

#include "mediasec/netlink.h"
#include "dataplane/srtp/srtp.h"

#include "hdr.h"
#include "leg.h"
#include "leg_table.h"
#include "parse.h"
#include "pipeline.h"
#include "sec_report.h"

_Static_assert(DP_BURST_MAX <= DP_LEG_LOOKUP_MAX, "one lookup call per burst");

static const uint8_t srtp_drop[__DP_SRTP_VERDICT_MAX] = {
	[DP_SRTP_OK]		= MS_DROP_NONE,
	[DP_SRTP_AUTH_FAIL]	= MS_DROP_SRTP_AUTH,
	[DP_SRTP_REPLAY_DUP]	= MS_DROP_SRTP_REPLAY_DUP,
	[DP_SRTP_REPLAY_OLD]	= MS_DROP_SRTP_REPLAY_OLD,
	[DP_SRTP_BAD_HEADER]	= MS_DROP_SRTP_BAD_HEADER,
	[DP_SRTP_TOO_SHORT]	= MS_DROP_SRTP_TOO_SHORT,
	[DP_SRTP_NO_ROOM]	= MS_DROP_SRTP_NO_ROOM,
	[DP_SRTP_KEY_EXHAUSTED]	= MS_DROP_SRTP_KEY_EXHAUSTED,
	[DP_SRTP_UNKNOWN_MKI]	= MS_DROP_SRTP_UNKNOWN_MKI,
	[DP_SRTP_NO_STREAM]	= MS_DROP_SRTP_NO_STREAM,
};

/* A burst in flight: what the stages hand each other, on the stack. */
struct burst {
	struct dp_pipeline *p;
	uint16_t rx_port;
	struct rte_mbuf **pkts;
	struct dp_pkt_out *out;
	struct dp_pkt_meta meta[DP_BURST_MAX];
	struct dp_leg *leg[DP_BURST_MAX];
	struct dp_leg *peer[DP_BURST_MAX];
	uint64_t dmac[DP_BURST_MAX];	/* the peer's next hop, dp_nh packed */
	bool rtcp[DP_BURST_MAX];
	struct dp_srtp_pkt sp[DP_BURST_MAX];
	uint16_t live[DP_BURST_MAX];	/* indices still on their way to tx */
	uint16_t n_live;
};

int dp_pipeline_init(struct dp_pipeline *p, struct dp_leg_table *legs,
		     const struct dp_srtp_engine *engine,
		     const struct dp_port_conf *ports, uint16_t worker)
{
	memset(p, 0, sizeof(*p));
	p->legs = legs;
	p->engine = engine;
	p->ports = ports;
	p->worker = worker;
	return engine->thread_init();
}

static void drop(struct burst *b, uint16_t i, enum ms_drop_reason r)
{
	struct dp_leg *leg = b->leg[i];

	b->out[i].action = DP_ACT_DROP;
	b->out[i].reason = r;
	b->p->stats[b->rx_port].drops[r]++;
	if (leg && r >= DP_LEG_DROP_FIRST)
		leg->stats[b->p->worker].drops[r - DP_LEG_DROP_FIRST]++;
}

/*
 * Not media, but maybe for the host: a protocol we do not relay (ARP, ICMP,
 * TCP, ...), or UDP to a port outside the media range. With an exception
 * path the kernel behind the port's TAP judges it; without one it is a drop.
 */
static bool for_host(const struct dp_port_conf *pc, const struct dp_pkt_meta *pm,
		     enum ms_drop_reason r)
{
	uint16_t port = rte_be_to_cpu_16(pm->dst.port);

	if (!pc->exception)
		return false;
	return r == MS_DROP_PROTOCOL || port < pc->media_lo || port > pc->media_hi;
}

static void to_kernel_or_drop(struct burst *b, uint16_t i, enum ms_drop_reason r)
{
	if (!for_host(&b->p->ports[b->rx_port], &b->meta[i], r)) {
		drop(b, i, r);
		return;
	}
	b->out[i].action = DP_ACT_KERNEL;
	b->p->stats[b->rx_port].kernel_packets++;
}

static bool same_endpoint(const struct dp_endpoint *a, const struct dp_endpoint *b,
			  rte_be16_t b_port)
{
	return a->family == b->family && a->port == b_port &&
	       memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

/* Source check, pairing and mode for one packet that hit a leg. */
static enum ms_drop_reason admit(struct burst *b, uint16_t i, const uint8_t *payload)
{
	const struct dp_pkt_meta *pm = &b->meta[i];
	struct dp_leg *leg = b->leg[i];
	struct dp_leg *peer;

	/* RFC 5761 §4: muxed RTCP has packet types 192..223 in the second byte. */
	b->rtcp[i] = b->rtcp[i] || ((leg->flags & MS_LEG_F_RTCP_MUX) &&
				    pm->payload_len >= 2 &&
				    payload[1] >= 192 && payload[1] <= 223);
	if (dp_leg_remote_known(leg) &&
	    !same_endpoint(&pm->src, &leg->remote,
			   b->rtcp[i] ? leg->remote_rtcp_port : leg->remote.port))
		return MS_DROP_BAD_SOURCE;
	/*
	 * Enforce is checked both ways. A leg with an inbound context
	 * unprotects everything, so plain RTP there fails as SRTP_AUTH; this
	 * catches Enforce legs that have no context (yet).
	 */
	if (leg->keys_pending & DP_LEG_PENDING_IN)
		return MS_DROP_KEYS_PENDING;
	if (!leg->srtp_in && leg->mode == MS_MODE_ENFORCE)
		return MS_DROP_PLAIN_ON_ENFORCE;
	peer = dp_leg_peer(leg);
	if (!peer || !dp_leg_remote_known(peer))
		return MS_DROP_NO_PEER;
	if (peer->keys_pending & DP_LEG_PENDING_OUT)
		return MS_DROP_KEYS_PENDING;
	if (!peer->srtp_out && peer->mode == MS_MODE_ENFORCE)
		return MS_DROP_PLAIN_ON_ENFORCE;
	/* Before any SRTP work, which would move the replay window for nothing. */
	b->dmac[i] = dp_leg_nh_mac(peer);
	if (!b->dmac[i])
		return MS_DROP_NO_NEIGH;
	b->peer[i] = peer;
	return MS_DROP_NONE;
}

/*
 * With many legs, every leg, peer, counter slot and SRTP context a burst
 * touches is a cache miss. Each stage prefetches what the next one reads,
 * for the whole burst, so the misses overlap instead of queueing: the
 * legs' packet-path lines (two: the contexts and the peer pointer are in
 * the second) and counter slots after the lookup, then their SRTP contexts
 * and peers while demultiplexing, then the peers' contexts and counters
 * while admitting.
 */
static void prefetch_slot(const struct dp_leg *leg, uint16_t worker)
{
	rte_prefetch0(&leg->stats[worker]);
}

/* Every line of the packet path's fields: addresses, flags, contexts, peer, next hop. */
static void prefetch_leg(const struct dp_leg *leg)
{
	for (size_t off = 0; off < offsetof(struct dp_leg, engine); off += RTE_CACHE_LINE_SIZE)
		rte_prefetch0((const uint8_t *)leg + off);
}

static void prefetch_legs(const struct burst *b, struct dp_leg *const *found, uint16_t n)
{
	for (uint16_t k = 0; k < n; k++)
		if (found[k]) {
			prefetch_leg(found[k]);
			prefetch_slot(found[k], b->p->worker);
		}
}

static void prefetch_ctx(const struct burst *b, const struct dp_srtp_ctx *ctx)
{
	if (ctx && b->p->engine->ctx_prefetch)
		b->p->engine->ctx_prefetch(ctx);
}

static void prefetch_next(const struct burst *b, const struct dp_leg *leg)
{
	const struct dp_leg *peer = dp_leg_peer(leg);

	prefetch_ctx(b, leg->srtp_in);
	if (peer)
		prefetch_leg(peer);
}

/* admit() over the demultiplexed media; the survivors stay live. */
static void admit_all(struct burst *b)
{
	uint16_t n = 0;

	for (uint16_t k = 0; k < b->n_live; k++) {
		uint16_t i = b->live[k];
		const uint8_t *payload = b->sp[i].data;
		enum ms_drop_reason r = admit(b, i, payload);

		if (r != MS_DROP_NONE) {
			drop(b, i, r);
			continue;
		}
		prefetch_ctx(b, b->peer[i]->srtp_out);
		prefetch_slot(b->peer[i], b->p->worker);
		b->live[n++] = i;
	}
	b->n_live = n;
}

/* Parse, look up, demultiplex: fills b->live with the media packets. */
static void classify(struct burst *b, uint16_t n)
{
	const struct dp_endpoint *keys[DP_BURST_MAX];
	struct dp_leg *found[DP_BURST_MAX];
	uint16_t idx[DP_BURST_MAX], nk = 0;
	uint64_t rtcp_port;

	dp_pkt_parse_burst(b->pkts, n, b->meta);
	for (uint16_t i = 0; i < n; i++) {
		b->leg[i] = NULL;
		if (b->meta[i].drop == MS_DROP_PROTOCOL) {
			to_kernel_or_drop(b, i, MS_DROP_PROTOCOL);
			continue;
		}
		if (b->meta[i].drop != MS_DROP_NONE) {
			drop(b, i, b->meta[i].drop);
			continue;
		}
		idx[nk] = i;
		keys[nk++] = &b->meta[i].dst;
	}
	rtcp_port = dp_leg_table_lookup_burst(b->p->legs, keys, nk, found);
	prefetch_legs(b, found, nk);
	for (uint16_t k = 0; k < nk; k++) {
		uint16_t i = idx[k];
		struct rte_mbuf *m = b->pkts[i];
		const uint8_t *payload = rte_pktmbuf_mtod_offset(m, const uint8_t *,
				dp_pkt_meta_payload_off(&b->meta[i]));
		enum ms_packet_kind kind;
		int d;

		b->leg[i] = found[k];
		b->rtcp[i] = (rtcp_port >> k) & 1;
		if (!found[k]) {
			to_kernel_or_drop(b, i, MS_DROP_NO_LEG);
			continue;
		}
		found[k]->stats[b->p->worker].rx_packets++;
		found[k]->stats[b->p->worker].rx_bytes += m->pkt_len;
		d = b->meta[i].payload_len ? dp_demux_first_byte(payload[0], &kind) : -1;
		if (d < 0) {
			drop(b, i, MS_DROP_PROTOCOL);
			continue;
		}
		if (d > 0) {
			b->out[i].action = DP_ACT_PUNT;
			b->out[i].reason = kind;
			m->hash.usr = found[k]->id;
			b->p->stats[b->rx_port].punt_packets++;
			continue;
		}
		b->sp[i] = (struct dp_srtp_pkt){
			.data = (uint8_t *)(uintptr_t)payload,
			.len = b->meta[i].payload_len,
			.room = rte_pktmbuf_tailroom(m) + rte_pktmbuf_data_len(m) -
				dp_pkt_meta_payload_off(&b->meta[i]),
		};
		prefetch_next(b, found[k]);
		b->live[b->n_live++] = i;
	}
	admit_all(b);
}

/*
 * One SRTP burst call over the live packets that need op (RTP or RTCP as
 * op says) with a context; drops the failures.
 */
static void srtp_stage(struct burst *b, enum dp_srtp_op op, bool inbound)
{
	bool rtcp = op == DP_SRTP_PROTECT_RTCP || op == DP_SRTP_UNPROTECT_RTCP;
	struct dp_srtp_pkt sp[DP_BURST_MAX];
	uint8_t verdict[DP_BURST_MAX];
	uint16_t idx[DP_BURST_MAX], n = 0;

	for (uint16_t k = 0; k < b->n_live; k++) {
		uint16_t i = b->live[k];
		struct dp_srtp_ctx *ctx = inbound ? b->leg[i]->srtp_in
						  : b->peer[i]->srtp_out;

		if (!ctx || b->rtcp[i] != rtcp)
			continue;
		sp[n] = b->sp[i];
		sp[n].ctx = ctx;
		idx[n++] = i;
	}
	if (n == 0 || b->p->engine->burst(op, sp, n, verdict) == n) {
		for (uint16_t k = 0; k < n; k++)
			b->sp[idx[k]].len = sp[k].len;
		return;
	}
	for (uint16_t k = 0; k < n; k++) {
		if (verdict[k] == DP_SRTP_OK) {
			b->sp[idx[k]].len = sp[k].len;
		} else {
			drop(b, idx[k], srtp_drop[verdict[k]]);
			/* the source's failure, for mediasecd's denylist */
			dp_sec_report_drop(b->p->sec, &b->meta[idx[k]].src,
					   b->leg[idx[k]]->id, srtp_drop[verdict[k]]);
		}
	}
}

/* Keep the packets not dropped by the last stage. */
static void compact(struct burst *b)
{
	uint16_t n = 0;

	for (uint16_t k = 0; k < b->n_live; k++)
		if (b->out[b->live[k]].action == DP_ACT_TX)
			b->live[n++] = b->live[k];
	b->n_live = n;
}

/*
 * Learn the remote from the first RTP packet that authenticated, and its
 * next hop from the frame: replies go back the way it came.
 */
static void latch(struct burst *b)
{
	for (uint16_t k = 0; k < b->n_live; k++) {
		uint16_t i = b->live[k];
		struct dp_leg *leg = b->leg[i];
		const struct dp_endpoint *src = &b->meta[i].src;
		const struct rte_ether_hdr *eh;

		if (b->rtcp[i] || dp_leg_remote_known(leg))
			continue;
		eh = rte_pktmbuf_mtod(b->pkts[i], const struct rte_ether_hdr *);
		dp_nh_set(&leg->own_nh, dp_nh_pack(eh->src_addr.addr_bytes));
		dp_leg_set_nh(leg, &leg->own_nh);
		leg->remote = *src;
		/* Symmetric RTP: RTCP comes from the RTP port, or port + 1. */
		leg->remote_rtcp_port = (leg->flags & MS_LEG_F_RTCP_MUX) ? src->port :
			rte_cpu_to_be_16(rte_be_to_cpu_16(src->port) + 1);
		__atomic_store_n(&leg->remote_known, 1, __ATOMIC_RELEASE);
	}
}

/*
 * Fresh headers in front of the payload: from the peer leg's local address
 * to its remote, via its next hop dmac. The header length changes
 * with the VLAN tag and the family (v4 and v6 legs can be paired).
 */
static bool rewrite(struct rte_mbuf *m, const struct dp_pkt_meta *pm,
		    uint32_t payload_len, const struct dp_leg *to, bool rtcp,
		    uint64_t dmac, const struct dp_port_conf *pc)
{
	bool v4 = to->local.family == AF_INET;
	uint16_t l2 = sizeof(struct rte_ether_hdr) + (pc->vlan ? sizeof(struct rte_vlan_hdr) : 0);
	uint16_t l3 = v4 ? sizeof(struct rte_ipv4_hdr) : sizeof(struct rte_ipv6_hdr);
	uint16_t hdr = l2 + l3 + sizeof(struct rte_udp_hdr);
	uint16_t off = dp_pkt_meta_payload_off(pm);
	uint16_t udp_len = sizeof(struct rte_udp_hdr) + payload_len;
	struct rte_udp_hdr *uh;
	uint16_t ether_type;
	uint8_t dst[6];
	uint8_t *p;

	/* The engine wrote within the buffer: the datagram ends where it says. */
	m->data_len = off + payload_len;
	m->pkt_len = m->data_len;
	if (hdr > off ? !rte_pktmbuf_prepend(m, hdr - off) : !rte_pktmbuf_adj(m, off - hdr))
		return false;
	p = rte_pktmbuf_mtod(m, uint8_t *);
	dp_nh_unpack(dmac, dst);
	ether_type = dp_hdr_put_l3(p + l2, &to->local, &to->remote, pm->tos, udp_len);
	dp_hdr_put_l2(p, dst, pc->mac.addr_bytes, pc->vlan, pc->vlan_tci, ether_type);
	uh = (struct rte_udp_hdr *)(p + l2 + l3);
	uh->src_port = rtcp ? to->local_rtcp_port : to->local.port;
	uh->dst_port = rtcp ? to->remote_rtcp_port : to->remote.port;
	uh->dgram_len = rte_cpu_to_be_16(udp_len);
	uh->dgram_cksum = 0;
	/* Receive flags are spent; keep only what says who owns the buffer. */
	m->ol_flags &= RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL;
	m->l2_len = l2;
	m->l3_len = l3;
	dp_hdr_put_cksums(m, p + l2, uh, v4, pc->tx_offloads);
	return true;
}

static uint16_t transmit(struct burst *b)
{
	struct dp_pipeline *p = b->p;

	for (uint16_t k = 0; k < b->n_live; k++) {
		uint16_t i = b->live[k];
		struct dp_leg *to = b->peer[i];
		struct rte_mbuf *m = b->pkts[i];

		if (!rewrite(m, &b->meta[i], b->sp[i].len, to, b->rtcp[i],
			     b->dmac[i], &p->ports[to->port])) {
			drop(b, i, MS_DROP_MALFORMED);
			continue;
		}
		b->out[i].port = to->port;
		to->stats[p->worker].tx_packets++;
		to->stats[p->worker].tx_bytes += m->pkt_len;
		p->stats[to->port].tx_packets++;
		p->stats[to->port].tx_bytes += m->pkt_len;
	}
	compact(b);
	return b->n_live;
}

uint16_t dp_pipeline_run(struct dp_pipeline *p, uint16_t rx_port,
			 struct rte_mbuf **pkts, uint16_t n,
			 struct dp_pkt_out *out)
{
	struct burst b = { .p = p, .rx_port = rx_port, .pkts = pkts, .out = out };

	for (uint16_t i = 0; i < n; i++) {
		out[i] = (struct dp_pkt_out){ .action = DP_ACT_TX };
		p->stats[rx_port].rx_packets++;
		p->stats[rx_port].rx_bytes += pkts[i]->pkt_len;
	}
	classify(&b, n);
	srtp_stage(&b, DP_SRTP_UNPROTECT_RTP, true);
	srtp_stage(&b, DP_SRTP_UNPROTECT_RTCP, true);
	compact(&b);
	latch(&b);
	srtp_stage(&b, DP_SRTP_PROTECT_RTP, false);
	srtp_stage(&b, DP_SRTP_PROTECT_RTCP, false);
	compact(&b);
	return transmit(&b);
}
