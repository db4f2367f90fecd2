/* SPDX-License-Identifier: BSD-3-Clause */
/* The filter's state, shared by its tables (tables.c) and its loader (load.c). */
#ifndef MEDIASEC_DATAPLANE_FILTER_INTERNAL_H
#define MEDIASEC_DATAPLANE_FILTER_INTERNAL_H

#include <stdint.h>

#include <rte_common.h>

#include "filter.h"

#define DP_FILTER_PREFIXES_MAX	256
#define DP_FILTER_PINHOLES_MAX	64
#define DP_FILTER_RETIRED_MAX	8	/* then a change waits out a grace period */
#define DP_FILTER_SOURCES	1024	/* per worker, direct-mapped: a collision evicts */

struct dp_filter_entry {
	uint16_t family;		/* MS_PF_FAMILY_* */
	uint8_t len;
	uint8_t is_static;		/* from the options: flush keeps it */
	uint32_t pad;
	uint64_t net[2], mask[2];	/* the address as two words, masked */
	struct ms_pf_deny_val deny;	/* hits and sampling written by workers */
};

struct dp_filter_prefixes {
	uint32_t n;
	struct dp_filter_entry e[DP_FILTER_PREFIXES_MAX];	/* longest first */
};

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
	 * Workers read them through these pointers; a change publishes a
	 * changed copy and retires the old one until the grace period of
	 * qs (the leg table's: workers report to it between bursts) is over.
	 */
	struct dp_filter_prefixes *lists[__DP_FILTER_LISTS];
	struct rte_rcu_qsbr *qs;
	uint32_t n_retired;
	struct {
		struct dp_filter_prefixes *t;
		uint64_t token;
	} retired[DP_FILTER_RETIRED_MAX];
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
