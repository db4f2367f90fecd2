/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp: EAL, options, set-up, workers on every lcore but the main
 * one, the control loop on the main one, and a clean stop on SIGINT or
 * SIGTERM. Exit status: 0 after a clean stop, 1 when EAL or the set-up
 * fails, 2 for a bad option.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dataplane/leg_table.h"
#include "dataplane/sec_report.h"
#include "dataplane/worker.h"
#include "rx_filter.h"
#include "dataplane/srtp/srtp.h"

#include "app.h"
#include "control.h"
#include "nexthop.h"
#include "ports.h"
#include "stats.h"
#include "tap.h"
#include "telemetry.h"

#define RING_SIZE	1024
#define POLL_MS		1

static volatile sig_atomic_t quit;

static void on_signal(int sig)
{
	quit = sig;
}

/* Index of the "--" between EAL's arguments and ours, or argc. */
static int own_args_start(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return i;
	return argc;
}

static int eal_init(int argc, char **argv)
{
	int n = rte_eal_init(argc, argv);

	if (n >= 0)
		return 0;
	fprintf(stderr, "mediasec-dp: EAL initialisation failed: %s", rte_strerror(rte_errno));
	if (rte_errno == EINVAL)
		fprintf(stderr, " (bad EAL arguments: see above, or --help after --)");
	else if (rte_errno == EACCES || rte_errno == ENOMEM)
		fprintf(stderr, " (no hugepages? try --no-huge -m 1024, or scripts/hugepages.sh)");
	else if (rte_errno == EALREADY)
		fprintf(stderr, " (another DPDK process uses this file prefix? try --file-prefix)");
	fputc('\n', stderr);
	return -1;
}

static struct rte_ring *ring(const char *what, uint16_t w)
{
	char name[RTE_RING_NAMESIZE];

	snprintf(name, sizeof(name), "dp_%s%u", what, w);
	return rte_ring_create(name, RING_SIZE, rte_lcore_to_socket_id(rte_get_main_lcore()),
			       RING_F_SP_ENQ | RING_F_SC_DEQ);
}

/* One worker per lcore but the main one: queue w of every port. */
static int workers_create(struct dp_app *app)
{
	unsigned int lcore;
	uint16_t w = 0;

	RTE_LCORE_FOREACH_WORKER(lcore) {
		struct dp_worker *wk = rte_zmalloc_socket("dp_worker", sizeof(*wk),
							  RTE_CACHE_LINE_SIZE,
							  (int)rte_lcore_to_socket_id(lcore));

		app->punt[w] = ring("punt", w);
		app->exception[w] = ring("exc", w);
		app->sec[w] = dp_sec_report_create(w, (int)rte_lcore_to_socket_id(lcore));
		if (!wk || !app->punt[w] || !app->exception[w] || !app->sec[w]) {
			rte_free(wk);
			fprintf(stderr, "mediasec-dp: worker %u: out of memory\n", w);
			return -ENOMEM;
		}
		wk->legs = app->legs;
		wk->engine = app->engine;
		wk->ports = app->conf;
		wk->id = w;
		wk->txq = w;
		wk->punt = app->punt[w];
		wk->exception = app->exception[w];
		wk->sec = app->sec[w];
		wk->tx_ring = w == 0 ? app->tx_ring : NULL;
		for (uint16_t i = 0; i < app->opts.n_ports && wk->n_rxq < DP_WORKER_RXQ_MAX; i++) {
			wk->rxq[wk->n_rxq].port = app->ports[i].id;
			wk->rxq[wk->n_rxq++].queue = w;
		}
		app->workers[w++] = wk;
	}
	return 0;
}

static int setup(struct dp_app *app)
{
	int err;

	app->n_workers = (uint16_t)(rte_lcore_count() - 1);
	if (app->n_workers == 0) {
		fprintf(stderr, "mediasec-dp: no worker lcore: give EAL at least two, "
			"e.g. -l 0,1 (the first runs the control thread)\n");
		return -EINVAL;
	}
	if (app->opts.n_ports > DP_WORKER_RXQ_MAX) {
		fprintf(stderr, "mediasec-dp: %u ports, at most %u\n", app->opts.n_ports,
			DP_WORKER_RXQ_MAX);
		return -EINVAL;
	}
	app->engine = dp_srtp_engine_find(app->opts.engine);
	if (!app->engine) {
		fprintf(stderr, "mediasec-dp: SRTP engine \"%s\" not built in\n", app->opts.engine);
		return -ENOENT;
	}
	app->legs = dp_leg_table_create("dp_legs", app->opts.legs, app->n_workers,
					(int)rte_socket_id());
	if (!app->legs) {
		fprintf(stderr, "mediasec-dp: leg table for %u legs: %s (fewer --legs, or "
			"more memory with -m)\n", app->opts.legs, strerror(errno));
		return -ENOMEM;
	}
	err = dp_ports_setup(app);
	for (uint16_t i = 0; err == 0 && i < app->opts.n_ports; i++)
		if (app->ports[i].opt->tap)
			err = dp_tap_open(app, &app->ports[i]);
	if (err == 0) {
		app->nh = dp_nexthops_create(app);
		err = app->nh ? 0 : -ENOMEM;
	}
	if (err == 0)
		err = workers_create(app);
	if (err == 0)
		err = dp_app_filter_open(app);
	if (err == 0)
		err = dp_telemetry_init(app);
	if (err == 0)
		err = dp_app_ctl_open(app);
	return err;
}

