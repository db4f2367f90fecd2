/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stats [ show ] [ leg ID ]: packet counters and drops by reason, of the
 * whole datapath or of one leg (leg show -s prints the same block).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "conn.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "objects.h"
#include "print.h"

static void print_drops(const struct ms_drops *d)
{
	print_open_object("drops");
	for (unsigned int r = 1; r <= MS_DROP_MAX; r++) {
		const char *name = ms_nl_name_get(MS_NAME_DROP, r);
		char fmt[64];

		if (!(d->present & MS_BIT(r)) || !name)
			continue;
		snprintf(fmt, sizeof(fmt), "    drop %s %%llu\n", name);
		print_uint(name, fmt, d->count[r]);
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
	print_drops(&c->drops);
	print_close_object();
}

static int print_stats(const struct ms_msg *m, void *arg)
{
	(void)arg;
	if (!(m->present & MS_BIT(MS_ATTR_COUNTERS)))
		return 0;
	print_open_object(NULL);
	print_counters(&m->counters);
	print_close_object();
	return 0;
}

int do_stats(int argc, char **argv)
{
	struct ms_msg *m;
	uint32_t id = 0;
	int ret;

	if (argc > 0 && matches(argv[0], "show"))
		argc--, argv++;
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
