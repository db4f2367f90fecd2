/* SPDX-License-Identifier: BSD-3-Clause */
/* One timed measurement: an engine, a suite, an op, a payload size, N contexts. */
#ifndef MEDIASEC_BENCH_SRTP_MEASURE_H
#define MEDIASEC_BENCH_SRTP_MEASURE_H

#include <stdbool.h>
#include <stdint.h>

#include "srtp.h"

#define BENCH_BURST	32

struct bench_case {
	const struct dp_srtp_engine *engine;
	enum ms_srtp_suite suite;
	uint32_t payload;
	bool unprotect;
	unsigned int streams;
};

struct bench_rig;

/* Contexts and buffers for one case (control path, untimed). NULL on failure. */
struct bench_rig *bench_rig_create(const struct bench_case *c);
void bench_rig_free(struct bench_rig *rig);
/* One measurement of at least `seconds`; Mpps in *mpps. 0, or -EIO when a packet was refused. */
int bench_rig_run(struct bench_rig *rig, double seconds, double *mpps);

#endif /* MEDIASEC_BENCH_SRTP_MEASURE_H */
