/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec packet filter: userspace loader and typed map helpers.
 *
 * pf_open() loads the XDP program from the embedded skeleton and pins every
 * map by name under a pin dir, reusing maps already pinned there, so the
 * denylist, pinholes, counters and rate state survive a daemon restart.
 * Attachment uses the netlink XDP API (not a bpf_link) on purpose: the
 * filter keeps filtering while the daemon is down.
 *
 * All functions return 0 or -errno.
 */
#ifndef MEDIASEC_EBPF_PF_LOADER_H
#define MEDIASEC_EBPF_PF_LOADER_H

#include <stdint.h>

#include <linux/types.h>

#include "filter_abi.h"

struct pf;

/* An address prefix; family is AF_INET or AF_INET6, addr in network order. */
struct pf_prefix {
	int family;
	unsigned int len;
	uint8_t addr[16];
};

enum pf_attach_mode {
	PF_ATTACH_NATIVE = 0,
	PF_ATTACH_GENERIC,	/* SKB mode: the driver has no XDP support */
};

struct pf_counters {
	struct ms_pf_counter stat[MS_PF_STAT_MAX];	/* summed over CPUs */
};

/* pin_dir NULL: MS_PF_PIN_DIR_DEFAULT. Created if missing. */
int pf_open(struct pf **pfp, const char *pin_dir);
/* Frees the loader; the pins and any attachment stay. */
void pf_close(struct pf *pf);
/* Removes the pins and the pin dir (tests, uninstall). */
int pf_unpin(struct pf *pf);

/* Native first, generic with a warning on stderr; *mode says which. */
int pf_attach(struct pf *pf, int ifindex, enum pf_attach_mode *mode);
int pf_detach(struct pf *pf, int ifindex);

int pf_prog_fd(const struct pf *pf);
int pf_events_fd(const struct pf *pf);	/* ring buffer of ms_pf_event */
int pf_xsks_fd(const struct pf *pf);

/* "192.0.2.0/24", "2001:db8::/32", or a bare address (full length). */
int pf_prefix_parse(struct pf_prefix *pfx, const char *text);
/* CLOCK_MONOTONIC in ns: the clock of bpf_ktime_get_ns(), for expiries. */
uint64_t pf_now_ns(void);

int pf_allow_add(struct pf *pf, const struct pf_prefix *pfx);
int pf_allow_del(struct pf *pf, const struct pf_prefix *pfx);
/* expires_ns: pf_now_ns() time, 0 = permanent; flags MS_PF_DENY_F_*. */
int pf_deny_add(struct pf *pf, const struct pf_prefix *pfx,
		uint64_t expires_ns, uint32_t flags);
int pf_deny_del(struct pf *pf, const struct pf_prefix *pfx);

/* Ports lo..hi of proto (IPPROTO_UDP/TCP) get class cls of realm. */
int pf_ports_set(struct pf *pf, uint8_t proto, uint16_t lo, uint16_t hi,
		 enum ms_pf_port_class cls, uint16_t realm);
/* remote NULL: not latched yet, any source. remote_port 0: any. */
int pf_pinhole_add(struct pf *pf, uint8_t proto, uint16_t port,
		   const struct pf_prefix *remote, uint16_t remote_port);
int pf_pinhole_del(struct pf *pf, uint8_t proto, uint16_t port);

int pf_config_get(struct pf *pf, struct ms_pf_config *cfg);
int pf_config_set(struct pf *pf, const struct ms_pf_config *cfg);
/* rate_pps 0 turns the rate limit off. */
int pf_rate_set(struct pf *pf, uint32_t rate_pps, uint32_t burst);
/* threshold 0 turns scan detection off. */
int pf_scan_set(struct pf *pf, uint32_t threshold, uint32_t window_ms);
int pf_flags_set(struct pf *pf, uint32_t flags);

int pf_counters_read(struct pf *pf, struct pf_counters *out);

#endif /* MEDIASEC_EBPF_PF_LOADER_H */
