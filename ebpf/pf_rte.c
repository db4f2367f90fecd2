// SPDX-License-Identifier: BSD-3-Clause
/*
 * mediasec packet filter, librte_bpf build: external symbols and loading.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <rte_bpf.h>
#include <rte_errno.h>

#include "pf_rte.h"

#define PTR(t)	{ .type = RTE_BPF_ARG_PTR, .size = sizeof(t) }
#define RAW	{ .type = RTE_BPF_ARG_RAW, .size = sizeof(uint64_t) }

/*
 * One row per external function of filter_rte.bpf.c: its name there, where
 * the implementation sits in pf_rte_ops, and what librte_bpf's validator
 * must know about arguments and result (pointer sizes bound the accesses).
 */
static const struct xfunc {
	const char *name;
	size_t op;
	uint32_t nb_args;
	struct rte_bpf_arg args[2];
	struct rte_bpf_arg ret;
} xfuncs[] = {
	{ "pf_x_allowed", offsetof(struct pf_rte_ops, allowed), 1,
	  { PTR(struct ms_pf_src_key) }, RAW },
	{ "pf_x_deny", offsetof(struct pf_rte_ops, deny), 1,
	  { PTR(struct ms_pf_src_key) }, PTR(struct ms_pf_deny_val) },
	{ "pf_x_port", offsetof(struct pf_rte_ops, port), 1,
	  { RAW }, PTR(struct ms_pf_port_val) },
	{ "pf_x_pinhole", offsetof(struct pf_rte_ops, pinhole), 2,
	  { RAW, RAW }, PTR(struct ms_pf_pinhole_val) },
	{ "pf_x_rate", offsetof(struct pf_rte_ops, rate), 1,
	  { PTR(struct ms_pf_src_key) }, PTR(struct ms_pf_rate_val) },
	{ "pf_x_scan", offsetof(struct pf_rte_ops, scan), 1,
	  { PTR(struct ms_pf_src_key) }, PTR(struct ms_pf_scan_val) },
	{ "pf_x_config", offsetof(struct pf_rte_ops, config), 0,
	  { }, PTR(struct ms_pf_config) },
	{ "pf_x_now", offsetof(struct pf_rte_ops, now), 0, { }, RAW },
	{ "pf_x_count", offsetof(struct pf_rte_ops, count), 2, { RAW, RAW }, RAW },
	{ "pf_x_event", offsetof(struct pf_rte_ops, event), 1,
	  { PTR(struct ms_pf_event) }, RAW },
	{ "pf_x_redirect", offsetof(struct pf_rte_ops, redirect), 1, { RAW }, RAW },
};

#define NB_XFUNCS (sizeof(xfuncs) / sizeof(xfuncs[0]))

int pf_rte_open(struct rte_bpf **bpfp, const char *path, const struct pf_rte_ops *ops)
{
	struct rte_bpf_xsym xsym[NB_XFUNCS];
	struct rte_bpf_prm prm = {
		.xsym = xsym,
		.nb_xsym = NB_XFUNCS,
		.prog_arg = {
			.type = RTE_BPF_ARG_PTR,
			.size = sizeof(struct ms_pf_rte_ctx) + MS_PF_RTE_READABLE,
		},
	};
	struct rte_bpf *bpf;
	size_t i;

	memset(xsym, 0, sizeof(xsym));
	for (i = 0; i < NB_XFUNCS; i++) {
		void *fn;

		/* Typed function pointers go through rte_bpf's 5 x u64 prototype:
		 * fine on the 64-bit ABIs librte_bpf supports (it calls with
		 * every argument in a register). */
		memcpy(&fn, (const char *)ops + xfuncs[i].op, sizeof(fn));
		if (!fn)
			return -EINVAL;
		xsym[i].name = xfuncs[i].name;
		xsym[i].type = RTE_BPF_XTYPE_FUNC;
		memcpy(&xsym[i].func.val, &fn, sizeof(fn));
		xsym[i].func.nb_args = xfuncs[i].nb_args;
		memcpy(xsym[i].func.args, xfuncs[i].args, sizeof(xfuncs[i].args));
		xsym[i].func.ret = xfuncs[i].ret;
	}

	bpf = rte_bpf_elf_load(&prm, path, MS_PF_RTE_SECTION);
	if (!bpf)
		return rte_errno ? -rte_errno : -EINVAL;
	*bpfp = bpf;
	return 0;
}
