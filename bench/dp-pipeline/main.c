/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dp-pipeline-bench: mediasec-dp's per-burst work (dataplane/pipeline.c) on
 * one core, SRTP -> RTP and RTP -> SRTP, with N live legs (N/2 pairs), on
 * mbufs prepared in memory (no ports: the figure is the pipeline's, not a
 * PMD's).
 *
 * Each run, per leg count and direction: P fresh packets spread over the
 * pairs with a prime stride are made 1024 at a time (untimed, and leaving
 * them in cache as a NIC's DMA would): SRTP protected by the far ends (the
 * native engine, one context per pair, kept across runs so ROC and replay
 * windows stay in step) for SRTP -> RTP, plain RTP for RTP -> SRTP; then,
 * timed:
 *   "engine":   the SRTP burst alone on those packets with the legs' own
 *               contexts (unprotect or protect), the baseline;
 * and on P more packets:
 *   "pipeline": parse, lookup, demux, unprotect, rewrite, free, quiescent.
 * and with --ports, on the same kind of packets:
 *   "worker":   dp_worker_main on its own lcore between two net_ring ports,
 *               fed by this lcore (ports.c).
 * With --filter FILE (ebpf/filter_rte.bpf.o), also timed, on P more each:
 *   "filter":          the eBPF rx filter alone (librte_bpf JIT, one call
 *                      per frame, dataplane/filter/), every frame passing
 *                      a denylist of --deny D IPv4 prefixes;
 *   "pipeline+filter": the filter, then the pipeline, as a worker runs them;
 * and the ratio pipeline+filter/pipeline.
 * The pipeline/engine ratio is the figure to compare across runs (PERFORMANCE.md).
 * Times are the measuring thread's CPU time (on ports, the worker's CPU time
 * on non-empty bursts), so that time lost to other processes on a shared
 * machine is not counted.
 * Memory per leg: DPDK heap (legs, tables) plus process RSS (SRTP contexts)
 * grown while the legs were created, divided by N.
 *
 * JSON lines on stdout, a summary on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "lib/nl_msg.h"
#include "dataplane/leg.h"
#include "dataplane/leg_table.h"
#include "dataplane/pipeline.h"
#include "dataplane/srtp/srtp.h"
#include "dataplane/worker.h"
#include "lib/parse_num.h"
#include "dataplane/filter/filter.h"

#include "bench.h"
#include "ports.h"

#define SUITE		MS_SUITE_AES_CM_128_HMAC_SHA1_80
#define STRIDE		7919u	/* prime: consecutive packets hit distant pairs */
#define MAX_COUNTS	8
#define MAX_RUNS	15
#define CHUNK		1024u	/* packets made, then timed, at a time: ~0.7 MB */

const char *const mode_name[N_MODES] = { "srtp-to-rtp", "rtp-to-srtp" };

struct opts {
	uint32_t legs[MAX_COUNTS];
	bool mode[N_MODES];
	bool ports;
	unsigned int n_legs;
	unsigned int runs;
	uint32_t packets;
	const char *filter;	/* filter_rte.bpf.o, or NULL */
	uint32_t deny;		/* prefixes on its denylist */
};

double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t heap_bytes(void)
{
	struct rte_malloc_socket_stats st;
	uint64_t sum = 0;

	for (int s = 0; s < RTE_MAX_NUMA_NODES; s++)
		if (rte_malloc_get_socket_stats(s, &st) == 0)
			sum += st.heap_allocsz_bytes;
	return sum;
}

static uint64_t rss_bytes(void)
{
	unsigned long size, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu %lu", &size, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return (uint64_t)rss * (uint64_t)sysconf(_SC_PAGESIZE);
}

/*
 * Pair i: leg 2i+1 at 10.i:10000 receives, leg 2i+2 at 11.i:20000 sends;
 * the first unprotects (SRTP_TO_RTP) or the second protects (RTP_TO_SRTP).
 */
static void addr_of(uint8_t first, uint32_t i, uint8_t out[4])
{
	out[0] = first;
	out[1] = (uint8_t)(i >> 16);
	out[2] = (uint8_t)(i >> 8);
	out[3] = (uint8_t)i;
}

