// SPDX-License-Identifier: BSD-3-Clause
/*
 * mediasec packet filter: loader (open, pin, attach) and typed map helpers.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <linux/if_link.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pf_loader.h"
#include "filter.skel.h"

_Static_assert(__MS_DROP_MAX <= MS_PF_STAT_ACCEPT(0) - MS_PF_STAT_DROP(0),
	       "drop reasons overflow their pf_stats slots");
_Static_assert(MS_PF_STAT_ACCEPT(__MS_PF_ACCEPT_MAX) <= MS_PF_STAT_EVENT_SENT,
	       "accept reasons overflow their pf_stats slots");

_Static_assert(sizeof(struct ms_pf_event) == 48,
	       "ms_pf_event must have no implicit padding");

struct pf {
	struct pf_filter *skel;
	char pin_dir[PATH_MAX];
};

/* What a fresh pin dir starts with: secure, and quiet enough. */
static const struct ms_pf_config default_config = {
	.flags = MS_PF_F_PINHOLE_REQUIRED | MS_PF_F_ALLOW_PING,
	.scan_threshold = 20,
	.scan_window_ns = 10ULL * 1000000000ULL,
	.event_interval_ns = 1000000000ULL,
};

/* 1 if the LPM trie @map has an entry, 0 if empty, or -errno. */
static int lpm_has_entry(struct bpf_map *map)
{
	struct ms_pf_lpm6 key;

	if (!bpf_map_get_next_key(bpf_map__fd(map), NULL, &key))
		return 1;
	return errno == ENOENT ? 0 : -errno;
}

/* Writes @cfg with MS_PF_F_ALLOWLIST derived from the allowlist tries. */
static int write_config(struct pf *pf, const struct ms_pf_config *cfg)
{
	struct ms_pf_config c = *cfg;
	int v4 = lpm_has_entry(pf->skel->maps.pf_allow4);
	int v6 = lpm_has_entry(pf->skel->maps.pf_allow6);
	__u32 k = 0;

	if (v4 < 0 || v6 < 0)
		return v4 < 0 ? v4 : v6;
	c.flags &= ~MS_PF_F_ALLOWLIST;
	if (v4 || v6)
		c.flags |= MS_PF_F_ALLOWLIST;
	if (bpf_map__update_elem(pf->skel->maps.pf_config, &k, sizeof(k),
				 &c, sizeof(c), BPF_ANY))
		return -errno;
	return 0;
}

/* After a change of the allowlist, or of pins an older loader left. */
static int sync_allowlist_flag(struct pf *pf)
{
	struct ms_pf_config cfg;

	return pf_config_get(pf, &cfg) ?: write_config(pf, &cfg);
}

int pf_open(struct pf **pfp, const char *pin_dir)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	char cfg_pin[PATH_MAX + 16];
	struct pf *pf;
	int fresh, created, err;

	pf = calloc(1, sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	if (!pin_dir)
		pin_dir = MS_PF_PIN_DIR_DEFAULT;
	if (snprintf(pf->pin_dir, sizeof(pf->pin_dir), "%s", pin_dir) >=
	    (int)sizeof(pf->pin_dir)) {
		err = -ENAMETOOLONG;
		goto err_free;
	}
	created = !mkdir(pf->pin_dir, 0700);
	if (!created && errno != EEXIST) {
		err = -errno;
		goto err_free;
	}
	/* Old pins mean a restart: keep their configuration. */
	snprintf(cfg_pin, sizeof(cfg_pin), "%s/pf_config", pf->pin_dir);
	fresh = access(cfg_pin, F_OK) != 0;

	opts.pin_root_path = pf->pin_dir;
	pf->skel = pf_filter__open_opts(&opts);
	if (!pf->skel) {
		err = -errno;
		if (created)
			rmdir(pf->pin_dir);
		goto err_free;
	}
	err = pf_filter__load(pf->skel);
	if (err)
		goto err_destroy;
	err = fresh ? write_config(pf, &default_config) : sync_allowlist_flag(pf);
	if (err)
		goto err_destroy;
	*pfp = pf;
	return 0;

err_destroy:
	pf_filter__destroy(pf->skel);
	if (created)
		rmdir(pf->pin_dir);	/* only if nothing got pinned */
err_free:
	free(pf);
	return err;
}

