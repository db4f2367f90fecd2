/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The allow and deny prefix lists: per list and address family, DPDK's
 * longest-prefix-match table (rte_lpm, rte_lpm6) whose next hop is the
 * index of a slot holding the prefix and its deny state (expiry, hits,
 * event sampling), so a look-up costs a few dependent loads at any size.
 *
 * Changes are made in place while workers read, rather than on a copy
 * swapped in (which would cost two tables' memory and a grace period per
 * change). Both libraries write each table entry with one 32-bit store,
 * so a reader sees a prefix either before or after a change. What a
 * deletion frees must not be reused while a reader may still be in it:
 *  - slots wait out the workers' grace period on an rte_rcu_qsbr defer
 *    queue (a worker may still count a hit in one, or read its expiry);
 *  - rte_lpm's groups: its own RCU integration (rte_lpm_rcu_qsbr_add(),
 *    defer-queue mode);
 *  - rte_lpm6 has none in DPDK 22.11 and hands a freed group to the next
 *    add at once: so the first IPv6 add after a deletion waits for the
 *    grace period that began at the deletion (usually long over).
 * Expiry stays the filter core's: the longest match is the entry, expired
 * or not, as in the XDP build's LPM tries.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_atomic.h>
#include <rte_errno.h>
#include <rte_rcu_qsbr.h>

#include "internal.h"

static unsigned int fam_index(uint8_t family)
{
	return family == MS_PF_FAMILY_V6;
}

static uint32_t addr4(const uint8_t *addr)
{
	uint32_t a;

	memcpy(&a, addr, sizeof(a));
	return rte_be_to_cpu_32(a);
}

/* @p's address masked to its length into @addr: 0, or -EINVAL. */
static int prefix_mask(const struct dp_filter_prefix *p, uint8_t addr[16])
{
	unsigned int max = p->family == MS_PF_FAMILY_V4 ? 32 :
			   p->family == MS_PF_FAMILY_V6 ? 128 : 0;

	if (!max || p->len > max)
		return -EINVAL;
	for (unsigned int k = 0; k < 16; k++) {
		unsigned int bits = p->len > k * 8 ? p->len - k * 8 : 0;

		addr[k] = p->addr[k] & (bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits));
	}
	return 0;
}

/* ---- a table ---- */

static void table_free(struct dp_filter_lpm *t)
{
	if (!t)
		return;
	if (t->dq)
		rte_rcu_qsbr_dq_delete(t->dq);
	if (t->family == MS_PF_FAMILY_V4)
		rte_lpm_free(t->v4);
	else
		rte_lpm6_free(t->v6);
	free(t->slot);
	free(t->free);
	free(t);
}

/*
 * A table of f->prefixes_max prefixes: as many slots, and as many rte_lpm
 * groups (an IPv4 prefix needs one at most, so only the prefix count can
 * fill the table), or DP_FILTER_V6_GROUPS per prefix for rte_lpm6.
 */
static struct dp_filter_lpm *table_create(const struct dp_filter *f, enum dp_filter_list l,
					  uint8_t family)
{
	static uint32_t serial;	/* DPDK names are per process */
	uint32_t cap = f->prefixes_max;
	struct dp_filter_lpm *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->family = family;
	t->cap = cap;
	snprintf(t->name, sizeof(t->name), "pf%u%c%u",
		 __atomic_fetch_add(&serial, 1, __ATOMIC_RELAXED),
		 l == DP_FILTER_DENY ? 'd' : 'a', family);
	/* From the C heap: ASan sees a worker read past a table. */
	t->slot = calloc(cap, sizeof(*t->slot));
	t->free = malloc(cap * sizeof(*t->free));
	if (family == MS_PF_FAMILY_V4) {
		struct rte_lpm_config c = { .max_rules = cap, .number_tbl8s = cap };

		t->v4 = rte_lpm_create(t->name, SOCKET_ID_ANY, &c);
	} else {
		struct rte_lpm6_config c = { .max_rules = cap,
					     .number_tbl8s = cap * DP_FILTER_V6_GROUPS };

		t->v6 = rte_lpm6_create(t->name, SOCKET_ID_ANY, &c);
	}
	if (!t->slot || !t->free || !(family == MS_PF_FAMILY_V4 ? (void *)t->v4 : (void *)t->v6)) {
		table_free(t);
		return NULL;
	}
	for (uint32_t i = 0; i < cap; i++)
		t->free[i] = cap - 1 - i;	/* slot 0 first: a new table dumps in add order */
	t->n_free = cap;
	return t;
}