static struct ms_leg leg_msg(uint32_t id, uint32_t peer, uint8_t net, uint8_t rnet,
			     uint32_t i, uint16_t port)
{
	struct ms_leg ml = {
		.present = MS_BIT(MS_LEG_A_LOCAL) | MS_BIT(MS_LEG_A_REMOTE),
		.id = id, .peer_id = peer, .flags = MS_LEG_F_RTCP_MUX,
		.mode = MS_MODE_BEST_EFFORT,
	};
	uint64_t ap = MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_IN4) | MS_BIT(MS_ADDR_A_PORT);

	ml.local = (struct ms_addr){ .present = ap, .family = AF_INET, .port = port };
	ml.remote = (struct ms_addr){ .present = ap, .family = AF_INET, .port = port };
	addr_of(net, i, ml.local.in4);
	addr_of(rnet, i, ml.remote.in4);
	return ml;
}

static void key_of(uint32_t i, struct ms_srtp_dir *d, struct dp_srtp_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->suite = SUITE;
	pol->n_keys = 1;
	memcpy(pol->keys[0].key, &i, sizeof(i));
	memcpy(pol->keys[0].salt, &i, sizeof(i));
	*d = (struct ms_srtp_dir){
		.present = MS_BIT(MS_SRTP_A_SUITE) | MS_BIT(MS_SRTP_A_KEYS),
		.suite = SUITE, .nkeys = 1,
	};
	memcpy(d->keys[0].key, pol->keys[0].key, sizeof(d->keys[0].key));
	memcpy(d->keys[0].salt, pol->keys[0].salt, sizeof(d->keys[0].salt));
}

static int add(struct bench *b, struct ms_leg *ml, uint16_t port, struct dp_leg **out)
{
	struct dp_leg *leg = dp_leg_create(ml, port, b->engine, 1);

	if (leg)
		dp_leg_set_nh(leg, &b->next_hop);
	if (!leg || dp_leg_table_add(b->t, leg)) {
		dp_leg_free(leg);
		return -1;
	}
	if (out)
		*out = leg;
	return 0;
}

static int legs_create(struct bench *b, uint32_t n_legs, double *bytes_per_leg)
{
	char name[32];
	uint64_t heap0 = heap_bytes(), rss0 = rss_bytes();

	b->pairs = n_legs / 2;
	snprintf(name, sizeof(name), "bench%u", n_legs);
	b->t = dp_leg_table_create(name, n_legs, 1, SOCKET_ID_ANY);
	if (!b->t)
		return -1;
	b->ctx = calloc(b->pairs, sizeof(*b->ctx));
	b->far = calloc(b->pairs, sizeof(*b->far));
	b->seq = calloc(b->pairs, sizeof(*b->seq));
	if (!b->ctx || !b->far || !b->seq)
		return -1;
	for (uint32_t i = 0; i < b->pairs; i++) {
		struct ms_leg a = leg_msg(2 * i + 1, 2 * i + 2, 10, 172, i, 10000);
		struct ms_leg c = leg_msg(2 * i + 2, 2 * i + 1, 11, 198, i, 20000);
		struct ms_leg *keyed = b->mode == SRTP_TO_RTP ? &a : &c;
		struct ms_srtp_dir *dir = b->mode == SRTP_TO_RTP ? &a.in : &c.out;
		struct dp_srtp_policy pol;
		struct dp_leg *rx, *tx;

		key_of(i, dir, &pol);
		keyed->present |= MS_BIT(b->mode == SRTP_TO_RTP ? MS_LEG_A_SRTP_IN : MS_LEG_A_SRTP_OUT);
		explicit_bzero(&pol, sizeof(pol));
		if (add(b, &a, b->port_in, &rx) || add(b, &c, b->port_out, &tx))
			return -1;
		ms_nl_srtp_dir_clear(dir);
		b->ctx[i] = b->mode == SRTP_TO_RTP ? rx->srtp_in : tx->srtp_out;
	}
	*bytes_per_leg = (double)(heap_bytes() - heap0 + rss_bytes() - rss0) / n_legs;
	for (uint32_t i = 0; b->mode == SRTP_TO_RTP && i < b->pairs; i++) {
		struct ms_srtp_dir d;
		struct dp_srtp_policy pol;

		key_of(i, &d, &pol);
		b->far[i] = b->engine->ctx_create(&pol);
		explicit_bzero(&pol, sizeof(pol));
		ms_nl_srtp_dir_clear(&d);
		if (!b->far[i])
			return -1;
	}
	return 0;
}

