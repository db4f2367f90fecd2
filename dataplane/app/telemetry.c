/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Telemetry callbacks run on EAL's telemetry thread, not the control
 * thread: they only read counters (single-writer slots) and the leg
 * count, never a leg. rte_telemetry callbacks take no context pointer,
 * hence the one static.
 */
#include <errno.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_pdump.h>
#include <rte_telemetry.h>
#include <rte_version.h>

#include "lib/nl_names.h"
#include "dataplane/leg_table.h"

#include "app.h"
#include "telemetry.h"

static const struct dp_app *the_app;

static int port_dict(struct rte_tel_data *d, const struct dp_app_port *ap)
{
	struct dp_port_stats s;

	dp_app_port_stats(the_app, ap->id, &s);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "side",
				     ap->opt->side == DP_SIDE_OUTSIDE ? "outside" : "inside");
	rte_tel_data_add_dict_u64(d, "rx_packets", s.rx_packets);
	rte_tel_data_add_dict_u64(d, "rx_bytes", s.rx_bytes);
	rte_tel_data_add_dict_u64(d, "tx_packets", s.tx_packets);
	rte_tel_data_add_dict_u64(d, "tx_bytes", s.tx_bytes);
	rte_tel_data_add_dict_u64(d, "punt_packets", s.punt_packets);
	rte_tel_data_add_dict_u64(d, "kernel_packets", s.kernel_packets);
	for (int r = 1; r < __MS_DROP_MAX; r++) {
		char name[64];

		snprintf(name, sizeof(name), "drop_%s", ms_nl_name_get(MS_NAME_DROP, r));
		rte_tel_data_add_dict_u64(d, name, s.drops[r]);
	}
	return 0;
}

static int cmd_ports(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd;
	(void)params;
	rte_tel_data_start_dict(d);
	for (uint16_t i = 0; i < the_app->opts.n_ports; i++) {
		struct rte_tel_data *p = rte_tel_data_alloc();
		char name[16];

		if (!p)
			return -1;
		port_dict(p, &the_app->ports[i]);
		snprintf(name, sizeof(name), "%u", the_app->ports[i].id);
		rte_tel_data_add_dict_container(d, name, p, 0);
	}
	return 0;
}

static int cmd_legs(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd;
	(void)params;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "count", dp_leg_table_count(the_app->legs));
	rte_tel_data_add_dict_u64(d, "capacity", the_app->opts.legs);
	return 0;
}

static int cmd_info(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd;
	(void)params;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "version", MEDIASEC_VERSION);
	rte_tel_data_add_dict_string(d, "dpdk", rte_version());
	rte_tel_data_add_dict_string(d, "engine", the_app->opts.engine);
	rte_tel_data_add_dict_int(d, "workers", the_app->n_workers);
	rte_tel_data_add_dict_int(d, "ports", the_app->opts.n_ports);
	rte_tel_data_add_dict_u64(d, "nl_port", the_app->opts.nl_port);
	rte_tel_data_add_dict_int(d, "media_port_lo", the_app->opts.media_lo);
	rte_tel_data_add_dict_int(d, "media_port_hi", the_app->opts.media_hi);
	return 0;
}

int dp_telemetry_init(struct dp_app *app)
{
	int err;

	the_app = app;
	err = rte_telemetry_register_cmd("/mediasec/ports", cmd_ports,
					 "Per-port counters, drops by reason. No parameters");
	if (err == 0)
		err = rte_telemetry_register_cmd("/mediasec/legs", cmd_legs,
						 "Legs in the table and its capacity. No parameters");
	if (err == 0)
		err = rte_telemetry_register_cmd("/mediasec/info", cmd_info,
						 "mediasec-dp version and set-up. No parameters");
	if (err) {
		fprintf(stderr, "mediasec-dp: telemetry commands: %s\n", rte_strerror(-err));
		return err;
	}
	/* Capture needs EAL's multi-process channel, which --in-memory turns off. */
	if (rte_pdump_init() && rte_errno != ENOTSUP) {
		fprintf(stderr, "mediasec-dp: packet capture (pdump): %s\n",
			rte_strerror(rte_errno));
		return -rte_errno;
	}
	return 0;
}

void dp_telemetry_uninit(void)
{
	rte_pdump_uninit();
}
