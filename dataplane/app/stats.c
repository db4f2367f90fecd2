/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-port counters, summed over the workers' slots on read (each slot has
 * one writer; a sum may be a few packets behind, never torn on 64-bit),
 * and the live figures printed from them.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "lib/nl_names.h"
#include "dataplane/worker.h"

#include "app.h"
#include "stats.h"

void dp_app_port_stats(const struct dp_app *app, uint16_t port, struct dp_port_stats *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (uint16_t w = 0; w < app->n_workers; w++) {
		const struct dp_port_stats *s = &app->workers[w]->p.stats[port];

		sum->rx_packets += __atomic_load_n(&s->rx_packets, __ATOMIC_RELAXED);
		sum->rx_bytes += __atomic_load_n(&s->rx_bytes, __ATOMIC_RELAXED);
		sum->tx_packets += __atomic_load_n(&s->tx_packets, __ATOMIC_RELAXED);
		sum->tx_bytes += __atomic_load_n(&s->tx_bytes, __ATOMIC_RELAXED);
		sum->punt_packets += __atomic_load_n(&s->punt_packets, __ATOMIC_RELAXED);
		sum->kernel_packets += __atomic_load_n(&s->kernel_packets, __ATOMIC_RELAXED);
		for (int r = 0; r < __MS_DROP_MAX; r++)
			sum->drops[r] += __atomic_load_n(&s->drops[r], __ATOMIC_RELAXED);
	}
}

static const char *side_name(enum dp_side side)
{
	return side == DP_SIDE_OUTSIDE ? "outside" : "inside";
}

static void print_json(const struct dp_app_port *ap, const struct dp_port_stats *s,
		       double rx_pps, double tx_pps)
{
	struct json_object *o = json_object_new_object(), *drops = json_object_new_object();

	json_object_object_add(o, "port", json_object_new_int(ap->id));
	json_object_object_add(o, "side", json_object_new_string(side_name(ap->opt->side)));
	json_object_object_add(o, "rx_pps", json_object_new_double(rx_pps));
	json_object_object_add(o, "tx_pps", json_object_new_double(tx_pps));
	json_object_object_add(o, "rx_packets", json_object_new_uint64(s->rx_packets));
	json_object_object_add(o, "tx_packets", json_object_new_uint64(s->tx_packets));
	json_object_object_add(o, "punt_packets", json_object_new_uint64(s->punt_packets));
	json_object_object_add(o, "kernel_packets", json_object_new_uint64(s->kernel_packets));
	for (int r = 1; r < __MS_DROP_MAX; r++)
		if (s->drops[r])
			json_object_object_add(drops, ms_nl_name_get(MS_NAME_DROP, r),
					       json_object_new_uint64(s->drops[r]));
	json_object_object_add(o, "drops", drops);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

static void print_text(const struct dp_app_port *ap, const struct dp_port_stats *s,
		       double rx_pps, double tx_pps)
{
	printf("port %u %-7s rx %.0f pps tx %.0f pps (rx %llu tx %llu punt %llu kernel %llu)",
	       ap->id, side_name(ap->opt->side), rx_pps, tx_pps,
	       (unsigned long long)s->rx_packets, (unsigned long long)s->tx_packets,
	       (unsigned long long)s->punt_packets, (unsigned long long)s->kernel_packets);
	for (int r = 1; r < __MS_DROP_MAX; r++)
		if (s->drops[r])
			printf(" %s=%llu", ms_nl_name_get(MS_NAME_DROP, r),
			       (unsigned long long)s->drops[r]);
	putchar('\n');
}

void dp_stats_print(struct dp_app *app, double seconds)
{
	for (uint16_t i = 0; i < app->opts.n_ports; i++) {
		struct dp_app_port *ap = &app->ports[i];
		struct dp_port_stats s;
		double rx_pps, tx_pps;

		dp_app_port_stats(app, ap->id, &s);
		rx_pps = (double)(s.rx_packets - ap->shown_rx) / seconds;
		tx_pps = (double)(s.tx_packets - ap->shown_tx) / seconds;
		ap->shown_rx = s.rx_packets;
		ap->shown_tx = s.tx_packets;
		if (app->opts.json)
			print_json(ap, &s, rx_pps, tx_pps);
		else
			print_text(ap, &s, rx_pps, tx_pps);
	}
	fflush(stdout);
}
