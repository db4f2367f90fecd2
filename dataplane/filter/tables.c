/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter's tables and the functions the librte_bpf program calls
 * (pf_x_*): look-ups, and the bookkeeping, which runs the pf_book_*() of
 * ebpf/filter_book.h natively on the pf_env_*() below: the same source
 * the XDP program runs on its maps.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_hash_crc.h>
#include <rte_rcu_qsbr.h>

#include "internal.h"

__thread struct dp_filter_worker *dp_filter_self;

static int in_prefix(const struct dp_filter_entry *e, const struct ms_pf_src_key *src)
{
	uint64_t a[2];

	memcpy(a, src->addr, sizeof(a));
	return e->family == src->family && !((a[0] ^ e->net[0]) & e->mask[0]) &&
	       !((a[1] ^ e->net[1]) & e->mask[1]);
}

/* The longest match: the table is kept longest first; NULL: no table yet. */
static struct dp_filter_entry *lpm(const struct dp_filter_prefixes *t,
				   const struct ms_pf_src_key *src)
{
	uint32_t i;

	for (i = 0; t && i < t->n; i++)
		if (in_prefix(&t->e[i], src))
			return (struct dp_filter_entry *)&t->e[i];
	return NULL;
}

/* @p as a table entry: 0, or -EINVAL for a bad family or length. */
static int prefix_entry(const struct dp_filter_prefix *p, struct dp_filter_entry *e)
{
	uint8_t net[16], mask[16];

	if ((p->family != MS_PF_FAMILY_V4 || p->len > 32) &&
	    (p->family != MS_PF_FAMILY_V6 || p->len > 128))
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	e->family = p->family;
	e->len = p->len;
	for (unsigned int k = 0; k < 16; k++) {
		unsigned int bits = p->len > k * 8 ? p->len - k * 8 : 0;

		mask[k] = bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);
		net[k] = p->addr[k] & mask[k];
	}
	memcpy(e->net, net, sizeof(net));
	memcpy(e->mask, mask, sizeof(mask));
	return 0;
}

static int prefix_find(const struct dp_filter_prefixes *t, const struct dp_filter_entry *e)
{
	for (uint32_t i = 0; i < t->n; i++)
		if (t->e[i].family == e->family && t->e[i].len == e->len &&
		    !memcmp(t->e[i].net, e->net, sizeof(e->net)))
			return (int)i;
	return -1;
}

static int prefix_add(struct dp_filter_prefixes *t, const struct dp_filter_prefix *p,
		      uint64_t expires_ns, int is_static)
{
	struct dp_filter_entry e;
	uint32_t i;

	if (prefix_entry(p, &e))
		return -EINVAL;
	if (prefix_find(t, &e) >= 0)
		return -EEXIST;
	if (t->n == DP_FILTER_PREFIXES_MAX)
		return -ENOSPC;
	for (i = t->n; i > 0 && t->e[i - 1].len < p->len; i--)
		t->e[i] = t->e[i - 1];
	e.is_static = !!is_static;
	e.deny.expires_ns = expires_ns;
	t->e[i] = e;
	t->n++;
	return 0;
}

static void prefix_remove(struct dp_filter_prefixes *t, uint32_t i)
{
	memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof(t->e[0]));
	t->n--;
}

/* ---- changes by copy and publish ---- */

void dp_filter_rcu_set(struct dp_filter *f, struct rte_rcu_qsbr *qs)
{
	f->qs = qs;
}

void dp_filter_reclaim(struct dp_filter *f)
{
	uint32_t kept = 0;

	for (uint32_t i = 0; i < f->n_retired; i++) {
		if (f->qs && rte_rcu_qsbr_check(f->qs, f->retired[i].token, false) != 1)
			f->retired[kept++] = f->retired[i];
		else
			free(f->retired[i].t);
	}
	f->n_retired = kept;
}

/* Publish @t as list @l; the old list waits for the workers' grace period. */
static void publish(struct dp_filter *f, enum dp_filter_list l, struct dp_filter_prefixes *t)
{
	struct dp_filter_prefixes *old = f->lists[l];

	__atomic_store_n(&f->lists[l], t, __ATOMIC_RELEASE);
	if (!old)
		return;
	if (!f->qs) {
		free(old);	/* no worker runs */
		return;
	}
	dp_filter_reclaim(f);
	if (f->n_retired == DP_FILTER_RETIRED_MAX) {
		/* rare: a burst of changes; a grace period is one worker loop */
		rte_rcu_qsbr_check(f->qs, f->retired[0].token, true);
		dp_filter_reclaim(f);
	}
	f->retired[f->n_retired].t = old;
	f->retired[f->n_retired].token = rte_rcu_qsbr_start(f->qs);
	f->n_retired++;
}

