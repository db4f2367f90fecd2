/* SPDX-License-Identifier: BSD-3-Clause */
/* MS_CMD_STATUS_GET and MS_CMD_STATS_GET. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "counters.h"
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

#define COUNTERS_ALL (MS_BIT(MS_COUNTERS_A_RX_PACKETS) | MS_BIT(MS_COUNTERS_A_RX_BYTES) | \
		      MS_BIT(MS_COUNTERS_A_TX_PACKETS) | MS_BIT(MS_COUNTERS_A_TX_BYTES) | \
		      MS_BIT(MS_COUNTERS_A_DROPS))

/* The dump: one NLM_F_MULTI message per port of ours, its id, side and counters. */
static int stats_dump_ports(struct ms_nl_request *r, struct dp_ctl *ctl)
{
	const struct dp_ctl_ops *ops = ctl->conf.ops;
	struct ms_msg *m = &ctl->out;
	uint16_t n = ops->n_ports(ctl->conf.app);
	int ret;

	for (uint16_t p = 0; p < n; p++) {
		uint8_t side = ops->port_side(ctl->conf.app, p);

		if (side == MS_SIDE_UNSPEC)
			continue;
		memset(&m->counters, 0, sizeof(m->counters));
		ops->port_counters(ctl->conf.app, p, &m->counters);
		m->counters.present = COUNTERS_ALL;
		ms_drops_mark_present(&m->counters);
		m->present = MS_BIT(MS_ATTR_PORT_ID) | MS_BIT(MS_ATTR_SIDE) |
			     MS_BIT(MS_ATTR_COUNTERS);
		m->port_id = p;
		m->side = side;
		ret = ms_nl_reply_msg(r, m, NLM_F_MULTI);
		if (ret)
			return ret;
	}
	return ms_nl_reply_done(r) ?: MS_NL_REPLIED;
}

/*
 * Without a leg the reply is the sum of every port's counters, the
 * gateway's; dumped (NLM_F_DUMP), it is one message per port.
 */
int ctl_stats_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	const struct dp_ctl_ops *ops = ctl->conf.ops;
	struct ms_msg *m = &ctl->out;
	struct ms_counters c;
	uint16_t n;

	if ((r->nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP) {
		if (r->m->present & MS_BIT(MS_ATTR_LEG))
			return ctl_err(err, errlen, -EINVAL,
				       "MS_ATTR_LEG: a STATS_GET dump is per port, not of one leg");
		return stats_dump_ports(r, ctl);
	}
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
	m->counters.present = COUNTERS_ALL;
	n = ops->n_ports(ctl->conf.app);
	for (uint16_t p = 0; p < n; p++) {
		memset(&c, 0, sizeof(c));
		ops->port_counters(ctl->conf.app, p, &c);
		ms_counters_add(&m->counters, &c);
	}
	ms_drops_mark_present(&m->counters);
	return ms_nl_reply_msg(r, m, 0) ?: MS_NL_REPLIED;
}
