/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's copy of the denylist and allowlist: its rx filter drops by
 * them as the XDP filter does by its maps. Every change to the lists
 * (denylist.c) is sent on at once through the dataplane link, waiting for
 * the answer (changes are rare); when a dataplane connects, new or again,
 * its lists are flushed and get every entry. A refusal is logged, not
 * returned: mediasecd's lists are the truth, the dataplane's a copy. A
 * dataplane without a filter (--filter) is sent nothing more until it
 * connects again.
 */
#ifndef MEDIASEC_MEDIASECD_DP_LISTS_H
#define MEDIASEC_MEDIASECD_DP_LISTS_H

#include <linux/types.h>

#include "filter.h"

struct ms_prefix;

/* expires_ns: CLOCK_MONOTONIC deadline, 0 = until removed. */
void cp_dp_list_add(enum cp_list_kind l, const struct ms_prefix *p, __u64 expires_ns);
void cp_dp_list_del(enum cp_list_kind l, const struct ms_prefix *p);
/* A dataplane (re)connected: both lists, whole. */
void cp_dp_lists_push(void);

#endif /* MEDIASEC_MEDIASECD_DP_LISTS_H */
