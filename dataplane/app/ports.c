/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port set-up. Works with whatever the PMD offers: net_af_packet and
 * net_tap have as many queues as their qpairs/queues devarg (one by
 * default), net_ring and net_null what they were made with. A port short of
 * a tx queue for the control thread gets its frames sent by worker 0 (the
 * tx_ring) instead; a port short of a queue per worker is refused, since
 * workers never share a queue.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dataplane/rss.h"
#include "dataplane/worker.h"

#include "app.h"
#include "ports.h"

#define RX_DESC		1024
#define TX_DESC		1024
#define POOL_CACHE	256
#define RING_SIZE	1024	/* punt, exception and tx_ring, per worker */
#define CKSUM_OFFLOADS	(RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM)

/*
 * The port's MAC, which its TAP carries too. Some virtual PMDs (net_ring)
 * have none: give them a random local one, as the kernel does for a TAP.
 */
static int port_mac(uint16_t id, struct rte_ether_addr *mac)
{
	int err = rte_eth_macaddr_get(id, mac);

	if (err || rte_is_valid_assigned_ether_addr(mac))
		return err;
	rte_eth_random_addr(mac->addr_bytes);
	/* A PMD that cannot take it filters nothing by MAC either. */
	rte_eth_dev_default_mac_addr_set(id, mac);
	return 0;
}

static void rss_configure(struct rte_eth_conf *conf, const struct rte_eth_dev_info *info,
			  uint16_t id)
{
	enum dp_rss_fit fit;
	uint64_t hf = dp_rss_hash_types(info->flow_type_rss_offloads, &fit);

	if (fit == DP_RSS_NONE)
		fprintf(stderr, "mediasec-dp: port %u (%s) has no RSS on IP or UDP: its "
			"queue 0 takes all traffic, the other workers none of it\n", id,
			info->driver_name);
	else if (fit == DP_RSS_PER_FLOW)
		fprintf(stderr, "mediasec-dp: port %u (%s) hashes UDP with its ports only: the "
			"RTP and RTCP of a leg without rtcp-mux may reach different workers, "
			"which its SRTP context does not support (use rtcp-mux, or one "
			"worker)\n", id, info->driver_name);
	if (hf) {
		conf->rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf->rx_adv_conf.rss_conf.rss_hf = hf;
	}
}

static int port_configure(struct dp_app *app, struct dp_app_port *ap)
{
	uint16_t id = ap->id, n_rxq = app->n_workers, n_txq, rxd = RX_DESC, txd = TX_DESC;
	struct rte_eth_conf conf = { 0 };
	struct rte_eth_dev_info info;
	int err;

	err = rte_eth_dev_info_get(id, &info);
	if (err) {
		fprintf(stderr, "mediasec-dp: port %u: no device info: %s\n", id, rte_strerror(-err));
		return err;
	}
	if (info.max_rx_queues < n_rxq || info.max_tx_queues < app->n_workers) {
		fprintf(stderr, "mediasec-dp: port %u (%s) has %u rx and %u tx queues, "
			"%u workers need %u of each (fewer worker lcores, or more queues "
			"in the vdev's arguments)\n", id, info.driver_name,
			info.max_rx_queues, info.max_tx_queues, app->n_workers, app->n_workers);
		return -EINVAL;
	}
	ap->ctl_txq = info.max_tx_queues > app->n_workers ? app->n_workers : -1;
	n_txq = app->n_workers + (ap->ctl_txq >= 0);
	if (n_rxq > 1)
		rss_configure(&conf, &info, id);
	conf.txmode.offloads = info.tx_offload_capa & CKSUM_OFFLOADS;
	err = rte_eth_dev_configure(id, n_rxq, n_txq, &conf);
	if (err == 0)
		err = rte_eth_dev_adjust_nb_rx_tx_desc(id, &rxd, &txd);
	for (uint16_t q = 0; err == 0 && q < n_rxq; q++)
		err = rte_eth_rx_queue_setup(id, q, rxd, rte_eth_dev_socket_id(id), NULL, app->pool);
	for (uint16_t q = 0; err == 0 && q < n_txq; q++)
		err = rte_eth_tx_queue_setup(id, q, txd, rte_eth_dev_socket_id(id), NULL);
	if (err == 0)
		err = port_mac(id, &app->conf[id].mac);
	if (err == 0)
		err = rte_eth_dev_start(id);
	/* ND solicits to multicast addresses: the kernel behind the TAP needs them. */
	if (err == 0 && ap->opt->tap)
		rte_eth_allmulticast_enable(id);
	if (err) {
		fprintf(stderr, "mediasec-dp: port %u (%s): set-up failed: %s\n", id,
			info.driver_name, rte_strerror(-err));
		return err;
	}
	ap->n_rxq = n_rxq;
	app->conf[id].tx_offloads = conf.txmode.offloads;
	return 0;
}

