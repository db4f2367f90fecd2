/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter program: loaded from its ELF object with the pf_x_* symbols
 * resolved, validated and JIT-compiled by librte_bpf, then run per frame
 * on a struct ms_pf_rte_ctx written into the mbuf headroom right before
 * the frame (so the frame itself is never copied).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_bpf.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "dataplane/worker.h"

#include "internal.h"

#define PTR(t)	{ .type = RTE_BPF_ARG_PTR, .size = sizeof(t) }
#define RAW	{ .type = RTE_BPF_ARG_RAW, .size = sizeof(uint64_t) }

/*
 * One row per extern of filter_rte.bpf.c: what the validator must know of
 * the arguments and the result (a pointer's size bounds the accesses
 * through it). Every function takes and returns 64-bit values: librte_bpf
 * calls with every argument in a register and passes rax on as r0.
 */
static const struct xfunc {
	const char *name;
	void *fn;
	uint32_t nb_args;
	struct rte_bpf_arg args[4];
	struct rte_bpf_arg ret;
} xfuncs[] = {
	{ "pf_x_allowed", (void *)pf_x_allowed, 1,
	  { PTR(struct ms_pf_src_key) }, RAW },
	{ "pf_x_deny", (void *)pf_x_deny, 1,
	  { PTR(struct ms_pf_src_key) }, PTR(struct ms_pf_deny_val) },
	{ "pf_x_port", (void *)pf_x_port, 1, { RAW }, PTR(struct ms_pf_port_val) },
	{ "pf_x_pinhole", (void *)pf_x_pinhole, 2,
	  { RAW, RAW }, PTR(struct ms_pf_pinhole_val) },
	{ "pf_x_config", (void *)pf_x_config, 0, { }, PTR(struct ms_pf_config) },
	{ "pf_x_now", (void *)pf_x_now, 0, { }, RAW },
	{ "pf_x_redirect", (void *)pf_x_redirect, 1, { RAW }, RAW },
	{ "pf_x_deny_hit", (void *)pf_x_deny_hit, 4,
	  { PTR(struct ms_pf_deny_val), PTR(struct ms_pf_pkt),
	    PTR(struct ms_pf_config), RAW }, RAW },
	{ "pf_x_rate_limited", (void *)pf_x_rate_limited, 2,
	  { PTR(struct ms_pf_pkt), PTR(struct ms_pf_config) }, RAW },
	{ "pf_x_scan_hit", (void *)pf_x_scan_hit, 2,
	  { PTR(struct ms_pf_pkt), PTR(struct ms_pf_config) }, RAW },
	{ "pf_x_verdict", (void *)pf_x_verdict, 2, { RAW, RAW }, RAW },
};

#define N_XFUNCS	RTE_DIM(xfuncs)

static int load(struct dp_filter *f, const char *object, char *err, size_t err_len)
{
	struct rte_bpf_xsym xsym[N_XFUNCS];
	struct rte_bpf_prm prm = {
		.xsym = xsym,
		.nb_xsym = N_XFUNCS,
		.prog_arg = {
			.type = RTE_BPF_ARG_PTR,
			.size = sizeof(struct ms_pf_rte_ctx) + MS_PF_RTE_READABLE,
		},
	};
	struct rte_bpf_jit jit;
	size_t i;

	memset(xsym, 0, sizeof(xsym));
	for (i = 0; i < N_XFUNCS; i++) {
		xsym[i].name = xfuncs[i].name;
		xsym[i].type = RTE_BPF_XTYPE_FUNC;
		/* Our typed functions through rte_bpf's 5 x u64 prototype: the
		 * same registers on the 64-bit ABIs librte_bpf supports. */
		memcpy(&xsym[i].func.val, &xfuncs[i].fn, sizeof(xfuncs[i].fn));
		xsym[i].func.nb_args = xfuncs[i].nb_args;
		memcpy(xsym[i].func.args, xfuncs[i].args, sizeof(xfuncs[i].args));
		xsym[i].func.ret = xfuncs[i].ret;
	}

	f->bpf = rte_bpf_elf_load(&prm, object, MS_PF_RTE_SECTION);
	if (!f->bpf) {
		snprintf(err, err_len, "%s: not a loadable filter program (%s)",
			 object, rte_strerror(rte_errno));
		return rte_errno ? -rte_errno : -EINVAL;
	}
	if (rte_bpf_get_jit(f->bpf, &jit) || !jit.func) {
		snprintf(err, err_len, "%s: librte_bpf has no JIT for this CPU", object);
		return -ENOTSUP;
	}
	f->jit = jit.func;
	return 0;
}

