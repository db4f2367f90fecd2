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
 * The pipeline/engine ratio is the figure to compare across runs (PERFORMANCE.md).
 * With --filter FILE (ebpf/filter_rte.bpf.o), also timed, on P more each:
 *   "filter":          the eBPF rx filter alone (librte_bpf JIT, one call
 *                      per frame, dataplane/filter/), every frame passing;
 *   "pipeline+filter": the filter, then the pipeline, as a worker runs them;
 * and the ratio pipeline+filter/pipeline.
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

#define SUITE		MS_SUITE_AES_CM_128_HMAC_SHA1_80
#define SUITE_NAME	"AES_CM_128_HMAC_SHA1_80"
#define PAYLOAD		160
#define STRIDE		7919u	/* prime: consecutive packets hit distant pairs */
#define MAX_COUNTS	8
#define HDR_LEN		(RTE_ETHER_HDR_LEN + 20 + 8)
#define CHUNK		1024u	/* packets made, then timed, at a time: ~0.7 MB */

/* Which side of a pair has the SRTP context: the receiving leg or its peer. */
enum mode { SRTP_TO_RTP, RTP_TO_SRTP, N_MODES };

static const char *const mode_name[N_MODES] = { "srtp-to-rtp", "rtp-to-srtp" };

struct opts {
	uint32_t legs[MAX_COUNTS];
	bool mode[N_MODES];
	unsigned int n_legs;
	unsigned int runs;
	uint32_t packets;
	const char *filter;	/* filter_rte.bpf.o, or NULL */
};

