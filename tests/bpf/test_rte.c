// SPDX-License-Identifier: BSD-3-Clause
/*
 * Packet filter tests, third build: ebpf/filter_rte.bpf.o loaded by
 * librte_bpf (validated, JIT-compiled) inside mediasec-dp's filter
 * (dataplane/filter/), its look-ups and bookkeeping on the dataplane's
 * tables. The same case table and truncations as the XDP build
 * (bpf-filter) and the native build (bpf-filter-native) must give the same
 * verdicts, reasons, counters and events: the differential test of the one
 * decision core. Also times the load (validation and JIT).
 *
 * Argument: the path of filter_rte.bpf.o.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <rte_mbuf.h>

#include "dataplane/filter/filter.h"
#include "frame.h"
#include "pf_loader.h"	/* pf_prefix_parse(), pf_now_ns() */
/* DPDK's NS_PER_S is an int; the case table's, a 64-bit one. */
#undef NS_PER_S
#include "runner.h"

struct rte_env {
	struct dp_filter *f;
	struct rte_mempool *pool;
	uint64_t events[__MS_PF_EV_MAX];	/* already reported */
};

static int rte_configure(void *ctx, const struct ms_pf_config *cfg, int xsk)
{
	struct rte_env *e = ctx;

	dp_filter_config_set(e->f, cfg);
	dp_filter_xsk_set(e->f, xsk ? 1 : 0);
	return 0;
}

static int rte_counters(void *ctx, struct ms_pf_counter stat[MS_PF_STAT_MAX])
{
	struct rte_env *e = ctx;

	dp_filter_counters(e->f, stat);
	return 0;
}

static int rte_run(void *ctx, const uint8_t *frame, size_t len,
		   unsigned int repeat, int *verdict)
{
	struct rte_env *e = ctx;
	struct rte_mbuf *m = rte_pktmbuf_alloc(e->pool);
	uint16_t reason;
	char *data;

	if (!m)
		return -ENOMEM;
	data = rte_pktmbuf_append(m, len);
	if (!data && len) {
		rte_pktmbuf_free(m);
		return -EMSGSIZE;
	}
	memcpy(data, frame, len);
	for (unsigned int i = 0; i < repeat; i++)
		*verdict = dp_filter_frame(e->f, m, 0, &reason);
	rte_pktmbuf_free(m);
	return 0;
}

static void rte_events(void *ctx, unsigned int count[__MS_PF_EV_MAX])
{
	struct rte_env *e = ctx;
	uint64_t now[__MS_PF_EV_MAX];

	dp_filter_events(e->f, now);
	for (unsigned int k = 0; k < __MS_PF_EV_MAX; k++) {
		count[k] += now[k] - e->events[k];
		e->events[k] = now[k];
	}
}

static int prefix(struct dp_filter_prefix *out, const char *text)
{
	struct pf_prefix p;
	int err = pf_prefix_parse(&p, text);

	if (err)
		return err;
	out->family = p.family == AF_INET ? MS_PF_FAMILY_V4 : MS_PF_FAMILY_V6;
	out->len = p.len;
	memcpy(out->addr, p.addr, sizeof(out->addr));
	return 0;
}

static int install_policy(struct dp_filter *f)
{
	uint64_t now = pf_now_ns();
	struct dp_filter_prefix p;
	size_t i;
	int err = 0;

	static struct ms_pf_port_val ports[65536];

	for (i = 0; i < policy_ports_n; i++) {
		const struct policy_ports *pp = &policy_ports[i];

		for (unsigned int port = pp->lo; port <= pp->hi; port++) {
			if (pp->proto == IPPROTO_UDP)
				ports[port].udp = pp->cls;
			else
				ports[port].tcp = pp->cls;
			ports[port].realm = pp->realm;
		}
	}
	for (i = 0; i < 65536; i++)
		dp_filter_port_set(f, i, &ports[i]);
	for (i = 0; i < policy_deny_n && !err; i++) {
		int x = policy_deny[i].expiry;

		err = prefix(&p, policy_deny[i].prefix) ?:
		      dp_filter_deny_add(f, &p, x < 0 ? now - CASE_EXPIRED_AGO :
					 x > 0 ? now + 60 * NS_PER_S : 0);
	}
	for (i = 0; i < policy_allow_n && !err; i++)
		err = prefix(&p, policy_allow[i]) ?: dp_filter_allow_add(f, &p);
	for (i = 0; i < policy_pinholes_n && !err; i++) {
		const struct policy_pinhole *ph = &policy_pinholes[i];
		struct ms_pf_pinhole_val v = { .remote_port = ph->remote_port };

		if (ph->remote) {
			err = prefix(&p, ph->remote);
			memcpy(v.addr, p.addr, sizeof(v.addr));
			v.family = p.family;
			v.prefixlen = p.len;
			v.flags = MS_PF_PINHOLE_F_LATCHED;
		}
		if (!err)
			err = dp_filter_pinhole_add(f, ph->proto, ph->port, &v);
	}
	return err;
}

int main(int argc, char **argv)
{
	struct ms_pf_config cfg = { .flags = MS_PF_F_PINHOLE_REQUIRED };
	struct rte_env e = { 0 };
	struct backend be = {
		.ctx = &e,
		.configure = rte_configure,
		.counters = rte_counters,
		.run = rte_run,
		.events = rte_events,
	};
	struct runner r = { .be = &be };
	struct timespec t0, t1;
	char err[256];
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s filter_rte.bpf.o\n", argv[0]);
		return 2;
	}
	/* four LPM tables (deny, allow; IPv4, IPv6) of 64 MiB and a little */
	e.pool = test_eal_init_mem(argv[0], "0", 512);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = dp_filter_create(&e.f, argv[1], &cfg, 1, err, sizeof(err));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc) {
		printf("FAIL: %s\n", err);
		return 1;
	}
	/* Not a benchmark: a validator that walks every path again would
	 * take minutes, not a few seconds more. */
	printf("# filter_rte.bpf.o validated and JIT-compiled in %.3f s\n",
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	rc = dp_filter_worker_start(e.f, 0) ?: dp_filter_lists_size(e.f, 64) ?:
	     install_policy(e.f);
	if (rc) {
		printf("FAIL: policy setup: %s\n", strerror(-rc));
		return 1;
	}
	run_cases(&r);
	run_truncations(&r);
	dp_filter_free(e.f);
	return runner_done(&r);
}