void pf_close(struct pf *pf)
{
	if (!pf)
		return;
	pf_filter__destroy(pf->skel);
	free(pf);
}

int pf_unpin(struct pf *pf)
{
	struct bpf_map *map;
	int err = 0;

	bpf_object__for_each_map(map, pf->skel->obj) {
		if (bpf_map__is_pinned(map) && bpf_map__unpin(map, NULL) && !err)
			err = -errno;
	}
	if (rmdir(pf->pin_dir) && errno != ENOENT && !err)
		err = -errno;
	return err;
}

int pf_attach(struct pf *pf, int ifindex, enum pf_attach_mode *mode)
{
	int fd = bpf_program__fd(pf->skel->progs.xdp_mediasec_filter);
	int err;

	/* No UPDATE_IF_NOEXIST: a restarted daemon replaces its old program. */
	err = bpf_xdp_attach(ifindex, fd, XDP_FLAGS_DRV_MODE, NULL);
	if (!err) {
		if (mode)
			*mode = PF_ATTACH_NATIVE;
		return 0;
	}
	fprintf(stderr, "pf: native XDP on ifindex %d failed (%s), "
		"falling back to generic mode (slow)\n", ifindex, strerror(-err));
	err = bpf_xdp_attach(ifindex, fd, XDP_FLAGS_SKB_MODE, NULL);
	if (err)
		return err;
	if (mode)
		*mode = PF_ATTACH_GENERIC;
	return 0;
}

int pf_detach(struct pf *pf, int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	__u32 flags;
	int err;

	(void)pf;
	/* Ask the kernel: after a restart we do not know how it was attached. */
	err = bpf_xdp_query(ifindex, 0, &q);
	if (err)
		return err;
	switch (q.attach_mode) {
	case XDP_ATTACHED_NONE:
		return 0;
	case XDP_ATTACHED_SKB:
		flags = XDP_FLAGS_SKB_MODE;
		break;
	case XDP_ATTACHED_DRV:
		flags = XDP_FLAGS_DRV_MODE;
		break;
	default:
		return -EOPNOTSUPP;	/* hw or multi: not ours */
	}
	return bpf_xdp_detach(ifindex, flags, NULL);
}

int pf_prog_fd(const struct pf *pf)
{
	return bpf_program__fd(pf->skel->progs.xdp_mediasec_filter);
}

int pf_events_fd(const struct pf *pf)
{
	return bpf_map__fd(pf->skel->maps.pf_events);
}

int pf_xsks_fd(const struct pf *pf)
{
	return bpf_map__fd(pf->skel->maps.xsks_map);
}

int pf_prefix_parse(struct pf_prefix *pfx, const char *text)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long len;
	unsigned int max;

	if (snprintf(buf, sizeof(buf), "%s", text) >= (int)sizeof(buf))
		return -EINVAL;
	memset(pfx, 0, sizeof(*pfx));
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, pfx->addr) == 1) {
		pfx->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, pfx->addr) == 1) {
		pfx->family = AF_INET6;
		max = 128;
	} else {
		return -EINVAL;
	}
	pfx->len = max;
	if (slash) {
		if (*slash < '0' || *slash > '9')
			return -EINVAL;
		errno = 0;
		len = strtoul(slash, &end, 10);
		if (errno || *end || len > max)
			return -EINVAL;
		pfx->len = len;
	}
	return 0;
}

