/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "fail_window.h"
#include "nl_msg.h"

#define NS_PER_S	1000000000ULL
#define SETS		(CP_FAIL_SOURCES_MAX / CP_FAIL_WAYS)

_Static_assert(CP_FAIL_SOURCES_MAX % CP_FAIL_WAYS == 0, "whole sets");

struct source {
	__u8 addr[16];		/* IPv4 in the first 4 bytes */
	__u16 family;		/* 0: free */
	__u64 seen_ns;		/* last failure, for the eviction */
	__u64 slot_ns;		/* the slot width its counts were made with */
	__u64 epoch[CP_FAIL_SLOTS];	/* now / slot_ns of each slot's count */
	__u32 count[CP_FAIL_SLOTS];
};

static struct source table[SETS][CP_FAIL_WAYS];

static const __u8 *bytes(const struct ms_addr *a, size_t *len)
{
	*len = a->family == AF_INET ? 4 : 16;
	return a->family == AF_INET ? a->in4 : a->in6;
}

/* FNV-1a: the addresses are the attacker's, but a set only holds 8 of them. */
static unsigned int set_of(const struct ms_addr *a)
{
	size_t len;
	const __u8 *b = bytes(a, &len);
	__u32 h = 2166136261U;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 16777619U;
	return h % SETS;
}

static bool same(const struct source *s, const struct ms_addr *a)
{
	size_t len;
	const __u8 *b = bytes(a, &len);

	return s->family == a->family && memcmp(s->addr, b, len) == 0;
}

static struct source *find(const struct ms_addr *a)
{
	struct source *set = table[set_of(a)];

	for (unsigned int w = 0; w < CP_FAIL_WAYS; w++)
		if (same(&set[w], a))
			return &set[w];
	return NULL;
}

/* a's entry, else a free one or the least recently seen of its set, emptied. */
static struct source *take(const struct ms_addr *a)
{
	struct source *set = table[set_of(a)], *victim = &set[0];
	const __u8 *b;
	size_t len;

	for (unsigned int w = 0; w < CP_FAIL_WAYS; w++) {
		if (same(&set[w], a))
			return &set[w];
		if (!set[w].family || (victim->family && set[w].seen_ns < victim->seen_ns))
			victim = &set[w];
	}
	memset(victim, 0, sizeof(*victim));
	b = bytes(a, &len);
	victim->family = a->family;
	memcpy(victim->addr, b, len);
	return victim;
}

__u64 cp_fail_add(const struct ms_addr *src, __u32 n, __u32 window_s, __u64 now_ns)
{
	__u64 slot_ns = (__u64)window_s * NS_PER_S / CP_FAIL_SLOTS;
	struct source *s = take(src);
	__u64 epoch = now_ns / slot_ns, total = 0;
	unsigned int i = epoch % CP_FAIL_SLOTS;

	if (s->slot_ns != slot_ns) {
		/* the window changed: counts made with another width start over */
		memset(s->epoch, 0, sizeof(s->epoch));
		memset(s->count, 0, sizeof(s->count));
		s->slot_ns = slot_ns;
	}
	if (s->epoch[i] != epoch) {
		s->epoch[i] = epoch;
		s->count[i] = 0;
	}
	s->count[i] = n > UINT32_MAX - s->count[i] ? UINT32_MAX : s->count[i] + n;
	s->seen_ns = now_ns;
	for (unsigned int k = 0; k < CP_FAIL_SLOTS; k++)
		if (epoch - s->epoch[k] < CP_FAIL_SLOTS)
			total += s->count[k];
	return total;
}

void cp_fail_forget(const struct ms_addr *src)
{
	struct source *s = find(src);

	if (s)
		memset(s, 0, sizeof(*s));
}

void cp_fail_reset(void)
{
	memset(table, 0, sizeof(table));
}
