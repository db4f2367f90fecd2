/* SPDX-License-Identifier: BSD-3-Clause */
/* The leg table: rte_hash for workers, RCU-deferred frees (see leg_table.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "leg.h"
#include "leg_table.h"

/* An RTCP-port entry points at its leg with bit 0 set (legs are aligned). */
#define RTCP_TAG	((uintptr_t)1)

/* rte_hash refuses fewer entries than one of its buckets holds. */
#define HASH_MIN_ENTRIES	8u

/* Deleted legs waiting for their grace period, freed in batches of this. */
#define RECLAIM_BATCH	64

struct dp_leg_table {
	struct rte_hash *by_addr;	/* dp_endpoint -> leg; workers read it */
	struct rte_hash *by_id;		/* leg id -> leg; control thread only */
	struct rte_rcu_qsbr *qs;
	struct rte_rcu_qsbr_dq *dq;	/* entries: struct dp_leg * */
	uint32_t generation;
	uint16_t n_workers;
};

static void free_deferred(void *p, void *e, unsigned int n)
{
	struct dp_leg_table *t = p;
	struct dp_leg **legs = e;

	for (unsigned int i = 0; i < n; i++) {
		for (int k = 0; k < 2; k++)
			if (legs[i]->key_pos[k] >= 0)
				rte_hash_free_key_with_position(t->by_addr,
								legs[i]->key_pos[k]);
		dp_leg_free(legs[i]);
	}
}

/*
 * The address table's key compare. rte_hash has vector compares for keys of
 * 16, 32, 48... bytes and calls memcmp for the others; a dp_endpoint is 24:
 * three 64-bit words instead.
 */
static int endpoint_cmp(const void *key1, const void *key2, size_t len)
{
	uint64_t a[3], b[3];

	RTE_BUILD_BUG_ON(sizeof(struct dp_endpoint) != sizeof(a));
	(void)len;
	memcpy(a, key1, sizeof(a));
	memcpy(b, key2, sizeof(b));
	return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2])) != 0;
}

