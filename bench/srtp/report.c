/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One print layer for srtp-bench. The JSON lines start with exactly the keys
 * of PERFORMANCE.md, in its order, then add the spread and the setup:
 * {"bench":"srtp","engine":"native","suite":"AES_CM_128_HMAC_SHA1_80",
 *  "op":"protect","payload":160,"mpps":6.4,"ns_per_pkt":156,
 *  "mpps_min":6.2,"mpps_max":6.5,"runs":5,"streams":1}
 * {"bench":"srtp","ratio":"native/libsrtp2","suite":...,"op":...,
 *  "payload":160,"ratio_value":12.3,"streams":1}
 * Every string printed is a fixed engine, suite or op name: nothing to escape.
 */
#include <stdio.h>
#include <stdlib.h>

#include "report.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void report_summarise(double *samples, unsigned int n, struct bench_result *r)
{
	qsort(samples, n, sizeof(*samples), cmp_double);
	r->runs = n;
	r->mpps_min = samples[0];
	r->mpps_max = samples[n - 1];
	r->mpps = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

void report_result(const struct bench_result *r)
{
	printf("{\"bench\":\"srtp\",\"engine\":\"%s\",\"suite\":\"%s\",\"op\":\"%s\","
	       "\"payload\":%u,\"mpps\":%.3f,\"ns_per_pkt\":%.1f,"
	       "\"mpps_min\":%.3f,\"mpps_max\":%.3f,\"runs\":%u,\"streams\":%u}\n",
	       r->engine, r->suite, r->op, r->payload, r->mpps, 1e3 / r->mpps,
	       r->mpps_min, r->mpps_max, r->runs, r->streams);
	fflush(stdout);
}

void report_ratio(const struct bench_result *a, const struct bench_result *b)
{
	printf("{\"bench\":\"srtp\",\"ratio\":\"%s/%s\",\"suite\":\"%s\",\"op\":\"%s\","
	       "\"payload\":%u,\"ratio_value\":%.2f,\"streams\":%u}\n",
	       a->engine, b->engine, a->suite, a->op, a->payload, a->mpps / b->mpps,
	       a->streams);
	fflush(stdout);
}

void report_table_header(void)
{
	fprintf(stderr, "%-24s %7s %-9s  %-34s %-34s %s\n", "suite", "payload", "op",
		"engine: Mpps median (min-max)", "", "ratio");
}

void report_table_row(const struct bench_result *res, unsigned int n)
{
	char cell[64];

	fprintf(stderr, "%-24s %7u %-9s ", res[0].suite, res[0].payload, res[0].op);
	for (unsigned int i = 0; i < n; i++) {
		snprintf(cell, sizeof(cell), "%s %.2f (%.2f-%.2f)", res[i].engine,
			 res[i].mpps, res[i].mpps_min, res[i].mpps_max);
		fprintf(stderr, " %-34s", cell);
	}
	if (n == 2)
		fprintf(stderr, " %.1fx", res[0].mpps / res[1].mpps);
	fprintf(stderr, "\n");
}
