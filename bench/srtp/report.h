/* SPDX-License-Identifier: BSD-3-Clause */
/* srtp-bench output: JSON lines on stdout (PERFORMANCE.md), a table on stderr. */
#ifndef MEDIASEC_BENCH_SRTP_REPORT_H
#define MEDIASEC_BENCH_SRTP_REPORT_H

#include <stdint.h>

struct bench_result {
	const char *engine;
	const char *suite;
	const char *op;		/* "protect" or "unprotect" */
	uint32_t payload;
	unsigned int streams;
	unsigned int runs;
	double mpps;		/* median */
	double mpps_min, mpps_max;
};

/* Median, min and max of n samples (sorts them). */
void report_summarise(double *samples, unsigned int n, struct bench_result *r);
void report_result(const struct bench_result *r);
/* A ratio line for a/b on the same suite, op and payload. */
void report_ratio(const struct bench_result *a, const struct bench_result *b);
void report_table_header(void);
/* One table row: results[0..n) for one suite, op and payload. */
void report_table_row(const struct bench_result *results, unsigned int n);

#endif /* MEDIASEC_BENCH_SRTP_REPORT_H */
