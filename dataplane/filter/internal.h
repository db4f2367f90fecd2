/* SPDX-License-Identifier: BSD-3-Clause */
/* The filter's state, shared by its tables (tables.c) and its loader (load.c). */
#ifndef MEDIASEC_DATAPLANE_FILTER_INTERNAL_H
#define MEDIASEC_DATAPLANE_FILTER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_lpm.h>
#include <rte_lpm6.h>

#include "filter.h"

#define DP_FILTER_PINHOLES_MAX	64
#define DP_FILTER_SOURCES	1024	/* per worker, direct-mapped: a collision evicts */

/* A prefix of a list: its table's LPM look-up gives its index. */
struct dp_filter_slot {
	struct ms_pf_deny_val deny;	/* hits and sampling written by workers */
	uint8_t addr[16];		/* masked, network order */
	uint8_t len;
	uint8_t is_static;		/* from the options: flush keeps it */
	uint8_t used;			/* for the control thread: workers find
					 * only what the LPM table points to */
};

/* One address family of one list (lists.c). */
struct dp_filter_lpm {
	union {
		struct rte_lpm *v4;
		struct rte_lpm6 *v6;
	};
	struct dp_filter_slot *slot;	/* cap of them */
	/* 1 + the slot of the /0 prefix, 0: none (rte_lpm* take /1 up) */
	uint32_t dflt;
	uint8_t family;			/* MS_PF_FAMILY_* */
	bool v6_freed;			/* an IPv6 deletion since v6_token */
	uint32_t cap, n;
	uint32_t n_free, *free;		/* slots to take */
	struct rte_rcu_qsbr *qs;	/* attached to, NULL: none yet */
	struct rte_rcu_qsbr_dq *dq;	/* deleted slots in their grace period */
	uint64_t v6_token;
	char name[16];
};

/* The longest prefix of table @t (NULL: empty) that holds @src, or NULL. */
static inline struct dp_filter_slot *dp_filter_lpm_find(const struct dp_filter_lpm *t,
							const struct ms_pf_src_key *src)
{
	uint32_t hop, a4;
	int miss;

	if (!t)
		return NULL;
	if (src->family == MS_PF_FAMILY_V4) {
		memcpy(&a4, src->addr, sizeof(a4));
		miss = rte_lpm_lookup(t->v4, rte_be_to_cpu_32(a4), &hop);
	} else {
		miss = rte_lpm6_lookup(t->v6, src->addr, &hop);
	}
	if (!miss)
		return &t->slot[hop];
	hop = __atomic_load_n(&t->dflt, __ATOMIC_ACQUIRE);
	return hop ? &t->slot[hop - 1] : NULL;
}

/* Soft state of one source, as the XDP build's LRU maps hold it. */
struct dp_filter_src {
	struct ms_pf_src_key key;	/* family 0: free */
	union {
		struct ms_pf_rate_val rate;
		struct ms_pf_scan_val scan;
	};
};

/* One worker's: touched by that worker alone, read by the others. */
struct dp_filter_worker {
	const struct dp_filter *f;
	uint32_t res;			/* the last decision, PF_RES() */
	struct ms_pf_counter stat[MS_PF_STAT_MAX];
	uint64_t events[__MS_PF_EV_MAX];
	struct dp_filter_src rate[DP_FILTER_SOURCES];
	struct dp_filter_src scan[DP_FILTER_SOURCES];
	/* The frame, copied, when its mbuf lacks the room librte_bpf needs. */
	uint8_t bounce[sizeof(struct ms_pf_rte_ctx) + MS_PF_RTE_READABLE] __rte_aligned(8);
} __rte_cache_aligned;

struct dp_filter {
	uint64_t (*jit)(void *ctx);
	struct rte_bpf *bpf;
	struct ms_pf_config cfg;
	uint64_t xsk;			/* bit per rx queue with a socket */
	/* TSC to CLOCK_MONOTONIC ns: mono0 + (tsc - tsc0) * mult >> 32. */
	uint64_t tsc0, mono0, mult;
	/*
	 * [list][0: IPv4, 1: IPv6], made at their first entry: workers read
	 * the pointer with acquire order. qs: the workers' RCU variable (the
	 * leg table's), which a table attaches to at its next change.
	 */
	struct dp_filter_lpm *lists[__DP_FILTER_LISTS][2];
	uint32_t prefixes_max;
	struct rte_rcu_qsbr *qs;
	uint32_t n_pinholes;
	struct {
		uint16_t port;
		uint8_t proto;
		struct ms_pf_pinhole_val val;
	} pinholes[DP_FILTER_PINHOLES_MAX];
	struct ms_pf_port_val ports[65536];
	uint16_t n_workers;
	struct dp_filter_worker *workers;
};

/* List @l's table for @src's family, as a worker reads it. */
static inline const struct dp_filter_lpm *dp_filter_table(const struct dp_filter *f,
							  enum dp_filter_list l,
							  const struct ms_pf_src_key *src)
{
	return __atomic_load_n(&f->lists[l][src->family == MS_PF_FAMILY_V6], __ATOMIC_ACQUIRE);
}

/* Every table's, at the end (lists.c). */
void dp_filter_lists_free(struct dp_filter *f);

/* The calling worker's state, set by dp_filter_worker_start(). */
extern __thread struct dp_filter_worker *dp_filter_self;

/*
 * The functions filter_rte.bpf.c calls, by name (the pf_x_* externs
 * there); load.c gives librte_bpf their addresses and argument types.
 * librte_bpf's x86 JIT calls them with the stack aligned to 8 bytes only
 * (its frame size is the program's stack use): they realign it, since
 * the compiler may use aligned SSE stores to the stack (it does for
 * struct ms_pf_event).
 */
#define DP_FILTER_XCALL	__attribute__((force_align_arg_pointer))

uint64_t pf_x_allowed(const struct ms_pf_src_key *src);
struct ms_pf_deny_val *pf_x_deny(const struct ms_pf_src_key *src);
const struct ms_pf_port_val *pf_x_port(uint64_t port);
const struct ms_pf_pinhole_val *pf_x_pinhole(uint64_t proto, uint64_t port);
const struct ms_pf_config *pf_x_config(void);
uint64_t pf_x_now(void);
uint64_t pf_x_redirect(uint64_t rx_queue);
uint64_t pf_x_deny_hit(struct ms_pf_deny_val *d, const struct ms_pf_pkt *p,
		       const struct ms_pf_config *cfg, uint64_t now);
uint64_t pf_x_rate_limited(const struct ms_pf_pkt *p,
			   const struct ms_pf_config *cfg);
uint64_t pf_x_scan_hit(const struct ms_pf_pkt *p,
		       const struct ms_pf_config *cfg);
uint64_t pf_x_verdict(uint64_t res, uint64_t bytes);

#endif /* MEDIASEC_DATAPLANE_FILTER_INTERNAL_H */