uint64_t pf_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* LPM key for @pfx with host bits cleared; returns the key size or -errno. */
static int lpm_key(const struct pf_prefix *pfx, struct ms_pf_lpm6 *key)
{
	unsigned int bytes, i;

	if (pfx->family == AF_INET)
		bytes = 4;
	else if (pfx->family == AF_INET6)
		bytes = 16;
	else
		return -EAFNOSUPPORT;
	if (pfx->len > bytes * 8)
		return -EINVAL;
	memset(key, 0, sizeof(*key));
	key->prefixlen = pfx->len;
	for (i = 0; i < bytes; i++) {
		unsigned int bits = pfx->len > i * 8 ? pfx->len - i * 8 : 0;

		key->addr[i] = pfx->addr[i] & (bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits));
	}
	/* ms_pf_lpm4 is a prefix of ms_pf_lpm6: same layout, shorter address. */
	return bytes == 4 ? (int)sizeof(struct ms_pf_lpm4) : (int)sizeof(struct ms_pf_lpm6);
}

static struct bpf_map *lpm_map(struct bpf_map *v4, struct bpf_map *v6,
			       const struct pf_prefix *pfx)
{
	return pfx->family == AF_INET ? v4 : v6;
}

static int lpm_update(struct bpf_map *v4, struct bpf_map *v6,
		      const struct pf_prefix *pfx, const void *val, size_t val_sz)
{
	struct ms_pf_lpm6 key;
	int ksz = lpm_key(pfx, &key);

	if (ksz < 0)
		return ksz;
	if (bpf_map__update_elem(lpm_map(v4, v6, pfx), &key, ksz, val, val_sz,
				 BPF_ANY))
		return -errno;
	return 0;
}

static int lpm_delete(struct bpf_map *v4, struct bpf_map *v6,
		      const struct pf_prefix *pfx)
{
	struct ms_pf_lpm6 key;
	int ksz = lpm_key(pfx, &key);

	if (ksz < 0)
		return ksz;
	if (bpf_map__delete_elem(lpm_map(v4, v6, pfx), &key, ksz, 0))
		return -errno;
	return 0;
}

/* The first entry counts from the flag's write on, microseconds later. */
int pf_allow_add(struct pf *pf, const struct pf_prefix *pfx)
{
	struct ms_pf_allow_val v = {};

	return lpm_update(pf->skel->maps.pf_allow4, pf->skel->maps.pf_allow6,
			  pfx, &v, sizeof(v)) ?: sync_allowlist_flag(pf);
}

int pf_allow_del(struct pf *pf, const struct pf_prefix *pfx)
{
	return lpm_delete(pf->skel->maps.pf_allow4, pf->skel->maps.pf_allow6,
			  pfx) ?: sync_allowlist_flag(pf);
}

int pf_deny_add(struct pf *pf, const struct pf_prefix *pfx,
		uint64_t expires_ns, uint32_t flags)
{
	struct ms_pf_deny_val v = { .expires_ns = expires_ns, .flags = flags };

	if (flags & ~MS_PF_DENY_F_DYNAMIC)
		return -EINVAL;
	return lpm_update(pf->skel->maps.pf_deny4, pf->skel->maps.pf_deny6,
			  pfx, &v, sizeof(v));
}

int pf_deny_del(struct pf *pf, const struct pf_prefix *pfx)
{
	return lpm_delete(pf->skel->maps.pf_deny4, pf->skel->maps.pf_deny6, pfx);
}

int pf_ports_set(struct pf *pf, uint8_t proto, uint16_t lo, uint16_t hi,
		 enum ms_pf_port_class cls, uint16_t realm)
{
	struct bpf_map *map = pf->skel->maps.pf_ports;
	struct ms_pf_port_val v;
	__u32 port;

	if ((proto != IPPROTO_UDP && proto != IPPROTO_TCP) || lo > hi ||
	    (unsigned int)cls >= __MS_PF_PORT_MAX)
		return -EINVAL;
	for (port = lo; port <= hi; port++) {
		if (bpf_map__lookup_elem(map, &port, sizeof(port), &v, sizeof(v), 0))
			return -errno;
		if (proto == IPPROTO_UDP)
			v.udp = cls;
		else
			v.tcp = cls;
		v.realm = realm;
		if (bpf_map__update_elem(map, &port, sizeof(port), &v, sizeof(v),
					 BPF_EXIST))
			return -errno;
	}
	return 0;
}