struct bench {
	const struct dp_srtp_engine *engine;
	struct rte_mempool *pool;
	struct dp_leg_table *t;
	struct dp_pipeline *p;
	struct dp_port_conf ports[DP_PORTS_MAX];
	struct dp_nh next_hop;		/* static, shared by every leg, as with next-hop= */
	enum mode mode;
	uint32_t pairs;
	struct dp_srtp_ctx **far;	/* per pair, SRTP_TO_RTP: the far end's */
	struct dp_srtp_ctx **ctx;	/* per pair: the context the pipeline uses */
	uint16_t *seq;			/* per pair */
	struct rte_mbuf **m;		/* P packets */
	struct dp_rx_filter filter;	/* --filter: the hook a worker would get */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
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
		if (add(b, &a, 0, &rx) || add(b, &c, 1, &tx))
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

/*
 * n fresh frames into b->m, packets base.. of the measurement: SRTP from
 * the far ends, or plain RTP; untimed.
 */
static int packets_make(struct bench *b, uint32_t base, uint32_t n)
{
	struct dp_srtp_pkt sp[DP_BURST_MAX];
	uint8_t v[DP_BURST_MAX];

	if (rte_pktmbuf_alloc_bulk(b->pool, b->m, n))
		return -1;
	for (uint32_t j = 0; j < n; j += DP_BURST_MAX) {
		uint16_t k = 0;

		for (; k < DP_BURST_MAX && j + k < n; k++) {
			uint32_t pair = pair_of(b, base + j + k);
			struct rte_mbuf *m = b->m[j + k];
			uint8_t *rtp = rte_pktmbuf_mtod_offset(m, uint8_t *, HDR_LEN);
			uint16_t seq = b->seq[pair]++;

			memset(rtp, 0, 12);
			rtp[0] = 0x80;
			rtp[2] = seq >> 8;
			rtp[3] = (uint8_t)seq;
			memcpy(rtp + 8, &pair, 4);
			memset(rtp + 12, 0xab, PAYLOAD);
			sp[k] = (struct dp_srtp_pkt){
				.data = rtp, .len = 12 + PAYLOAD,
				.room = rte_pktmbuf_tailroom(m) - HDR_LEN,
				.ctx = b->far[pair],
			};
		}
		if (b->mode == SRTP_TO_RTP &&
		    b->engine->burst(DP_SRTP_PROTECT_RTP, sp, k, v) != k)
			return -1;
		for (uint16_t i = 0; i < k; i++) {
			struct rte_mbuf *m = b->m[j + i];
			uint32_t pair = pair_of(b, base + j + i);

			put_headers(rte_pktmbuf_mtod(m, uint8_t *), pair, 8 + sp[i].len);
			m->data_len = m->pkt_len = HDR_LEN + sp[i].len;
		}
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
	double t0 = now();

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
	t0 = now() - t0;
	return ok == n ? t0 : -1;
}

/* Seconds for the pipeline on n packets, or -1 when one was not relayed. */
static double run_pipeline(struct bench *b, uint32_t base, uint32_t n)
{
	struct dp_pkt_out out[DP_BURST_MAX];
	uint32_t sent = 0;
	double t0 = now();

	(void)base;
	for (uint32_t j = 0; j < n; j += DP_BURST_MAX) {
		uint16_t k = n - j < DP_BURST_MAX ? n - j : DP_BURST_MAX;

		sent += dp_pipeline_run(b->p, 0, &b->m[j], k, out);
		rte_pktmbuf_free_bulk(&b->m[j], k);
		dp_leg_table_quiescent(b->t, 0);
	}
	t0 = now() - t0;
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
	double t0 = now();

	for (uint32_t j = 0; j < n; j += DP_BURST_MAX) {
		uint16_t k = n - j < DP_BURST_MAX ? n - j : DP_BURST_MAX;

		pass += b->filter.burst(b->filter.ctx, 0, &b->m[j], k, reason);
	}
	t0 = now() - t0;
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
	double t0 = now();

	(void)base;
	for (uint32_t j = 0; j < n; j += DP_BURST_MAX) {
		uint16_t k = n - j < DP_BURST_MAX ? n - j : DP_BURST_MAX;
		uint16_t pass = b->filter.burst(b->filter.ctx, 0, &b->m[j], k, reason);

		sent += dp_pipeline_run(b->p, 0, &b->m[j], pass, out);
		rte_pktmbuf_free_bulk(&b->m[j], k);
		dp_leg_table_quiescent(b->t, 0);
	}
	t0 = now() - t0;
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

/* Packets the pipeline dropped, by any reason, on every port so far. */
static uint64_t drops(const struct dp_pipeline *p)
{
	uint64_t n = 0;

	for (unsigned int port = 0; port < 2; port++)
		for (unsigned int r = 0; r < __MS_DROP_MAX; r++)
			n += p->stats[port].drops[r];
	return n;
}

static void report(const struct bench *b, const char *op, uint32_t legs, uint32_t packets,
		   double *s, unsigned int runs)
{
	double med;

	qsort(s, runs, sizeof(*s), cmp_double);
	med = runs % 2 ? s[runs / 2] : (s[runs / 2 - 1] + s[runs / 2]) / 2;
	printf("{\"bench\":\"pipeline\",\"mode\":\"%s\",\"legs\":%u,\"op\":\"%s\","
	       "\"suite\":\"%s\",\"payload\":%u,\"burst\":%u,\"packets\":%u,\"mpps\":%.3f,"
	       "\"ns_per_pkt\":%.1f,\"mpps_min\":%.3f,\"mpps_max\":%.3f,\"runs\":%u,"
	       "\"drops\":%llu}\n",
	       mode_name[b->mode], legs, op, SUITE_NAME, PAYLOAD, DP_BURST_MAX, packets, med,
	       1e3 / med, s[0], s[runs - 1], runs, (unsigned long long)drops(b->p));
	fflush(stdout);
}

static double median(double *s, unsigned int runs)
{
	qsort(s, runs, sizeof(*s), cmp_double);
	return s[runs / 2];
}

static void report_ratio(const struct bench *b, uint32_t legs, const char *what,
			 double *ratio, unsigned int runs)
{
	printf("{\"bench\":\"pipeline\",\"mode\":\"%s\",\"legs\":%u,"
	       "\"ratio\":\"%s\",\"ratio_value\":%.3f}\n",
	       mode_name[b->mode], legs, what, median(ratio, runs));
	fflush(stdout);
}

static int bench_legs(struct bench *b, const struct opts *o, uint32_t n_legs)
{
	double bpl, eng[16], pipe[16], ratio[16], filt[16], piped[16], fratio[16];
	double t0 = now();

	if (legs_create(b, n_legs, &bpl)) {
		fprintf(stderr, "legs=%u: set-up failed: %s\n", n_legs, strerror(errno));
		legs_free(b);
		return -1;
	}
	fprintf(stderr, "%s legs=%u: set up in %.1f s\n", mode_name[b->mode], n_legs,
		now() - t0);
	printf("{\"bench\":\"pipeline-memory\",\"mode\":\"%s\",\"legs\":%u,"
	       "\"bytes_per_leg\":%.0f,\"leg_struct\":%zu}\n", mode_name[b->mode], n_legs, bpl,
	       dp_leg_size(1));
	fflush(stdout);
	if (dp_pipeline_init(b->p, b->t, b->engine, b->ports, 0) ||
	    dp_leg_table_worker_register(b->t, 0))
		return -1;
	for (unsigned int r = 0; r < o->runs; r++) {
		eng[r] = measure(b, o->packets, run_engine);
		pipe[r] = measure(b, o->packets, run_pipeline);
		if (b->filter.burst) {
			filt[r] = measure(b, o->packets, run_filter);
			piped[r] = measure(b, o->packets, run_filtered);
			fratio[r] = piped[r] / pipe[r];
		}
		if (eng[r] < 0 || pipe[r] < 0 || (b->filter.burst && (filt[r] < 0 || piped[r] < 0))) {
			fprintf(stderr, "legs=%u: packets dropped\n", n_legs);
			return -1;
		}
		ratio[r] = pipe[r] / eng[r];
	}
	dp_leg_table_worker_unregister(b->t, 0);
	report(b, b->mode == SRTP_TO_RTP ? "engine-unprotect" : "engine-protect", n_legs,
	       o->packets, eng, o->runs);
	report(b, "pipeline", n_legs, o->packets, pipe, o->runs);
	report_ratio(b, n_legs, "pipeline/engine", ratio, o->runs);
	fprintf(stderr, "%s legs=%u: pipeline %.2f Mpps, engine alone %.2f Mpps, "
		"%.0f bytes/leg\n", mode_name[b->mode], n_legs, pipe[o->runs / 2],
		eng[o->runs / 2], bpl);
	if (b->filter.burst) {
		report(b, "filter", n_legs, o->packets, filt, o->runs);
		report(b, "pipeline+filter", n_legs, o->packets, piped, o->runs);
		report_ratio(b, n_legs, "pipeline+filter/pipeline", fratio, o->runs);
		fprintf(stderr, "%s legs=%u: filter alone %.1f ns/pkt, pipeline+filter %.2f Mpps "
			"(%.1f ns/pkt more than the pipeline)\n", mode_name[b->mode], n_legs,
			1e3 / filt[o->runs / 2], piped[o->runs / 2],
			1e3 / piped[o->runs / 2] - 1e3 / pipe[o->runs / 2]);
	}
	legs_free(b);
	return 0;
}

/* The filter as mediasec-dp sets it up: the legs' ports are media ports. */
static int filter_open(struct bench *b, const char *object, struct dp_filter **f)
{
	static const struct ms_pf_config cfg = { .flags = MS_PF_F_ALLOW_PING };
	struct ms_pf_port_val media = { .udp = MS_PF_PORT_MEDIA };
	struct dp_filter_prefix deny = { .family = MS_PF_FAMILY_V4, .len = 24,
					 .addr = { 198, 51, 100 } };
	char err[256];

	if (dp_filter_create(f, object, &cfg, 1, err, sizeof(err))) {
		fprintf(stderr, "--filter: %s\n", err);
		return -1;
	}
	dp_filter_port_set(*f, 10000, &media);
	dp_filter_port_set(*f, 20000, &media);
	/* A denylist to look through, that the legs' sources are not on. */
	if (dp_filter_deny_add(*f, &deny, 0))
		return -1;
	dp_filter_hook(*f, &b->filter);
	return b->filter.start(b->filter.ctx, 0);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [EAL options] -- [--legs N]... [--mode M]... [--runs R] "
		"[--packets P]\n"
		"  --legs N     live legs (N/2 pairs), repeatable (default 100000 and 1000000)\n"
		"  --mode M     srtp-to-rtp or rtp-to-srtp, repeatable (default both)\n"
		"  --runs R     measurements per figure, median reported (default 5, max 15)\n"
		"  --packets P  packets per measurement (default 262144)\n"
		"  --filter FILE  also time the eBPF rx filter FILE (filter_rte.bpf.o)\n", prog);
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
		{ "filter", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	uint32_t v;
	int c;

	*o = (struct opts){ .runs = 5, .packets = 262144 };
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'm') {
			if (!parse_mode(optarg, o))
				return -1;
			continue;
		}
		if (c == 'f') {
			o->filter = optarg;
			continue;
		}
		if (c == 'h' || c == '?' || parse_u32(optarg, &v))
			return -1;
		if (c == 'l') {
			if (o->n_legs == MAX_COUNTS || v < 2)
				return -1;
			o->legs[o->n_legs++] = v;
		} else if (c == 'r') {
			if (v > 15)
				return -1;
			o->runs = v;
		} else {
			o->packets = v;
		}
	}
	if (optind != argc)
		return -1;
	if (!o->mode[SRTP_TO_RTP] && !o->mode[RTP_TO_SRTP])
		o->mode[SRTP_TO_RTP] = o->mode[RTP_TO_SRTP] = true;
	if (o->n_legs == 0) {
		o->legs[o->n_legs++] = 100000;
		o->legs[o->n_legs++] = 1000000;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bench b = { .next_hop = { DP_NH_VALID | UINT64_C(0x0200000000b0) } };
	struct opts o;
	int n, err = 0;
	struct dp_filter *f = NULL;

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
	if (!err && o.filter && filter_open(&b, o.filter, &f))
		err = 1;
	for (b.mode = 0; b.mode < N_MODES; b.mode++)
		for (unsigned int i = 0; !err && o.mode[b.mode] && i < o.n_legs; i++)
			err = bench_legs(&b, &o, o.legs[i]) ? 1 : 0;
	dp_filter_free(f);
	free(b.m);
	rte_free(b.p);
	rte_mempool_free(b.pool);
	rte_eal_cleanup();
	return err;
}
