/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * How long the dynamic denylist blocks a source (REQUIREMENTS.md 4): the
 * first block lasts block_s; a source that offends again within repeat_s
 * of its last block's end gets twice the previous block, up to block_max_s
 * (0: no cap, and a block that would pass CP_BLOCK_MAX_S is permanent).
 * Only the policy and its memory of offenders; dyn_block.c applies it.
 */
#ifndef MEDIASEC_MEDIASECD_DYN_DENY_H
#define MEDIASEC_MEDIASECD_DYN_DENY_H

#include <linux/types.h>

struct cp_filter_conf;
struct ms_addr;

/* Offenders remembered; past that the one whose memory ends first goes. */
#define CP_DYN_OFFENDERS_MAX 4096

/* Seconds of the strikes-th block in a row (strikes >= 1); 0 = permanent. */
__u32 cp_dyn_block_time(const struct cp_filter_conf *pf, unsigned int strikes);

/*
 * src offended at now_ns (CLOCK_MONOTONIC): count the strike and return the
 * seconds to block it for (0 = permanent); *strikes says which strike it was.
 */
__u32 cp_dyn_strike(const struct cp_filter_conf *pf, const struct ms_addr *src,
		    __u64 now_ns, unsigned int *strikes);

/* Forget every offender. */
void cp_dyn_reset(void);

#endif /* MEDIASEC_MEDIASECD_DYN_DENY_H */
