/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TAP interfaces for the exception path, configured over rtnetlink with
 * libnl-route. The TAP is untagged: a port's VLAN tag comes off on the way
 * in and goes back on the way out. IPv6 addresses are added without DAD,
 * since the port's address is the gateway's by configuration.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "app.h"
#include "tap.h"

#define BURST		32
#define FRAME_MAX	RTE_ETHER_MAX_JUMBO_FRAME_LEN

static int tap_create(const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* opts.c refuses names of IFNAMSIZ or more */
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static int link_setup(struct nl_sock *sk, struct dp_app *app, struct dp_app_port *ap)
{
	struct rtnl_link *link = NULL, *change = rtnl_link_alloc();
	struct nl_addr *lladdr = nl_addr_build(AF_LLC, app->conf[ap->id].mac.addr_bytes,
					       RTE_ETHER_ADDR_LEN);
	uint16_t mtu = RTE_ETHER_MTU;
	int err = -ENOMEM;

	if (!change || !lladdr)
		goto out;
	err = rtnl_link_get_kernel(sk, 0, ap->opt->tap_name, &link);
	if (err < 0)
		goto out;
	ap->tap_ifindex = rtnl_link_get_ifindex(link);
	if (rte_eth_dev_is_valid_port(ap->id))
		rte_eth_dev_get_mtu(ap->id, &mtu);
	rtnl_link_set_addr(change, lladdr);
	rtnl_link_set_mtu(change, mtu);
	rtnl_link_set_flags(change, IFF_UP);
	err = rtnl_link_change(sk, link, change, 0);
out:
	nl_addr_put(lladdr);
	rtnl_link_put(change);
	rtnl_link_put(link);
	return err;
}

static int addr_add(struct nl_sock *sk, int ifindex, const struct dp_opt_addr *a)
{
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *local = nl_addr_build(a->family, a->addr,
					      a->family == AF_INET ? 4 : 16);
	int err = -NLE_NOMEM;

	if (ra && local) {
		nl_addr_set_prefixlen(local, a->prefix_len);
		rtnl_addr_set_ifindex(ra, ifindex);
		rtnl_addr_set_local(ra, local);
		if (a->family == AF_INET6)
			rtnl_addr_set_flags(ra, IFA_F_NODAD);
		err = rtnl_addr_add(sk, ra, 0);
		if (err == -NLE_EXIST)
			err = 0;
	}
	nl_addr_put(local);
	rtnl_addr_put(ra);
	return err;
}

int dp_tap_open(struct dp_app *app, struct dp_app_port *ap)
{
	struct nl_sock *sk = nl_socket_alloc();
	const char *what = "rtnetlink";
	int err = -ENOMEM;

	if (!sk)
		goto fail;
	ap->tap_fd = tap_create(ap->opt->tap_name);
	if (ap->tap_fd < 0) {
		err = ap->tap_fd;
		fprintf(stderr, "mediasec-dp: port %u: cannot create TAP %s: %s\n", ap->id,
			ap->opt->tap_name, strerror(-err));
		nl_socket_free(sk);
		return err;
	}
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err == 0) {
		what = "setting its MAC, MTU and up";
		err = link_setup(sk, app, ap);
	}
	for (int i = 0; err == 0 && i < ap->opt->n_addrs; i++) {
		what = "adding an address";
		err = addr_add(sk, ap->tap_ifindex, &ap->opt->addrs[i]);
	}
	nl_socket_free(sk);
	if (err == 0)
		return 0;
	fprintf(stderr, "mediasec-dp: port %u: TAP %s: %s failed: %s\n", ap->id,
		ap->opt->tap_name, what, nl_geterror(err));
	dp_tap_close(ap);
	return -EIO;
fail:
	fprintf(stderr, "mediasec-dp: port %u: TAP %s: out of memory\n", ap->id,
		ap->opt->tap_name);
	return err;
}

void dp_tap_close(struct dp_app_port *ap)
{
	if (ap->tap_fd >= 0)
		close(ap->tap_fd);
	ap->tap_fd = -1;
}

/* One frame to the kernel, its 802.1Q tag (if any) taken off. */
static void tap_write(struct dp_app_port *ap, struct rte_mbuf *m)
{
	uint8_t buf[FRAME_MAX];
	const uint8_t *p = rte_pktmbuf_read(m, 0, RTE_MIN(m->pkt_len, sizeof(buf)), buf);
	uint32_t len = RTE_MIN(m->pkt_len, sizeof(buf));
	const struct rte_ether_hdr *eh = (const void *)p;

	if (!p || len < sizeof(*eh))
		return;
	if (eh->ether_type == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN) &&
	    len >= sizeof(*eh) + sizeof(struct rte_vlan_hdr)) {
		if (p != buf)
			memcpy(buf, p, len);
		memmove(buf + 2 * RTE_ETHER_ADDR_LEN, buf + 2 * RTE_ETHER_ADDR_LEN + 4,
			len - 2 * RTE_ETHER_ADDR_LEN - 4);
		p = buf;
		len -= 4;
	}
	/* The kernel takes the frame or not; a TAP never blocks us. */
	if (write(ap->tap_fd, p, len) < 0)
		return;
}

void dp_tap_to_kernel(struct dp_app *app)
{
	struct rte_mbuf *m[BURST];

	for (uint16_t w = 0; w < app->n_workers; w++) {
		unsigned int n = rte_ring_sc_dequeue_burst(app->exception[w], (void **)m,
							   BURST, NULL);

		for (unsigned int i = 0; i < n; i++) {
			struct dp_app_port *ap = m[i]->port < DP_PORTS_MAX ?
						 app->port[m[i]->port] : NULL;

			if (ap && ap->tap_fd >= 0)
				tap_write(ap, m[i]);
		}
		rte_pktmbuf_free_bulk(m, n);
	}
}

void dp_tap_from_kernel(struct dp_app *app, struct dp_app_port *ap)
{
	for (int i = 0; i < BURST; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(app->pool);
		ssize_t n;

		if (!m)
			return;
		n = read(ap->tap_fd, rte_pktmbuf_mtod(m, void *), rte_pktmbuf_tailroom(m));
		if (n < (ssize_t)sizeof(struct rte_ether_hdr)) {
			rte_pktmbuf_free(m);
			if (n < 0)
				return;		/* EAGAIN: all read */
			continue;
		}
		m->data_len = (uint16_t)n;
		m->pkt_len = (uint32_t)n;
		if (ap->opt->vlan) {
			m->vlan_tci = ap->opt->vlan_id;
			if (rte_vlan_insert(&m)) {
				rte_pktmbuf_free(m);
				continue;
			}
		}
		dp_app_send(app, ap->id, m);
	}
}
