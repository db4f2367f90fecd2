/* SPDX-License-Identifier: BSD-3-Clause */
/* srtp-bench command line: declared as a table, full-word matching, strict numbers. */
#ifndef MEDIASEC_BENCH_SRTP_OPTS_H
#define MEDIASEC_BENCH_SRTP_OPTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "srtp.h"

#define BENCH_MAX_PAYLOADS	8
#define BENCH_MAX_ENGINES	2
#define BENCH_PAYLOAD_MAX	1400

struct bench_opts {
	enum ms_srtp_suite suites[MS_SUITE_MAX];
	unsigned int n_suites;
	uint32_t payloads[BENCH_MAX_PAYLOADS];
	unsigned int n_payloads;
	const struct dp_srtp_engine *engines[BENCH_MAX_ENGINES];
	unsigned int n_engines;
	double seconds;		/* per measurement */
	unsigned int runs;
	unsigned int streams;	/* contexts, one SSRC each, round-robin */
	bool quick;
};

/* 0: run; 1: --help printed, exit 0; -1: usage error printed, exit 2. */
int bench_opts_parse(int argc, char **argv, struct bench_opts *o);

#endif /* MEDIASEC_BENCH_SRTP_OPTS_H */