/* The workers' view of a port: MAC, VLAN, media range, exception path. */
static void port_conf(struct dp_app *app, struct dp_app_port *ap)
{
	struct dp_port_conf *pc = &app->conf[ap->id];

	pc->vlan = ap->opt->vlan;
	pc->vlan_tci = ap->opt->vlan_id;
	pc->exception = ap->opt->tap;
	pc->media_lo = app->opts.media_lo;
	pc->media_hi = app->opts.media_hi;
	if (ap->opt->static_next_hop)
		dp_nh_set(&ap->static_nh, dp_nh_pack(ap->opt->next_hop));
}

static int pool_create(struct dp_app *app)
{
	unsigned int n;

	n = app->opts.n_ports * (RX_DESC + TX_DESC) * (app->n_workers + 1u);
	n += app->n_workers * (3u * RING_SIZE + DP_BURST_MAX) + RING_SIZE;
	n += POOL_CACHE * rte_lcore_count();
	app->pool = rte_pktmbuf_pool_create("dp_pool", n, POOL_CACHE, 0,
					    RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (!app->pool) {
		fprintf(stderr, "mediasec-dp: cannot allocate %u mbufs: %s (more memory: -m)\n",
			n, rte_strerror(rte_errno));
		return -ENOMEM;
	}
	return 0;
}

int dp_ports_setup(struct dp_app *app)
{
	int err = pool_create(app);

	for (uint16_t i = 0; err == 0 && i < app->opts.n_ports; i++) {
		struct dp_app_port *ap = &app->ports[i];

		ap->opt = &app->opts.ports[i];
		ap->id = ap->opt->id;
		ap->tap_fd = -1;
		if (!rte_eth_dev_is_valid_port(ap->id)) {
			fprintf(stderr, "mediasec-dp: --port %u: no such DPDK port (%u ports; "
				"add one with --vdev or a PCI device)\n", ap->id,
				rte_eth_dev_count_avail());
			return -ENODEV;
		}
		err = port_configure(app, ap);
		if (err)
			return err;
		app->port[ap->id] = ap;
		port_conf(app, ap);
		if (ap->ctl_txq < 0 && !app->tx_ring) {
			app->tx_ring = rte_ring_create("dp_ctl_tx", RING_SIZE, rte_socket_id(),
						       RING_F_SP_ENQ | RING_F_SC_DEQ);
			if (!app->tx_ring)
				err = -rte_errno;
		}
	}
	return err;
}

void dp_ports_close(struct dp_app *app)
{
	for (uint16_t i = 0; i < DP_PORTS_MAX; i++) {
		if (!app->port[i])
			continue;
		rte_eth_dev_stop(i);
		rte_eth_dev_close(i);
		app->port[i] = NULL;
	}
}

int dp_app_send(struct dp_app *app, uint16_t port, struct rte_mbuf *m)
{
	struct dp_app_port *ap = port < DP_PORTS_MAX ? app->port[port] : NULL;

	if (!ap) {
		rte_pktmbuf_free(m);
		return -ENODEV;
	}
	if (ap->ctl_txq >= 0) {
		if (rte_eth_tx_burst(port, (uint16_t)ap->ctl_txq, &m, 1) == 1)
			return 0;
	} else {
		m->port = port;
		if (rte_ring_sp_enqueue(app->tx_ring, m) == 0)
			return 0;
	}
	rte_pktmbuf_free(m);
	return -ENOBUFS;
}
