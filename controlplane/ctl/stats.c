/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stats [ show ] [ leg ID | port | realm ]: packet counters and drops by
 * reason, of the whole datapath, of one leg (leg show -s prints the same
 * block), of each dataplane port or of each realm (a STATS_GET dump, which
 * answers both: each form prints its own); the whole-datapath form adds the
 * XDP filter's counters when mediasecd runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "args.h"
#include "conn.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "objects.h"
#include "print.h"

/* A nest keyed by reason (enum kind): "    WORD NAME N" a line, in object key. */
static void print_reasons(const char *key, const char *word, enum ms_name_kind kind,
			  __u64 present, const __u64 *count, unsigned int max)
{
	print_open_object(key);
	for (unsigned int r = 1; r <= max; r++) {
		const char *name = ms_nl_name_get(kind, r);
		char fmt[64];

		if (!(present & MS_BIT(r)) || !name)
			continue;
		snprintf(fmt, sizeof(fmt), "    %s %s %%llu\n", word, name);
		print_uint(name, fmt, count[r]);
	}
	print_close_object();
}

void print_counters(const struct ms_counters *c)
{
	print_open_object("counters");
	print_uint("rx_packets", "    rx packets %llu", c->rx_packets);
	print_uint("rx_bytes", " bytes %llu\n", c->rx_bytes);
	print_uint("tx_packets", "    tx packets %llu", c->tx_packets);
	print_uint("tx_bytes", " bytes %llu\n", c->tx_bytes);
	print_reasons("drops", "drop", MS_NAME_DROP, c->drops.present, c->drops.count,
		      MS_DROP_MAX);
	print_close_object();
}

/* The XDP filter's verdicts and reasons, and what mediasecd made of its events. */
static void print_filter(const struct ms_filter_stats *f)
{
	print_text("filter\n");
	print_open_object("filter");
	print_uint("dropped", "    dropped %llu", f->dropped);
	print_uint("passed", " passed %llu", f->passed);
	print_uint("redirected", " redirected %llu\n", f->redirected);
	print_reasons("drops", "drop", MS_NAME_DROP, f->drops.present, f->drops.count,
		      MS_DROP_MAX);
	print_reasons("accepts", "pass", MS_NAME_ACCEPT, f->accepts.present,
		      f->accepts.count, MS_PF_ACCEPT_MAX);
	print_uint("events", "    events %llu", f->events);
	print_uint("events_lost", " lost %llu\n", f->events_lost);
	print_uint("scans", "    scans %llu", f->scans);
	print_uint("dynamic_denies", " dynamic-denies %llu", f->dynamic_denies);
	print_uint("deny_hits", " deny-hits %llu\n", f->deny_hits);
	print_close_object();
}

static int print_stats(const struct ms_msg *m, void *arg)
{
	(void)arg;
	if (!(m->present & (MS_BIT(MS_ATTR_COUNTERS) | MS_BIT(MS_ATTR_FILTER))))
		return 0;
	print_open_object(NULL);
	if (m->present & MS_BIT(MS_ATTR_COUNTERS))
		print_counters(&m->counters);
	if (m->present & MS_BIT(MS_ATTR_FILTER))
		print_filter(&m->filter);
	print_close_object();
	return 0;
}

struct dump_want {
	enum ms_attr attr;	/* MS_ATTR_PORT_ID or MS_ATTR_REALM */
	unsigned int seen;
};

/* A dump part: "port ID side SIDE" or "realm NAME side SIDE", then the counters. */
static int print_dump_part(const struct ms_msg *m, void *arg)
{
	struct dump_want *want = arg;
	const char *side = ms_nl_name_get(MS_NAME_SIDE, m->side);

	if (!(m->present & MS_BIT(want->attr)) || !(m->present & MS_BIT(MS_ATTR_COUNTERS)))
		return 0;
	want->seen++;
	print_open_object(NULL);
	if (want->attr == MS_ATTR_PORT_ID)
		print_uint("port", "port %llu", m->port_id);
	else
		print_string("realm", "realm %s", m->realm);
	print_string("side", " side %s\n", side ? side : "?");
	print_counters(&m->counters);
	print_close_object();
	return 0;
}

static int stats_dump(enum ms_attr attr)
{
	struct ms_msg *m = calloc(1, sizeof(*m));
	struct dump_want want = { .attr = attr };
	int ret;

	if (!m)
		return ctl_fail("out of memory");
	m->cmd = MS_CMD_STATS_GET;
	m->nl_flags = NLM_F_DUMP;
	print_open_array(NULL);
	ret = ctl_run(m, print_dump_part, &want);
	free(m);
	/* mediasec-dp (-D) knows ports, not realms: say so rather than print nothing */
	if (!ret && attr == MS_ATTR_REALM && !want.seen)
		return ctl_fail("no realms in the reply (mediasec-dp has none, "
				"realms are mediasecd's)");
	return ret;
}

int do_stats(int argc, char **argv)
{
	struct ms_msg *m;
	uint32_t id = 0;
	int ret;

	if (argc > 0 && matches(argv[0], "show"))
		argc--, argv++;
	if (argc > 0 && (matches(argv[0], "port") || matches(argv[0], "realm"))) {
		enum ms_attr want = matches(argv[0], "port") ? MS_ATTR_PORT_ID : MS_ATTR_REALM;

		if (argc > 1)
			usage_error("unexpected \"%s\"", argv[1]);
		return stats_dump(want);
	}
	if (argc > 0 && matches(argv[0], "leg")) {
		if (argc < 2)
			usage_error("\"leg\" needs ID");
		if (get_u32(&id, argv[1]) || id == 0)
			invarg("leg id", argv[1], "expected a number, 1..4294967295");
		argc -= 2, argv += 2;
	}
	if (argc > 0)
		usage_error("unexpected \"%s\"", argv[0]);
	m = calloc(1, sizeof(*m));
	if (!m)
		return ctl_fail("out of memory");
	m->cmd = MS_CMD_STATS_GET;
	if (id) {
		m->present = MS_BIT(MS_ATTR_LEG);
		m->leg.present = MS_BIT(MS_LEG_A_ID);
		m->leg.id = id;
	}
	ret = ctl_run(m, print_stats, NULL);
	free(m);
	return ret;
}
