/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's next hops against the real kernel, in a network namespace
 * of the test's own (root). The test plays the neighbours: it reads the
 * ARP requests the kernel sends through the port's TAP and writes replies.
 *
 *   leg remote 203.0.113.7 (on-link) ─┐                ┌─ ARP who-has .7 / .254 ─► test
 *   leg remote 192.0.2.9 (via gw .254)┼─ dp_nexthops ─ TAP dptest (203.0.113.1/24)
 *   leg remote 192.0.2.10 (same gw)  ─┘  (libnl cache) └─◄ ARP reply ───────────── test
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_ether.h>
#include <rte_arp.h>

#include "dataplane/leg.h"
#include "dataplane/app/app.h"
#include "dataplane/app/nexthop.h"
#include "dataplane/app/tap.h"
#include "dataplane/srtp/srtp.h"
#include "frame.h"

#define TAP		"dptest"

static const uint8_t port_mac[6] = { 2, 0, 0, 0, 0, 0xaa };
static const uint8_t neigh_mac[6] = { 2, 0, 0, 0, 0, 0x77 };
static const uint8_t gw_mac[6] = { 2, 0, 0, 0, 0, 0x54 };
static const uint8_t static_mac[6] = { 2, 0, 0, 0, 0, 0x55 };

static struct dp_app app;
static struct dp_nexthops *nhs;
static const struct dp_srtp_engine *engine;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void addr4(struct dp_opt_addr *a, const char *s, uint8_t len)
{
	a->family = AF_INET;
	a->prefix_len = len;
	assert_int_equal(inet_pton(AF_INET, s, a->addr), 1);
}

/* Port 0: TAP, 203.0.113.1/24, gw .254. Port 1: static next hop, no TAP. */
static int setup(void **state)
{
	struct dp_opt_port *p0 = &app.opts.ports[0], *p1 = &app.opts.ports[1];

	(void)state;
	app.opts.n_ports = 2;
	p0->id = 0;
	p0->n_addrs = 1;
	addr4(&p0->addrs[0], "203.0.113.1", 24);
	addr4(&p0->gw[0], "203.0.113.254", 32);
	p0->tap = true;
	strcpy(p0->tap_name, TAP);
	p1->id = 1;
	p1->n_addrs = 1;
	addr4(&p1->addrs[0], "198.51.100.1", 24);
	p1->static_next_hop = true;
	memcpy(p1->next_hop, static_mac, 6);
	for (int i = 0; i < 2; i++) {
		app.ports[i].opt = &app.opts.ports[i];
		app.ports[i].id = (uint16_t)i;
		app.ports[i].tap_fd = -1;
		app.port[i] = &app.ports[i];
	}
	memcpy(app.conf[0].mac.addr_bytes, port_mac, 6);
	dp_nh_set(&app.ports[1].static_nh, dp_nh_pack(static_mac));
	if (dp_tap_open(&app, &app.ports[0]))
		return -1;
	nhs = dp_nexthops_create(&app);
	return nhs ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	dp_nexthops_free(nhs);
	dp_tap_close(&app.ports[0]);
	return 0;
}

static struct dp_leg *leg_to(uint32_t id, uint16_t port, const char *local, const char *remote)
{
	struct ms_leg ml = leg_msg(id, 0, AF_INET, local, 20000, remote, 4000,
				   MS_MODE_DISABLED, remote ? 0 : MS_LEG_F_LATCH);
	struct dp_leg *leg = dp_leg_create(&ml, port, engine, 1);

	assert_non_null(leg);
	return leg;
}

/* The next ARP request the kernel sends for target, within 3 s. */
static void expect_arp_request(const char *target)
{
	uint8_t tpa[4], buf[2048];
	double end = now() + 3;

	assert_int_equal(inet_pton(AF_INET, target, tpa), 1);
	while (now() < end) {
		struct pollfd pfd = { .fd = app.ports[0].tap_fd, .events = POLLIN };
		const struct rte_ether_hdr *eh = (const void *)buf;
		const struct rte_arp_hdr *arp = (const void *)(eh + 1);
		ssize_t n;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(pfd.fd, buf, sizeof(buf));
		if (n < (ssize_t)(sizeof(*eh) + sizeof(*arp)) ||
		    eh->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP) ||
		    arp->arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REQUEST) ||
		    memcmp(&arp->arp_data.arp_tip, tpa, 4))
			continue;
		/* From the port's MAC: the TAP carries it. */
		assert_memory_equal(eh->src_addr.addr_bytes, port_mac, 6);
		assert_memory_equal(arp->arp_data.arp_sha.addr_bytes, port_mac, 6);
		return;
	}
	fail_msg("no ARP request for %s on the TAP", target);
}

/* Apply neighbour updates while waiting for an ARP request for target. */
static void expect_arp_request_after_updates(const char *target)
{
	for (int i = 0; i < 10; i++)
		if (poll(&(struct pollfd){ .fd = dp_nexthops_fd(nhs), .events = POLLIN },
			 1, 100) == 1)
			dp_nexthops_process(nhs);
	expect_arp_request(target);
}

static void arp_reply(const char *from, const uint8_t mac[6])
{
	uint8_t buf[sizeof(struct rte_ether_hdr) + sizeof(struct rte_arp_hdr)] = { 0 };
	struct rte_ether_hdr *eh = (void *)buf;
	struct rte_arp_hdr *arp = (void *)(eh + 1);

	memcpy(eh->dst_addr.addr_bytes, port_mac, 6);
	memcpy(eh->src_addr.addr_bytes, mac, 6);
	eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP);
	arp->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = 6;
	arp->arp_plen = 4;
	arp->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
	memcpy(arp->arp_data.arp_sha.addr_bytes, mac, 6);
	assert_int_equal(inet_pton(AF_INET, from, &arp->arp_data.arp_sip), 1);
	memcpy(arp->arp_data.arp_tha.addr_bytes, port_mac, 6);
	assert_int_equal(inet_pton(AF_INET, "203.0.113.1", &arp->arp_data.arp_tip), 1);
	assert_int_equal(write(app.ports[0].tap_fd, buf, sizeof(buf)), sizeof(buf));
}

