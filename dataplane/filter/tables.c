/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter's tables but the prefix lists (lists.c), and the functions
 * the librte_bpf program calls (pf_x_*): look-ups, and the bookkeeping, which runs the pf_book_*() of
 * ebpf/filter_book.h natively on the pf_env_*() below: the same source
 * the XDP program runs on its maps.
 */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_hash_crc.h>

#include "internal.h"

__thread struct dp_filter_worker *dp_filter_self;

void dp_filter_port_set(struct dp_filter *f, uint16_t port,
			const struct ms_pf_port_val *v)
{
	f->ports[port] = *v;
}

int dp_filter_pinhole_add(struct dp_filter *f, uint8_t proto, uint16_t port,
			  const struct ms_pf_pinhole_val *v)
{
	if (f->n_pinholes == DP_FILTER_PINHOLES_MAX)
		return -ENOSPC;
	f->pinholes[f->n_pinholes].port = port;
	f->pinholes[f->n_pinholes].proto = proto;
	f->pinholes[f->n_pinholes].val = *v;
	f->n_pinholes++;
	return 0;
}

void dp_filter_config_set(struct dp_filter *f, const struct ms_pf_config *cfg)
{
	f->cfg = *cfg;
}

void dp_filter_xsk_set(struct dp_filter *f, uint64_t queues)
{
	f->xsk = queues;
}

uint64_t dp_filter_now_ns(const struct dp_filter *f)
{
	return f->mono0 + (uint64_t)(((unsigned __int128)(rte_rdtsc() - f->tsc0) *
				      f->mult) >> 32);
}

void dp_filter_counters(const struct dp_filter *f,
			struct ms_pf_counter stat[MS_PF_STAT_MAX])
{
	memset(stat, 0, sizeof(*stat) * MS_PF_STAT_MAX);
	for (uint16_t w = 0; w < f->n_workers; w++)
		for (unsigned int s = 0; s < MS_PF_STAT_MAX; s++) {
			stat[s].packets += f->workers[w].stat[s].packets;
			stat[s].bytes += f->workers[w].stat[s].bytes;
		}
}

void dp_filter_events(const struct dp_filter *f, uint64_t count[__MS_PF_EV_MAX])
{
	memset(count, 0, sizeof(*count) * __MS_PF_EV_MAX);
	for (uint16_t w = 0; w < f->n_workers; w++)
		for (unsigned int k = 0; k < __MS_PF_EV_MAX; k++)
			count[k] += f->workers[w].events[k];
}

/* ---- the environment of filter_book.h, on these tables ---- */

/* Find or take the slot of @src: direct-mapped, a collision evicts. */
static struct dp_filter_src *src_state(struct dp_filter_src *tab,
				       const struct ms_pf_src_key *src)
{
	struct dp_filter_src *s = &tab[rte_hash_crc(src, sizeof(*src), 0) %
				       DP_FILTER_SOURCES];

	if (memcmp(&s->key, src, sizeof(*src))) {
		memset(s, 0, sizeof(*s));
		s->key = *src;
	}
	return s;
}

static inline struct ms_pf_rate_val *pf_env_rate(const struct ms_pf_src_key *src)
{
	return &src_state(dp_filter_self->rate, src)->rate;
}

static inline struct ms_pf_scan_val *pf_env_scan(const struct ms_pf_src_key *src)
{
	return &src_state(dp_filter_self->scan, src)->scan;
}

static inline void pf_env_count(__u32 stat, __u32 bytes)
{
	dp_filter_self->stat[stat].packets++;
	dp_filter_self->stat[stat].bytes += bytes;
}

static inline __u64 pf_env_now(void)
{
	return dp_filter_now_ns(dp_filter_self->f);
}

/* Counted by kind: mediasec-dp has no event stream to mediasecd yet. */
static inline int pf_env_event(const struct ms_pf_event *ev)
{
	dp_filter_self->events[ev->kind]++;
	return 0;
}

#include "filter_book.h"

/* ---- what the program calls ---- */

DP_FILTER_XCALL uint64_t pf_x_allowed(const struct ms_pf_src_key *src)
{
	return dp_filter_lpm_find(dp_filter_table(dp_filter_self->f, DP_FILTER_ALLOW, src),
				  src) != NULL;
}

DP_FILTER_XCALL struct ms_pf_deny_val *pf_x_deny(const struct ms_pf_src_key *src)
{
	struct dp_filter_slot *s = dp_filter_lpm_find(dp_filter_table(dp_filter_self->f,
								       DP_FILTER_DENY, src), src);

	return s ? &s->deny : NULL;
}

DP_FILTER_XCALL const struct ms_pf_port_val *pf_x_port(uint64_t port)
{
	return &dp_filter_self->f->ports[port & 0xffff];
}

DP_FILTER_XCALL const struct ms_pf_pinhole_val *pf_x_pinhole(uint64_t proto, uint64_t port)
{
	const struct dp_filter *f = dp_filter_self->f;
	uint32_t i;

	for (i = 0; i < f->n_pinholes; i++)
		if (f->pinholes[i].port == port && f->pinholes[i].proto == proto)
			return &f->pinholes[i].val;
	return NULL;
}

DP_FILTER_XCALL const struct ms_pf_config *pf_x_config(void)
{
	return &dp_filter_self->f->cfg;
}

DP_FILTER_XCALL uint64_t pf_x_now(void)
{
	return pf_env_now();
}

/* 0: a socket takes the frame (bit @rx_queue of the xsk set). */
DP_FILTER_XCALL uint64_t pf_x_redirect(uint64_t rx_queue)
{
	return !(rx_queue < 64 && (dp_filter_self->f->xsk >> rx_queue) & 1);
}

DP_FILTER_XCALL uint64_t pf_x_deny_hit(struct ms_pf_deny_val *d, const struct ms_pf_pkt *p,
		       const struct ms_pf_config *cfg, uint64_t now)
{
	pf_book_deny_hit(d, p, cfg, now);
	return 0;
}

DP_FILTER_XCALL uint64_t pf_x_rate_limited(const struct ms_pf_pkt *p,
			   const struct ms_pf_config *cfg)
{
	return pf_book_rate_limited(p, cfg);
}

DP_FILTER_XCALL uint64_t pf_x_scan_hit(const struct ms_pf_pkt *p,
		       const struct ms_pf_config *cfg)
{
	pf_book_scan_hit(p, cfg);
	return 0;
}

DP_FILTER_XCALL uint64_t pf_x_verdict(uint64_t res, uint64_t bytes)
{
	dp_filter_self->res = res;
	return pf_book_verdict(res, bytes);
}