int pf_pinhole_add(struct pf *pf, uint8_t proto, uint16_t port,
		   const struct pf_prefix *remote, uint16_t remote_port)
{
	struct ms_pf_pinhole_key k = { .port = port, .proto = proto };
	struct ms_pf_pinhole_val v = { .remote_port = remote_port };

	if (proto != IPPROTO_UDP && proto != IPPROTO_TCP)
		return -EINVAL;
	if (remote) {
		struct ms_pf_lpm6 masked;

		if (lpm_key(remote, &masked) < 0)
			return -EINVAL;
		memcpy(v.addr, masked.addr, sizeof(v.addr));
		v.family = remote->family == AF_INET ? MS_PF_FAMILY_V4 : MS_PF_FAMILY_V6;
		v.prefixlen = remote->len;
		v.flags = MS_PF_PINHOLE_F_LATCHED;
	}
	if (bpf_map__update_elem(pf->skel->maps.pf_pinholes, &k, sizeof(k),
				 &v, sizeof(v), BPF_ANY))
		return -errno;
	return 0;
}

int pf_pinhole_del(struct pf *pf, uint8_t proto, uint16_t port)
{
	struct ms_pf_pinhole_key k = { .port = port, .proto = proto };

	if (bpf_map__delete_elem(pf->skel->maps.pf_pinholes, &k, sizeof(k), 0))
		return -errno;
	return 0;
}

int pf_config_get(struct pf *pf, struct ms_pf_config *cfg)
{
	__u32 k = 0;

	if (bpf_map__lookup_elem(pf->skel->maps.pf_config, &k, sizeof(k),
				 cfg, sizeof(*cfg), 0))
		return -errno;
	cfg->flags &= ~MS_PF_F_ALLOWLIST;	/* the loader's, not a setting */
	return 0;
}

int pf_config_set(struct pf *pf, const struct ms_pf_config *cfg)
{
	if (cfg->flags & ~MS_PF_F_ALL)
		return -EINVAL;
	return write_config(pf, cfg);
}

/* Read-modify-write of the one config record; the caller serialises. */
#define CONFIG_EDIT(pf, stmt) ({				\
	struct ms_pf_config c_;					\
	int e_ = pf_config_get(pf, &c_);			\
	if (!e_) {						\
		stmt;						\
		e_ = pf_config_set(pf, &c_);			\
	}							\
	e_;							\
})

int pf_rate_set(struct pf *pf, uint32_t rate_pps, uint32_t burst)
{
	uint64_t interval = rate_pps ? 1000000000ULL / rate_pps : 0;

	return CONFIG_EDIT(pf, (c_.rate_interval_ns = interval,
				c_.rate_burst = burst));
}

int pf_scan_set(struct pf *pf, uint32_t threshold, uint32_t window_ms)
{
	return CONFIG_EDIT(pf, (c_.scan_threshold = threshold,
				c_.scan_window_ns = window_ms * 1000000ULL));
}

int pf_flags_set(struct pf *pf, uint32_t flags)
{
	return CONFIG_EDIT(pf, c_.flags = flags);
}

int pf_counters_read(struct pf *pf, struct pf_counters *out)
{
	int ncpu = libbpf_num_possible_cpus(), err = 0;
	struct ms_pf_counter *per_cpu;
	__u32 k;
	int c;

	if (ncpu < 0)
		return ncpu;
	per_cpu = calloc(ncpu, sizeof(*per_cpu));
	if (!per_cpu)
		return -ENOMEM;
	memset(out, 0, sizeof(*out));
	for (k = 0; k < MS_PF_STAT_MAX; k++) {
		if (bpf_map__lookup_elem(pf->skel->maps.pf_stats, &k, sizeof(k),
					 per_cpu, ncpu * sizeof(*per_cpu), 0)) {
			err = -errno;
			break;
		}
		for (c = 0; c < ncpu; c++) {
			out->stat[k].packets += per_cpu[c].packets;
			out->stat[k].bytes += per_cpu[c].bytes;
		}
	}
	free(per_cpu);
	return err;
}
