/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The XDP filter's maps as mediasecd writes them (ebpf/pf_loader.h).
 * mediasecd's lists are the truth; the maps are a copy it keeps current.
 * Built as filter.c with the eBPF filter, as filter_none.c without.
 */
#ifndef MEDIASEC_MEDIASECD_FILTER_H
#define MEDIASEC_MEDIASECD_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct cp_config;
struct ms_addr;
struct ms_filter_stats;
struct ms_prefix;

enum cp_list_kind {
	CP_LIST_DENY,
	CP_LIST_ALLOW,
	__CP_LIST_MAX
};

/*
 * Load the program and open (or create) the pinned maps when the config has
 * a filter section; attach to its interface if one is named. 0 and
 * inactive without a filter section.
 */
int cp_filter_open(const struct cp_config *cfg, char *err, size_t errlen);
/* Frees the loader; pins and attachment stay, so filtering goes on. */
void cp_filter_close(void);
bool cp_filter_active(void);

/* expires_ns: CLOCK_MONOTONIC deadline, 0 = permanent (deny only). */
int cp_filter_add(enum cp_list_kind l, const struct ms_prefix *p, __u64 expires_ns,
		  __u32 flags);
int cp_filter_del(enum cp_list_kind l, const struct ms_prefix *p);
/*
 * Entries the maps hold, each passed to fn: after a restart mediasecd
 * adopts what the previous run left pinned, so a block survives it.
 */
typedef int (*cp_filter_entry_fn)(enum cp_list_kind l, const struct ms_prefix *p,
				  __u64 expires_ns, __u32 flags, void *arg);
int cp_filter_read(enum cp_list_kind l, cp_filter_entry_fn fn, void *arg);
/* Packets a denylist entry dropped; -ENOENT when the filter has none. */
int cp_filter_hits(const struct ms_prefix *p, __u64 *hits);
/* Media port ranges of the realms, so media reaches the dataplane. */
int cp_filter_ports(const struct cp_config *cfg);

/*
 * A live leg's port (proto IPPROTO_UDP/TCP): remote NULL (not latched yet)
 * lets any source in, else only remote (and remote_port, 0 = any).
 */
int cp_filter_pinhole_add(__u8 proto, __u16 port, const struct ms_addr *remote,
			  __u16 remote_port);
int cp_filter_pinhole_del(__u8 proto, __u16 port);	/* gone already: 0 */
/* Delete every pinhole keep() refuses: those of legs gone while we were down. */
int cp_filter_pinholes_prune(bool (*keep)(__u8 proto, __u16 port));

/* The filter's ring buffer of struct ms_pf_event; -1 without the filter. */
int cp_filter_events_map_fd(void);
/* The filter's own counters, summed over CPUs; -ENOENT without the filter. */
int cp_filter_counters(struct ms_filter_stats *out);

#endif /* MEDIASEC_MEDIASECD_FILTER_H */
