/* SPDX-License-Identifier: BSD-3-Clause */
/* srtp-bench options: one table, exact names, strict parsing, no getopt prefixes. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/parse_num.h"
#include "opts.h"

enum opt_id { O_SUITE, O_PAYLOAD, O_ENGINE, O_SECONDS, O_RUNS, O_STREAMS, O_QUICK, O_HELP };

static const struct {
	const char *name;
	enum opt_id id;
	const char *arg;	/* NULL: a flag */
	const char *help;
} options[] = {
	{ "--suite", O_SUITE, "NAME", "suite by RFC name (repeatable; default: all)" },
	{ "--payload", O_PAYLOAD, "N", "RTP payload bytes, 0..1400 (repeatable; default: 160 and 1200)" },
	{ "--engine", O_ENGINE, "NAME", "native or libsrtp2 (repeatable; default: both)" },
	{ "--seconds", O_SECONDS, "S", "CPU seconds per measurement (default 1, --quick 0.1)" },
	{ "--runs", O_RUNS, "N", "measurements per result, median and min/max reported (default 5, --quick 3)" },
	{ "--streams", O_STREAMS, "N", "contexts (one SSRC each) used round-robin (default 1)" },
	{ "--quick", O_QUICK, NULL, "short runs, for the demo" },
	{ "--help", O_HELP, NULL, "this text" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: srtp-bench [options]\n"
		"Protect and unprotect throughput of the SRTP engines on one pinned core,\n"
		"bursts of 32, native against libsrtp2 in the same run. JSON lines on\n"
		"stdout, a table on stderr. Exit 0 ok, 1 self-check or run failed, 2 usage.\n\n");
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		char left[32];

		snprintf(left, sizeof(left), "%s%s%s", options[i].name,
			 options[i].arg ? " " : "", options[i].arg ? options[i].arg : "");
		fprintf(f, "  %-15s %s\n", left, options[i].help);
	}
	fprintf(f, "\nsuites:");
	for (int s = 1; s <= MS_SUITE_MAX; s++)
		fprintf(f, " %s", ms_suite_name(s));
	fprintf(f, "\n");
}

static int invarg(const char *opt, const char *arg, const char *why)
{
	fprintf(stderr, "srtp-bench: %s \"%s\": %s\n", opt, arg, why);
	return -1;
}

static int get_seconds(const char *s, double *v)
{
	char *end;

	/* Plain decimal only: no sign, exponent, hex, inf or nan. */
	if (!*s || s[strspn(s, "0123456789.")] != '\0')
		return -1;
	errno = 0;
	*v = strtod(s, &end);
	if (errno || *end || !isfinite(*v) || *v <= 0 || *v > 3600)
		return -1;
	return 0;
}

static int apply(struct bench_opts *o, enum opt_id id, const char *name, const char *arg,
		 bool *set_seconds, bool *set_runs)
{
	unsigned long v;
	unsigned int s;
	const struct dp_srtp_engine *e;

	switch (id) {
	case O_SUITE:
		if (ms_nl_name_parse(MS_NAME_SUITE, arg, &s))
			return invarg(name, arg, "unknown suite (see --help)");
		for (unsigned int i = 0; i < o->n_suites; i++)
			if (o->suites[i] == s)
				return invarg(name, arg, "given twice");
		o->suites[o->n_suites++] = s;
		return 0;
	case O_PAYLOAD:
		if (ms_parse_ulong(arg, 10, 0, BENCH_PAYLOAD_MAX, &v))
			return invarg(name, arg, "not a number in 0..1400");
		if (o->n_payloads == BENCH_MAX_PAYLOADS)
			return invarg(name, arg, "too many payload sizes");
		o->payloads[o->n_payloads++] = (uint32_t)v;
		return 0;
	case O_ENGINE:
		e = dp_srtp_engine_find(arg);
		if (!e)
			return invarg(name, arg, "unknown engine (native, libsrtp2)");
		for (unsigned int i = 0; i < o->n_engines; i++)
			if (o->engines[i] == e)
				return invarg(name, arg, "given twice");
		o->engines[o->n_engines++] = e;
		return 0;
	case O_SECONDS:
		if (get_seconds(arg, &o->seconds))
			return invarg(name, arg, "not a number of seconds in (0, 3600]");
		*set_seconds = true;
		return 0;
	case O_RUNS:
		if (ms_parse_ulong(arg, 10, 1, 1000, &v))
			return invarg(name, arg, "not a number in 1..1000");
		o->runs = (unsigned int)v;
		*set_runs = true;
		return 0;
	case O_STREAMS:
		if (ms_parse_ulong(arg, 10, 1, 1000000, &v))
			return invarg(name, arg, "not a number in 1..1000000");
		o->streams = (unsigned int)v;
		return 0;
	case O_QUICK:
		o->quick = true;
		return 0;
	case O_HELP:
		usage(stdout);
		return 1;
	}
	return -1;
}

int bench_opts_parse(int argc, char **argv, struct bench_opts *o)
{
	bool set_seconds = false, set_runs = false;

	*o = (struct bench_opts){ .seconds = 1.0, .runs = 5, .streams = 1 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '='), *arg = NULL;
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		size_t k;
		int ret;

		for (k = 0; k < sizeof(options) / sizeof(options[0]); k++)
			if (strlen(options[k].name) == len && strncmp(options[k].name, a, len) == 0)
				break;
		if (k == sizeof(options) / sizeof(options[0])) {
			fprintf(stderr, "srtp-bench: unknown argument \"%s\" (see --help)\n", a);
			return -1;
		}
		if (options[k].arg) {
			if (eq)
				arg = eq + 1;
			else if (i + 1 < argc)
				arg = argv[++i];
			else
				return invarg(options[k].name, "", "needs an argument");
		} else if (eq) {
			return invarg(options[k].name, eq + 1, "takes no argument");
		}
		ret = apply(o, options[k].id, options[k].name, arg, &set_seconds, &set_runs);
		if (ret)
			return ret;
	}
	if (o->quick) {
		if (!set_seconds)
			o->seconds = 0.1;
		if (!set_runs)
			o->runs = 3;
	}
	if (!o->n_suites)
		for (int s = 1; s <= MS_SUITE_MAX; s++)
			o->suites[o->n_suites++] = s;
	if (!o->n_payloads) {
		o->payloads[o->n_payloads++] = 160;
		o->payloads[o->n_payloads++] = 1200;
	}
	if (!o->n_engines) {
		o->engines[o->n_engines++] = dp_srtp_engine_find("native");
		o->engines[o->n_engines++] = dp_srtp_engine_find("libsrtp2");
	}
	return 0;
}