/* The defer queue's free function: slots past their grace period. */
static void slots_release(void *p, void *e, unsigned int n)
{
	struct dp_filter_lpm *t = p;
	const uint32_t *slot = e;

	for (unsigned int i = 0; i < n; i++)
		t->free[t->n_free++] = slot[i];
}

/* Attach @t to the workers' RCU variable @qs, once: 0 or -errno. */
static int table_rcu(struct dp_filter_lpm *t, struct rte_rcu_qsbr *qs)
{
	char name[RTE_RCU_QSBR_DQ_NAMESIZE];
	struct rte_rcu_qsbr_dq_parameters dqp = {
		.name = name,
		.flags = RTE_RCU_QSBR_DQ_MT_UNSAFE,	/* the control thread only */
		.size = t->cap,				/* never full */
		.esize = sizeof(uint32_t),
		.trigger_reclaim_limit = 64,
		.max_reclaim_size = 64,
		.free_fn = slots_release,
		.p = t,
		.v = qs,
	};

	if (!qs || t->qs)
		return 0;
	if (t->family == MS_PF_FAMILY_V4) {
		struct rte_lpm_rcu_config rc = { .v = qs, .mode = RTE_LPM_QSBR_MODE_DQ };

		if (rte_lpm_rcu_qsbr_add(t->v4, &rc))
			return -(rte_errno ?: ENOMEM);
	}
	snprintf(name, sizeof(name), "%ss", t->name);
	t->dq = rte_rcu_qsbr_dq_create(&dqp);
	if (!t->dq)
		return -(rte_errno ?: ENOMEM);
	t->qs = qs;
	return 0;
}

/* List @l's table for @family, made when @make and missing: 0 or -errno. */
static int table_of(struct dp_filter *f, enum dp_filter_list l, uint8_t family, bool make,
		    struct dp_filter_lpm **tp)
{
	struct dp_filter_lpm **slotp = &f->lists[l][fam_index(family)];

	if (!*slotp && make) {
		struct dp_filter_lpm *t = table_create(f, l, family);

		if (!t)
			return -ENOMEM;
		__atomic_store_n(slotp, t, __ATOMIC_RELEASE);
	}
	*tp = *slotp;
	if (!*tp)
		return -ENOENT;
	return table_rcu(*tp, f->qs);
}

static int lpm_find(const struct dp_filter_lpm *t, const uint8_t *addr, uint8_t len,
		    uint32_t *slot)
{
	int ret;

	if (!len) {
		*slot = t->dflt - 1;
		return t->dflt ? 0 : -ENOENT;
	}
	if (t->family == MS_PF_FAMILY_V4)
		ret = rte_lpm_is_rule_present(t->v4, addr4(addr), len, slot);
	else
		ret = rte_lpm6_is_rule_present(t->v6, addr, len, slot);
	return ret == 1 ? 0 : -ENOENT;
}

static int lpm_add(struct dp_filter_lpm *t, const uint8_t *addr, uint8_t len, uint32_t slot)
{
	int ret;

	if (!len) {
		__atomic_store_n(&t->dflt, slot + 1, __ATOMIC_RELEASE);
		return 0;
	}
	if (t->family == MS_PF_FAMILY_V4) {
		ret = rte_lpm_add(t->v4, addr4(addr), len, slot);
		if (ret == -ENOSPC && t->qs) {
			/* every group free is still in its grace period */
			rte_rcu_qsbr_synchronize(t->qs, RTE_QSBR_THRID_INVALID);
			ret = rte_lpm_add(t->v4, addr4(addr), len, slot);
		}
		return ret;
	}
	if (t->v6_freed) {
		rte_rcu_qsbr_check(t->qs, t->v6_token, true);
		t->v6_freed = false;
	}
	return rte_lpm6_add(t->v6, addr, len, slot);
}

