/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What dp-pipeline-bench's measurements share: the legs, their contexts,
 * and the frames the far ends send.
 */
#ifndef MEDIASEC_BENCH_DP_PIPELINE_BENCH_H
#define MEDIASEC_BENCH_DP_PIPELINE_BENCH_H

#include <stdint.h>
#include <time.h>

#include <rte_ether.h>

#include "dataplane/leg.h"
#include "dataplane/pipeline.h"
#include "dataplane/worker.h"

#define SUITE_NAME	"AES_CM_128_HMAC_SHA1_80"
#define PAYLOAD		160
#define HDR_LEN		(RTE_ETHER_HDR_LEN + 20 + 8)
#define FRAME_LEN_MAX	(HDR_LEN + 12 + PAYLOAD + 10)	/* with the SRTP tag */

/* Which side of a pair has the SRTP context: the receiving leg or its peer. */
enum mode { SRTP_TO_RTP, RTP_TO_SRTP, N_MODES };

extern const char *const mode_name[N_MODES];

struct bench {
	const struct dp_srtp_engine *engine;
	struct rte_mempool *pool;
	struct dp_leg_table *t;
	struct dp_pipeline *p;
	struct dp_port_conf ports[DP_PORTS_MAX];
	struct dp_nh next_hop;		/* static, shared by every leg, as with next-hop= */
	uint16_t port_in, port_out;	/* legs receive on port_in, peers send on port_out */
	enum mode mode;
	uint32_t pairs;
	struct dp_srtp_ctx **far;	/* per pair, SRTP_TO_RTP: the far end's */
	struct dp_srtp_ctx **ctx;	/* per pair: the context the pipeline uses */
	uint16_t *seq;			/* per pair */
	struct rte_mbuf **m;		/* P packets */
	struct dp_rx_filter filter;	/* --filter: the hook a worker would get */
};

/* Seconds on a clock: CLOCK_THREAD_CPUTIME_ID times the measurements. */
double clock_s(clockid_t id);

/*
 * n <= DP_BURST_MAX fresh frames, packets base.. of a measurement, written
 * to buf[i] (room bytes each), their lengths to len[i]: SRTP from the far
 * ends, or plain RTP. 0, or -1 when the far end could not protect.
 */
int frames_make(struct bench *b, uint32_t base, uint16_t n, uint8_t *const *buf,
		uint16_t room, uint16_t *len);

#endif /* MEDIASEC_BENCH_DP_PIPELINE_BENCH_H */