static void legs_free(struct bench *b)
{
	for (uint32_t i = 0; b->far && i < b->pairs; i++)
		b->engine->ctx_free(b->far[i]);
	free(b->far);
	free(b->seq);
	free(b->ctx);
	dp_leg_table_free(b->t);
	b->far = NULL;
	b->seq = NULL;
	b->ctx = NULL;
	b->t = NULL;
}

static void put_headers(uint8_t *p, uint32_t pair, uint16_t udp_len)
{
	struct rte_ether_hdr *eh = (struct rte_ether_hdr *)p;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eh + 1);
	struct rte_udp_hdr *uh = (struct rte_udp_hdr *)(ip + 1);

	memset(eh, 0, sizeof(*eh));
	eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	*ip = (struct rte_ipv4_hdr){
		.version_ihl = RTE_IPV4_VHL_DEF,
		.total_length = rte_cpu_to_be_16(20 + udp_len),
		.time_to_live = 64,
		.next_proto_id = IPPROTO_UDP,
	};
	addr_of(172, pair, (uint8_t *)&ip->src_addr);
	addr_of(10, pair, (uint8_t *)&ip->dst_addr);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	*uh = (struct rte_udp_hdr){
		.src_port = rte_cpu_to_be_16(10000),
		.dst_port = rte_cpu_to_be_16(10000),
		.dgram_len = rte_cpu_to_be_16(udp_len),
	};
}

/* pair of the j-th packet of a measurement */
static uint32_t pair_of(const struct bench *b, uint32_t j)
{
	return (uint32_t)(((uint64_t)j * STRIDE) % b->pairs);
}

int frames_make(struct bench *b, uint32_t base, uint16_t n, uint8_t *const *buf,
		uint16_t room, uint16_t *len)
{
	struct dp_srtp_pkt sp[DP_BURST_MAX];
	uint8_t v[DP_BURST_MAX];

	for (uint16_t k = 0; k < n; k++) {
		uint32_t pair = pair_of(b, base + k);
		uint8_t *rtp = buf[k] + HDR_LEN;
		uint16_t seq = b->seq[pair]++;

		memset(rtp, 0, 12);
		rtp[0] = 0x80;
		rtp[2] = seq >> 8;
		rtp[3] = (uint8_t)seq;
		memcpy(rtp + 8, &pair, 4);
		memset(rtp + 12, 0xab, PAYLOAD);
		sp[k] = (struct dp_srtp_pkt){
			.data = rtp, .len = 12 + PAYLOAD, .room = room - HDR_LEN,
			.ctx = b->far[pair],
		};
	}
	if (b->mode == SRTP_TO_RTP && b->engine->burst(DP_SRTP_PROTECT_RTP, sp, n, v) != n)
		return -1;
	for (uint16_t k = 0; k < n; k++) {
		put_headers(buf[k], pair_of(b, base + k), 8 + sp[k].len);
		len[k] = HDR_LEN + sp[k].len;
	}
	return 0;
}

