/* SPDX-License-Identifier: BSD-3-Clause */
/* The program's side of the dp-ctl test (ctl_app.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dataplane/leg.h"
#include "lib/nl_msg.h"
#include "ctl_app.h"

struct ring_ports rp;
struct test_app app;
const uint8_t next_hop[6] = { 2, 0, 0, 0, 0, 0xb0 }, our_mac[6] = { 2, 0, 0, 0, 0, 0xa0 };

static int app_port_of(void *a, const struct dp_endpoint *local)
{
	static const struct { int family; const char *addr; uint16_t port; } addrs[] = {
		{ AF_INET, "203.0.113.1", 0 }, { AF_INET6, "fd00::1", 0 },
		{ AF_INET, "198.51.100.1", 1 },
	};
	uint8_t b[16];

	(void)a;
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		memset(b, 0, sizeof(b));
		inet_pton(addrs[i].family, addrs[i].addr, b);
		if (local->family == addrs[i].family && !memcmp(local->addr, b, 16))
			return rp.port[addrs[i].port];
	}
	return -ENOENT;
}

/* Every leg leaves through one static next hop, as with next-hop=. */
static struct dp_nh static_nh = { DP_NH_VALID | UINT64_C(0x0200000000b0) };

static int app_leg_attach(void *a, struct dp_leg *leg)
{
	(void)a;
	if (app.attach_err)
		return app.attach_err;
	app.attached++;
	dp_leg_set_nh(leg, &static_nh);
	return 0;
}

static void app_leg_detach(void *a, struct dp_leg *leg)
{
	(void)a, (void)leg;
	app.detached++;
}

static int app_send(void *a, uint16_t p, struct rte_mbuf *m)
{
	(void)a;
	if (rte_eth_tx_burst(p, 0, &m, 1) == 1)
		return 0;
	rte_pktmbuf_free(m);
	return -ENOBUFS;
}

static int app_l2(void *a, const struct dp_leg *leg, uint8_t dst[6], uint8_t src[6],
		  uint16_t *tci, int *vlan)
{
	(void)a, (void)leg;
	if (app.unresolved)
		return -EAGAIN;
	memcpy(dst, next_hop, 6);
	memcpy(src, our_mac, 6);
	*vlan = app.vlan;
	*tci = 42;
	return 0;
}

static void app_port_counters(void *a, uint16_t p, struct ms_counters *c)
{
	(void)a;
	c->rx_packets = 10 + p;
	c->tx_packets = 20 + p;
	c->drops.count[MS_DROP_NO_LEG] = 3;
}

static uint16_t app_n_ports(void *a)
{
	(void)a;
	return 2;
}

/* Port 0 faces outside, port 1 inside. */
static uint8_t app_port_side(void *a, uint16_t p)
{
	(void)a;
	return p ? MS_SIDE_INSIDE : MS_SIDE_OUTSIDE;
}

const struct dp_ctl_ops test_app_ops = {
	.port_of = app_port_of, .leg_attach = app_leg_attach, .leg_detach = app_leg_detach,
	.send = app_send, .l2_for_leg = app_l2, .port_counters = app_port_counters,
	.n_ports = app_n_ports, .port_side = app_port_side,
};
