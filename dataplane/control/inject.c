/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MS_CMD_INJECT: mediasecd's STUN or DTLS answer leaves from the leg's
 * local address and port to MS_PACKET_A_REMOTE, as a complete frame
 * (Ethernet, the port's VLAN tag, IP, UDP, checksums in software) on the
 * leg's port's control queue.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "dataplane/hdr.h"
#include "dataplane/leg.h"
#include "dataplane/leg_table.h"
#include "internal.h"

/* The frame, or NULL with err set; takes nothing. */
static struct rte_mbuf *frame(struct dp_ctl *ctl, const struct dp_leg *leg,
			      const struct dp_endpoint *dst, const struct ms_packet *p,
			      int *ret, char *err, size_t errlen)
{
	bool v4 = leg->local.family == AF_INET;
	uint8_t dmac[RTE_ETHER_ADDR_LEN], smac[RTE_ETHER_ADDR_LEN];
	uint16_t tci = 0, l2, l3 = v4 ? sizeof(struct rte_ipv4_hdr) : sizeof(struct rte_ipv6_hdr);
	uint16_t udp_len = (uint16_t)(sizeof(struct rte_udp_hdr) + p->data_len);
	struct rte_udp_hdr *uh;
	struct rte_mbuf *m;
	uint8_t *b;
	int vlan = 0;

	*ret = ctl->conf.ops->l2_for_leg(ctl->conf.app, leg, dmac, smac, &tci, &vlan);
	if (*ret == -EAGAIN) {
		ctl_err(err, errlen, *ret, "MS_PACKET_A_LEG_ID: leg %u: next hop not resolved "
			"yet, try again", leg->id);
		return NULL;
	}
	if (*ret) {
		ctl_err(err, errlen, *ret, "MS_PACKET_A_LEG_ID: leg %u: no next hop: %s",
			leg->id, strerror(-*ret));
		return NULL;
	}
	l2 = sizeof(struct rte_ether_hdr) + (vlan ? sizeof(struct rte_vlan_hdr) : 0);
	m = rte_pktmbuf_alloc(ctl->conf.pool);
	if (!m) {
		*ret = ctl_err(err, errlen, -ENOBUFS, "MS_CMD_INJECT: no mbuf free");
		return NULL;
	}
	b = (uint8_t *)rte_pktmbuf_append(m, l2 + l3 + udp_len);
	if (!b) {
		*ret = ctl_err(err, errlen, -EMSGSIZE, "MS_PACKET_A_DATA: %u bytes do not fit "
			       "one frame (at most %u)", p->data_len,
			       rte_pktmbuf_tailroom(m) - l2 - l3 - (unsigned int)sizeof(*uh));
		rte_pktmbuf_free(m);
		return NULL;
	}
	dp_hdr_put_l2(b, dmac, smac, vlan, tci,
		      dp_hdr_put_l3(b + l2, &leg->local, dst, 0, udp_len));
	uh = (struct rte_udp_hdr *)(b + l2 + l3);
	uh->src_port = leg->local.port;
	uh->dst_port = dst->port;
	uh->dgram_len = rte_cpu_to_be_16(udp_len);
	uh->dgram_cksum = 0;
	memcpy(uh + 1, p->data, p->data_len);
	m->l2_len = l2;
	m->l3_len = l3;
	dp_hdr_put_cksums(m, b + l2, uh, v4, 0);
	return m;
}

int ctl_inject(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	const struct ms_packet *p = &r->m->packet;
	const struct dp_leg *leg = dp_leg_table_find(ctl->conf.legs, p->leg_id);
	struct dp_endpoint dst;
	struct rte_mbuf *m;
	int ret;

	snprintf(r->object, sizeof(r->object), "leg %u", p->leg_id);
	if (!leg)
		return ctl_err(err, errlen, -ENOENT, "MS_PACKET_A_LEG_ID: no leg %u", p->leg_id);
	if (dp_endpoint_from(&dst, &p->remote) || dst.family != leg->local.family)
		return ctl_err(err, errlen, -EINVAL, "MS_PACKET_A_REMOTE: not an address of "
			       "leg %u's family with a port", leg->id);
	m = frame(ctl, leg, &dst, p, &ret, err, errlen);
	if (!m)
		return ret;
	ret = ctl->conf.ops->send(ctl->conf.app, leg->port, m);
	if (ret)
		return ctl_err(err, errlen, ret, "MS_CMD_INJECT: port %u refused the frame: %s",
			       leg->port, strerror(-ret));
	ctl->stats.inject_sent++;
	return 0;
}
