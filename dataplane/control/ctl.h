/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's control thread: the NETLINK_USERSOCK server at
 * MS_NL_PORT_DP that mediasecd (or mediasecctl -P) programs the dataplane
 * through. It owns the writer side of the leg table; the program (app/)
 * owns ports, workers and next hops and lends them through struct
 * dp_ctl_ops. Everything here runs on one thread, the main lcore's.
 *
 * Punt: a worker hands a STUN/DTLS datagram (DP_ACT_PUNT) to the control
 * thread by enqueuing the untouched frame on its punt ring, with the id of
 * the leg it arrived on in m->hash.usr. dp_ctl_punt_drain() sends each to
 * the subscriber (the last sender of an authorized MS_CMD_EVENT_SUBSCRIBE)
 * as MS_CMD_PUNT, and frees it.
 *
 * Failures: the workers' SRTP authentication failures and replays
 * (dataplane/sec_report.h) go to the same subscriber, summed per source,
 * leg and reason, as MS_CMD_EVENT auth-failure with COUNT and REASON.
 */
#ifndef MEDIASEC_DATAPLANE_CONTROL_CTL_H
#define MEDIASEC_DATAPLANE_CONTROL_CTL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct dp_endpoint;
struct dp_filter;
struct dp_leg;
struct dp_leg_table;
struct dp_sec_report;
struct dp_srtp_engine;
struct ms_counters;
struct rte_mbuf;
struct rte_mempool;
struct rte_ring;

/* What the program lends the control thread; every op runs on its thread. */
struct dp_ctl_ops {
	/* The DPDK port that owns local's address (port number ignored), or -ENOENT. */
	int (*port_of)(void *app, const struct dp_endpoint *local);
	/*
	 * Before a leg is published, and again when its remote changes: give it
	 * a next hop. 0 or -errno (the request then fails with that error).
	 */
	int (*leg_attach)(void *app, struct dp_leg *leg);
	/* After a leg left the table (its free is still deferred). */
	void (*leg_detach)(void *app, struct dp_leg *leg);
	/* Send one complete frame on port's control tx queue; takes m. 0 or -errno. */
	int (*send)(void *app, uint16_t port, struct rte_mbuf *m);
	/* Fill the next-hop Ethernet header fields of a frame leaving from leg: 0 or -EAGAIN (unresolved). */
	int (*l2_for_leg)(void *app, const struct dp_leg *leg, uint8_t dst_mac[6],
			  uint8_t src_mac[6], uint16_t *vlan_tci, int *vlan);
	/* Sum of every worker's counters for port (MS_STATS over MS_ATTR_COUNTERS). */
	void (*port_counters)(void *app, uint16_t port, struct ms_counters *c);
	/* Number of ports, for per-port stats dumps. */
	uint16_t (*n_ports)(void *app);
	/* enum ms_leg_side of port; MS_SIDE_UNSPEC: not one of ours. */
	uint8_t (*port_side)(void *app, uint16_t port);
};

struct dp_ctl_conf {
	uint32_t nl_port;		/* MS_NL_PORT_DP unless overridden */
	uid_t daemon_uid;		/* besides root, may send requests; (uid_t)-1: root only */
	struct dp_leg_table *legs;
	const struct dp_srtp_engine *engine;
	struct dp_filter *filter;	/* the rx filter's lists; NULL: no --filter */
	uint16_t n_workers;
	struct rte_ring **punt;		/* n_workers rings, workers enqueue, we dequeue */
	struct dp_sec_report **sec;	/* n_workers failure reporters; NULL: none */
	struct rte_mempool *pool;	/* for injected frames */
	const struct dp_ctl_ops *ops;
	void *app;			/* first argument of every op */
};

struct dp_ctl;

/* Bind the port; NULL with err saying why (e.g. another mediasec-dp runs). */
struct dp_ctl *dp_ctl_open(const struct dp_ctl_conf *conf, char *err, size_t errlen);
/* The socket to poll for readability. */
int dp_ctl_fd(const struct dp_ctl *ctl);
/*
 * Serve the requests waiting, a few hundred datagrams at most per call
 * (poll again: the fd stays readable while more wait); never blocks.
 */
void dp_ctl_process(struct dp_ctl *ctl);
/*
 * Deliver the punted packets and the failure reports waiting on the
 * workers' rings, and free the deleted legs whose grace period is over;
 * never blocks. Call every round.
 */
void dp_ctl_punt_drain(struct dp_ctl *ctl);
/* What the control thread did, for the program's figures. */
struct dp_ctl_stats {
	uint64_t punt_sent;	/* MS_CMD_PUNT delivered to the subscriber */
	uint64_t punt_lost;	/* no subscriber, subscriber full or gone, unparsable */
	uint64_t inject_sent;	/* frames handed to ops->send */
	uint64_t sec_events;	/* MS_CMD_EVENT of summed failures delivered */
	uint64_t sec_lost;	/* failures summed but not delivered (no subscriber, ...) */
	uint64_t sec_refused;	/* failures the workers' reporters did not pass on */
};
void dp_ctl_stats_get(const struct dp_ctl *ctl, struct dp_ctl_stats *st);
/* Close the socket. The leg table stays the program's to free. */
void dp_ctl_close(struct dp_ctl *ctl);

#endif /* MEDIASEC_DATAPLANE_CONTROL_CTL_H */
