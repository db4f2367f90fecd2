/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "config.h"
#include "dyn_deny.h"
#include "nl_msg.h"

#define NS_PER_S 1000000000ULL

struct offender {
	__u8 addr[16];		/* IPv4 in the first 4 bytes */
	__u16 family;		/* 0: free slot */
	unsigned int strikes;
	__u64 forget_ns;	/* end of the last block + repeat_s */
};

/*
 * A plain array searched linearly: strikes come from scan events, which
 * the filter sends at most once per source and scan window, so this is
 * far from any packet rate.
 */
static struct offender offenders[CP_DYN_OFFENDERS_MAX];

__u32 cp_dyn_block_time(const struct cp_filter_conf *pf, unsigned int strikes)
{
	__u64 t = pf->block_s;

	for (unsigned int i = 1; i < strikes && t <= CP_BLOCK_MAX_S; i++)
		t *= 2;
	if (pf->block_max_s && t > pf->block_max_s)
		return pf->block_max_s;
	return t > CP_BLOCK_MAX_S ? 0 : (__u32)t;
}

static bool same(const struct offender *o, const struct ms_addr *a)
{
	size_t len = a->family == AF_INET ? 4 : 16;

	return o->family == a->family &&
	       memcmp(o->addr, a->family == AF_INET ? a->in4 : a->in6, len) == 0;
}

/* 0 for a slot free to take, else when its memory ends. */
static __u64 rank(const struct offender *o, __u64 now_ns)
{
	return !o->family || o->forget_ns <= now_ns ? 0 : o->forget_ns;
}

/* The slot of a, else a free or forgotten one, else the one forgotten first. */
static struct offender *slot_of(const struct ms_addr *a, __u64 now_ns)
{
	struct offender *victim = &offenders[0];

	for (unsigned int i = 0; i < CP_DYN_OFFENDERS_MAX; i++) {
		struct offender *o = &offenders[i];

		if (same(o, a))
			return o;
		if (rank(o, now_ns) < rank(victim, now_ns))
			victim = o;
	}
	memset(victim, 0, sizeof(*victim));
	victim->family = a->family;
	memcpy(victim->addr, a->family == AF_INET ? a->in4 : a->in6,
	       a->family == AF_INET ? 4 : 16);
	return victim;
}

__u32 cp_dyn_strike(const struct cp_filter_conf *pf, const struct ms_addr *src,
		    __u64 now_ns, unsigned int *strikes)
{
	struct offender *o = slot_of(src, now_ns);
	__u32 block;

	if (o->strikes && o->forget_ns <= now_ns)
		o->strikes = 0;		/* behaved for repeat_s: a first offence again */
	block = cp_dyn_block_time(pf, ++o->strikes);
	/* A permanent block is never repeated: remember it as long as any. */
	o->forget_ns = now_ns + ((__u64)(block ? block : CP_BLOCK_MAX_S) + pf->repeat_s) * NS_PER_S;
	*strikes = o->strikes;
	return block;
}

void cp_dyn_reset(void)
{
	memset(offenders, 0, sizeof(offenders));
}