/* n fresh frames into b->m, packets base.. of the measurement; untimed. */
static int packets_make(struct bench *b, uint32_t base, uint32_t n)
{
	if (rte_pktmbuf_alloc_bulk(b->pool, b->m, n))
		return -1;
	for (uint32_t j = 0; j < n; j += DP_BURST_MAX) {
		uint16_t k = n - j < DP_BURST_MAX ? n - j : DP_BURST_MAX;
		uint8_t *buf[DP_BURST_MAX];
		uint16_t len[DP_BURST_MAX];

		for (uint16_t i = 0; i < k; i++)
			buf[i] = rte_pktmbuf_mtod(b->m[j + i], uint8_t *);
		if (frames_make(b, base + j, k, buf, rte_pktmbuf_tailroom(b->m[j]), len))
			return -1;
		for (uint16_t i = 0; i < k; i++)
			b->m[j + i]->data_len = b->m[j + i]->pkt_len = len[i];
	}
	return 0;
}

/*
 * Seconds for the engine alone to do the pipeline's SRTP work on n packets
 * with the same contexts, or -1 on a failure.
 */
static double run_engine(struct bench *b, uint32_t base, uint32_t n)
{
	enum dp_srtp_op op = b->mode == SRTP_TO_RTP ? DP_SRTP_UNPROTECT_RTP : DP_SRTP_PROTECT_RTP;
	struct dp_srtp_pkt sp[DP_BURST_MAX];
	uint8_t v[DP_BURST_MAX];
	uint32_t ok = 0;
	double t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);

	for (uint32_t j = 0; j < n; j += DP_BURST_MAX) {
		uint16_t k = 0;

		for (; k < DP_BURST_MAX && j + k < n; k++) {
			struct rte_mbuf *m = b->m[j + k];

			sp[k] = (struct dp_srtp_pkt){
				.data = rte_pktmbuf_mtod_offset(m, uint8_t *, HDR_LEN),
				.len = m->data_len - HDR_LEN,
				.room = rte_pktmbuf_tailroom(m) + m->data_len - HDR_LEN,
				.ctx = b->ctx[pair_of(b, base + j + k)],
			};
		}
		ok += b->engine->burst(op, sp, k, v);
		rte_pktmbuf_free_bulk(&b->m[j], k);
	}
	t0 = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
	return ok == n ? t0 : -1;
}

/* Seconds for the pipeline on n packets, or -1 when one was not relayed. */
static double run_pipeline(struct bench *b, uint32_t base, uint32_t n)
{
	struct dp_pkt_out out[DP_BURST_MAX];
	uint32_t sent = 0;
	double t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);

	(void)base;
	for (uint32_t j = 0; j < n; j += DP_BURST_MAX) {
		uint16_t k = n - j < DP_BURST_MAX ? n - j : DP_BURST_MAX;

		sent += dp_pipeline_run(b->p, b->port_in, &b->m[j], k, out);
		rte_pktmbuf_free_bulk(&b->m[j], k);
		dp_leg_table_quiescent(b->t, 0);
	}
	t0 = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
	return sent == n ? t0 : -1;
}

/*
 * Seconds for the rx filter alone on n packets, or -1 when one was dropped.
 * Then, untimed, the engine's work on them, so that the legs' SRTP
 * contexts stay in step with the far ends (replay window, ROC).
 */
static double run_filter(struct bench *b, uint32_t base, uint32_t n)
{
	uint8_t reason[DP_BURST_MAX];
	uint32_t pass = 0;
	double t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);

	for (uint32_t j = 0; j < n; j += DP_BURST_MAX) {
		uint16_t k = n - j < DP_BURST_MAX ? n - j : DP_BURST_MAX;

		pass += b->filter.burst(b->filter.ctx, 0, &b->m[j], k, reason);
	}
	t0 = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
	/* Every frame passed, so none moved: the engine finds them in order. */
	if (run_engine(b, base, n) < 0)
		return -1;
	return pass == n ? t0 : -1;
}

/* The filter, then the pipeline on what it passed, as a worker does. */
static double run_filtered(struct bench *b, uint32_t base, uint32_t n)
{
	struct dp_pkt_out out[DP_BURST_MAX];
	uint8_t reason[DP_BURST_MAX];
	uint32_t sent = 0;
	double t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);

	(void)base;
	for (uint32_t j = 0; j < n; j += DP_BURST_MAX) {
		uint16_t k = n - j < DP_BURST_MAX ? n - j : DP_BURST_MAX;
		uint16_t pass = b->filter.burst(b->filter.ctx, 0, &b->m[j], k, reason);

		sent += dp_pipeline_run(b->p, b->port_in, &b->m[j], pass, out);
		rte_pktmbuf_free_bulk(&b->m[j], k);
		dp_leg_table_quiescent(b->t, 0);
	}
	t0 = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
	return sent == n ? t0 : -1;
}

