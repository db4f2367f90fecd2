/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Security failures seen by a worker, for mediasecd's dynamic denylist
 * (REQUIREMENTS.md 4): an SRTP/SRTCP packet that failed authentication or
 * was a replay is reported as (source address, leg, reason) to the control
 * thread, which sums them per source and sends them on (control/sec_events.c).
 *
 * The worker side never blocks and never waits: one fixed-size record per
 * failure onto the worker's own single-producer ring, at most
 * DP_SEC_REPORT_RATE records a second (a token bucket on the TSC, bursts of
 * DP_SEC_REPORT_BURST), so a flood of forged packets costs the worker a
 * counter increment and cannot swamp the control thread. What the bucket or
 * a full ring refuses is counted as lost. A flooding source still reaches
 * any sane threshold within the first burst.
 */
#ifndef MEDIASEC_DATAPLANE_SEC_REPORT_H
#define MEDIASEC_DATAPLANE_SEC_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>

#include <mediasec/enums.h>

struct dp_endpoint;
struct rte_ring;

#define DP_SEC_REPORT_RATE	1000	/* records a second per worker */
#define DP_SEC_REPORT_BURST	64
#define DP_SEC_REPORT_RING	1024	/* records waiting per worker */

/* One failure; the ring's element (a multiple of 4 bytes). */
struct dp_sec_record {
	uint8_t addr[16];	/* network order; IPv4 in the first 4 bytes */
	uint32_t leg_id;
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t reason;		/* enum ms_drop_reason */
	uint8_t pad[2];
};

/* One worker's reporter: written by its worker, read by the control thread. */
struct dp_sec_report {
	struct rte_ring *ring;	/* SP/SC, of struct dp_sec_record */
	uint64_t tsc_per_token;
	uint64_t refill_tsc;	/* when the bucket was last refilled */
	uint32_t tokens;
	uint64_t lost;		/* atomic (relaxed): refused by the bucket or the ring */
} __rte_cache_aligned;

/* On socket, named after worker; NULL with rte_errno set. */
struct dp_sec_report *dp_sec_report_create(uint16_t worker, int socket);
void dp_sec_report_free(struct dp_sec_report *s);

/* Whether a drop for reason is a security failure of its source. */
static inline bool dp_sec_reason_reported(uint8_t reason)
{
	return reason == MS_DROP_SRTP_AUTH || reason == MS_DROP_SRTP_REPLAY_DUP ||
	       reason == MS_DROP_SRTP_REPLAY_OLD;
}

/* The worker: record a failure; never blocks. */
void dp_sec_report_add(struct dp_sec_report *s, const struct dp_endpoint *src,
		       uint32_t leg_id, uint8_t reason);

/* The pipeline's hook on every drop it makes: s NULL reports nothing. */
static inline void dp_sec_report_drop(struct dp_sec_report *s, const struct dp_endpoint *src,
				      uint32_t leg_id, uint8_t reason)
{
	if (s && dp_sec_reason_reported(reason))
		dp_sec_report_add(s, src, leg_id, reason);
}

#endif /* MEDIASEC_DATAPLANE_SEC_REPORT_H */
