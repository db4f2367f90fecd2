// SPDX-License-Identifier: BSD-3-Clause
/*
 * mediasec packet filter, librte_bpf build: the decision core of
 * filter_core.h with its look-ups mapped to functions the dataplane
 * exports as rte_bpf external symbols (librte_bpf has no maps and no
 * helpers). The host side (symbol table, loader) is not in the tree yet: see README.md.
 *
 * Every external returns 64 bits: librte_bpf passes rax as r0 unchanged,
 * and a C int would leave its upper half undefined.
 */
#include <linux/types.h>

#include "filter_abi.h"

#define SEC(name) __attribute__((section(name), used))

extern __u64 pf_x_allowed(const struct ms_pf_src_key *src);
extern struct ms_pf_deny_val *pf_x_deny(const struct ms_pf_src_key *src);
extern const struct ms_pf_port_val *pf_x_port(__u64 port);
extern const struct ms_pf_pinhole_val *pf_x_pinhole(__u64 proto, __u64 port);
extern struct ms_pf_rate_val *pf_x_rate(const struct ms_pf_src_key *src);
extern struct ms_pf_scan_val *pf_x_scan(const struct ms_pf_src_key *src);
extern const struct ms_pf_config *pf_x_config(void);
extern __u64 pf_x_now(void);
extern __u64 pf_x_count(__u64 stat, __u64 bytes);
extern __u64 pf_x_event(const struct ms_pf_event *ev);
extern __u64 pf_x_redirect(__u64 rx_queue);

PF_INLINE int pf_env_allowed(const struct ms_pf_src_key *src)
{
	return pf_x_allowed(src) != 0;
}

PF_INLINE struct ms_pf_deny_val *
pf_env_deny(const struct ms_pf_src_key *src)
{
	return pf_x_deny(src);
}

PF_INLINE const struct ms_pf_port_val *pf_env_port(__u16 port)
{
	return pf_x_port(port);
}

PF_INLINE const struct ms_pf_pinhole_val *
pf_env_pinhole(__u8 proto, __u16 port)
{
	return pf_x_pinhole(proto, port);
}

PF_INLINE struct ms_pf_rate_val *
pf_env_rate(const struct ms_pf_src_key *src)
{
	return pf_x_rate(src);
}

PF_INLINE struct ms_pf_scan_val *
pf_env_scan(const struct ms_pf_src_key *src)
{
	return pf_x_scan(src);
}

PF_INLINE const struct ms_pf_config *pf_env_config(void)
{
	return pf_x_config();
}

PF_INLINE __u64 pf_env_now(void)
{
	return pf_x_now();
}

PF_INLINE void pf_env_count(__u32 stat, __u32 bytes)
{
	pf_x_count(stat, bytes);
}

PF_INLINE int pf_env_event(const struct ms_pf_event *ev)
{
	return pf_x_event(ev) ? -1 : 0;
}

PF_INLINE int pf_env_redirect(__u32 rx_queue)
{
	return pf_x_redirect(rx_queue) ? -1 : 0;
}

#include "filter_core.h"

SEC(MS_PF_RTE_SECTION)
__u64 pf_rte_filter(struct ms_pf_rte_ctx *ctx)
{
	void *data = ctx + 1;
	__u32 len = ctx->len;

	return pf_run(data, data + len, len, ctx->rx_queue);
}
