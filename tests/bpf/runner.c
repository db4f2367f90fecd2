// SPDX-License-Identifier: BSD-3-Clause
/*
 * The case runner: configure, run a frame, and check the verdict, the
 * counters (exactly one verdict and one reason per frame, bytes too) and
 * the events, the same way for every build of the filter.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "runner.h"

void check(struct runner *r, int ok, const char *fmt, ...)
{
	va_list ap;

	r->checks++;
	if (ok)
		return;
	r->failures++;
	fputs("    FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

void report(struct runner *r, int failures, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", r->failures == failures ? "ok" : "not ok", ++r->n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

static uint64_t delta(const struct ms_pf_counter *a, const struct ms_pf_counter *b,
		      int slot)
{
	return b[slot].packets - a[slot].packets;
}

void run_case(struct runner *r, const struct tcase *c)
{
	const struct backend *be = r->be;
	unsigned int repeat = c->repeat ? c->repeat : 1;
	int slot = c->verdict == MS_PF_DROP ? MS_PF_STAT_DROP(c->reason) :
					      MS_PF_STAT_ACCEPT(c->reason);
	struct ms_pf_counter before[MS_PF_STAT_MAX], after[MS_PF_STAT_MAX];
	unsigned int events[__MS_PF_EV_MAX] = { 0 };
	int failures = r->failures, err, verdict = -1, k;
	const struct case_cfg *cc = c->cfg ? c->cfg : &case_cfg_base;
	struct ms_pf_config cfg;
	uint8_t buf[PKT_MAX];
	size_t len = pkt_build(buf, &c->pkt);
	uint64_t verdicts = 0;

	check(r, len > 0, "cannot build the frame");
	case_config(cc, &cfg);
	err = be->configure(be->ctx, &cfg, cc->xsk);
	check(r, !err, "configure: %s", strerror(-err));
	be->events(be->ctx, events);	/* drop leftovers */
	memset(events, 0, sizeof(events));

	if (!err && len && !be->counters(be->ctx, before)) {
		err = be->run(be->ctx, buf, len, repeat, &verdict);
		check(r, !err, "run: %s", strerror(-err));
		check(r, !be->counters(be->ctx, after), "counters");
		check(r, verdict == c->verdict, "verdict %d, want %d", verdict, c->verdict);
		for (k = 0; k < __MS_PF_VERDICT_MAX; k++)
			verdicts += delta(before, after, MS_PF_STAT_VERDICT(k));
		check(r, verdicts == repeat, "%llu verdicts counted, want %u",
		      (unsigned long long)verdicts, repeat);
		check(r, delta(before, after, MS_PF_STAT_VERDICT(c->verdict)) == repeat,
		      "verdict counter moved by %llu",
		      (unsigned long long)delta(before, after, MS_PF_STAT_VERDICT(c->verdict)));
		check(r, after[c->verdict].bytes - before[c->verdict].bytes ==
			 (uint64_t)repeat * len, "byte counter");
		check(r, delta(before, after, slot) == repeat,
		      "reason %d (%s) counter moved by %llu", c->reason,
		      c->verdict == MS_PF_DROP ? "drop" : "accept",
		      (unsigned long long)delta(before, after, slot));
		be->events(be->ctx, events);
		for (k = 0; k < __MS_PF_EV_MAX; k++)
			check(r, events[k] == (k && k == c->event ? 1U : 0U),
			      "%u events of kind %d", events[k], k);
	}
	report(r, failures, "%s", c->name);
}

void run_cases(struct runner *r)
{
	size_t i;

	for (i = 0; i < cases_n; i++)
		run_case(r, &cases[i]);
}

void run_truncations(struct runner *r)
{
	const struct backend *be = r->be;
	struct ms_pf_counter before[MS_PF_STAT_MAX], after[MS_PF_STAT_MAX];
	unsigned int runs = 0, refused = 0, i;
	int failures = r->failures, err, verdict;
	struct ms_pf_config cfg;
	uint8_t buf[PKT_MAX];
	size_t len, cut;

	case_config(NULL, &cfg);
	check(r, !be->configure(be->ctx, &cfg, 0), "configure");
	check(r, !be->counters(be->ctx, before), "counters");
	for (i = 0; i < truncated_n; i++) {
		len = pkt_build(buf, &truncated[i]);
		check(r, len > 0, "cannot build frame %u", i);
		for (cut = 0; cut < len; cut++) {
			err = be->run(be->ctx, buf, cut, 1, &verdict);
			if (err == -EINVAL && cut < 14) {
				refused++;
				continue;
			}
			check(r, !err, "frame %u cut at %zu: %s", i, cut, strerror(-err));
			check(r, verdict == MS_PF_DROP, "frame %u cut at %zu: verdict %d",
			      i, cut, verdict);
			runs++;
		}
		check(r, !be->run(be->ctx, buf, len, 1, &verdict) && verdict == MS_PF_PASS,
		      "frame %u whole: verdict %d", i, verdict);
	}
	check(r, !be->counters(be->ctx, after), "counters");
	check(r, delta(before, after, MS_PF_STAT_DROP(MS_DROP_MALFORMED)) == runs,
	      "malformed counted %llu of %u",
	      (unsigned long long)delta(before, after, MS_PF_STAT_DROP(MS_DROP_MALFORMED)),
	      runs);
	report(r, failures, "truncations: %u cuts dropped as malformed, "
	       "%u refused as shorter than Ethernet", runs, refused);
}

int runner_done(struct runner *r)
{
	printf("1..%d\n%d tests, %d checks, %d failed\n", r->n, r->n, r->checks,
	       r->failures);
	return r->failures ? 1 : 0;
}
