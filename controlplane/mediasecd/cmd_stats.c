/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * STATS_GET with NLM_F_DUMP: mediasec-dp's per-port messages relayed as
 * they are, then one per configured realm, the sum of the ports on the
 * realm's side (a port belongs to every realm of its side).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/netlink.h>

#include "cmd_stats.h"
#include "config.h"
#include "counters.h"
#include "dp_link.h"
#include "nl_msg.h"

#define B MS_BIT

static int reply_realm(struct ms_nl_request *r, const struct cp_realm *realm,
		       const struct cp_dp_port *ports, int n, struct ms_msg *out)
{
	memset(out, 0, sizeof(*out));
	out->present = B(MS_ATTR_REALM) | B(MS_ATTR_SIDE) | B(MS_ATTR_COUNTERS);
	snprintf(out->realm, sizeof(out->realm), "%s", realm->name);
	out->side = realm->side;
	out->counters.present = B(MS_COUNTERS_A_RX_PACKETS) | B(MS_COUNTERS_A_RX_BYTES) |
				B(MS_COUNTERS_A_TX_PACKETS) | B(MS_COUNTERS_A_TX_BYTES) |
				B(MS_COUNTERS_A_DROPS);
	for (int i = 0; i < n; i++)
		if (ports[i].side == realm->side)
			ms_counters_add(&out->counters, &ports[i].counters);
	ms_drops_mark_present(&out->counters);
	return ms_nl_reply_msg(r, out, NLM_F_MULTI);
}

int cp_cmd_stats_dump(struct ms_nl_request *r, const struct cp_config *cfg, char *err,
		      size_t errlen)
{
	static struct cp_dp_port ports[CP_DP_PORTS_MAX];
	struct ms_msg out;
	int n, ret = 0;

	if (r->m->present & B(MS_ATTR_LEG)) {
		snprintf(err, errlen, "MS_ATTR_LEG: a STATS_GET dump is per port and realm, "
			 "not of one leg");
		return -EINVAL;
	}
	n = cp_dp_port_stats(ports, err, errlen);
	if (n < 0)
		return n;
	for (int i = 0; i < n && !ret; i++) {
		memset(&out, 0, sizeof(out));
		out.present = B(MS_ATTR_PORT_ID) | B(MS_ATTR_SIDE) | B(MS_ATTR_COUNTERS);
		out.port_id = ports[i].id;
		out.side = ports[i].side;
		out.counters = ports[i].counters;
		ret = ms_nl_reply_msg(r, &out, NLM_F_MULTI);
	}
	for (unsigned int i = 0; i < cfg->nrealms && !ret; i++)
		ret = reply_realm(r, &cfg->realms[i], ports, n, &out);
	return ret ?: ms_nl_reply_done(r) ?: MS_NL_REPLIED;
}