/*
 * Mpps of run over P packets, made and run a chunk at a time so that the
 * packets are as warm as a NIC's DMA into the cache leaves them.
 */
static double measure(struct bench *b, uint32_t packets,
		      double (*run)(struct bench *, uint32_t, uint32_t))
{
	double total = 0;

	for (uint32_t base = 0; base < packets; base += CHUNK) {
		uint32_t n = packets - base < CHUNK ? packets - base : CHUNK;
		double t;

		if (packets_make(b, base, n))
			return -1;
		t = run(b, base, n);
		if (t < 0)
			return -1;
		total += t;
	}
	return packets / total / 1e6;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, c = *(const double *)y;

	return (a > c) - (a < c);
}

/* Packets the pipeline dropped, by any reason, on both ports so far. */
static uint64_t drops(const struct bench *b, const struct dp_pipeline *p)
{
	uint64_t n = 0;

	for (unsigned int r = 0; r < __MS_DROP_MAX; r++)
		n += p->stats[b->port_in].drops[r] + p->stats[b->port_out].drops[r];
	return n;
}

static double median(double *s, unsigned int runs)
{
	qsort(s, runs, sizeof(*s), cmp_double);
	return runs % 2 ? s[runs / 2] : (s[runs / 2 - 1] + s[runs / 2]) / 2;
}

static void report(const struct bench *b, const char *name, const char *op, uint32_t legs,
		   uint32_t packets, double *s, unsigned int runs, uint64_t n_drops)
{
	double med = median(s, runs);

	printf("{\"bench\":\"%s\",\"mode\":\"%s\",\"legs\":%u,\"op\":\"%s\","
	       "\"suite\":\"%s\",\"payload\":%u,\"burst\":%u,\"packets\":%u,\"mpps\":%.3f,"
	       "\"ns_per_pkt\":%.1f,\"mpps_min\":%.3f,\"mpps_max\":%.3f,\"runs\":%u,"
	       "\"drops\":%llu}\n",
	       name, mode_name[b->mode], legs, op, SUITE_NAME, PAYLOAD, DP_BURST_MAX, packets,
	       med, 1e3 / med, s[0], s[runs - 1], runs, (unsigned long long)n_drops);
	fflush(stdout);
}

/* The median over the runs of the per-run ratio num/den. */
static double report_ratio(const struct bench *b, const char *name, const char *what,
			   uint32_t legs, const double *num, const double *den,
			   unsigned int runs)
{
	double r[MAX_RUNS], med;

	for (unsigned int i = 0; i < runs; i++)
		r[i] = num[i] / den[i];
	med = median(r, runs);
	printf("{\"bench\":\"%s\",\"mode\":\"%s\",\"legs\":%u,"
	       "\"ratio\":\"%s\",\"ratio_value\":%.3f}\n",
	       name, mode_name[b->mode], legs, what, med);
	fflush(stdout);
	return med;
}

/* One run's figures, Mpps. */
struct run_figures {
	double eng, pipe;
	double filt, piped;		/* --filter: alone, then with the pipeline */
	struct ports_result ports;	/* --ports */
};

/*
 * One run: the engine alone and the pipeline in memory (and the filter) on
 * this thread (RCU worker 0), then, with --ports, the worker loop on its
 * lcore (the RCU worker 0 in turn).
 */
