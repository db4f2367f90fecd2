/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-SSRC streams. A context holds its first stream inline: almost every
 * leg has one SSRC per direction, and a live leg must fit in 1 KiB. Further
 * SSRCs (up to DP_SRTP_MAX_STREAMS per context) take an overflow stream from
 * a process-wide pool when their first packet arrives, i.e. on the packet
 * path, so taking one is a lock-free pop (a CAS on a tagged head: no lock, no
 * allocation, no system call); a claimed stream whose packets all fail goes
 * straight back.
 *
 * One pool per replay ring size (64 << cls bits). The control path grows a
 * pool while contexts are created, keeping OVF_RESERVE_MIN + live contexts /
 * OVF_RESERVE_DIV streams free (about 8 bytes per context at the default
 * window). When a pool runs dry a new SSRC gets DP_SRTP_NO_STREAM until the
 * next context create refills it. Streams hold no key material.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "native.h"

#define OVF_CLASSES	10		/* ring 64 .. 32768 bits */
#define OVF_SLAB_BYTES	(64u << 10)
#define OVF_SLAB_MIN	16u		/* streams per slab, big rings */
#define OVF_MAX_SLABS	4096u
#define OVF_RESERVE_MIN	64u
#define OVF_RESERVE_DIV	8u

struct ovf_pool {
	_Atomic uint64_t head;		/* ABA tag << 32 | id of the first free */
	atomic_uint n_free;
	uint32_t node_size, per_slab;
	/* Control path, under lock. */
	uint32_t n_slabs, n_ctx;
	uint8_t *slabs[OVF_MAX_SLABS];
};

static struct ovf_pool pools[OVF_CLASSES];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static struct ovf_pool *pool_of(const struct dp_srtp_ctx *c)
{
	return &pools[__builtin_ctz(c->ring_bits) - 6];
}

static struct ovf_stream *node(const struct ovf_pool *p, uint32_t id)
{
	uint32_t i = id - 1;

	return (struct ovf_stream *)(p->slabs[i / p->per_slab] +
				     (size_t)(i % p->per_slab) * p->node_size);
}

static uint32_t pop(struct ovf_pool *p)
{
	uint64_t old = atomic_load_explicit(&p->head, memory_order_acquire), new;
	struct ovf_stream *o;

	do {
		if (!(uint32_t)old)
			return 0;
		o = node(p, (uint32_t)old);
		new = ((old >> 32) + 1) << 32 |
		      atomic_load_explicit((_Atomic uint32_t *)&o->free_next,
					   memory_order_relaxed);
	} while (!atomic_compare_exchange_weak_explicit(&p->head, &old, new,
							memory_order_acquire,
							memory_order_acquire));
	atomic_fetch_sub_explicit(&p->n_free, 1, memory_order_relaxed);
	return (uint32_t)old;
}

static void push(struct ovf_pool *p, struct ovf_stream *o)
{
	uint64_t old = atomic_load_explicit(&p->head, memory_order_relaxed), new;

	do {
		atomic_store_explicit((_Atomic uint32_t *)&o->free_next, (uint32_t)old,
				      memory_order_relaxed);
		new = ((old >> 32) + 1) << 32 | o->id;
	} while (!atomic_compare_exchange_weak_explicit(&p->head, &old, new,
							memory_order_release,
							memory_order_relaxed));
	atomic_fetch_add_explicit(&p->n_free, 1, memory_order_relaxed);
}

/* Control path, under lock: one more slab of free streams. */
static int grow(struct ovf_pool *p, uint32_t ring_bits)
{
	uint8_t *slab;

	if (!p->node_size) {
		p->node_size = (uint32_t)(sizeof(struct ovf_stream) + ring_bits / 8);
		p->per_slab = OVF_SLAB_BYTES / p->node_size;
		if (p->per_slab < OVF_SLAB_MIN)
			p->per_slab = OVF_SLAB_MIN;
	}
	if (p->n_slabs == OVF_MAX_SLABS)
		return -ENOSPC;
	slab = dp_srtp_pool_alloc((size_t)p->per_slab * p->node_size);
	if (!slab)
		return -ENOMEM;
	memset(slab, 0, (size_t)p->per_slab * p->node_size);
	p->slabs[p->n_slabs] = slab;
	for (uint32_t i = 0; i < p->per_slab; i++) {
		struct ovf_stream *o = (struct ovf_stream *)(slab + (size_t)i * p->node_size);

		o->id = p->n_slabs * p->per_slab + i + 1;
	}
	p->n_slabs++;
	for (uint32_t i = 0; i < p->per_slab; i++)
		push(p, (struct ovf_stream *)(slab + (size_t)i * p->node_size));
	return 0;
}