static void clock_init(struct dp_filter *f)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	f->tsc0 = rte_rdtsc();
	f->mono0 = (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	f->mult = (uint64_t)(((unsigned __int128)1000000000ULL << 32) / rte_get_tsc_hz());
}

int dp_filter_create(struct dp_filter **fp, const char *object,
		     const struct ms_pf_config *cfg, uint16_t n_workers,
		     char *err, size_t err_len)
{
	struct dp_filter *f = rte_zmalloc("dp_filter", sizeof(*f), RTE_CACHE_LINE_SIZE);
	int rc;

	if (!f) {
		snprintf(err, err_len, "no memory for the filter tables");
		return -ENOMEM;
	}
	f->n_workers = n_workers;
	f->workers = rte_zmalloc("dp_filter_workers",
				 sizeof(*f->workers) * (n_workers ? n_workers : 1),
				 RTE_CACHE_LINE_SIZE);
	if (!f->workers) {
		rte_free(f);
		snprintf(err, err_len, "no memory for the filter's worker state");
		return -ENOMEM;
	}
	for (uint16_t w = 0; w < n_workers; w++)
		f->workers[w].f = f;
	f->cfg = *cfg;
	f->prefixes_max = DP_FILTER_PREFIXES_DEFAULT;
	clock_init(f);
	rc = load(f, object, err, err_len);
	if (rc) {
		dp_filter_free(f);
		return rc;
	}
	*fp = f;
	return 0;
}

void dp_filter_free(struct dp_filter *f)
{
	if (!f)
		return;
	if (f->bpf)
		rte_bpf_destroy(f->bpf);
	dp_filter_lists_free(f);
	rte_free(f->workers);
	rte_free(f);
}

int dp_filter_worker_start(struct dp_filter *f, uint16_t worker)
{
	if (worker >= f->n_workers)
		return -EINVAL;
	dp_filter_self = &f->workers[worker];
	return 0;
}

uint32_t dp_filter_frame(const struct dp_filter *f, struct rte_mbuf *m,
			 uint16_t rxq, uint16_t *reason)
{
	struct dp_filter_worker *self = dp_filter_self;
	uint32_t len = rte_pktmbuf_data_len(m), verdict;
	struct ms_pf_rte_ctx *ctx;

	/*
	 * The program may read MS_PF_RTE_READABLE bytes from the frame's
	 * start (never using what lies past len): mbufs of any usual pool
	 * have that room. Others are copied, which is slow but exact.
	 */
	if (likely(rte_pktmbuf_headroom(m) >= sizeof(*ctx) &&
		   m->buf_len - m->data_off >= MS_PF_RTE_READABLE)) {
		ctx = rte_pktmbuf_mtod_offset(m, struct ms_pf_rte_ctx *,
					      -(int)sizeof(*ctx));
	} else {
		ctx = (struct ms_pf_rte_ctx *)self->bounce;
		memcpy(ctx + 1, rte_pktmbuf_mtod(m, void *),
		       RTE_MIN(len, (uint32_t)MS_PF_RTE_READABLE));
	}
	ctx->len = len;
	ctx->rx_queue = rxq;
	verdict = f->jit(ctx);
	*reason = self->res & 0xffff;
	return verdict;
}

static int hook_start(void *ctx, uint16_t worker)
{
	return dp_filter_worker_start(ctx, worker);
}

/* Drops move behind the passed frames; both keep their order. */
static uint16_t hook_burst(void *ctx, uint16_t rxq, struct rte_mbuf **pkts,
			   uint16_t n, uint8_t *reason)
{
	struct rte_mbuf *dropped[DP_BURST_MAX];
	uint8_t why[DP_BURST_MAX];
	uint16_t pass = 0, n_drop = 0;

	for (uint16_t i = 0; i < n; i++) {
		uint16_t r;

		if (dp_filter_frame(ctx, pkts[i], rxq, &r) == MS_PF_DROP) {
			why[n_drop] = r;
			dropped[n_drop++] = pkts[i];
		} else {
			pkts[pass++] = pkts[i];
		}
	}
	memcpy(&pkts[pass], dropped, n_drop * sizeof(*dropped));
	memcpy(&reason[pass], why, n_drop);
	return pass;
}

void dp_filter_hook(struct dp_filter *f, struct dp_rx_filter *h)
{
	h->start = hook_start;
	h->burst = hook_burst;
	h->ctx = f;
}