static int run_once(struct bench *b, const struct opts *o, struct ports_rig *rig,
		    struct run_figures *f)
{
	if (dp_leg_table_worker_register(b->t, 0))
		return -1;
	f->eng = measure(b, o->packets, run_engine);
	f->pipe = measure(b, o->packets, run_pipeline);
	if (b->filter.burst) {
		f->filt = measure(b, o->packets, run_filter);
		f->piped = measure(b, o->packets, run_filtered);
	}
	dp_leg_table_worker_unregister(b->t, 0);
	if (f->eng < 0 || f->pipe < 0 || (b->filter.burst && (f->filt < 0 || f->piped < 0))) {
		fprintf(stderr, "packets dropped\n");
		return -1;
	}
	return rig ? ports_measure(rig, b, o->packets, &f->ports) : 0;
}

static int bench_legs(struct bench *b, const struct opts *o, struct ports_rig *rig,
		      uint32_t n_legs)
{
	double bpl, eng[MAX_RUNS], pipe[MAX_RUNS], ports[MAX_RUNS], wall[MAX_RUNS];
	double filt[MAX_RUNS], piped[MAX_RUNS];
	uint64_t port_drops = 0;
	double t0 = clock_s(CLOCK_MONOTONIC);

	if (legs_create(b, n_legs, &bpl)) {
		fprintf(stderr, "legs=%u: set-up failed: %s\n", n_legs, strerror(errno));
		legs_free(b);
		return -1;
	}
	fprintf(stderr, "%s legs=%u: set up in %.1f s\n", mode_name[b->mode], n_legs,
		clock_s(CLOCK_MONOTONIC) - t0);
	printf("{\"bench\":\"pipeline-memory\",\"mode\":\"%s\",\"legs\":%u,"
	       "\"bytes_per_leg\":%.0f,\"leg_struct\":%zu}\n", mode_name[b->mode], n_legs, bpl,
	       dp_leg_size(1));
	fflush(stdout);
	if (dp_pipeline_init(b->p, b->t, b->engine, b->ports, 0))
		return -1;
	for (unsigned int r = 0; r < o->runs; r++) {
		struct run_figures f = { 0 };

		if (run_once(b, o, rig, &f)) {
			fprintf(stderr, "legs=%u: run %u failed\n", n_legs, r);
			legs_free(b);
			return -1;
		}
		eng[r] = f.eng;
		pipe[r] = f.pipe;
		filt[r] = f.filt;
		piped[r] = f.piped;
		ports[r] = f.ports.mpps_busy;
		wall[r] = f.ports.mpps_wall;
		port_drops += f.ports.drops;
	}
	report_ratio(b, "pipeline", "pipeline/engine", n_legs, pipe, eng, o->runs);
	if (b->filter.burst)
		report_ratio(b, "pipeline", "pipeline+filter/pipeline", n_legs, piped, pipe,
			     o->runs);
	if (rig) {
		report_ratio(b, "dp-ports", "ports/engine", n_legs, ports, eng, o->runs);
		report_ratio(b, "dp-ports", "ports/pipeline", n_legs, ports, pipe, o->runs);
	}
	report(b, "pipeline", b->mode == SRTP_TO_RTP ? "engine-unprotect" : "engine-protect",
	       n_legs, o->packets, eng, o->runs, 0);
	report(b, "pipeline", "pipeline", n_legs, o->packets, pipe, o->runs, drops(b, b->p));
	if (b->filter.burst) {
		report(b, "pipeline", "filter", n_legs, o->packets, filt, o->runs, 0);
		report(b, "pipeline", "pipeline+filter", n_legs, o->packets, piped, o->runs,
		       drops(b, b->p));
		fprintf(stderr, "%s legs=%u: filter alone %.1f ns/pkt, pipeline+filter %.2f Mpps "
			"(%.1f ns/pkt more than the pipeline)\n", mode_name[b->mode], n_legs,
			1e3 / median(filt, o->runs), median(piped, o->runs),
			1e3 / median(piped, o->runs) - 1e3 / median(pipe, o->runs));
	}
	if (rig) {
		report(b, "dp-ports", "worker", n_legs, o->packets, ports, o->runs, port_drops);
		report(b, "dp-ports", "worker-wall", n_legs, o->packets, wall, o->runs,
		       port_drops);
	}
	fprintf(stderr, "%s legs=%u: pipeline %.2f Mpps, engine alone %.2f Mpps, "
		"%.0f bytes/leg\n", mode_name[b->mode], n_legs, median(pipe, o->runs),
		median(eng, o->runs), bpl);
	if (rig)
		fprintf(stderr, "%s legs=%u: worker on ports %.2f Mpps, %llu drops\n",
			mode_name[b->mode], n_legs, median(ports, o->runs),
			(unsigned long long)port_drops);
	legs_free(b);
	return 0;
}

