/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec packet filter: what the BPF side and userspace share.
 *
 * Map keys and values, the configuration record, the event record and the
 * counter layout. Only __u8..__u64, enums and #defines, so the same header
 * compiles for clang -target bpf, for the loader and for the dataplane that
 * runs the librte_bpf build.
 *
 * Maps (all pinned by name under the pin dir, default /sys/fs/bpf/mediasec):
 *   pf_allow4  LPM trie  ms_pf_lpm4   -> ms_pf_allow_val   allowlist, IPv4
 *   pf_allow6  LPM trie  ms_pf_lpm6   -> ms_pf_allow_val   allowlist, IPv6
 *   pf_deny4   LPM trie  ms_pf_lpm4   -> ms_pf_deny_val    static + dynamic denylist
 *   pf_deny6   LPM trie  ms_pf_lpm6   -> ms_pf_deny_val
 *   pf_ports   array[65536] port      -> ms_pf_port_val    class per destination port
 *   pf_pinholes hash     ms_pf_pinhole_key -> ms_pf_pinhole_val  live legs
 *   pf_rate    LRU hash  ms_pf_src_key -> ms_pf_rate_val   token bucket per source
 *   pf_scan    LRU hash  ms_pf_src_key -> ms_pf_scan_val   closed ports per source
 *   pf_config  array[1]                -> ms_pf_config
 *   pf_stats   per-CPU array[MS_PF_STAT_MAX] -> ms_pf_counter
 *   pf_events  ring buffer of ms_pf_event
 *   xsks_map   XSKMAP, rx queue index -> AF_XDP socket (AF_XDP mode)
 *
 * Changing a layout here changes the pinned maps: a loader finding old pins
 * with other sizes refuses to reuse them (libbpf checks), so bump nothing
 * silently; append.
 */
#ifndef MEDIASEC_EBPF_FILTER_ABI_H
#define MEDIASEC_EBPF_FILTER_ABI_H

#include <linux/types.h>

#include "mediasec/enums.h"

/*
 * Forced inlining for the filter code: linux/stddef.h makes __always_inline
 * a mere hint, and librte_bpf cannot run BPF-to-BPF calls.
 */
#define PF_INLINE	static inline __attribute__((always_inline))

#define MS_PF_PIN_DIR_DEFAULT	"/sys/fs/bpf/mediasec"

/* Address families in keys: our own values, so BPF needs no libc header. */
#define MS_PF_FAMILY_V4		4
#define MS_PF_FAMILY_V6		6

enum ms_pf_verdict {
	MS_PF_DROP = 0,
	MS_PF_PASS,		/* to the kernel stack */
	MS_PF_REDIRECT,		/* to the AF_XDP socket of the rx queue */
	__MS_PF_VERDICT_MAX
};

/*
 * Why a packet was passed or redirected: enum ms_pf_accept, in
 * mediasec/enums.h beside enum ms_drop_reason, since both are wire values
 * of the filter counters in STATS_GET replies.
 */

/*
 * Counter layout of pf_stats: one slot per verdict, per drop reason, per
 * accept reason, then event bookkeeping. Bases leave room to append.
 */
#define MS_PF_STAT_VERDICT(v)	(v)
#define MS_PF_STAT_DROP(r)	(8 + (r))
#define MS_PF_STAT_ACCEPT(a)	(72 + (a))
#define MS_PF_STAT_EVENT_SENT	104
#define MS_PF_STAT_EVENT_LOST	105	/* ring buffer full */
#define MS_PF_STAT_SCAN_FOUND	106
#define MS_PF_STAT_MAX		128

struct ms_pf_counter {
	__u64 packets;
	__u64 bytes;
};

/* Port classes in pf_ports; anything else is closed. */
enum ms_pf_port_class {
	MS_PF_PORT_CLOSED = 0,
	MS_PF_PORT_MEDIA,
	MS_PF_PORT_SIGNALLING,
	MS_PF_PORT_MGMT,
	__MS_PF_PORT_MAX
};

struct ms_pf_port_val {
	__u8 udp;	/* enum ms_pf_port_class */
	__u8 tcp;
	__u16 realm;	/* which realm owns the port; for the dataplane */
};

/* LPM trie keys: prefixlen first, address in network order. */
struct ms_pf_lpm4 {
	__u32 prefixlen;
	__u8 addr[4];
};

struct ms_pf_lpm6 {
	__u32 prefixlen;
	__u8 addr[16];
};

struct ms_pf_allow_val {
	__u32 flags;	/* reserved, 0 */
};

#define MS_PF_DENY_F_DYNAMIC	(1U << 0)	/* set by the dynamic policy */

struct ms_pf_deny_val {
	__u64 expires_ns;	/* bpf_ktime_get_ns() time; 0 = permanent */
	__u64 last_event_ns;	/* event sampling, written by BPF */
	__u64 hits;		/* written by BPF, racy: a lower bound */
	__u32 flags;		/* MS_PF_DENY_F_* */
	__u32 pad;
};

/* Source key of the rate and scan maps: IPv4 uses addr[0..3], rest zero. */
struct ms_pf_src_key {
	__u32 family;		/* MS_PF_FAMILY_* */
	__u8 addr[16];
};

struct ms_pf_pinhole_key {
	__u16 port;		/* local port, host order */
	__u8 proto;		/* IPPROTO_UDP / IPPROTO_TCP */
	__u8 pad;
};

