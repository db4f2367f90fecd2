/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecd's sessions and legs, in memory. Each table is a dense array
 * (dumps walk it by index, the index is the dump cursor) plus a chained
 * hash on the id, so lookups, adds and deletes cost O(1) at a million legs.
 * A delete moves the last entry into the hole and bumps the table's
 * generation, which dumps report so a client can restart.
 *
 * Legs hold SRTP master keys: their array is mlock'ed (never swapped) and
 * MADV_DONTDUMP (never in a core), and every slot is wiped when freed.
 */
#ifndef MEDIASEC_MEDIASECD_SESSION_STORE_H
#define MEDIASEC_MEDIASECD_SESSION_STORE_H

#include <stdbool.h>
#include <linux/types.h>

#include "nl_msg.h"

struct cp_store;

struct cp_session_entry {
	__u32 id;
	char label[MS_LABEL_MAX];
	__u16 nlegs;
	__u32 legs[MS_SESSION_LEGS_MAX];	/* leg ids, in order of arrival */
};

/* cp_leg_entry.dirty of a leg the dataplane has never been sent. */
#define CP_LEG_DIRTY_NEW	(~0ULL)

struct cp_leg_entry {
	struct ms_leg leg;	/* keys included; counters unused here */
	bool programmed;	/* the dataplane holds it */
	/*
	 * The MS_LEG_A_* bits of changes the dataplane may have missed (its
	 * link was down): re-sent when it comes back (dp_link.c).
	 * CP_LEG_DIRTY_NEW: a leg of that id the dataplane holds is another.
	 */
	__u64 dirty;
};

/* NULL when the memory cannot be had (or locked): errno says why. */
struct cp_store *cp_store_create(unsigned int max_sessions, unsigned int max_legs);
/* Wipes every leg, then frees. */
void cp_store_destroy(struct cp_store *st);

/* 0, -EEXIST (id taken) or -ENOSPC (table full). */
int cp_session_add(struct cp_store *st, __u32 id, const char *label);
struct cp_session_entry *cp_session_find(struct cp_store *st, __u32 id);
/* Deletes the session's legs too; 0 or -ENOENT. */
int cp_session_del(struct cp_store *st, __u32 id);
unsigned int cp_session_count(const struct cp_store *st);
struct cp_session_entry *cp_session_at(struct cp_store *st, unsigned int i);
__u32 cp_session_generation(const struct cp_store *st);

/*
 * Copy leg (keys included) into the store and its session. 0, -EEXIST (leg
 * id taken), -ENOENT (no such session), -EMLINK (session holds
 * MS_SESSION_LEGS_MAX legs) or -ENOSPC (table full).
 */
int cp_leg_add(struct cp_store *st, const struct ms_leg *leg);
struct cp_leg_entry *cp_leg_find(struct cp_store *st, __u32 id);
/* Wipes the slot; 0 or -ENOENT. */
int cp_leg_del(struct cp_store *st, __u32 id);
unsigned int cp_leg_count(const struct cp_store *st);
struct cp_leg_entry *cp_leg_at(struct cp_store *st, unsigned int i);
__u32 cp_leg_generation(const struct cp_store *st);

#endif /* MEDIASEC_MEDIASECD_SESSION_STORE_H */