/*
 * A denylist of n IPv4 prefixes that hold none of the legs' sources
 * (172.0.0.0/12 and 198.0.0.0/12): 198.51.100.0/24, then random ones
 * shaped like a feed's (half /32, a tenth /24, the rest /12 to /31) in
 * 1.0.0.0 to 126.255.255.255.
 */
static int deny_fill(struct dp_filter *f, uint32_t n)
{
	struct dp_filter_prefix p = { .family = MS_PF_FAMILY_V4, .len = 24,
				      .addr = { 198, 51, 100 } };
	double t0 = clock_s(CLOCK_MONOTONIC);
	uint32_t added = 0;

	srand48(6);
	while (added < n) {
		int err = dp_filter_deny_add(f, &p, 0);
		long kind = lrand48() % 10;
		uint32_t a = (uint32_t)(1 + lrand48() % 126) << 24 | (uint32_t)lrand48() >> 8;

		if (err && err != -EEXIST) {
			fprintf(stderr, "--deny: prefix %u: %s\n", added + 1, strerror(-err));
			return -1;
		}
		added += !err;
		p.len = kind < 5 ? 32 : kind == 5 ? 24 : 12 + lrand48() % 20;
		a &= ~0U << (32 - p.len);
		for (int k = 0; k < 4; k++)
			p.addr[k] = (uint8_t)(a >> (24 - 8 * k));
	}
	printf("{\"bench\":\"filter-denylist\",\"family\":\"ipv4\",\"prefixes\":%u,"
	       "\"set_up_s\":%.3f}\n", n, clock_s(CLOCK_MONOTONIC) - t0);
	return 0;
}

/* The filter as mediasec-dp sets it up: the legs' ports are media ports. */
static int filter_open(struct bench *b, const struct opts *o, struct dp_filter **f)
{
	static const struct ms_pf_config cfg = { .flags = MS_PF_F_ALLOW_PING };
	struct ms_pf_port_val media = { .udp = MS_PF_PORT_MEDIA };
	char err[256];

	if (dp_filter_create(f, o->filter, &cfg, 1, err, sizeof(err))) {
		fprintf(stderr, "--filter: %s\n", err);
		return -1;
	}
	dp_filter_port_set(*f, 10000, &media);
	dp_filter_port_set(*f, 20000, &media);
	if (dp_filter_lists_size(*f, o->deny > DP_FILTER_PREFIXES_DEFAULT ? o->deny :
				 DP_FILTER_PREFIXES_DEFAULT) || deny_fill(*f, o->deny))
		return -1;
	dp_filter_hook(*f, &b->filter);
	return b->filter.start(b->filter.ctx, 0);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [EAL options] -- [--legs N]... [--mode M]... [--runs R] "
		"[--packets P] [--ports]\n"
		"  --legs N     live legs (N/2 pairs), repeatable (default 100000 and 1000000)\n"
		"  --mode M     srtp-to-rtp or rtp-to-srtp, repeatable (default both)\n"
		"  --runs R     measurements per figure, median reported (default 5, max 15)\n"
		"  --packets P  packets per measurement (default 262144)\n"
		"  --ports      also the worker loop on net_ring ports, fed by this lcore\n"
		"               (needs a second lcore: EAL -l 0-1)\n"
		"  --filter FILE  also time the eBPF rx filter FILE (filter_rte.bpf.o)\n"
		"  --deny D     with --filter: D IPv4 prefixes on its denylist (default 1,\n"
		"               at most %u), none holding a leg's source\n", prog,
		DP_FILTER_PREFIXES_LIMIT);
}

