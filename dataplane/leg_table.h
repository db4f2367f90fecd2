/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The leg table: legs found by local address + UDP port.
 *
 * Workers look legs up without locks (rte_hash with
 * RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF); only the control thread adds and
 * deletes. A deleted leg leaves the hash at once but is freed, and its SRTP
 * keys wiped, only after every registered worker has passed a quiescent
 * state (rte_rcu_qsbr), so a worker never holds a freed leg. Workers report
 * that state once per loop iteration, between bursts, when they hold no leg.
 *
 * A leg without rtcp-mux has a second entry for its RTCP port; lookups say
 * which of the two entries hit.
 */
#ifndef MEDIASEC_DATAPLANE_LEG_TABLE_H
#define MEDIASEC_DATAPLANE_LEG_TABLE_H

#include <stdint.h>

struct dp_endpoint;
struct dp_leg;
struct dp_leg_table;
struct rte_rcu_qsbr;

/* Most keys one lookup call takes (RTE_HASH_LOOKUP_BULK_MAX). */
#define DP_LEG_LOOKUP_MAX	64

/*
 * max_keys: hash entries, one per muxed leg and two per non-muxed one.
 * Workers use ids 0..n_workers-1. NULL with errno set on error.
 */
struct dp_leg_table *dp_leg_table_create(const char *name, uint32_t max_keys,
					 uint16_t n_workers, int socket_id);
/* Frees the table and every leg in it. No worker may be registered. */
void dp_leg_table_free(struct dp_leg_table *t);

/*
 * Control thread. add takes ownership of leg on success and pairs it with
 * the leg named by its peer_id when that one names it back. -EEXIST for a
 * used id or local address, -ENOSPC when full. del unpairs and unpublishes
 * the leg, then defers its free past a grace period; -ENOENT if unknown.
 */
int dp_leg_table_add(struct dp_leg_table *t, struct dp_leg *leg);
int dp_leg_table_del(struct dp_leg_table *t, uint32_t id);
struct dp_leg *dp_leg_table_find(const struct dp_leg_table *t, uint32_t id);
uint32_t dp_leg_table_count(const struct dp_leg_table *t);
/*
 * Control thread: swap leg in for the live leg with its id, atomically for
 * workers (each hash entry's data is replaced with one atomic store; a
 * worker sees the old leg or the new one, never neither). Keys the two
 * share stay in place, the old leg's others leave, the new one's are
 * added; peers are re-pointed. The old leg is freed past a grace period
 * (leg->ctx_given says which of its SRTP contexts the new one took over).
 * -ENOENT without a live leg of that id, -EEXIST when a new key is
 * another leg's, -ENOSPC when full; the table is unchanged on error.
 */
int dp_leg_table_replace(struct dp_leg_table *t, struct dp_leg *leg);
/*
 * Walk the legs: *pos starts at 0 and is advanced past the leg returned;
 * NULL at the end. A position stays meaningful across calls (a dump
 * cursor); the walk is exact while the generation does not change.
 */
struct dp_leg *dp_leg_table_next(const struct dp_leg_table *t, uint32_t *pos);
/* Bumped by every add, del and replace. */
uint32_t dp_leg_table_generation(const struct dp_leg_table *t);
/*
 * Free the deleted legs whose grace period is over (del also does this as
 * it goes); returns how many still wait. Never blocks.
 */
unsigned int dp_leg_table_reclaim(struct dp_leg_table *t);

/*
 * The workers' RCU variable, for other tables they read between quiescent
 * states (the rx filter's prefix lists).
 */
struct rte_rcu_qsbr *dp_leg_table_rcu(const struct dp_leg_table *t);

/* Worker threads: before the loop, every iteration, after the loop. */
int dp_leg_table_worker_register(struct dp_leg_table *t, uint16_t worker);
void dp_leg_table_quiescent(struct dp_leg_table *t, uint16_t worker);
void dp_leg_table_worker_unregister(struct dp_leg_table *t, uint16_t worker);

/*
 * Look n <= DP_LEG_LOOKUP_MAX endpoints up. legs[i] is NULL on a miss; bit i
 * of the return value is set when keys[i] hit a leg's separate RTCP port.
 * The legs stay valid until the caller's next quiescent state.
 */
uint64_t dp_leg_table_lookup_burst(struct dp_leg_table *t,
				   const struct dp_endpoint *const *keys,
				   uint16_t n, struct dp_leg **legs);

#endif /* MEDIASEC_DATAPLANE_LEG_TABLE_H */