/* Slot @slot (found by lpm_find) out of the table; reused past the grace period. */
static void lpm_del(struct dp_filter_lpm *t, uint32_t slot)
{
	const struct dp_filter_slot *s = &t->slot[slot];

	if (!s->len) {
		__atomic_store_n(&t->dflt, 0, __ATOMIC_RELEASE);
	} else if (t->family == MS_PF_FAMILY_V4) {
		rte_lpm_delete(t->v4, addr4(s->addr), s->len);
	} else {
		rte_lpm6_delete(t->v6, s->addr, s->len);
		if (t->qs) {
			t->v6_token = rte_rcu_qsbr_start(t->qs);
			t->v6_freed = true;
		}
	}
	t->slot[slot].used = 0;
	t->n--;
	if (t->dq && rte_rcu_qsbr_dq_enqueue(t->dq, &slot) == 0)
		return;
	/* no worker runs, or the queue refused (it holds cap: an error) */
	if (t->dq)
		rte_rcu_qsbr_synchronize(t->qs, RTE_QSBR_THRID_INVALID);
	t->free[t->n_free++] = slot;
}

/* A free slot; n < cap, so one is free or in its grace period. */
static uint32_t slot_take(struct dp_filter_lpm *t)
{
	if (!t->n_free && t->dq) {
		rte_rcu_qsbr_dq_reclaim(t->dq, UINT32_MAX, NULL, NULL, NULL);
		if (!t->n_free) {
			rte_rcu_qsbr_synchronize(t->qs, RTE_QSBR_THRID_INVALID);
			rte_rcu_qsbr_dq_reclaim(t->dq, UINT32_MAX, NULL, NULL, NULL);
		}
	}
	return t->free[--t->n_free];
}

/* ---- the lists ---- */

int dp_filter_lists_size(struct dp_filter *f, uint32_t prefixes)
{
	if (prefixes < 1 || prefixes > DP_FILTER_PREFIXES_LIMIT)
		return -EINVAL;
	for (int l = 0; l < __DP_FILTER_LISTS; l++)
		if (f->lists[l][0] || f->lists[l][1])
			return -EBUSY;
	f->prefixes_max = prefixes;
	return 0;
}

uint32_t dp_filter_lists_max(const struct dp_filter *f)
{
	return f->prefixes_max;
}

void dp_filter_rcu_set(struct dp_filter *f, struct rte_rcu_qsbr *qs)
{
	f->qs = qs;
}

void dp_filter_reclaim(struct dp_filter *f)
{
	for (int l = 0; l < __DP_FILTER_LISTS; l++)
		for (int k = 0; k < 2; k++)
			if (f->lists[l][k] && f->lists[l][k]->dq)
				rte_rcu_qsbr_dq_reclaim(f->lists[l][k]->dq, UINT32_MAX,
							NULL, NULL, NULL);
}

void dp_filter_lists_free(struct dp_filter *f)
{
	for (int l = 0; l < __DP_FILTER_LISTS; l++)
		for (int k = 0; k < 2; k++) {
			table_free(f->lists[l][k]);
			f->lists[l][k] = NULL;
		}
}