static void workers_launch(struct dp_app *app)
{
	unsigned int lcore;
	uint16_t w = 0;

	RTE_LCORE_FOREACH_WORKER(lcore)
		rte_eal_remote_launch(dp_worker_main, app->workers[w++], lcore);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The control thread: requests, neighbours, TAPs, rings, reclaim, figures. */
static void control_loop(struct dp_app *app)
{
	struct pollfd pfd[2 + DP_OPT_PORTS_MAX];
	struct dp_app_port *tap_of[2 + DP_OPT_PORTS_MAX] = { NULL };
	double shown = now();
	nfds_t n = 0;

	pfd[n++] = (struct pollfd){ .fd = dp_app_ctl_fd(app), .events = POLLIN };
	pfd[n++] = (struct pollfd){ .fd = dp_nexthops_fd(app->nh), .events = POLLIN };
	for (uint16_t i = 0; i < app->opts.n_ports; i++)
		if (app->ports[i].tap_fd >= 0) {
			tap_of[n] = &app->ports[i];
			pfd[n++] = (struct pollfd){ .fd = app->ports[i].tap_fd, .events = POLLIN };
		}
	while (!quit) {
		double t;

		/* Negative fds are ignored by poll(). */
		if (poll(pfd, n, POLL_MS) > 0) {
			if (pfd[0].revents & POLLIN)
				dp_app_ctl_process(app);
			if (pfd[1].revents & POLLIN)
				dp_nexthops_process(app->nh);
			for (nfds_t i = 2; i < n; i++)
				if (pfd[i].revents & POLLIN)
					dp_tap_from_kernel(app, tap_of[i]);
		}
		dp_tap_to_kernel(app);
		dp_app_ctl_punt_drain(app);
		dp_leg_table_reclaim(app->legs);
		t = now();
		if (app->opts.stats_interval && t - shown >= app->opts.stats_interval) {
			dp_stats_print(app, t - shown);
			shown = t;
		}
	}
}

static void ring_free(struct rte_ring *r)
{
	struct rte_mbuf *m;

	while (r && rte_ring_dequeue(r, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	rte_ring_free(r);
}

/* After the workers stopped; every leg freed with its keys wiped. */
static void teardown(struct dp_app *app)
{
	dp_app_ctl_close(app);
	dp_ports_close(app);
	for (uint16_t i = 0; i < app->opts.n_ports; i++)
		dp_tap_close(&app->ports[i]);
	dp_nexthops_free(app->nh);
	for (uint16_t w = 0; w < app->n_workers; w++) {
		ring_free(app->punt[w]);
		ring_free(app->exception[w]);
		dp_sec_report_free(app->sec[w]);
		rte_free(app->workers[w]);
	}
	ring_free(app->tx_ring);
	dp_app_filter_close(app);
	dp_leg_table_free(app->legs);
	rte_mempool_free(app->pool);
	dp_telemetry_uninit();
}

/* Ours first, so that a typo costs no EAL start-up; EAL gets what is before "--". */
static int opts_parse(int argc, char **argv, int own, struct dp_opts *o)
{
	char *none[] = { argv[0], NULL };
	int err;

	if (own == argc)
		return dp_opts_parse(1, none, o);
	argv[own] = argv[0];
	err = dp_opts_parse(argc - own, argv + own, o);
	argv[own] = NULL;
	return err;
}

int main(int argc, char **argv)
{
	static struct dp_app app;
	int own = own_args_start(argc, argv), err, status = 0;

	err = opts_parse(argc, argv, own, &app.opts);
	if (err)
		return err > 0 ? 0 : 2;
	if (eal_init(own, argv))
		return 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	err = setup(&app);
	if (err == 0) {
		workers_launch(&app);
		printf("mediasec-dp: %u worker(s), %u port(s), up to %u legs; running\n",
		       app.n_workers, app.opts.n_ports, app.opts.legs);
		fflush(stdout);
		control_loop(&app);
		for (uint16_t w = 0; w < app.n_workers; w++)
			__atomic_store_n(&app.workers[w]->stop, 1, __ATOMIC_RELAXED);
		rte_eal_mp_wait_lcore();
	} else {
		status = 1;
	}
	teardown(&app);
	rte_eal_cleanup();
	return status;
}
