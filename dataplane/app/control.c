/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * struct dp_ctl_ops for the control thread: ports by address, next hops
 * (nexthop.c), sending on a port's control queue, counters.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "lib/nl_msg.h"
#include "dataplane/control/ctl.h"
#include "dataplane/leg.h"

#include "app.h"
#include "control.h"
#include "nexthop.h"

static int port_of(void *arg, const struct dp_endpoint *local)
{
	const struct dp_app *app = arg;
	size_t len = local->family == AF_INET ? 4 : 16;

	for (uint16_t i = 0; i < app->opts.n_ports; i++) {
		const struct dp_opt_port *p = &app->opts.ports[i];

		for (int a = 0; a < p->n_addrs; a++)
			if (p->addrs[a].family == local->family &&
			    memcmp(p->addrs[a].addr, local->addr, len) == 0)
				return p->id;
	}
	return -ENOENT;
}

static int leg_attach(void *arg, struct dp_leg *leg)
{
	struct dp_app *app = arg;

	return dp_nexthops_attach(app->nh, leg);
}

static void leg_detach(void *arg, struct dp_leg *leg)
{
	struct dp_app *app = arg;

	dp_nexthops_detach(app->nh, leg);
}

static int send_frame(void *arg, uint16_t port, struct rte_mbuf *m)
{
	return dp_app_send(arg, port, m);
}

static int l2_for_leg(void *arg, const struct dp_leg *leg, uint8_t dst_mac[6],
		      uint8_t src_mac[6], uint16_t *vlan_tci, int *vlan)
{
	const struct dp_app *app = arg;
	const struct dp_port_conf *pc = &app->conf[leg->port];
	uint64_t mac = dp_leg_nh_mac(leg);

	if (!mac)
		return -EAGAIN;
	dp_nh_unpack(mac, dst_mac);
	memcpy(src_mac, pc->mac.addr_bytes, 6);
	*vlan = pc->vlan;
	*vlan_tci = pc->vlan_tci;
	return 0;
}

static void port_counters(void *arg, uint16_t port, struct ms_counters *c)
{
	struct dp_port_stats s;

	dp_app_port_stats(arg, port, &s);
	memset(c, 0, sizeof(*c));
	c->present = MS_BIT(MS_COUNTERS_A_RX_PACKETS) | MS_BIT(MS_COUNTERS_A_RX_BYTES) |
		     MS_BIT(MS_COUNTERS_A_TX_PACKETS) | MS_BIT(MS_COUNTERS_A_TX_BYTES) |
		     MS_BIT(MS_COUNTERS_A_DROPS);
	c->rx_packets = s.rx_packets;
	c->rx_bytes = s.rx_bytes;
	c->tx_packets = s.tx_packets;
	c->tx_bytes = s.tx_bytes;
	for (int r = 1; r < __MS_DROP_MAX; r++) {
		c->drops.count[r] = s.drops[r];
		if (s.drops[r])
			c->drops.present |= MS_BIT(r);
	}
}

/* Port ids run from 0 to the highest of ours; others have no counters. */
static uint16_t n_ports(void *arg)
{
	const struct dp_app *app = arg;
	uint16_t n = 0;

	for (uint16_t i = 0; i < app->opts.n_ports; i++)
		n = RTE_MAX(n, (uint16_t)(app->opts.ports[i].id + 1));
	return n;
}

static uint8_t port_side(void *arg, uint16_t port)
{
	const struct dp_app *app = arg;

	for (uint16_t i = 0; i < app->opts.n_ports; i++)
		if (app->opts.ports[i].id == port)
			return app->opts.ports[i].side == DP_SIDE_INSIDE ? MS_SIDE_INSIDE :
									   MS_SIDE_OUTSIDE;
	return MS_SIDE_UNSPEC;
}

static const struct dp_ctl_ops ops = {
	.port_of = port_of,
	.leg_attach = leg_attach,
	.leg_detach = leg_detach,
	.send = send_frame,
	.l2_for_leg = l2_for_leg,
	.port_counters = port_counters,
	.n_ports = n_ports,
	.port_side = port_side,
};

int dp_app_ctl_open(struct dp_app *app)
{
	struct dp_ctl_conf conf = {
		.nl_port = app->opts.nl_port,
		.daemon_uid = app->opts.daemon_uid,
		.legs = app->legs,
		.engine = app->engine,
		.filter = app->filter,
		.n_workers = app->n_workers,
		.punt = app->punt,
		.sec = app->sec,
		.pool = app->pool,
		.ops = &ops,
		.app = app,
	};
	char err[256] = "";

	app->ctl = dp_ctl_open(&conf, err, sizeof(err));
	if (!app->ctl) {
		fprintf(stderr, "mediasec-dp: control channel: %s\n", err);
		return -EIO;
	}
	return 0;
}

int dp_app_ctl_fd(const struct dp_app *app)
{
	return dp_ctl_fd(app->ctl);
}

void dp_app_ctl_process(struct dp_app *app)
{
	dp_ctl_process(app->ctl);
}

void dp_app_ctl_punt_drain(struct dp_app *app)
{
	dp_ctl_punt_drain(app->ctl);
}

void dp_app_ctl_close(struct dp_app *app)
{
	if (app->ctl)
		dp_ctl_close(app->ctl);
	app->ctl = NULL;
}
