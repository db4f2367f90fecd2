/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Runs the shared case table (cases.h) against one build of the filter,
 * reached through a small backend interface, printing TAP-style lines.
 */
#ifndef MEDIASEC_TESTS_BPF_RUNNER_H
#define MEDIASEC_TESTS_BPF_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "filter_abi.h"
#include "cases.h"

struct backend {
	void *ctx;
	/* Full configuration, and whether rx queue 0 has an AF_XDP socket. */
	int (*configure)(void *ctx, const struct ms_pf_config *cfg, int xsk);
	int (*counters)(void *ctx, struct ms_pf_counter stat[MS_PF_STAT_MAX]);
	/* Runs the frame @repeat times; *verdict is enum ms_pf_verdict.
	 * -EINVAL: the backend refuses frames that short (the kernel < 14). */
	int (*run)(void *ctx, const uint8_t *frame, size_t len,
		   unsigned int repeat, int *verdict);
	/* Adds the events queued since the last call to count[kind]. */
	void (*events)(void *ctx, unsigned int count[__MS_PF_EV_MAX]);
};

struct runner {
	const struct backend *be;
	int n;			/* TAP number of the last test */
	int checks;
	int failures;
};

void check(struct runner *r, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prints "ok N - name" or "not ok" for the checks since @failures. */
void report(struct runner *r, int failures, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void run_case(struct runner *r, const struct tcase *c);
void run_cases(struct runner *r);
void run_truncations(struct runner *r);
/* Summary line; returns the exit code (0 or 1). */
int runner_done(struct runner *r);

#endif /* MEDIASEC_TESTS_BPF_RUNNER_H */
