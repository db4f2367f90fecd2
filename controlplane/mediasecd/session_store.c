/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "session_store.h"

#define NONE UINT32_MAX

/*
 * Id -> slot of a dense array: chained hash whose links are slot numbers,
 * so it needs no allocation after creation and follows the array's moves.
 */
struct id_index {
	__u32 *ids;	/* id of each used slot */
	__u32 *next;	/* next slot in the same bucket, or NONE */
	__u32 *bucket;	/* first slot of each bucket, or NONE */
	__u32 mask;
	__u32 used;
	__u32 max;
	__u32 generation;
};

struct cp_store {
	struct id_index sidx;
	struct id_index lidx;
	struct cp_session_entry *sessions;
	struct cp_leg_entry *legs;
	size_t legs_bytes;
};

static __u32 hash(const struct id_index *ix, __u32 id)
{
	return (id * 2654435761U) & ix->mask;
}

static int index_init(struct id_index *ix, unsigned int max)
{
	__u32 nb = 1;

	while (nb < max)
		nb <<= 1;
	ix->ids = calloc(max ? max : 1, sizeof(*ix->ids));
	ix->next = calloc(max ? max : 1, sizeof(*ix->next));
	ix->bucket = malloc(nb * sizeof(*ix->bucket));
	if (!ix->ids || !ix->next || !ix->bucket)
		return -ENOMEM;
	memset(ix->bucket, 0xff, nb * sizeof(*ix->bucket));
	ix->mask = nb - 1;
	ix->max = max;
	return 0;
}

static void index_fini(struct id_index *ix)
{
	free(ix->ids);
	free(ix->next);
	free(ix->bucket);
}

static __u32 index_find(const struct id_index *ix, __u32 id)
{
	__u32 s = ix->bucket[hash(ix, id)];

	while (s != NONE && ix->ids[s] != id)
		s = ix->next[s];
	return s;
}

/* The link that points at slot s: its bucket head or its predecessor. */
static __u32 *index_link(struct id_index *ix, __u32 s)
{
	__u32 *l = &ix->bucket[hash(ix, ix->ids[s])];

	while (*l != s)
		l = &ix->next[*l];
	return l;
}

/* The new entry goes in slot ix->used, which the caller fills. */
static __u32 index_insert(struct id_index *ix, __u32 id)
{
	__u32 s = ix->used++;
	__u32 b = hash(ix, id);

	ix->ids[s] = id;
	ix->next[s] = ix->bucket[b];
	ix->bucket[b] = s;
	ix->generation++;
	return s;
}

/*
 * Unlink slot s; the last slot moves into it (the caller moves the entry
 * itself). Returns the slot that moved, or NONE when s was the last.
 */
static __u32 index_remove(struct id_index *ix, __u32 s)
{
	__u32 last = ix->used - 1;

	*index_link(ix, s) = ix->next[s];
	ix->used--;
	ix->generation++;
	if (s == last)
		return NONE;
	*index_link(ix, last) = s;
	ix->ids[s] = ix->ids[last];
	ix->next[s] = ix->next[last];
	return last;
}

struct cp_store *cp_store_create(unsigned int max_sessions, unsigned int max_legs)
{
	struct cp_store *st = calloc(1, sizeof(*st));
	int err = ENOMEM;
	void *p;

	if (!st)
		return NULL;
	st->sessions = calloc(max_sessions ? max_sessions : 1, sizeof(*st->sessions));
	if (!st->sessions || index_init(&st->sidx, max_sessions) ||
	    index_init(&st->lidx, max_legs))
		goto err;
	st->legs_bytes = (size_t)(max_legs ? max_legs : 1) * sizeof(*st->legs);
	p = mmap(NULL, st->legs_bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		err = errno;
		goto err;
	}
	st->legs = p;
	/*
	 * Keys must reach neither swap nor a core file. Locked as they are
	 * first touched (MLOCK_ONFAULT): a store sized for a million legs
	 * costs memory only for the legs it holds.
	 */
	if (mlock2(p, st->legs_bytes, MLOCK_ONFAULT) ||
	    madvise(p, st->legs_bytes, MADV_DONTDUMP)) {
		err = errno;
		goto err;
	}
	return st;
err:
	cp_store_destroy(st);
	errno = err;
	return NULL;
}

