/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The next-hop table: (port, family, IP) → an entry holding the struct
 * dp_nh that legs point at. The kernel resolves (ARP/ND through the port's
 * TAP, asked with RTM_NEWNEIGH + NTF_USE) and a libnl cache manager on
 * RTNLGRP_NEIGH tells us the result and every later change.
 *
 * Entries are kept when their last leg goes: a worker may still read one
 * through a leg in its grace period, and the neighbours of a gateway are
 * few and reused. A neighbour the kernel forgets keeps its last address
 * (media does not pass through the kernel, so its entries go stale and get
 * collected while still right) and is asked for again if legs use it. One it gives up on
 * (NUD_FAILED: no answer to its probes, or deleted by hand, which passes
 * through that state) stops its legs' traffic, counted as no-neigh, until
 * an answer comes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/neighbour.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/neighbour.h>

#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "dataplane/leg.h"

#include "app.h"
#include "nexthop.h"

#define ENTRIES_MAX	65536
/* The kernel's own NUD_VALID (include/net/neighbour.h), not in the uapi. */
#define NUD_HAS_ADDR	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | \
			 NUD_STALE | NUD_DELAY)

struct nh_key {
	uint8_t addr[16];
	uint16_t port;
	uint8_t family;
	uint8_t pad[5];
};

struct nh_entry {
	struct dp_nh nh;	/* legs point here */
	struct nh_key key;
	uint32_t legs;		/* attached; only those are worth asking for */
};

struct dp_nexthops {
	struct dp_app *app;
	struct rte_hash *h;
	struct nl_sock *sk;		/* requests */
	struct nl_cache_mngr *mngr;	/* RTNLGRP_NEIGH */
	struct nl_cache *cache;
};

static struct dp_app_port *port_of_ifindex(struct dp_app *app, int ifindex)
{
	for (uint16_t i = 0; i < app->opts.n_ports; i++)
		if (app->ports[i].tap_fd >= 0 && app->ports[i].tap_ifindex == ifindex)
			return &app->ports[i];
	return NULL;
}

static struct nh_entry *entry_find(struct dp_nexthops *nhs, const struct nh_key *k)
{
	void *data;

	return rte_hash_lookup_data(nhs->h, k, &data) >= 0 ? data : NULL;
}

/* Make the kernel resolve dst on the TAP (ARP or ND); the cache hears the result. */
static void ask_kernel(struct dp_nexthops *nhs, int ifindex, struct nl_addr *dst)
{
	struct rtnl_neigh *req = rtnl_neigh_alloc();

	if (!req)
		return;
	rtnl_neigh_set_ifindex(req, ifindex);
	rtnl_neigh_set_dst(req, dst);
	rtnl_neigh_set_flags(req, NTF_USE);
	rtnl_neigh_set_state(req, NUD_NONE);
	rtnl_neigh_add(nhs->sk, req, NLM_F_CREATE | NLM_F_REPLACE);
	rtnl_neigh_put(req);
}

/* A kernel neighbour object → the entry's address, if it is one of ours. */
static void neigh_apply(struct dp_nexthops *nhs, struct rtnl_neigh *n, bool gone)
{
	struct dp_app_port *ap = port_of_ifindex(nhs->app, rtnl_neigh_get_ifindex(n));
	struct nl_addr *dst = rtnl_neigh_get_dst(n), *ll = rtnl_neigh_get_lladdr(n);
	int state = rtnl_neigh_get_state(n);
	struct nh_key k = { 0 };
	struct nh_entry *e;
	unsigned int len;

	if (!ap || !dst)
		return;
	len = nl_addr_get_len(dst);
	if (len != 4 && len != 16)
		return;
	memcpy(k.addr, nl_addr_get_binary_addr(dst), len);
	k.port = ap->id;
	k.family = (uint8_t)nl_addr_get_family(dst);
	e = entry_find(nhs, &k);
	if (!e)
		return;
	if (gone) {
		if (e->legs)
			ask_kernel(nhs, ap->tap_ifindex, dst);
		return;
	}
	if (state > 0 && (state & NUD_HAS_ADDR) && ll && nl_addr_get_len(ll) == 6)
		dp_nh_set(&e->nh, dp_nh_pack(nl_addr_get_binary_addr(ll)));
	else if (state > 0 && (state & NUD_FAILED))
		dp_nh_set(&e->nh, 0);
}

static void neigh_changed(struct nl_cache *cache, struct nl_object *obj, int action,
			  void *arg)
{
	(void)cache;
	neigh_apply(arg, (struct rtnl_neigh *)obj, action == NL_ACT_DEL);
}

struct dp_nexthops *dp_nexthops_create(struct dp_app *app)
{
	struct rte_hash_parameters hp = {
		.name = "dp_nexthops", .entries = ENTRIES_MAX,
		.key_len = sizeof(struct nh_key), .hash_func = rte_hash_crc,
		.socket_id = (int)rte_socket_id(),
	};
	struct dp_nexthops *nhs = calloc(1, sizeof(*nhs));
	bool taps = false;
	int err;

