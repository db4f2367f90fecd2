/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * monitor [ event TYPE ]... [ severity LEVEL ]: subscribe to mediasecd's
 * events and print each as it comes, one line (or one JSON object) each.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/netlink.h>

#include "args.h"
#include "conn.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "objects.h"
#include "print.h"

static void time_text(__u64 ns, char *buf, size_t len)
{
	time_t s = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	size_t n;

	gmtime_r(&s, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03lluZ", (unsigned long long)(ns / 1000000ULL % 1000));
}

static int print_event(const struct ms_msg *m, void *arg)
{
	const struct ms_event *e = &m->event;
	const char *type = ms_nl_name_get(MS_NAME_EVENT, e->type);
	const char *sev = ms_nl_name_get(MS_NAME_SEVERITY, e->severity);
	char when[40], src[INET6_ADDRSTRLEN];

	(void)arg;
	if (m->cmd != MS_CMD_EVENT || !(m->present & MS_BIT(MS_ATTR_EVENT)))
		return 0;
	time_text(e->time_ns, when, sizeof(when));
	print_open_object(NULL);
	print_string("time", "%s", when);
	print_string("type", " %s", type ? type : "?");
	print_string("severity", " %s", sev ? sev : "?");
	print_uint("seq", ctl_opts.details ? " seq %llu" : NULL, e->seq);
	if (e->present & MS_BIT(MS_EVENT_A_SOURCE) &&
	    inet_ntop(e->source.family, e->source.family == AF_INET ?
		      (const void *)e->source.in4 : (const void *)e->source.in6,
		      src, sizeof(src)))
		print_string("source", " source %s", src);
	if (e->present & MS_BIT(MS_EVENT_A_LEG_ID))
		print_uint("leg", " leg %llu", e->leg_id);
	print_string("text", ": %s", e->text);
	print_text("\n");
	print_close_object();
	print_flush();
	return 0;
}

int do_monitor(int argc, char **argv)
{
	struct ms_msg *m = calloc(1, sizeof(*m));
	char err[MS_ERROR_MSG_MAX + 64];
	unsigned int v;
	int ret;

	if (!m)
		return ctl_fail("out of memory");
	m->cmd = MS_CMD_EVENT_SUBSCRIBE;
	m->nl_flags = NLM_F_ACK;
	for (; argc > 0; argc--, argv++) {
		if (matches(*argv, "event") && argc > 1) {
			argc--, argv++;
			if (ms_nl_name_parse(MS_NAME_EVENT, *argv, &v))
				invarg("event type", *argv, "see \"mediasecctl help\"");
			m->present |= MS_BIT(MS_ATTR_EVENT_MASK);
			m->event_mask |= 1U << v;
		} else if (matches(*argv, "severity") && argc > 1) {
			if (m->present & MS_BIT(MS_ATTR_SEVERITY_MIN))
				duparg("severity");
			argc--, argv++;
			if (ms_nl_name_parse(MS_NAME_SEVERITY, *argv, &v))
				invarg("severity", *argv, "expected info, notice, warning, err or crit");
			m->present |= MS_BIT(MS_ATTR_SEVERITY_MIN);
			m->severity_min = (__u8)v;
		} else if (matches(*argv, "event") || matches(*argv, "severity")) {
			usage_error("\"%s\" needs a value", *argv);
		} else {
			usage_error("unexpected \"%s\"", *argv);
		}
	}
	/* Events come as they happen: line by line even into a pipe. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = ctl_request(m, NULL, NULL, err, sizeof(err));
	free(m);
	if (ret)
		return ctl_fail(err);
	ret = ctl_listen(print_event, NULL, err, sizeof(err));
	return ret ? ctl_fail(err) : 0;
}