/* Apply neighbour updates until leg's next hop is mac, within 3 s. */
static void expect_nh(const struct dp_leg *leg, const uint8_t mac[6])
{
	double end = now() + 3;

	while (now() < end && dp_leg_nh_mac(leg) != dp_nh_pack(mac)) {
		struct pollfd pfd = { .fd = dp_nexthops_fd(nhs), .events = POLLIN };

		if (poll(&pfd, 1, 100) > 0)
			dp_nexthops_process(nhs);
	}
	assert_true(dp_leg_nh_mac(leg) == dp_nh_pack(mac));
}

static void test_on_link(void **state)
{
	struct dp_leg *leg = leg_to(1, 0, "203.0.113.1", "203.0.113.7");

	(void)state;
	assert_int_equal(dp_nexthops_attach(nhs, leg), 0);
	assert_non_null(leg->nh);
	assert_true(dp_leg_nh_mac(leg) == 0);	/* asked, not answered yet */
	expect_arp_request("203.0.113.7");
	arp_reply("203.0.113.7", neigh_mac);
	expect_nh(leg, neigh_mac);
	/*
	 * Deleted by hand: the kernel reports it failed, then gone. Its legs
	 * are sent nothing until it is resolved again, which we ask for.
	 */
	assert_int_equal(system("ip neigh del 203.0.113.7 dev " TAP), 0);
	expect_arp_request_after_updates("203.0.113.7");
	assert_true(dp_leg_nh_mac(leg) == 0);
	arp_reply("203.0.113.7", neigh_mac);
	expect_nh(leg, neigh_mac);
	dp_nexthops_detach(nhs, leg);
	dp_leg_free(leg);
}

static void test_via_gw_shared(void **state)
{
	struct dp_leg *a = leg_to(2, 0, "203.0.113.1", "192.0.2.9");
	struct dp_leg *b = leg_to(3, 0, "203.0.113.1", "192.0.2.10");

	(void)state;
	assert_int_equal(dp_nexthops_attach(nhs, a), 0);
	expect_arp_request("203.0.113.254");
	assert_int_equal(dp_nexthops_attach(nhs, b), 0);
	assert_ptr_equal(a->nh, b->nh);		/* one entry per neighbour */
	arp_reply("203.0.113.254", gw_mac);
	expect_nh(a, gw_mac);
	assert_true(dp_leg_nh_mac(b) == dp_nh_pack(gw_mac));
	/* a's remote moves on-link, next to leg 1's: attached again, it follows. */
	assert_int_equal(inet_pton(AF_INET, "203.0.113.7", a->remote.addr), 1);
	assert_int_equal(dp_nexthops_attach(nhs, a), 0);
	assert_ptr_not_equal(a->nh, b->nh);
	assert_true(dp_leg_nh_mac(a) == dp_nh_pack(neigh_mac));
	assert_true(dp_leg_nh_mac(b) == dp_nh_pack(gw_mac));
	dp_nexthops_detach(nhs, a);
	dp_nexthops_detach(nhs, b);
	dp_leg_free(a);
	dp_leg_free(b);
}

static void test_static_latch_unreachable(void **state)
{
	struct dp_leg *st = leg_to(4, 1, "198.51.100.1", "198.51.100.50");
	struct dp_leg *latch = leg_to(5, 0, "203.0.113.1", NULL);
	struct ms_leg ml = leg_msg(6, 0, AF_INET6, "fd00:5e::1", 20000, "2001:db8::9", 4000,
				   MS_MODE_DISABLED, 0);
	struct dp_leg *v6 = dp_leg_create(&ml, 0, engine, 1);
	struct dp_leg *off = leg_to(7, 1, "198.51.100.1", "192.0.2.1");

	(void)state;
	assert_non_null(v6);
	assert_int_equal(dp_nexthops_attach(nhs, st), 0);
	assert_ptr_equal(st->nh, &app.ports[1].static_nh);
	assert_true(dp_leg_nh_mac(st) == dp_nh_pack(static_mac));
	/* A static next hop serves every remote, on-link or not. */
	assert_int_equal(dp_nexthops_attach(nhs, off), 0);
	assert_true(dp_leg_nh_mac(off) == dp_nh_pack(static_mac));
	/* Latching: the worker sets own_nh from the first packet. */
	assert_int_equal(dp_nexthops_attach(nhs, latch), 0);
	assert_null(latch->nh);
	/* Off-link IPv6 with no IPv6 gw=. */
	assert_int_equal(dp_nexthops_attach(nhs, v6), -ENETUNREACH);
	dp_leg_free(st);
	dp_leg_free(latch);
	dp_leg_free(v6);
	dp_leg_free(off);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_on_link),
		cmocka_unit_test(test_via_gw_shared),
		cmocka_unit_test(test_static_latch_unreachable),
	};

	(void)argc;
	if (geteuid() != 0) {
		printf("SKIP: needs root (network namespace, TAP)\n");
		return 77;
	}
	/* The TAP, its addresses and neighbours live and die with this process. */
	if (unshare(CLONE_NEWNET) || system("ip link set lo up")) {
		fprintf(stderr, "set-up failed: network namespace: %s\n", strerror(errno));
		return 1;
	}
	test_eal_init(argv[0], "0");
	engine = dp_srtp_engine_find("native");
	if (!engine) {
		fprintf(stderr, "set-up failed: no native SRTP engine\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
