/* SPDX-License-Identifier: BSD-3-Clause */
/* The DPDK ports: queues, RSS, offloads, the mbuf pool; start and stop. */
#ifndef MEDIASEC_DATAPLANE_APP_PORTS_H
#define MEDIASEC_DATAPLANE_APP_PORTS_H

struct dp_app;

/*
 * Configure and start every port of app->opts: one rx queue per worker
 * (RSS when there are several and the PMD has it, see dataplane/rss.h), a tx queue per worker
 * and one for the control thread when the PMD has enough. Fills app->pool,
 * app->port[], app->conf[]. 0, or -errno after logging why.
 */
int dp_ports_setup(struct dp_app *app);

/* Stop and close every port set up. */
void dp_ports_close(struct dp_app *app);

#endif /* MEDIASEC_DATAPLANE_APP_PORTS_H */
