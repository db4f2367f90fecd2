/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Punt: STUN and DTLS datagrams the workers hand over on their punt rings
 * go to the subscriber (the last sender of an authorized
 * MS_CMD_EVENT_SUBSCRIBE) as MS_CMD_PUNT, one message each: they come a
 * few per call set-up, not at media rates.
 */
#include <errno.h>
#include <string.h>

#include <netlink/msg.h>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dataplane/leg_table.h"
#include "dataplane/parse.h"
#include "dataplane/pipeline.h"
#include "internal.h"

#define PUNT_BURST	32
#define PUNT_BUDGET	256	/* per ring and call: the loop has other work */

int ctl_subscribe(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	const struct ms_msg *m = r->m;

	(void)err, (void)errlen;
	/* an empty mask unsubscribes (docs/netlink.md "Events") */
	if ((m->present & MS_BIT(MS_ATTR_EVENT_MASK)) && !m->event_mask) {
		if (ctl->subscriber == r->who.port)
			ctl->subscriber = 0;
		return 0;
	}
	ctl->subscriber = r->who.port;
	return 0;
}

int ctl_notify(struct dp_ctl *ctl, __u8 cmd)
{
	struct ms_msg *out = &ctl->out;
	struct nl_msg *msg;
	int ret;

	if (!ctl->subscriber)
		return -ENOTCONN;
	out->nl_type = MS_NL_USERSOCK_TYPE;
	out->nl_flags = 0;
	out->seq = 0;
	out->portid = ctl->subscriber;
	out->cmd = cmd;
	ret = ms_nl_msg_build(out, &msg);
	if (ret)
		return ret;
	ret = ms_nl_send(ms_nl_server_fd(ctl->srv), ctl->subscriber, nlmsg_hdr(msg));
	nlmsg_free(msg);
	/* gone: forget it; full (EAGAIN): this one is lost, the next may pass */
	if (ret == -ECONNREFUSED)
		ctl->subscriber = 0;
	return ret;
}

/* One punted frame to the subscriber: 0, or -errno when it was not delivered. */
static int deliver(struct dp_ctl *ctl, const struct rte_mbuf *m, const struct dp_pkt_meta *pm)
{
	const uint8_t *payload = rte_pktmbuf_mtod_offset(m, const uint8_t *,
							 dp_pkt_meta_payload_off(pm));
	enum ms_packet_kind kind = MS_PACKET_UNSPEC;
	struct ms_msg *out = &ctl->out;

	if (pm->drop != MS_DROP_NONE || pm->payload_len == 0 ||
	    pm->payload_len > MS_PACKET_MAX || dp_demux_first_byte(payload[0], &kind) != 1)
		return -EINVAL;
	if (!ctl->subscriber)
		return -ENOTCONN;
	out->present = MS_BIT(MS_ATTR_PACKET);
	memset(&out->packet, 0, sizeof(out->packet));
	out->packet.present = MS_BIT(MS_PACKET_A_LEG_ID) | MS_BIT(MS_PACKET_A_KIND) |
			      MS_BIT(MS_PACKET_A_REMOTE) | MS_BIT(MS_PACKET_A_DATA);
	out->packet.leg_id = (uint32_t)m->hash.usr;
	out->packet.kind = kind;
	ctl_addr_view(&pm->src, 0, &out->packet.remote);
	out->packet.data = payload;
	out->packet.data_len = pm->payload_len;
	return ctl_notify(ctl, MS_CMD_PUNT);
}

void dp_ctl_punt_drain(struct dp_ctl *ctl)
{
	struct rte_mbuf *pkts[PUNT_BURST];
	struct dp_pkt_meta meta[PUNT_BURST];

	for (uint16_t w = 0; w < ctl->conf.n_workers; w++) {
		unsigned int budget = PUNT_BUDGET, n;

		while (budget && (n = rte_ring_dequeue_burst(ctl->conf.punt[w], (void **)pkts,
							      PUNT_BURST, NULL)) > 0) {
			dp_pkt_parse_burst(pkts, (uint16_t)n, meta);
			for (unsigned int i = 0; i < n; i++) {
				if (deliver(ctl, pkts[i], &meta[i]))
					ctl->stats.punt_lost++;
				else
					ctl->stats.punt_sent++;
			}
			rte_pktmbuf_free_bulk(pkts, n);
			budget -= RTE_MIN(budget, n);
		}
	}
	ctl_sec_drain(ctl);
	/* Called every round: deleted legs' keys are wiped soon after their
	 * grace period, not at the next request. */
	dp_leg_table_reclaim(ctl->conf.legs);
}