#define MS_PF_PINHOLE_F_LATCHED	(1U << 0)	/* remote known: check it */

struct ms_pf_pinhole_val {
	__u8 addr[16];		/* remote, network order */
	__u8 family;		/* MS_PF_FAMILY_* */
	__u8 prefixlen;
	__u8 flags;		/* MS_PF_PINHOLE_F_* */
	__u8 pad;
	__u16 remote_port;	/* host order; 0 = any */
	__u16 realm;
};

/* GCRA form of a token bucket: no division on the packet path. */
struct ms_pf_rate_val {
	__u64 tat_ns;		/* theoretical arrival time */
};

#define MS_PF_SCAN_BITS		256

struct ms_pf_scan_val {
	__u64 window_start_ns;
	__u64 seen[MS_PF_SCAN_BITS / 64];	/* hashed set of closed ports */
	__u32 count;		/* distinct ports (a lower bound) */
	__u32 reported;
};

/* pf_config flags. */
#define MS_PF_F_AF_XDP		(1U << 0)	/* media to the XSKMAP */
#define MS_PF_F_PINHOLE_REQUIRED (1U << 1)	/* media port needs a live leg */
#define MS_PF_F_ALLOW_PING	(1U << 2)	/* ICMP echo request/reply */
#define MS_PF_F_PASS_FRAGMENTS	(1U << 3)	/* else fragments are dropped */
#define MS_PF_F_DROP_IP_OPTIONS	(1U << 4)
#define MS_PF_F_ALL		0x1f
/*
 * Not a setting: the loader (pf_loader.c) keeps it equal to "pf_allow4 or
 * pf_allow6 has an entry" on every write of the config or the allowlist
 * and on every open, and hides it from pf_config_get(). Clear, the XDP
 * build skips the allowlist look-up (a third of a denied frame's time).
 */
#define MS_PF_F_ALLOWLIST	(1U << 16)

struct ms_pf_config {
	__u32 flags;			/* MS_PF_F_* */
	__u32 rate_burst;		/* packets; 0 behaves as 1 */
	__u64 rate_interval_ns;		/* 1e9 / rate; 0 = no rate limit */
	__u64 scan_window_ns;
	__u32 scan_threshold;		/* distinct closed ports; 0 = off */
	__u32 pad;
	__u64 event_interval_ns;	/* min gap between deny-hit events per entry */
};

enum ms_pf_event_kind {
	MS_PF_EV_NONE = 0,
	MS_PF_EV_DENY_HIT,	/* sampled hit of a denylisted source */
	MS_PF_EV_PORT_SCAN,	/* threshold of closed ports reached */
	__MS_PF_EV_MAX
};

struct ms_pf_event {
	__u64 ts_ns;		/* bpf_ktime_get_ns(); the coarse one for deny hits */
	__u32 kind;		/* enum ms_pf_event_kind */
	__u32 count;		/* distinct ports (scan) */
	struct ms_pf_src_key src;
	__u16 dport;
	__u8 proto;
	__u8 pad[9];		/* explicit to 48 bytes: no uninitialised
				 * stack bytes leave the kernel */
};

/*
 * A decision of the filter: verdict in the high byte, reason (enum
 * ms_drop_reason or enum ms_pf_accept) below. The librte_bpf build hands
 * it to the dataplane (pf_x_verdict()).
 */
#define PF_RES(v, r)		(((__u32)(v) << 16) | (__u32)(r))
#define PF_RES_VERDICT(res)	((res) >> 16)
#define PF_RES_REASON(res)	((res) & 0xffff)

/* Fragment classes in ms_pf_pkt. */
#define MS_PF_FRAG_NONE		0
#define MS_PF_FRAG_FIRST	1	/* offset 0, more to come: has L4 */
#define MS_PF_FRAG_LATER	2	/* no L4 header */

/*
 * What the policy knows of a frame, filled in by the parsers of
 * filter_core.h. Every field is 64 bits (the source key padded to 24
 * bytes): librte_bpf's validator tracks the stack per 8-byte slot and
 * refuses a load wider than the last store to its slot. The dataplane's
 * bookkeeping functions of the librte_bpf build receive it.
 */
struct ms_pf_pkt {
	struct ms_pf_src_key src;
	__u32 src_pad;
	__u64 sport;
	__u64 dport;
	__u64 l4proto;
	__u64 icmp_type;
	__u64 frag;		/* MS_PF_FRAG_* */
	__u64 has_options;	/* IPv4 options present */
	__u64 allowed;		/* non-zero: source on the allowlist */
};

/*
 * librte_bpf build (filter_rte.bpf.c): the program's one argument. The
 * dataplane writes it in the mbuf headroom right before the frame, so the
 * frame is not copied, and guarantees MS_PF_RTE_READABLE bytes after it
 * (the mbuf data room): librte_bpf's validator checks offsets against that.
 */
struct ms_pf_rte_ctx {
	__u32 len;		/* frame length */
	__u32 rx_queue;
	/* the frame follows */
};

#define MS_PF_RTE_READABLE	576	/* PF_HDR_MASK + the TCP header, rounded up */
#define MS_PF_RTE_SECTION	"pf_rte"

#endif /* MEDIASEC_EBPF_FILTER_ABI_H */
