/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The authoritative denylist and allowlist: CIDR prefixes with an optional
 * expiry. Every change is made here first and then copied into the XDP
 * maps (filter.h); a change the maps refuse is undone, so the two agree.
 * mediasec-dp's filter gets each change too (dp_lists.h).
 * Entries from mediasec.conf are "static": flush keeps them.
 */
#ifndef MEDIASEC_MEDIASECD_DENYLIST_H
#define MEDIASEC_MEDIASECD_DENYLIST_H

#include <stdbool.h>
#include <linux/types.h>

#include "filter.h"
#include "nl_msg.h"

#define CP_LIST_MAX 65536	/* entries per list */

struct cp_config;

struct cp_list_entry {
	struct ms_prefix p;	/* address and length */
	__u64 expires_ns;	/* CLOCK_MONOTONIC deadline, 0 = until removed */
	__u32 flags;		/* MS_PREFIX_F_* */
	bool is_static;		/* from mediasec.conf */
};

/* Load the config's static entries into both lists and the maps. */
int cp_list_init(const struct cp_config *cfg);
/*
 * A reloaded config: static entries it no longer names are removed (from
 * the maps too), new ones added, runtime entries it now names made static;
 * other runtime entries stay. Counts what was added and removed; 0 or the
 * first error (a map refusing a change), which stops the walk.
 */
int cp_list_reload(const struct cp_config *cfg, unsigned int *added, unsigned int *removed);
/*
 * Take over the entries a previous run left in the pinned maps (non-static,
 * with their expiry), so restarting mediasecd lifts no block.
 */
int cp_list_adopt(void);
void cp_list_fini(void);

/* expires_s 0 = until removed. -EEXIST, -ENOSPC or a map error. */
int cp_list_add(enum cp_list_kind l, const struct ms_prefix *p, __u32 expires_s,
		__u32 flags);
int cp_list_del(enum cp_list_kind l, const struct ms_prefix *p);	/* -ENOENT */
/* Remove every entry not from the config; returns how many went. */
unsigned int cp_list_flush(enum cp_list_kind l);
/* Drop expired entries; raises an addr-unblocked event for each deny one. */
void cp_list_sweep(void);

unsigned int cp_list_count(enum cp_list_kind l);
const struct cp_list_entry *cp_list_at(enum cp_list_kind l, unsigned int i);
const struct cp_list_entry *cp_list_find(enum cp_list_kind l, const struct ms_prefix *p);
/* Whether an entry's prefix holds address a (expired ones too). */
bool cp_list_covers(enum cp_list_kind l, const struct ms_addr *a);
/* Changes on every add, del, flush or expiry: dumps compare it. */
__u32 cp_list_generation(enum cp_list_kind l);
/* Seconds an entry has left, rounded up; 0 for a permanent one. */
__u32 cp_list_expires_in(const struct cp_list_entry *e);

__u64 cp_now_ns(void);

#endif /* MEDIASEC_MEDIASECD_DENYLIST_H */