	for (uint16_t i = 0; i < app->opts.n_ports; i++)
		taps |= app->ports[i].tap_fd >= 0;
	if (!nhs)
		goto nomem;
	nhs->app = app;
	nhs->h = rte_hash_create(&hp);
	if (!nhs->h)
		goto nomem;
	if (!taps)
		return nhs;
	nhs->sk = nl_socket_alloc();
	if (!nhs->sk)
		goto nomem;
	err = nl_connect(nhs->sk, NETLINK_ROUTE);
	if (err == 0)
		err = nl_cache_mngr_alloc(NULL, NETLINK_ROUTE, NL_AUTO_PROVIDE, &nhs->mngr);
	if (err == 0)
		err = nl_cache_mngr_add(nhs->mngr, "route/neigh", neigh_changed, nhs,
					&nhs->cache);
	if (err) {
		fprintf(stderr, "mediasec-dp: neighbour table subscription: %s\n",
			nl_geterror(err));
		dp_nexthops_free(nhs);
		return NULL;
	}
	return nhs;
nomem:
	fprintf(stderr, "mediasec-dp: next-hop table: out of memory\n");
	dp_nexthops_free(nhs);
	return NULL;
}

void dp_nexthops_free(struct dp_nexthops *nhs)
{
	const void *key;
	void *data;
	uint32_t it = 0;

	if (!nhs)
		return;
	while (nhs->h && rte_hash_iterate(nhs->h, &key, &data, &it) >= 0)
		rte_free(data);
	rte_hash_free(nhs->h);
	nl_cache_mngr_free(nhs->mngr);
	nl_socket_free(nhs->sk);
	free(nhs);
}

int dp_nexthops_fd(const struct dp_nexthops *nhs)
{
	return nhs->mngr ? nl_cache_mngr_get_fd(nhs->mngr) : -1;
}

void dp_nexthops_process(struct dp_nexthops *nhs)
{
	if (nhs->mngr)
		nl_cache_mngr_data_ready(nhs->mngr);
}

/* The kernel's entry if it has one, else ask it to resolve (it then tells the cache). */
static void resolve(struct dp_nexthops *nhs, struct dp_app_port *ap, struct nh_entry *e)
{
	struct nl_addr *dst = nl_addr_build(e->key.family, e->key.addr,
					    e->key.family == AF_INET ? 4 : 16);
	struct rtnl_neigh *n;

	if (!dst)
		return;
	n = rtnl_neigh_get(nhs->cache, ap->tap_ifindex, dst);
	if (n) {
		neigh_apply(nhs, n, false);
		rtnl_neigh_put(n);
	}
	if (!(e->nh.mac & DP_NH_VALID))
		ask_kernel(nhs, ap->tap_ifindex, dst);
	nl_addr_put(dst);
}

static struct nh_entry *entry_get(struct dp_nexthops *nhs, struct dp_app_port *ap,
				  const struct nh_key *k)
{
	struct nh_entry *e = entry_find(nhs, k);

	if (e)
		return e;
	e = rte_zmalloc("dp_nh", sizeof(*e), RTE_CACHE_LINE_SIZE);
	if (!e)
		return NULL;
	e->key = *k;
	if (rte_hash_add_key_data(nhs->h, k, e)) {
		rte_free(e);
		return NULL;
	}
	resolve(nhs, ap, e);
	return e;
}

/* The table's entry leg points at; NULL for its own_nh, a static one, or none. */
static struct nh_entry *leg_entry(struct dp_nexthops *nhs, struct dp_leg *leg)
{
	struct dp_nh *nh = leg->nh;

	if (!nh || nh == &leg->own_nh || nh == &nhs->app->port[leg->port]->static_nh)
		return NULL;
	return container_of(nh, struct nh_entry, nh);
}

/* Which neighbour frames to leg's remote go to; -errno when none can. */
static int nh_key_for(struct dp_app_port *ap, const struct dp_leg *leg, struct nh_key *k)
{
	const struct dp_opt_port *op = ap->opt;

	*k = (struct nh_key){ .port = ap->id, .family = leg->local.family };
	if (ap->tap_fd < 0)
		return -EHOSTUNREACH;	/* nothing to resolve with */
	if (dp_opt_port_on_link(op, k->family, leg->remote.addr)) {
		memcpy(k->addr, leg->remote.addr, sizeof(k->addr));
	} else {
		const struct dp_opt_addr *gw = &op->gw[k->family == AF_INET ? 0 : 1];

		if (!gw->family)
			return -ENETUNREACH;	/* off-link, and no gw= */
		memcpy(k->addr, gw->addr, sizeof(k->addr));
	}
	return 0;
}

int dp_nexthops_attach(struct dp_nexthops *nhs, struct dp_leg *leg)
{
	struct dp_app_port *ap = nhs->app->port[leg->port];
	struct nh_entry *old = leg_entry(nhs, leg), *e = NULL;
	struct nh_key k;
	int err;

	if (!dp_leg_remote_known(leg))
		return 0;
	if (ap->opt->static_next_hop) {
		dp_leg_set_nh(leg, &ap->static_nh);
	} else {
		err = nh_key_for(ap, leg, &k);
		if (err)
			return err;
		e = entry_get(nhs, ap, &k);
		if (!e)
			return -ENOMEM;
		e->legs++;
		dp_leg_set_nh(leg, &e->nh);
	}
	if (old)
		old->legs--;
	return 0;
}

void dp_nexthops_detach(struct dp_nexthops *nhs, struct dp_leg *leg)
{
	struct nh_entry *e = leg_entry(nhs, leg);

	if (e)
		e->legs--;
}