int dp_filter_list_add(struct dp_filter *f, enum dp_filter_list l,
		       const struct dp_filter_prefix *p, uint64_t expires_ns,
		       int is_static)
{
	struct dp_filter_lpm *t;
	struct dp_filter_slot *s;
	uint8_t addr[16];
	uint32_t slot;
	int ret = prefix_mask(p, addr) ?: table_of(f, l, p->family, true, &t);

	if (ret)
		return ret;
	if (lpm_find(t, addr, p->len, &slot) == 0)
		return -EEXIST;
	if (t->n == t->cap)
		return -ENOSPC;
	slot = slot_take(t);
	s = &t->slot[slot];
	memset(s, 0, sizeof(*s));
	memcpy(s->addr, addr, sizeof(s->addr));
	s->len = p->len;
	s->is_static = !!is_static;
	s->deny.expires_ns = l == DP_FILTER_DENY ? expires_ns : 0;
	/* the slot is complete before the table points to it */
	rte_atomic_thread_fence(__ATOMIC_RELEASE);
	ret = lpm_add(t, addr, p->len, slot);
	if (ret) {
		t->free[t->n_free++] = slot;	/* never published */
		return ret;
	}
	s->used = 1;
	t->n++;
	return 0;
}

int dp_filter_list_del(struct dp_filter *f, enum dp_filter_list l,
		       const struct dp_filter_prefix *p)
{
	struct dp_filter_lpm *t;
	uint8_t addr[16];
	uint32_t slot;
	int ret = prefix_mask(p, addr) ?: table_of(f, l, p->family, false, &t);

	if (ret)
		return ret;
	if (lpm_find(t, addr, p->len, &slot))
		return -ENOENT;
	lpm_del(t, slot);
	return 0;
}

int dp_filter_list_flush(struct dp_filter *f, enum dp_filter_list l)
{
	int n = 0;

	for (int k = 0; k < 2; k++) {
		struct dp_filter_lpm *t;

		if (table_of(f, l, k ? MS_PF_FAMILY_V6 : MS_PF_FAMILY_V4, false, &t))
			continue;
		for (uint32_t i = 0; i < t->cap; i++)
			if (t->slot[i].used && !t->slot[i].is_static) {
				lpm_del(t, i);
				n++;
			}
	}
	return n;
}

static void entry_of(const struct dp_filter_lpm *t, uint32_t slot,
		     struct dp_filter_list_entry *e)
{
	const struct dp_filter_slot *s = &t->slot[slot];

	memset(e, 0, sizeof(*e));
	e->p.family = t->family;
	e->p.len = s->len;
	memcpy(e->p.addr, s->addr, sizeof(e->p.addr));
	e->expires_ns = s->deny.expires_ns;
	e->hits = __atomic_load_n(&s->deny.hits, __ATOMIC_RELAXED);
	e->is_static = s->is_static;
}

int dp_filter_list_next(const struct dp_filter *f, enum dp_filter_list l, uint64_t *pos,
			struct dp_filter_list_entry *e)
{
	uint64_t cap = f->prefixes_max;

	for (uint64_t i = *pos; i < 2 * cap; i++) {
		const struct dp_filter_lpm *t = f->lists[l][i >= cap];

		if (!t) {
			i = i < cap ? cap - 1 : 2 * cap;	/* on to the next family */
			continue;
		}
		if (t->slot[i % cap].used) {
			entry_of(t, (uint32_t)(i % cap), e);
			*pos = i;
			return 0;
		}
	}
	return -ENOENT;
}

int dp_filter_list_get(const struct dp_filter *f, enum dp_filter_list l,
		       const struct dp_filter_prefix *p, struct dp_filter_list_entry *e)
{
	const struct dp_filter_lpm *t;
	uint8_t addr[16];
	uint32_t slot;
	int ret = prefix_mask(p, addr);

	if (ret)
		return ret;
	t = f->lists[l][fam_index(p->family)];
	if (!t || lpm_find(t, addr, p->len, &slot))
		return -ENOENT;
	entry_of(t, slot, e);
	return 0;
}

uint32_t dp_filter_list_count(const struct dp_filter *f, enum dp_filter_list l,
			      uint8_t family)
{
	const struct dp_filter_lpm *t = f->lists[l][fam_index(family)];

	return t ? t->n : 0;
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
