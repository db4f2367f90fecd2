/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The packet filter in mediasec-dp's rx path: ebpf/filter_rte.bpf.o (the
 * decision core of ebpf/filter_core.h, the same source as the XDP program)
 * loaded with librte_bpf and run through its JIT, one call per frame,
 * before the pipeline parses anything.
 *
 * librte_bpf has no maps: the program calls back into functions exported
 * here (pf_x_*, tables.c) for its look-ups and its bookkeeping. The tables
 * (config, port classes, pinholes) are filled before the workers start and
 * read-only after. The allow and deny prefixes change while workers run:
 * longest-prefix-match tables per list and address family (rte_lpm,
 * rte_lpm6; lists.c says how they change under the workers' reads). The
 * soft state (token buckets, scan windows, counters, events) is per
 * worker, so nothing on the packet path locks, allocates or blocks.
 */
#ifndef MEDIASEC_DATAPLANE_FILTER_FILTER_H
#define MEDIASEC_DATAPLANE_FILTER_FILTER_H

#include <stdint.h>

#include "filter_abi.h"

struct dp_filter;
struct dp_rx_filter;
struct rte_mbuf;
struct rte_rcu_qsbr;

enum dp_filter_list {
	DP_FILTER_DENY,
	DP_FILTER_ALLOW,
	__DP_FILTER_LISTS
};

/* An IPv4 or IPv6 prefix: address in network order, IPv4 in addr[0..3]. */
struct dp_filter_prefix {
	uint8_t family;		/* MS_PF_FAMILY_V4 or MS_PF_FAMILY_V6 */
	uint8_t len;
	uint8_t addr[16];
};

/*
 * Loads @object (section MS_PF_RTE_SECTION), validates and JITs it, and
 * makes empty tables for @n_workers workers: every port closed, config
 * @cfg. 0, or -errno with the reason in @err (librte_bpf logs details).
 */
int dp_filter_create(struct dp_filter **fp, const char *object,
		     const struct ms_pf_config *cfg, uint16_t n_workers,
		     char *err, size_t err_len);
void dp_filter_free(struct dp_filter *f);

/*
 * Prefixes each list holds per address family: the default, and the most
 * (rte_lpm6 numbers its next hops and its groups in 21 bits, and an IPv6
 * table has DP_FILTER_V6_GROUPS groups per prefix).
 */
#define DP_FILTER_PREFIXES_DEFAULT	65536
#define DP_FILTER_PREFIXES_LIMIT	(1U << 20)
/*
 * Groups of 256 entries (rte_lpm's and rte_lpm6's tbl8s) an IPv6 table has
 * per prefix it holds: a prefix longer than /24 takes up to one per 8 bits
 * past /24 that no other prefix shares, so many long, scattered IPv6
 * prefixes can fill a table before its prefix count does (-ENOSPC too).
 * An IPv4 table has one per prefix: all it can need.
 */
#define DP_FILTER_V6_GROUPS		2

/*
 * The size of each list and family: @prefixes, from 1 to
 * DP_FILTER_PREFIXES_LIMIT (else -EINVAL), before the first entry (else
 * -EBUSY). A table is made at its first entry: rte_lpm's and rte_lpm6's
 * 64 MiB first level and 1 KiB per group.
 */
int dp_filter_lists_size(struct dp_filter *f, uint32_t prefixes);
uint32_t dp_filter_lists_max(const struct dp_filter *f);

/*
 * The tables, before the workers start. deny/allow: static entries (a
 * flush keeps them), -ENOSPC when full, -EINVAL for a bad prefix, -EEXIST
 * when there already, -ENOMEM when a table cannot be made; expires_ns in
 * dp_filter_now_ns() time, 0 = permanent. Pinholes are for tests and setups without a leg table: in
 * mediasec-dp the leg table, the next stage, is the pinhole check.
 */
int dp_filter_deny_add(struct dp_filter *f, const struct dp_filter_prefix *p,
		       uint64_t expires_ns);
int dp_filter_allow_add(struct dp_filter *f, const struct dp_filter_prefix *p);
void dp_filter_port_set(struct dp_filter *f, uint16_t port,
			const struct ms_pf_port_val *v);
int dp_filter_pinhole_add(struct dp_filter *f, uint8_t proto, uint16_t port,
			  const struct ms_pf_pinhole_val *v);
void dp_filter_config_set(struct dp_filter *f, const struct ms_pf_config *cfg);
/* Rx queues (below 64) that have an AF_XDP socket, for MS_PF_F_AF_XDP. */
void dp_filter_xsk_set(struct dp_filter *f, uint64_t queues);

/*
 * The prefix lists while the workers run, from one thread (the control
 * thread). Workers must report quiescent states to @qs (the leg table's)
 * between bursts; without @qs set, changes are for before the workers
 * start. Changes are made in place; what a deletion frees (an entry's
 * slot, an LPM group) is reused only after the grace period, which
 * dp_filter_reclaim() checks, and which a change waits out when it needs
 * such a thing at once. Errors as the adds above; del: -ENOENT. flush:
 * entries removed.
 */
void dp_filter_rcu_set(struct dp_filter *f, struct rte_rcu_qsbr *qs);
int dp_filter_list_add(struct dp_filter *f, enum dp_filter_list l,
		       const struct dp_filter_prefix *p, uint64_t expires_ns,
		       int is_static);
int dp_filter_list_del(struct dp_filter *f, enum dp_filter_list l,
		       const struct dp_filter_prefix *p);
int dp_filter_list_flush(struct dp_filter *f, enum dp_filter_list l);
void dp_filter_reclaim(struct dp_filter *f);

/* One entry of a list, for dumps; hits counts drops by a deny entry. */
struct dp_filter_list_entry {
	struct dp_filter_prefix p;
	uint64_t expires_ns;
	uint64_t hits;
	int is_static;
};
/*
 * The first entry of list @l at position *@pos or after, for dumps: 0 and
 * its position in *@pos (the next call takes *@pos + 1), or -ENOENT when
 * none is left. Positions are slots, IPv4 before IPv6, stable while an
 * entry lives.
 */
int dp_filter_list_next(const struct dp_filter *f, enum dp_filter_list l, uint64_t *pos,
			struct dp_filter_list_entry *e);
/* The entry for exactly @p: 0, -ENOENT, or -EINVAL for a bad prefix. */
int dp_filter_list_get(const struct dp_filter *f, enum dp_filter_list l,
		       const struct dp_filter_prefix *p, struct dp_filter_list_entry *e);
/* Entries of list @l in @family (MS_PF_FAMILY_*). */
uint32_t dp_filter_list_count(const struct dp_filter *f, enum dp_filter_list l,
			      uint8_t family);

/* The filter's clock (CLOCK_MONOTONIC ns, read from the TSC). */
uint64_t dp_filter_now_ns(const struct dp_filter *f);

/* On the worker's own thread, before its first frame. -EINVAL past n_workers. */
int dp_filter_worker_start(struct dp_filter *f, uint16_t worker);

/*
 * Runs the filter on one frame received on rx queue @rxq: enum
 * ms_pf_verdict, and the drop or accept reason in *reason. The frame's
 * first segment is what the filter sees (the pipeline drops the others).
 */
uint32_t dp_filter_frame(const struct dp_filter *f, struct rte_mbuf *m,
			 uint16_t rxq, uint16_t *reason);

/*
 * Plugs the filter into a worker's rx path (dataplane/worker.h): frames
 * it drops are counted by reason in the port's drop counters.
 */
void dp_filter_hook(struct dp_filter *f, struct dp_rx_filter *h);

/* Counters (MS_PF_STAT_* slots) and events by kind, summed over workers. */
void dp_filter_counters(const struct dp_filter *f,
			struct ms_pf_counter stat[MS_PF_STAT_MAX]);
void dp_filter_events(const struct dp_filter *f, uint64_t count[__MS_PF_EV_MAX]);

#endif /* MEDIASEC_DATAPLANE_FILTER_FILTER_H */