void cp_store_destroy(struct cp_store *st)
{
	if (!st)
		return;
	if (st->legs) {
		/* Slots past the used ones were wiped when freed, or never
		 * touched: wiping the whole capacity (1 GiB for a million legs)
		 * would fault in and lock every page of it at exit. */
		explicit_bzero(st->legs, (size_t)st->lidx.used * sizeof(*st->legs));
		munlock(st->legs, st->legs_bytes);
		munmap(st->legs, st->legs_bytes);
	}
	index_fini(&st->sidx);
	index_fini(&st->lidx);
	free(st->sessions);
	free(st);
}

int cp_session_add(struct cp_store *st, __u32 id, const char *label)
{
	struct cp_session_entry *e;

	if (index_find(&st->sidx, id) != NONE)
		return -EEXIST;
	if (st->sidx.used == st->sidx.max)
		return -ENOSPC;
	e = &st->sessions[index_insert(&st->sidx, id)];
	memset(e, 0, sizeof(*e));
	e->id = id;
	snprintf(e->label, sizeof(e->label), "%s", label ? label : "");
	return 0;
}

struct cp_session_entry *cp_session_find(struct cp_store *st, __u32 id)
{
	__u32 s = index_find(&st->sidx, id);

	return s == NONE ? NULL : &st->sessions[s];
}

int cp_session_del(struct cp_store *st, __u32 id)
{
	__u32 s = index_find(&st->sidx, id), moved;
	struct cp_session_entry *e;

	if (s == NONE)
		return -ENOENT;
	e = &st->sessions[s];
	/* cp_leg_del() edits e->legs: take them from the end. */
	while (e->nlegs)
		cp_leg_del(st, e->legs[e->nlegs - 1]);
	moved = index_remove(&st->sidx, s);
	if (moved != NONE)
		st->sessions[s] = st->sessions[moved];
	return 0;
}

unsigned int cp_session_count(const struct cp_store *st)
{
	return st->sidx.used;
}

struct cp_session_entry *cp_session_at(struct cp_store *st, unsigned int i)
{
	return i < st->sidx.used ? &st->sessions[i] : NULL;
}

__u32 cp_session_generation(const struct cp_store *st)
{
	return st->sidx.generation;
}

int cp_leg_add(struct cp_store *st, const struct ms_leg *leg)
{
	struct cp_session_entry *sess;
	struct cp_leg_entry *e;

	if (index_find(&st->lidx, leg->id) != NONE)
		return -EEXIST;
	sess = cp_session_find(st, leg->session_id);
	if (!sess)
		return -ENOENT;
	if (sess->nlegs == MS_SESSION_LEGS_MAX)
		return -EMLINK;
	if (st->lidx.used == st->lidx.max)
		return -ENOSPC;
	e = &st->legs[index_insert(&st->lidx, leg->id)];
	e->leg = *leg;
	e->leg.present &= ~MS_BIT(MS_LEG_A_COUNTERS);
	memset(&e->leg.counters, 0, sizeof(e->leg.counters));
	e->programmed = false;
	e->dirty = CP_LEG_DIRTY_NEW;
	sess->legs[sess->nlegs++] = leg->id;
	return 0;
}

struct cp_leg_entry *cp_leg_find(struct cp_store *st, __u32 id)
{
	__u32 s = index_find(&st->lidx, id);

	return s == NONE ? NULL : &st->legs[s];
}

int cp_leg_del(struct cp_store *st, __u32 id)
{
	__u32 s = index_find(&st->lidx, id), moved;
	struct cp_session_entry *sess;

	if (s == NONE)
		return -ENOENT;
	sess = cp_session_find(st, st->legs[s].leg.session_id);
	for (unsigned int i = 0; sess && i < sess->nlegs; i++) {
		if (sess->legs[i] != id)
			continue;
		memmove(&sess->legs[i], &sess->legs[i + 1],
			(sess->nlegs - i - 1) * sizeof(sess->legs[0]));
		sess->nlegs--;
		break;
	}
	moved = index_remove(&st->lidx, s);
	if (moved != NONE)
		st->legs[s] = st->legs[moved];
	else
		moved = s;
	explicit_bzero(&st->legs[moved], sizeof(st->legs[moved]));
	return 0;
}

unsigned int cp_leg_count(const struct cp_store *st)
{
	return st->lidx.used;
}

struct cp_leg_entry *cp_leg_at(struct cp_store *st, unsigned int i)
{
	return i < st->lidx.used ? &st->legs[i] : NULL;
}

__u32 cp_leg_generation(const struct cp_store *st)
{
	return st->lidx.generation;
}
