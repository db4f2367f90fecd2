/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The rx filter of mediasec-dp from its options. The policy: UDP to the
 * media ports goes on to the pipeline, where the leg table is the pinhole
 * check (no leg: MS_DROP_NO_LEG there); UDP and TCP to --filter-open ports,
 * ARP, ND and ICMP errors and echo go on to the pipeline's exception path;
 * everything else, and everything from a --filter-deny prefix that no
 * --filter-allow prefix covers, is dropped before the pipeline parses it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dataplane/filter/filter.h"
#include "dataplane/leg_table.h"
#include "dataplane/worker.h"

#include "app.h"
#include "rx_filter.h"

/* The defaults mediasecd writes into a fresh XDP pin dir (pf_open()). */
static const struct ms_pf_config dp_filter_cfg = {
	.flags = MS_PF_F_ALLOW_PING,
	.scan_threshold = 20,
	.scan_window_ns = 10000000000ULL,
	.event_interval_ns = 1000000000ULL,
};

static int prefixes_add(struct dp_filter *f, const struct dp_opt_addr *a,
			uint16_t n, int deny)
{
	for (uint16_t i = 0; i < n; i++) {
		struct dp_filter_prefix p = {
			.family = a[i].family == AF_INET ? MS_PF_FAMILY_V4 : MS_PF_FAMILY_V6,
			.len = a[i].prefix_len,
		};
		int err;

		memcpy(p.addr, a[i].addr, sizeof(p.addr));
		err = deny ? dp_filter_deny_add(f, &p, 0) : dp_filter_allow_add(f, &p);
		if (err)
			return err;
	}
	return 0;
}

int dp_app_filter_open(struct dp_app *app)
{
	const struct dp_opts *o = &app->opts;
	struct ms_pf_port_val media = { .udp = MS_PF_PORT_MEDIA };
	struct ms_pf_port_val open = { .udp = MS_PF_PORT_SIGNALLING,
				       .tcp = MS_PF_PORT_SIGNALLING };
	char why[256];
	int err;

	if (!o->filter)
		return 0;
	err = dp_filter_create(&app->filter, o->filter, &dp_filter_cfg, app->n_workers,
			       why, sizeof(why));
	if (err) {
		fprintf(stderr, "mediasec-dp: --filter: %s\n", why);
		return err;
	}
	/* before the first entry; in range: the options checked it */
	dp_filter_lists_size(app->filter, o->filter_prefixes);
	for (unsigned int port = o->media_lo; port <= o->media_hi; port++)
		dp_filter_port_set(app->filter, port, &media);
	for (uint16_t i = 0; i < o->n_filter_open; i++)
		for (unsigned int port = o->filter_open[i].lo; port <= o->filter_open[i].hi; port++)
			dp_filter_port_set(app->filter, port, &open);
	err = prefixes_add(app->filter, o->filter_deny, o->n_filter_deny, 1) ?:
	      prefixes_add(app->filter, o->filter_allow, o->n_filter_allow, 0);
	if (err) {
		fprintf(stderr, "mediasec-dp: --filter-deny/--filter-allow: %s%s\n",
			strerror(-err), err == -ENOMEM ?
			" (a list's table per address family: 64 MiB, and 1 KiB per "
			"group; see --filter-prefixes)" : "");
		return err;
	}
	/* the control thread changes the lists while workers run */
	dp_filter_rcu_set(app->filter, dp_leg_table_rcu(app->legs));
	for (uint16_t w = 0; w < app->n_workers; w++)
		dp_filter_hook(app->filter, &app->workers[w]->filter);
	return 0;
}

void dp_app_filter_close(struct dp_app *app)
{
	dp_filter_free(app->filter);
	app->filter = NULL;
}
