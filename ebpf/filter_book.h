/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec packet filter: the bookkeeping of the decision core
 * (filter_core.h). Soft state only: denylist hits and their sampled
 * events, token buckets, scan windows, the verdict counters. It never
 * changes which branch the decision takes but for the one bit
 * pf_book_rate_limited() returns.
 *
 * The XDP and native builds inline it into the decision; the librte_bpf
 * build calls out for each pf_book_*() (PF_BOOK_EXTERN), and the dataplane
 * runs this same header natively (dataplane/filter/tables.c). The
 * including file defines first:
 *
 *   struct ms_pf_rate_val *pf_env_rate(const struct ms_pf_src_key *src);
 *   struct ms_pf_scan_val *pf_env_scan(const struct ms_pf_src_key *src);
 *       (both create a zeroed entry when absent; NULL = no state, fail open)
 *   __u64 pf_env_now(void);   bpf_ktime_get_ns() time: read only by the
 *                             rate limit and the scan windows, when on
 *   void pf_env_count(__u32 stat, __u32 bytes);      per-CPU pf_stats slot
 *   int  pf_env_event(const struct ms_pf_event *ev); 0 = queued
 */
#ifndef MEDIASEC_EBPF_FILTER_BOOK_H
#define MEDIASEC_EBPF_FILTER_BOOK_H

#include <linux/types.h>

#include "filter_abi.h"

PF_INLINE void pf_book_event(const struct ms_pf_pkt *p, __u32 kind,
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

/* A live denylist entry @d matched: count it, sample an event. */
PF_INLINE void pf_book_deny_hit(struct ms_pf_deny_val *d,
				const struct ms_pf_pkt *p,
				const struct ms_pf_config *cfg, __u64 now)
{
	/* Not atomic: a locked add cost 10 % of a denied frame's time, and
	 * the count is a statistic (a lower bound while CPUs race on it). */
	d->hits++;
	if (!d->last_event_ns || now - d->last_event_ns >= cfg->event_interval_ns) {
		d->last_event_ns = now;
		pf_book_event(p, MS_PF_EV_DENY_HIT, 0, now);
	}
}

/* Token bucket as GCRA: within burst while tat - now <= burst * interval. */
PF_INLINE int pf_book_rate_limited(const struct ms_pf_pkt *p,
				   const struct ms_pf_config *cfg)
{
	__u64 interval = cfg->rate_interval_ns, burst = cfg->rate_burst;
	struct ms_pf_rate_val *st;
	__u64 tat, now;

	if (!interval || p->allowed)
		return 0;
	st = pf_env_rate(&p->src);
	if (!st)
		return 0;
	now = pf_env_now();
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
PF_INLINE void pf_book_scan_hit(const struct ms_pf_pkt *p,
				const struct ms_pf_config *cfg)
{
	struct ms_pf_scan_val *st;
	__u64 m, now;
	__u32 bit;

	if (!cfg->scan_threshold || p->allowed)
		return;
	st = pf_env_scan(&p->src);
	if (!st)
		return;
	now = pf_env_now();
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
		pf_book_event(p, MS_PF_EV_PORT_SCAN, st->count, now);
	}
}

/* Counts the frame in its verdict and its reason slot; returns the verdict. */
PF_INLINE __u32 pf_book_verdict(__u32 res, __u32 bytes)
{
	__u32 verdict = PF_RES_VERDICT(res);

	pf_env_count(MS_PF_STAT_VERDICT(verdict), bytes);
	if (verdict == MS_PF_DROP)
		pf_env_count(MS_PF_STAT_DROP(PF_RES_REASON(res) & 63), bytes);
	else
		pf_env_count(MS_PF_STAT_ACCEPT(PF_RES_REASON(res) & 31), bytes);
	return verdict;
}

#endif /* MEDIASEC_EBPF_FILTER_BOOK_H */
