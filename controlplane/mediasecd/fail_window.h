/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Security failures per source in a sliding window (REQUIREMENTS.md 4: "≥ N
 * failures within W s"): each source's window is CP_FAIL_SLOTS slots of
 * W / CP_FAIL_SLOTS, so a failure counts for at most W s and at least
 * W - W / CP_FAIL_SLOTS (it leaves with its slot).
 * The table is bounded: CP_FAIL_SOURCES_MAX sources in sets of
 * CP_FAIL_WAYS by a hash of the address; a new source takes the least
 * recently seen of its set. Counting only; dp_failures.c acts on it.
 */
#ifndef MEDIASEC_MEDIASECD_FAIL_WINDOW_H
#define MEDIASEC_MEDIASECD_FAIL_WINDOW_H

#include <linux/types.h>

struct ms_addr;

#define CP_FAIL_SLOTS		8
#define CP_FAIL_WAYS		8
#define CP_FAIL_SOURCES_MAX	4096	/* a multiple of CP_FAIL_WAYS */

/*
 * n more failures of src at now_ns (CLOCK_MONOTONIC): returns its failures
 * within the last window_s (>= 1) seconds, these included.
 */
__u64 cp_fail_add(const struct ms_addr *src, __u32 n, __u32 window_s, __u64 now_ns);
/* src starts over from no failure (it was just acted on). */
void cp_fail_forget(const struct ms_addr *src);
/* Forget every source. */
void cp_fail_reset(void);

#endif /* MEDIASEC_MEDIASECD_FAIL_WINDOW_H */
