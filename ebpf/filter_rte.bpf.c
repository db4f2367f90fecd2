// SPDX-License-Identifier: BSD-3-Clause
/*
 * mediasec packet filter, librte_bpf build: the decision of
 * filter_core.h with its look-ups and its bookkeeping mapped to functions
 * the dataplane exports as rte_bpf external symbols (librte_bpf has no maps
 * and no helpers): dataplane/filter/.
 *
 * Every external returns 64 bits: librte_bpf passes rax as r0 unchanged,
 * and a C int would leave its upper half undefined.
 */
#include <linux/types.h>

#include "filter_abi.h"

#define SEC(name) __attribute__((section(name), used))

/* Look-ups, and the bookkeeping run natively by the dataplane: the
 * pf_book_*() of filter_core.h behind one call each. */
#define PF_BOOK_EXTERN

extern __u64 pf_x_allowed(const struct ms_pf_src_key *src);	/* 0 or 1 */
extern struct ms_pf_deny_val *pf_x_deny(const struct ms_pf_src_key *src);
extern const struct ms_pf_port_val *pf_x_port(__u64 port);
extern const struct ms_pf_pinhole_val *pf_x_pinhole(__u64 proto, __u64 port);
extern const struct ms_pf_config *pf_x_config(void);
extern __u64 pf_x_now(void);
extern __u64 pf_x_redirect(__u64 rx_queue);
extern __u64 pf_x_deny_hit(struct ms_pf_deny_val *d, const struct ms_pf_pkt *p,
			   const struct ms_pf_config *cfg, __u64 now);
extern __u64 pf_x_rate_limited(const struct ms_pf_pkt *p,
			       const struct ms_pf_config *cfg);
extern __u64 pf_x_scan_hit(const struct ms_pf_pkt *p,
			   const struct ms_pf_config *cfg);
extern __u64 pf_x_verdict(__u64 res, __u64 bytes);

/* Returned as is: a != 0 here would be one more branch on every path.
 * Always asked (no MS_PF_F_ALLOWLIST test, one branch less on every path):
 * the dataplane's scan of an empty allowlist is no work anyway. */
PF_INLINE __u64 pf_env_allowed(const struct ms_pf_src_key *src,
			       const struct ms_pf_config *cfg)
{
	(void)cfg;
	return pf_x_allowed(src);
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

PF_INLINE const struct ms_pf_config *pf_env_config(void)
{
	return pf_x_config();
}

/* One clock in the dataplane: no cheaper coarse one to choose. */
PF_INLINE __u64 pf_env_now_coarse(void)
{
	return pf_x_now();
}

PF_INLINE int pf_env_redirect(__u32 rx_queue)
{
	return pf_x_redirect(rx_queue) ? -1 : 0;
}

PF_INLINE void pf_book_deny_hit(struct ms_pf_deny_val *d,
				const struct ms_pf_pkt *p,
				const struct ms_pf_config *cfg, __u64 now)
{
	pf_x_deny_hit(d, p, cfg, now);
}

PF_INLINE __u64 pf_book_rate_limited(const struct ms_pf_pkt *p,
				     const struct ms_pf_config *cfg)
{
	return pf_x_rate_limited(p, cfg);
}

PF_INLINE void pf_book_scan_hit(const struct ms_pf_pkt *p,
				const struct ms_pf_config *cfg)
{
	pf_x_scan_hit(p, cfg);
}

PF_INLINE __u32 pf_book_verdict(__u32 res, __u32 bytes)
{
	return pf_x_verdict(res, bytes);
}

#include "filter_core.h"

SEC(MS_PF_RTE_SECTION)
__u64 pf_rte_filter(struct ms_pf_rte_ctx *ctx)
{
	void *data = ctx + 1;
	__u32 len = ctx->len;

	return pf_run(data, data + len, len, ctx->rx_queue);
}
