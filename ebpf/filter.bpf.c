// SPDX-License-Identifier: BSD-3-Clause
/*
 * mediasec packet filter, XDP build: the decision core of filter_core.h
 * with its look-ups mapped to BPF maps pinned by name (see filter_abi.h).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "filter_abi.h"

#define PF_PINNED	__uint(pinning, LIBBPF_PIN_BY_NAME)

/* Sizes are the loader's defaults; big enough for a carrier trunk's realm. */
#define PF_LPM_MAX	65536
#define PF_PINHOLE_MAX	(1 << 20)	/* one per media leg, 1 M legs */
#define PF_SOURCES_MAX	(1 << 18)
#define PF_XSK_MAX	64		/* rx queues */

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct ms_pf_lpm4);
	__type(value, struct ms_pf_allow_val);
	__uint(max_entries, PF_LPM_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	PF_PINNED;
} pf_allow4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct ms_pf_lpm6);
	__type(value, struct ms_pf_allow_val);
	__uint(max_entries, PF_LPM_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	PF_PINNED;
} pf_allow6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct ms_pf_lpm4);
	__type(value, struct ms_pf_deny_val);
	__uint(max_entries, PF_LPM_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	PF_PINNED;
} pf_deny4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct ms_pf_lpm6);
	__type(value, struct ms_pf_deny_val);
	__uint(max_entries, PF_LPM_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	PF_PINNED;
} pf_deny6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct ms_pf_port_val);
	__uint(max_entries, 65536);
	PF_PINNED;
} pf_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct ms_pf_pinhole_key);
	__type(value, struct ms_pf_pinhole_val);
	__uint(max_entries, PF_PINHOLE_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	PF_PINNED;
} pf_pinholes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct ms_pf_src_key);
	__type(value, struct ms_pf_rate_val);
	__uint(max_entries, PF_SOURCES_MAX);
	PF_PINNED;
} pf_rate SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct ms_pf_src_key);
	__type(value, struct ms_pf_scan_val);
	__uint(max_entries, PF_SOURCES_MAX);
	PF_PINNED;
} pf_scan SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct ms_pf_config);
	__uint(max_entries, 1);
	PF_PINNED;
} pf_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct ms_pf_counter);
	__uint(max_entries, MS_PF_STAT_MAX);
	PF_PINNED;
} pf_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
	PF_PINNED;
} pf_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, PF_XSK_MAX);
	PF_PINNED;
} xsks_map SEC(".maps");

/* The environment filter_core.h expects, on BPF maps. */

PF_INLINE void *lpm_lookup(void *map4, void *map6,
			   const struct ms_pf_src_key *src)
{
	if (src->family == MS_PF_FAMILY_V4) {
		struct ms_pf_lpm4 k = { .prefixlen = 32 };

		__builtin_memcpy(k.addr, src->addr, 4);
		return bpf_map_lookup_elem(map4, &k);
	} else {
		struct ms_pf_lpm6 k = { .prefixlen = 128 };

		__builtin_memcpy(k.addr, src->addr, 16);
		return bpf_map_lookup_elem(map6, &k);
	}
}

/* An empty allowlist is not looked up: the loader says so in the config. */
PF_INLINE int pf_env_allowed(const struct ms_pf_src_key *src,
			     const struct ms_pf_config *cfg)
{
	if (!(cfg->flags & MS_PF_F_ALLOWLIST))
		return 0;
	return lpm_lookup(&pf_allow4, &pf_allow6, src) != NULL;
}

PF_INLINE struct ms_pf_deny_val *
pf_env_deny(const struct ms_pf_src_key *src)
{
	return lpm_lookup(&pf_deny4, &pf_deny6, src);
}

PF_INLINE const struct ms_pf_port_val *pf_env_port(__u16 port)
{
	__u32 k = port;

	return bpf_map_lookup_elem(&pf_ports, &k);
}

PF_INLINE const struct ms_pf_pinhole_val *
pf_env_pinhole(__u8 proto, __u16 port)
{
	struct ms_pf_pinhole_key k = { .port = port, .proto = proto };

	return bpf_map_lookup_elem(&pf_pinholes, &k);
}

/* Look up the state of @src, inserting a zeroed one on first sight. */
PF_INLINE void *src_state(void *map, const struct ms_pf_src_key *src,
			  const void *zero)
{
	void *st = bpf_map_lookup_elem(map, src);

	if (st)
		return st;
	/* NOEXIST: another CPU may have won the race; then use its entry. */
	bpf_map_update_elem(map, src, zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(map, src);
}

PF_INLINE struct ms_pf_rate_val *
pf_env_rate(const struct ms_pf_src_key *src)
{
	struct ms_pf_rate_val zero = {};

	return src_state(&pf_rate, src, &zero);
}

PF_INLINE struct ms_pf_scan_val *
pf_env_scan(const struct ms_pf_src_key *src)
{
	struct ms_pf_scan_val zero = {};

	return src_state(&pf_scan, src, &zero);
}

PF_INLINE const struct ms_pf_config *pf_env_config(void)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&pf_config, &k);
}

PF_INLINE __u64 pf_env_now(void)
{
	return bpf_ktime_get_ns();
}

PF_INLINE __u64 pf_env_now_coarse(void)
{
	return bpf_ktime_get_coarse_ns();
}

PF_INLINE void pf_env_count(__u32 stat, __u32 bytes)
{
	struct ms_pf_counter *c = bpf_map_lookup_elem(&pf_stats, &stat);

	if (c) {
		c->packets++;
		c->bytes += bytes;
	}
}

PF_INLINE int pf_env_event(const struct ms_pf_event *ev)
{
	return bpf_ringbuf_output(&pf_events, (void *)ev, sizeof(*ev), 0);
}

PF_INLINE int pf_env_redirect(__u32 rx_queue)
{
	/* Flags 0: without a socket the helper fails instead of passing. */
	return bpf_redirect_map(&xsks_map, rx_queue, 0) == XDP_REDIRECT ? 0 : -1;
}

#include "filter_core.h"

SEC("xdp")
int xdp_mediasec_filter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	switch (pf_run(data, data_end, data_end - data, ctx->rx_queue_index)) {
	case MS_PF_PASS:
		return XDP_PASS;
	case MS_PF_REDIRECT:
		return XDP_REDIRECT;
	default:
		return XDP_DROP;
	}
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
