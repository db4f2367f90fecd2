/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec packet filter, librte_bpf build: the host side.
 *
 * filter_rte.bpf.o is the same decision core as the XDP program; where the
 * XDP build reads BPF maps, this one calls the functions below, which the
 * dataplane implements on its own tables (librte_bpf has no maps). They are
 * called from the lcore running the filter and must not block.
 */
#ifndef MEDIASEC_EBPF_PF_RTE_H
#define MEDIASEC_EBPF_PF_RTE_H

#include <stdint.h>

#include "filter_abi.h"

struct rte_bpf;

/* Semantics of each: the pf_env_*() contract in filter_core.h. */
struct pf_rte_ops {
	uint64_t (*allowed)(const struct ms_pf_src_key *src);
	struct ms_pf_deny_val *(*deny)(const struct ms_pf_src_key *src);
	const struct ms_pf_port_val *(*port)(uint64_t port);
	const struct ms_pf_pinhole_val *(*pinhole)(uint64_t proto, uint64_t port);
	struct ms_pf_rate_val *(*rate)(const struct ms_pf_src_key *src);
	struct ms_pf_scan_val *(*scan)(const struct ms_pf_src_key *src);
	const struct ms_pf_config *(*config)(void);
	uint64_t (*now)(void);		/* the clock of the deny expiries */
	uint64_t (*count)(uint64_t stat, uint64_t bytes);
	uint64_t (*event)(const struct ms_pf_event *ev);	/* 0 = queued */
	uint64_t (*redirect)(uint64_t rx_queue);	/* 0 = a socket takes it */
};

/*
 * Loads section MS_PF_RTE_SECTION of the ELF at @path, every op required.
 * Run it with rte_bpf_exec() (or its JIT) on a struct ms_pf_rte_ctx that
 * precedes the frame; it returns enum ms_pf_verdict.
 */
int pf_rte_open(struct rte_bpf **bpfp, const char *path, const struct pf_rte_ops *ops);

#endif /* MEDIASEC_EBPF_PF_RTE_H */
