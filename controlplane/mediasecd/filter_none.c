/* SPDX-License-Identifier: BSD-3-Clause */
/* Built without the eBPF filter: the lists live in mediasecd only. */
#include <errno.h>
#include <stdio.h>

#include "config.h"
#include "filter.h"

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