/*
 * Best effort: a context works without overflow streams, so running out of
 * memory here only means a second SSRC may be refused later.
 */
void dp_srtp_streams_ctx_added(const struct dp_srtp_ctx *c)
{
	struct ovf_pool *p = pool_of(c);

	pthread_mutex_lock(&lock);
	p->n_ctx++;
	while (atomic_load_explicit(&p->n_free, memory_order_relaxed) <
	       OVF_RESERVE_MIN + p->n_ctx / OVF_RESERVE_DIV &&
	       grow(p, c->ring_bits) == 0)
		;
	pthread_mutex_unlock(&lock);
}

void dp_srtp_streams_ctx_removed(struct dp_srtp_ctx *c)
{
	struct ovf_pool *p = pool_of(c);
	uint32_t id = c->s0.next;

	while (id) {
		struct ovf_stream *o = node(p, id);

		id = o->s.next;
		o->s.state = STREAM_FREE;
		push(p, o);
	}
	c->s0.next = 0;
	pthread_mutex_lock(&lock);
	p->n_ctx--;
	pthread_mutex_unlock(&lock);
}

struct stream *dp_srtp_stream_find(struct dp_srtp_ctx *c, uint32_t ssrc_be)
{
	const struct ovf_pool *p;

	if (c->s0.ssrc == ssrc_be && c->s0.state != STREAM_FREE)
		return &c->s0;
	if (!c->s0.next)
		return NULL;
	p = pool_of(c);
	for (uint32_t id = c->s0.next; id;) {
		struct stream *s = &node(p, id)->s;

		/* Overflow streams on the chain are never FREE. */
		if (s->ssrc == ssrc_be)
			return s;
		id = s->next;
	}
	return NULL;
}

void dp_srtp_stream_reset(struct dp_srtp_ctx *c, struct stream *s)
{
	s->index = 0;
	s->rtcp_start = 0;
	s->rtcp_bits[0] = s->rtcp_bits[1] = 0;
	s->in_burst = 0;
	memset(stream_ring(c, s), 0, c->ring_bits / 8);
}

/* A fresh stream, as libsrtp clones its template for a new SSRC. */
struct stream *dp_srtp_stream_claim(struct dp_srtp_ctx *c, uint32_t ssrc_be)
{
	struct ovf_pool *p = pool_of(c);
	struct stream *s = &c->s0;
	unsigned int n = 1;
	uint32_t id;

	if (s->state != STREAM_FREE) {
		for (id = c->s0.next; id; id = node(p, id)->s.next)
			n++;
		if (n >= DP_SRTP_MAX_STREAMS)
			return NULL;
		id = pop(p);
		if (!id)
			return NULL;
		s = &node(p, id)->s;
		s->next = c->s0.next;
		c->s0.next = id;
	}
	dp_srtp_stream_reset(c, s);
	s->ssrc = ssrc_be;
	s->state = STREAM_PENDING;
	return s;
}

void dp_srtp_stream_release(struct dp_srtp_ctx *c, struct stream *s)
{
	struct ovf_pool *p;
	uint32_t *link = &c->s0.next;
	struct ovf_stream *o;

	s->state = STREAM_FREE;
	if (s == &c->s0)
		return;
	p = pool_of(c);
	o = (struct ovf_stream *)s;
	while (*link && *link != o->id)
		link = &node(p, *link)->s.next;
	if (*link)
		*link = s->next;
	s->next = 0;
	push(p, o);
}

unsigned int dp_srtp_stream_count_live(struct dp_srtp_ctx *c)
{
	const struct ovf_pool *p = pool_of(c);
	unsigned int n = c->s0.state == STREAM_LIVE;

	for (uint32_t id = c->s0.next; id; id = node(p, id)->s.next)
		n += node(p, id)->s.state == STREAM_LIVE;
	return n;
}

unsigned int dp_srtp_native_test_streams_free(uint32_t ring_bits)
{
	return atomic_load(&pools[__builtin_ctz(ring_bits) - 6].n_free);
}
