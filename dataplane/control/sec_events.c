/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Security failures to the subscriber: the records the workers put on
 * their reporters' rings (dataplane/sec_report.h) are summed per (source,
 * leg, reason) for up to SUM_NS, then each sum leaves as one MS_CMD_EVENT
 * (auth-failure, with COUNT and REASON) to the subscriber of the punts,
 * mediasecd, which counts them towards its dynamic denylist. A flood is
 * thus a few messages every SUM_NS, not one per packet.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "dataplane/sec_report.h"
#include "internal.h"

#define SUM_NS		10000000ULL	/* 10 ms: well inside the 100 ms to block */
#define SEC_BURST	32
#define SEC_BUDGET	1024	/* records per ring and call */

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static bool same(const struct dp_sec_record *a, const struct dp_sec_record *b)
{
	return a->family == b->family && a->reason == b->reason && a->leg_id == b->leg_id &&
	       memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16) == 0;
}

/* One sum as an event to the subscriber: 0, or -errno when it was not delivered. */
static int deliver(struct dp_ctl *ctl, const struct ctl_sec_sum *s)
{
	struct ms_msg *out = &ctl->out;
	struct ms_event *e = &out->event;

	if (!ctl->subscriber)
		return -ENOTCONN;
	out->present = MS_BIT(MS_ATTR_EVENT);
	memset(e, 0, sizeof(*e));
	e->present = MS_BIT(MS_EVENT_A_TYPE) | MS_BIT(MS_EVENT_A_SEVERITY) |
		     MS_BIT(MS_EVENT_A_TIME) | MS_BIT(MS_EVENT_A_SEQ) |
		     MS_BIT(MS_EVENT_A_SOURCE) | MS_BIT(MS_EVENT_A_LEG_ID) |
		     MS_BIT(MS_EVENT_A_COUNT) | MS_BIT(MS_EVENT_A_REASON);
	e->type = MS_EVENT_AUTH_FAILURE;
	e->severity = MS_SEV_WARNING;
	e->time_ns = now_ns(CLOCK_REALTIME);
	e->seq = ++ctl->sec_seq;
	e->source.present = MS_BIT(MS_ADDR_A_FAMILY);
	e->source.family = s->rec.family;
	if (s->rec.family == AF_INET) {
		memcpy(e->source.in4, s->rec.addr, 4);
		e->source.present |= MS_BIT(MS_ADDR_A_IN4);
	} else {
		memcpy(e->source.in6, s->rec.addr, 16);
		e->source.present |= MS_BIT(MS_ADDR_A_IN6);
	}
	e->leg_id = s->rec.leg_id;
	e->count = s->count;
	e->reason = s->rec.reason;
	return ctl_notify(ctl, MS_CMD_EVENT);
}

static void flush(struct dp_ctl *ctl)
{
	for (unsigned int i = 0; i < ctl->n_sec_sums; i++) {
		const struct ctl_sec_sum *s = &ctl->sec_sums[i];

		if (deliver(ctl, s))
			ctl->stats.sec_lost += s->count;
		else
			ctl->stats.sec_events++;
	}
	ctl->n_sec_sums = 0;
}

static void add(struct dp_ctl *ctl, const struct dp_sec_record *r)
{
	struct ctl_sec_sum *s;

	for (unsigned int i = 0; i < ctl->n_sec_sums; i++)
		if (same(&ctl->sec_sums[i].rec, r)) {
			ctl->sec_sums[i].count++;
			return;
		}
	if (ctl->n_sec_sums == CTL_SEC_SUMS_MAX)
		flush(ctl);
	if (ctl->n_sec_sums == 0)
		ctl->sec_since_ns = now_ns(CLOCK_MONOTONIC);
	s = &ctl->sec_sums[ctl->n_sec_sums++];
	s->rec = *r;
	s->count = 1;
}

void ctl_sec_drain(struct dp_ctl *ctl)
{
	struct dp_sec_record recs[SEC_BURST];

	for (uint16_t w = 0; ctl->conf.sec && w < ctl->conf.n_workers; w++) {
		struct dp_sec_report *rep = ctl->conf.sec[w];
		unsigned int budget = SEC_BUDGET, n;

		while (rep && budget &&
		       (n = rte_ring_dequeue_burst_elem(rep->ring, recs, sizeof(recs[0]),
							SEC_BURST, NULL)) > 0) {
			for (unsigned int i = 0; i < n; i++)
				add(ctl, &recs[i]);
			budget -= RTE_MIN(budget, n);
		}
	}
	if (ctl->n_sec_sums && now_ns(CLOCK_MONOTONIC) - ctl->sec_since_ns >= SUM_NS)
		flush(ctl);
}