static int parse_u32(const char *s, uint32_t *v)
{
	unsigned long x;

	if (ms_parse_ulong(s, 10, 1, UINT32_MAX, &x))
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static bool parse_mode(const char *s, struct opts *o)
{
	for (unsigned int m = 0; m < N_MODES; m++)
		if (strcmp(s, mode_name[m]) == 0)
			return o->mode[m] = true;
	return false;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "legs", required_argument, NULL, 'l' },
		{ "mode", required_argument, NULL, 'm' },
		{ "runs", required_argument, NULL, 'r' },
		{ "packets", required_argument, NULL, 'p' },
		{ "ports", no_argument, NULL, 'P' },
		{ "filter", required_argument, NULL, 'f' },
		{ "deny", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	uint32_t v;
	int c;

	*o = (struct opts){ .runs = 5, .packets = 262144, .deny = 1 };
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'f') {
			o->filter = optarg;
			continue;
		}
		if (c == 'P') {
			o->ports = true;
			continue;
		}
		if (c == 'm') {
			if (!parse_mode(optarg, o))
				return -1;
			continue;
		}
		if (c == 'h' || c == '?' || parse_u32(optarg, &v))
			return -1;
		if (c == 'l') {
			if (o->n_legs == MAX_COUNTS || v < 2)
				return -1;
			o->legs[o->n_legs++] = v;
		} else if (c == 'r') {
			if (v > MAX_RUNS)
				return -1;
			o->runs = v;
		} else if (c == 'd') {
			if (v > DP_FILTER_PREFIXES_LIMIT)
				return -1;
			o->deny = v;
		} else {
			o->packets = v;
		}
	}
	if (optind != argc)
		return -1;
	if (!o->mode[SRTP_TO_RTP] && !o->mode[RTP_TO_SRTP])
		o->mode[SRTP_TO_RTP] = o->mode[RTP_TO_SRTP] = true;
	if (o->deny != 1 && !o->filter)
		return -1;
	if (o->n_legs == 0) {
		o->legs[o->n_legs++] = 100000;
		o->legs[o->n_legs++] = 1000000;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bench b = {
		.next_hop = { DP_NH_VALID | UINT64_C(0x0200000000b0) },
		.port_in = 0, .port_out = 1,
	};
	struct ports_rig *rig = NULL;
	struct dp_filter *f = NULL;
	struct opts o;
	int n, err = 0;

	n = rte_eal_init(argc, argv);
	if (n < 0)
		return 1;
	argv[n] = argv[0];
	if (parse_opts(argc - n, argv + n, &o)) {
		usage(argv[0]);
		rte_eal_cleanup();
		return 2;
	}
	b.engine = dp_srtp_engine_find("native");
	/* The filter reads up to MS_PF_RTE_READABLE bytes into the buffer
	 * (else it copies the frame): the room mbufs of usual pools have. */
	b.pool = rte_pktmbuf_pool_create("bench_pool", 4 * CHUNK, 256, 0,
					 RTE_PKTMBUF_HEADROOM + (o.filter ? 640 : 512),
					 rte_socket_id());
	b.p = rte_zmalloc("bench_pipeline", sizeof(*b.p), RTE_CACHE_LINE_SIZE);
	b.m = calloc(CHUNK, sizeof(*b.m));
	if (!b.engine || !b.pool || !b.p || !b.m || b.engine->thread_init()) {
		fprintf(stderr, "set-up failed\n");
		err = 1;
	}
	if (!err && o.filter && filter_open(&b, &o, &f))
		err = 1;
	if (!err && o.ports) {
		rig = ports_rig_create(&b, o.packets);
		err = rig ? 0 : 1;
	}
	for (b.mode = 0; b.mode < N_MODES; b.mode++)
		for (unsigned int i = 0; !err && o.mode[b.mode] && i < o.n_legs; i++)
			err = bench_legs(&b, &o, rig, o.legs[i]) ? 1 : 0;
	ports_rig_free(rig);
	dp_filter_free(f);
	free(b.m);
	rte_free(b.p);
	rte_mempool_free(b.pool);
	rte_eal_cleanup();
	return err;
}