/*
 * A copy of list @l to change. Hits counted by workers between the copy
 * and its publication are lost: they are statistics. From the C heap, not
 * DPDK's: ASan then sees a worker read a list freed too early.
 */
static struct dp_filter_prefixes *copy(const struct dp_filter *f, enum dp_filter_list l)
{
	struct dp_filter_prefixes *t = malloc(sizeof(*t));

	if (!t)
		return NULL;
	t->n = f->lists[l] ? f->lists[l]->n : 0;
	if (t->n)
		memcpy(t->e, f->lists[l]->e, t->n * sizeof(t->e[0]));
	return t;
}

int dp_filter_list_add(struct dp_filter *f, enum dp_filter_list l,
		       const struct dp_filter_prefix *p, uint64_t expires_ns,
		       int is_static)
{
	struct dp_filter_prefixes *t = copy(f, l);
	int ret;

	if (!t)
		return -ENOMEM;
	ret = prefix_add(t, p, l == DP_FILTER_DENY ? expires_ns : 0, is_static);
	if (ret) {
		free(t);
		return ret;
	}
	publish(f, l, t);
	return 0;
}

int dp_filter_list_del(struct dp_filter *f, enum dp_filter_list l,
		       const struct dp_filter_prefix *p)
{
	struct dp_filter_prefixes *t;
	struct dp_filter_entry e;
	int i;

	if (prefix_entry(p, &e))
		return -EINVAL;
	i = f->lists[l] ? prefix_find(f->lists[l], &e) : -1;
	if (i < 0)
		return -ENOENT;
	t = copy(f, l);
	if (!t)
		return -ENOMEM;
	prefix_remove(t, (uint32_t)i);
	publish(f, l, t);
	return 0;
}

int dp_filter_list_flush(struct dp_filter *f, enum dp_filter_list l)
{
	struct dp_filter_prefixes *t = copy(f, l);
	uint32_t kept = 0, n;

	if (!t)
		return -ENOMEM;
	n = t->n;
	for (uint32_t i = 0; i < t->n; i++)
		if (t->e[i].is_static)
			t->e[kept++] = t->e[i];
	t->n = kept;
	publish(f, l, t);
	return (int)(n - kept);
}

int dp_filter_list_at(const struct dp_filter *f, enum dp_filter_list l, uint32_t i,
		      struct dp_filter_list_entry *out)
{
	const struct dp_filter_entry *e;

	if (!f->lists[l] || i >= f->lists[l]->n)
		return -ENOENT;
	e = &f->lists[l]->e[i];
	memset(out, 0, sizeof(*out));
	out->p.family = (uint8_t)e->family;
	out->p.len = e->len;
	memcpy(out->p.addr, e->net, sizeof(out->p.addr));
	out->expires_ns = e->deny.expires_ns;
	out->hits = __atomic_load_n(&e->deny.hits, __ATOMIC_RELAXED);
	out->is_static = e->is_static;
	return 0;
}

int dp_filter_deny_add(struct dp_filter *f, const struct dp_filter_prefix *p,
		       uint64_t expires_ns)
{
	return dp_filter_list_add(f, DP_FILTER_DENY, p, expires_ns, 1);
}

int dp_filter_allow_add(struct dp_filter *f, const struct dp_filter_prefix *p)
{
	return dp_filter_list_add(f, DP_FILTER_ALLOW, p, 0, 1);
}

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
	return lpm(__atomic_load_n(&dp_filter_self->f->lists[DP_FILTER_ALLOW],
				     __ATOMIC_ACQUIRE), src) != NULL;
}

DP_FILTER_XCALL struct ms_pf_deny_val *pf_x_deny(const struct ms_pf_src_key *src)
{
	struct dp_filter_entry *e = lpm(__atomic_load_n(&dp_filter_self->f->lists[DP_FILTER_DENY],
							 __ATOMIC_ACQUIRE), src);

	return e ? &e->deny : NULL;
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
