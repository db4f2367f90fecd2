/* SPDX-License-Identifier: BSD-3-Clause */
/* MS_CMD_STATUS_GET and MS_CMD_STATS_GET. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dataplane/leg.h"
#include "dataplane/leg_table.h"
#include "internal.h"

int ctl_status_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	struct ms_msg *m = &ctl->out;
	struct timespec now;

	(void)err, (void)errlen;
	clock_gettime(CLOCK_MONOTONIC, &now);
	m->present = MS_BIT(MS_ATTR_STATUS);
	memset(&m->status, 0, sizeof(m->status));
	m->status.present = MS_BIT(MS_STATUS_A_VERSION) | MS_BIT(MS_STATUS_A_UPTIME) |
			    MS_BIT(MS_STATUS_A_LEGS) | MS_BIT(MS_STATUS_A_DATAPATHS) |
			    MS_BIT(MS_STATUS_A_ROLE);
	snprintf(m->status.version, sizeof(m->status.version), "%s", MEDIASEC_VERSION);
	m->status.uptime = (__u64)(now.tv_sec - ctl->started);
	m->status.legs = dp_leg_table_count(ctl->conf.legs);
	m->status.datapaths = MS_STATUS_DP_DPDK;
	m->status.role = (__u8)r->who.role;
	return ms_nl_reply_msg(r, m, 0) ?: MS_NL_REPLIED;
}

static void counters_add(struct ms_counters *sum, const struct ms_counters *c)
{
	sum->rx_packets += c->rx_packets;
	sum->rx_bytes += c->rx_bytes;
	sum->tx_packets += c->tx_packets;
	sum->tx_bytes += c->tx_bytes;
	for (int i = 0; i < __MS_DROP_MAX; i++)
		sum->drops.count[i] += c->drops.count[i];
}

/*
 * The schema has no port attribute: without a leg the reply is the sum of
 * every port's counters, the gateway's; per port they are in telemetry.
 */
int ctl_stats_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	const struct dp_ctl_ops *ops = ctl->conf.ops;
	struct ms_msg *m = &ctl->out;
	struct ms_counters c;
	uint16_t n;

	m->present = MS_BIT(MS_ATTR_COUNTERS);
	if (r->m->present & MS_BIT(MS_ATTR_LEG)) {
		const struct dp_leg *leg = dp_leg_table_find(ctl->conf.legs, r->m->leg.id);

		if (!leg)
			return ctl_err(err, errlen, -ENOENT, "MS_LEG_A_ID: no leg %u",
				       r->m->leg.id);
		dp_leg_counters_read(leg, &m->counters);
		return ms_nl_reply_msg(r, m, 0) ?: MS_NL_REPLIED;
	}
	memset(&m->counters, 0, sizeof(m->counters));
	m->counters.present = MS_BIT(MS_COUNTERS_A_RX_PACKETS) | MS_BIT(MS_COUNTERS_A_RX_BYTES) |
			      MS_BIT(MS_COUNTERS_A_TX_PACKETS) | MS_BIT(MS_COUNTERS_A_TX_BYTES) |
			      MS_BIT(MS_COUNTERS_A_DROPS);
	n = ops->n_ports(ctl->conf.app);
	for (uint16_t p = 0; p < n; p++) {
		memset(&c, 0, sizeof(c));
		ops->port_counters(ctl->conf.app, p, &c);
		counters_add(&m->counters, &c);
	}
	/* drops with a zero count stay off the wire, as for legs */
	for (int i = MS_DROP_NONE + 1; i < __MS_DROP_MAX; i++)
		if (m->counters.drops.count[i])
			m->counters.drops.present |= MS_BIT(i);
	return ms_nl_reply_msg(r, m, 0) ?: MS_NL_REPLIED;
}
