/* SPDX-License-Identifier: BSD-3-Clause */
/* Built without the eBPF filter: the lists live in mediasecd only. */
#include <errno.h>
#include <stdio.h>

#include "config.h"
#include "filter.h"
#include "filter_events.h"

int cp_filter_open(const struct cp_config *cfg, char *err, size_t errlen)
{
	if (!cfg->filter)
		return 0;
	snprintf(err, errlen, "%s: filter section, but mediasecd was built without "
		 "the eBPF filter (libbpf, clang, bpftool)", cfg->path);
	return -EOPNOTSUPP;
}

void cp_filter_close(void)
{
}

bool cp_filter_active(void)
{
	return false;
}

int cp_filter_add(enum cp_list_kind l, const struct ms_prefix *p, __u64 expires_ns,
		  __u32 flags)
{
	(void)l, (void)p, (void)expires_ns, (void)flags;
	return 0;
}

int cp_filter_del(enum cp_list_kind l, const struct ms_prefix *p)
{
	(void)l, (void)p;
	return 0;
}

int cp_filter_ports(const struct cp_config *cfg)
{
	(void)cfg;
	return 0;
}

int cp_filter_read(enum cp_list_kind l, cp_filter_entry_fn fn, void *arg)
{
	(void)l, (void)fn, (void)arg;
	return 0;
}

int cp_filter_hits(const struct ms_prefix *p, __u64 *hits)
{
	(void)p, (void)hits;
	return -ENOENT;
}

int cp_filter_pinhole_add(__u8 proto, __u16 port, const struct ms_addr *remote,
			  __u16 remote_port)
{
	(void)proto, (void)port, (void)remote, (void)remote_port;
	return 0;
}

int cp_filter_pinhole_del(__u8 proto, __u16 port)
{
	(void)proto, (void)port;
	return 0;
}

int cp_filter_pinholes_prune(bool (*keep)(__u8 proto, __u16 port))
{
	(void)keep;
	return 0;
}

int cp_filter_events_map_fd(void)
{
	return -1;
}

int cp_filter_counters(struct ms_filter_stats *out)
{
	(void)out;
	return -ENOENT;
}

/* No filter, no events from it (filter_events.h). */
int cp_filter_events_open(const struct cp_filter_conf *conf)
{
	(void)conf;
	return -ENOENT;
}

void cp_filter_events_process(void)
{
}

void cp_filter_events_close(void)
{
}

void cp_filter_events_stats(struct ms_filter_stats *out)
{
	(void)out;
}