static struct rte_hash *hash_create(const char *name, const char *what,
				    uint32_t entries, uint32_t key_len,
				    uint8_t flags, int socket_id)
{
	char hname[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters hp = {
		.name = hname,
		.entries = RTE_MAX(entries, HASH_MIN_ENTRIES),
		.key_len = key_len,
		.hash_func = rte_hash_crc,
		.socket_id = socket_id,
		.extra_flag = flags,
	};

	snprintf(hname, sizeof(hname), "%s_%s", name, what);
	return rte_hash_create(&hp);
}

struct dp_leg_table *dp_leg_table_create(const char *name, uint32_t max_keys,
					 uint16_t n_workers, int socket_id)
{
	char dqname[RTE_RCU_QSBR_DQ_NAMESIZE];
	struct rte_rcu_qsbr_dq_parameters dqp = {
		.name = dqname,
		.flags = RTE_RCU_QSBR_DQ_MT_UNSAFE,	/* control thread only */
		.size = max_keys,
		.esize = sizeof(struct dp_leg *),
		.trigger_reclaim_limit = RECLAIM_BATCH,
		.max_reclaim_size = RECLAIM_BATCH,
		.free_fn = free_deferred,
	};
	struct dp_leg_table *t;

	if (n_workers == 0 || max_keys == 0) {
		errno = EINVAL;
		return NULL;
	}
	t = rte_zmalloc_socket("dp_leg_table", sizeof(*t), 0, socket_id);
	if (!t)
		goto err;
	t->n_workers = n_workers;
	t->by_addr = hash_create(name, "addr", max_keys, sizeof(struct dp_endpoint),
				 RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF, socket_id);
	if (t->by_addr)
		rte_hash_set_cmp_func(t->by_addr, endpoint_cmp);
	t->by_id = hash_create(name, "id", max_keys, sizeof(uint32_t), 0, socket_id);
	t->qs = rte_zmalloc_socket("dp_leg_qsbr", rte_rcu_qsbr_get_memsize(n_workers),
				   RTE_CACHE_LINE_SIZE, socket_id);
	if (!t->by_addr || !t->by_id || !t->qs || rte_rcu_qsbr_init(t->qs, n_workers))
		goto err;
	snprintf(dqname, sizeof(dqname), "%s", name);
	dqp.p = t;
	dqp.v = t->qs;
	t->dq = rte_rcu_qsbr_dq_create(&dqp);
	if (!t->dq)
		goto err;
	return t;
err:
	dp_leg_table_free(t);
	errno = ENOMEM;
	return NULL;
}

void dp_leg_table_free(struct dp_leg_table *t)
{
	const void *key;
	void *data;
	uint32_t it = 0;

	if (!t)
		return;
	/* No worker is registered, so every grace period is already over. */
	if (t->dq)
		rte_rcu_qsbr_dq_delete(t->dq);
	if (t->by_id)
		while (rte_hash_iterate(t->by_id, &key, &data, &it) >= 0)
			dp_leg_free(data);
	rte_hash_free(t->by_addr);
	rte_hash_free(t->by_id);
	rte_free(t->qs);
	rte_free(t);
}

struct dp_leg *dp_leg_table_find(const struct dp_leg_table *t, uint32_t id)
{
	void *data;

	return rte_hash_lookup_data(t->by_id, &id, &data) >= 0 ? data : NULL;
}

uint32_t dp_leg_table_count(const struct dp_leg_table *t)
{
	return (uint32_t)rte_hash_count(t->by_id);
}

static struct dp_endpoint rtcp_key(const struct dp_leg *leg)
{
	struct dp_endpoint k = leg->local;

	k.port = leg->local_rtcp_port;
	return k;
}

static bool has_rtcp_key(const struct dp_leg *leg)
{
	return leg->local_rtcp_port != leg->local.port;
}

/*
 * Deleted keys keep their slots until their grace period ends: when the
 * table looks full, wait for the workers once and take the slots back.
 */
static int add_key(struct dp_leg_table *t, const struct dp_endpoint *key, void *data)
{
	int err = rte_hash_add_key_data(t->by_addr, key, data);

	if (err == -ENOSPC && dp_leg_table_reclaim(t) > 0) {
		rte_rcu_qsbr_synchronize(t->qs, RTE_QSBR_THRID_INVALID);
		dp_leg_table_reclaim(t);
		err = rte_hash_add_key_data(t->by_addr, key, data);
	}
	return err;
}

int dp_leg_table_add(struct dp_leg_table *t, struct dp_leg *leg)
{
	struct dp_endpoint rk = rtcp_key(leg);
	struct dp_leg *peer;
	int err;

	if (leg->n_workers != t->n_workers)
		return -EINVAL;
	if (dp_leg_table_find(t, leg->id) || rte_hash_lookup(t->by_addr, &leg->local) >= 0 ||
	    (has_rtcp_key(leg) && rte_hash_lookup(t->by_addr, &rk) >= 0))
		return -EEXIST;
	err = rte_hash_add_key_data(t->by_id, &leg->id, leg);
	if (err)
		return err;
	peer = dp_leg_table_find(t, leg->peer_id);
	if (peer && peer->peer_id == leg->id && peer != leg)
		leg->peer = peer;	/* not yet visible to workers */
	/* rte_hash publishes the entry with release order: the leg is complete. */
	err = add_key(t, &leg->local, leg);
	if (err)
		goto err_id;
	if (has_rtcp_key(leg)) {
		err = add_key(t, &rk, (void *)((uintptr_t)leg | RTCP_TAG));
		if (err)
			goto err_addr;
	}
	if (leg->peer)
		__atomic_store_n(&peer->peer, leg, __ATOMIC_RELEASE);
	t->generation++;
	return 0;

err_addr:
	/* Workers may have seen it: wait before the caller frees the leg. */
	leg->key_pos[0] = rte_hash_del_key(t->by_addr, &leg->local);
	rte_rcu_qsbr_synchronize(t->qs, RTE_QSBR_THRID_INVALID);
	rte_hash_free_key_with_position(t->by_addr, leg->key_pos[0]);
	leg->key_pos[0] = -1;
err_id:
	rte_hash_del_key(t->by_id, &leg->id);
	leg->peer = NULL;
	return err;
}

/*
 * Free leg once every worker has passed a quiescent state; never at once,
 * so the caller may still tell others the leg is gone.
 */
static void defer_free(struct dp_leg_table *t, struct dp_leg *leg)
{
	if (rte_rcu_qsbr_dq_enqueue(t->dq, &leg) == 0)
		return;
	/* Queue full of legs still in their grace period: wait it out. */
	rte_rcu_qsbr_synchronize(t->qs, RTE_QSBR_THRID_INVALID);
	dp_leg_table_reclaim(t);
	if (rte_rcu_qsbr_dq_enqueue(t->dq, &leg) != 0)
		free_deferred(t, &leg, 1);	/* an emptied queue refused it: past its grace */
}

int dp_leg_table_del(struct dp_leg_table *t, uint32_t id)
{
	struct dp_leg *leg = dp_leg_table_find(t, id);
	struct dp_leg *peer;
	struct dp_endpoint rk;

	if (!leg)
		return -ENOENT;
	peer = leg->peer;
	if (peer && peer->peer == leg)
		__atomic_store_n(&peer->peer, NULL, __ATOMIC_RELEASE);
	leg->key_pos[0] = rte_hash_del_key(t->by_addr, &leg->local);
	if (has_rtcp_key(leg)) {
		rk = rtcp_key(leg);
		leg->key_pos[1] = rte_hash_del_key(t->by_addr, &rk);
	}
	rte_hash_del_key(t->by_id, &id);
	t->generation++;
	defer_free(t, leg);
	return 0;
}

static void *tagged(const struct dp_leg *leg, int k)
{
	return (void *)((uintptr_t)leg | (k ? RTCP_TAG : 0));
}

/* A leg's hash keys: RTP port, and RTCP port when not muxed. */
static int keys_of(const struct dp_leg *leg, struct dp_endpoint k[2])
{
	k[0] = leg->local;
	k[1] = rtcp_key(leg);
	return has_rtcp_key(leg) ? 2 : 1;
}

/* The entry of key, owned by old or free: 1 old's, 0 free, -EEXIST. */
static int key_owner(struct dp_leg_table *t, const struct dp_endpoint *key,
		     const struct dp_leg *old)
{
	void *d;

	if (rte_hash_lookup_data(t->by_addr, key, &d) < 0)
		return 0;
	return (struct dp_leg *)((uintptr_t)d & ~RTCP_TAG) == old ? 1 : -EEXIST;
}

/* Undo the publication of key: give it back to old, or take it away. */
static void unpublish(struct dp_leg_table *t, const struct dp_endpoint *key, void *old_data)
{
	int32_t pos;

	if (old_data) {
		rte_hash_add_key_data(t->by_addr, key, old_data);
		return;
	}
	pos = rte_hash_del_key(t->by_addr, key);
	rte_rcu_qsbr_synchronize(t->qs, RTE_QSBR_THRID_INVALID);
	if (pos >= 0)
		rte_hash_free_key_with_position(t->by_addr, pos);
}

int dp_leg_table_replace(struct dp_leg_table *t, struct dp_leg *leg)
{
	struct dp_leg *old = dp_leg_table_find(t, leg->id);
	struct dp_endpoint nk[2], ok[2];
	void *was[2] = { NULL, NULL };
	int n_new, n_old, err = 0, k;
	struct dp_leg *peer;

	if (!old)
		return -ENOENT;
	if (leg->n_workers != t->n_workers)
		return -EINVAL;
	n_new = keys_of(leg, nk);
	n_old = keys_of(old, ok);
	for (k = 0; k < n_new; k++) {
		err = key_owner(t, &nk[k], old);
		if (err < 0)
			return err;
		if (err)
			rte_hash_lookup_data(t->by_addr, &nk[k], &was[k]);
	}
	peer = dp_leg_table_find(t, leg->peer_id);
	leg->peer = peer && peer->peer_id == leg->id && peer != old ? peer : NULL;
	/* rte_hash stores each entry's data with release order: leg is complete. */
	for (k = 0; k < n_new; k++) {
		err = add_key(t, &nk[k], tagged(leg, k));
		if (err)
			break;
	}
	if (err) {
		while (k-- > 0)
			unpublish(t, &nk[k], was[k]);
		leg->peer = NULL;
		return err;
	}
	rte_hash_add_key_data(t->by_id, &leg->id, leg);	/* an update: cannot fail */
	old->key_pos[0] = old->key_pos[1] = -1;
	for (int i = 0; i < n_old; i++) {
		bool kept = false;

		for (k = 0; k < n_new; k++)
			kept |= memcmp(&ok[i], &nk[k], sizeof(ok[i])) == 0;
		if (!kept)
			old->key_pos[i] = rte_hash_del_key(t->by_addr, &ok[i]);
	}
	if (old->peer && old->peer->peer == old)
		__atomic_store_n(&old->peer->peer, old->peer == leg->peer ? leg : NULL,
				 __ATOMIC_RELEASE);
	if (leg->peer)
		__atomic_store_n(&leg->peer->peer, leg, __ATOMIC_RELEASE);
	t->generation++;
	defer_free(t, old);
	return 0;
}

struct dp_leg *dp_leg_table_next(const struct dp_leg_table *t, uint32_t *pos)
{
	const void *key;
	void *data;

	return rte_hash_iterate(t->by_id, &key, &data, pos) >= 0 ? data : NULL;
}

uint32_t dp_leg_table_generation(const struct dp_leg_table *t)
{
	return t->generation;
}

struct rte_rcu_qsbr *dp_leg_table_rcu(const struct dp_leg_table *t)
{
	return t->qs;
}

unsigned int dp_leg_table_reclaim(struct dp_leg_table *t)
{
	unsigned int pending = 0;

	rte_rcu_qsbr_dq_reclaim(t->dq, UINT32_MAX, NULL, &pending, NULL);
	return pending;
}

int dp_leg_table_worker_register(struct dp_leg_table *t, uint16_t worker)
{
	int err;

	if (worker >= t->n_workers)
		return -EINVAL;
	err = rte_rcu_qsbr_thread_register(t->qs, worker);
	if (err)
		return -rte_errno;
	rte_rcu_qsbr_thread_online(t->qs, worker);
	return 0;
}

void dp_leg_table_quiescent(struct dp_leg_table *t, uint16_t worker)
{
	rte_rcu_qsbr_quiescent(t->qs, worker);
}

void dp_leg_table_worker_unregister(struct dp_leg_table *t, uint16_t worker)
{
	rte_rcu_qsbr_thread_offline(t->qs, worker);
	rte_rcu_qsbr_thread_unregister(t->qs, worker);
}

uint64_t dp_leg_table_lookup_burst(struct dp_leg_table *t,
				   const struct dp_endpoint *const *keys,
				   uint16_t n, struct dp_leg **legs)
{
	void *data[DP_LEG_LOOKUP_MAX];
	uint64_t hits = 0, rtcp = 0;

	rte_hash_lookup_bulk_data(t->by_addr, (const void **)(uintptr_t)keys, n,
				  &hits, data);
	for (uint16_t i = 0; i < n; i++) {
		uintptr_t d = (hits >> i) & 1 ? (uintptr_t)data[i] : 0;

		rtcp |= (uint64_t)(d & RTCP_TAG) << i;
		legs[i] = (struct dp_leg *)(d & ~RTCP_TAG);
	}
	return rtcp;
}
