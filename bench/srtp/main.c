/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srtp-bench: protect/unprotect throughput of the SRTP engines on one core.
 * main() only parses, pins, self-checks and walks the cases; the loops are in
 * measure.c, the output in report.c. See bench/README.md.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "measure.h"
#include "opts.h"
#include "report.h"
#include "selfcheck.h"

#define WARMUP_S	0.05

static int pin_first_cpu(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return -errno;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &set))
			continue;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			return -errno;
		return cpu;
	}
	return -ENOENT;
}

/* Engines interleaved run by run, so drifting machine load hits both alike. */
static int run_case(const struct bench_opts *o, enum ms_srtp_suite suite,
		    uint32_t payload, bool unprotect)
{
	struct bench_rig *rigs[BENCH_MAX_ENGINES] = { NULL };
	struct bench_result res[BENCH_MAX_ENGINES];
	double samples[BENCH_MAX_ENGINES][1000];
	int native = -1, ref = -1, ret = -1;
	double warm;

	for (unsigned int e = 0; e < o->n_engines; e++) {
		struct bench_case c = { .engine = o->engines[e], .suite = suite,
					.payload = payload, .unprotect = unprotect,
					.streams = o->streams };

		rigs[e] = bench_rig_create(&c);
		if (!rigs[e]) {
			fprintf(stderr, "srtp-bench: %s %s: cannot create %u contexts: %s\n",
				o->engines[e]->name, ms_suite_name(suite),
				o->streams, strerror(errno));
			goto out;
		}
		/* Warm-up: streams, caches, clock ramp; not reported. */
		if (bench_rig_run(rigs[e], o->seconds < WARMUP_S ? o->seconds : WARMUP_S, &warm))
			goto refused;
	}
	for (unsigned int r = 0; r < o->runs; r++)
		for (unsigned int e = 0; e < o->n_engines; e++)
			if (bench_rig_run(rigs[e], o->seconds, &samples[e][r]))
				goto refused;
	for (unsigned int e = 0; e < o->n_engines; e++) {
		res[e] = (struct bench_result){ .engine = o->engines[e]->name,
						.suite = ms_suite_name(suite),
						.op = unprotect ? "unprotect" : "protect",
						.payload = payload, .streams = o->streams };
		report_summarise(samples[e], o->runs, &res[e]);
		report_result(&res[e]);
		if (strcmp(res[e].engine, "native") == 0)
			native = (int)e;
		else
			ref = (int)e;
	}
	if (native >= 0 && ref >= 0) {
		struct bench_result pair[2] = { res[native], res[ref] };

		report_ratio(&pair[0], &pair[1]);
		report_table_row(pair, 2);
	} else {
		report_table_row(res, o->n_engines);
	}
	ret = 0;
	goto out;
refused:
	fprintf(stderr, "srtp-bench: %s %s, payload %u: an engine refused a valid packet\n",
		ms_suite_name(suite), unprotect ? "unprotect" : "protect", payload);
out:
	for (unsigned int e = 0; e < o->n_engines; e++)
		bench_rig_free(rigs[e]);
	return ret;
}

int main(int argc, char **argv)
{
	static const char *const both[] = { "native", "libsrtp2" };
	struct bench_opts o;
	int ret, cpu;

	ret = bench_opts_parse(argc, argv, &o);
	if (ret)
		return ret > 0 ? 0 : 2;
	cpu = pin_first_cpu();
	if (cpu < 0) {
		fprintf(stderr, "srtp-bench: cannot pin to one CPU: %s\n", strerror(-cpu));
		return 1;
	}
	for (int i = 0; i < 2; i++) {
		if (dp_srtp_engine_find(both[i])->thread_init()) {
			fprintf(stderr, "srtp-bench: %s thread_init failed\n", both[i]);
			return 1;
		}
	}
	if (bench_selfcheck(&o))
		return 1;
	fprintf(stderr, "srtp-bench: CPU %d, bursts of %d, %u stream(s), %u run(s) of %.2f s\n",
		cpu, BENCH_BURST, o.streams, o.runs, o.seconds);
	report_table_header();
	for (unsigned int s = 0; s < o.n_suites; s++)
		for (unsigned int p = 0; p < o.n_payloads; p++)
			for (int op = 0; op < 2; op++)
				if (run_case(&o, o.suites[s], o.payloads[p], op == 1))
					return 1;
	return 0;
}
