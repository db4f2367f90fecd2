/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "nl_msg.h"
#include "prefix.h"

const char *ctl_cmdline = "";

void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mediasecctl: %s%s", ctl_cmdline, *ctl_cmdline ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry \"mediasecctl help\".\n");
	exit(EXIT_USAGE);
}

void invarg(const char *what, const char *arg, const char *why)
{
	fprintf(stderr, "mediasecctl: %s%sinvalid %s \"%s\"%s%s\n", ctl_cmdline,
		*ctl_cmdline ? ": " : "", what, arg, why ? ": " : "", why ? why : "");
	exit(EXIT_FAILURE);
}

void duparg(const char *key)
{
	usage_error("duplicate \"%s\"", key);
}

bool matches(const char *arg, const char *word)
{
	return strcmp(arg, word) == 0;
}

int get_u32(uint32_t *out, const char *arg)
{
	uint64_t v = 0;

	if (!*arg)
		return -EINVAL;
	for (const char *s = arg; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

char *next_arg(int *argc, char ***argv, const char *what)
{
	if (*argc < 2)
		usage_error("\"%s\" needs %s", **argv, what);
	(*argc)--, (*argv)++;
	return **argv;
}

unsigned int get_name(enum ms_name_kind kind, const char *what, const char *arg)
{
	unsigned int v;

	if (ms_nl_name_parse(kind, arg, &v))
		invarg(what, arg, "unknown name, see mediasecctl(8)");
	return v;
}

uint32_t get_u32_range(const char *what, const char *arg, uint32_t min, uint32_t max)
{
	uint32_t v;
	char why[64];

	if (!get_u32(&v, arg) && v >= min && v <= max)
		return v;
	snprintf(why, sizeof(why), "expected %u..%u", min, max);
	invarg(what, arg, why);
}

void get_prefix(struct ms_prefix *p, const char *arg)
{
	char why[128];
	const char *colon;

	if (cp_prefix_parse(arg, p, why, sizeof(why)) == 0)
		return;
	/* the parser quotes the text; the message already does */
	colon = strstr(why, "\": ");
	invarg("prefix", arg, colon ? colon + 3 : why);
}
