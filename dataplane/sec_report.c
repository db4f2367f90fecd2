/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "parse.h"
#include "sec_report.h"

_Static_assert(sizeof(struct dp_sec_record) % 4 == 0, "rte_ring elements are 4-byte multiples");

struct dp_sec_report *dp_sec_report_create(uint16_t worker, int socket)
{
	char name[RTE_RING_NAMESIZE];
	struct dp_sec_report *s = rte_zmalloc_socket("dp_sec_report", sizeof(*s),
						     RTE_CACHE_LINE_SIZE, socket);

	if (!s)
		return NULL;
	snprintf(name, sizeof(name), "dp_sec%u", worker);
	s->ring = rte_ring_create_elem(name, sizeof(struct dp_sec_record), DP_SEC_REPORT_RING,
				       socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (!s->ring) {
		rte_free(s);
		return NULL;
	}
	s->tsc_per_token = rte_get_tsc_hz() / DP_SEC_REPORT_RATE ?: 1;
	s->refill_tsc = rte_rdtsc();
	s->tokens = DP_SEC_REPORT_BURST;
	return s;
}

void dp_sec_report_free(struct dp_sec_report *s)
{
	if (!s)
		return;
	rte_ring_free(s->ring);
	rte_free(s);
}

/* A token, refilled from the time passed; false when the bucket is dry. */
static bool take_token(struct dp_sec_report *s)
{
	if (!s->tokens) {
		uint64_t now = rte_rdtsc();
		uint64_t add = (now - s->refill_tsc) / s->tsc_per_token;

		if (!add)
			return false;
		s->tokens = (uint32_t)RTE_MIN(add, (uint64_t)DP_SEC_REPORT_BURST);
		s->refill_tsc = add >= DP_SEC_REPORT_BURST ? now
							   : s->refill_tsc + add * s->tsc_per_token;
	}
	s->tokens--;
	return true;
}

void dp_sec_report_add(struct dp_sec_report *s, const struct dp_endpoint *src,
		       uint32_t leg_id, uint8_t reason)
{
	struct dp_sec_record r = {
		.leg_id = leg_id,
		.family = src->family,
		.reason = reason,
	};

	memcpy(r.addr, src->addr, sizeof(r.addr));
	if (!take_token(s) || rte_ring_sp_enqueue_elem(s->ring, &r, sizeof(r)))
		__atomic_store_n(&s->lost, s->lost + 1, __ATOMIC_RELAXED);
}
