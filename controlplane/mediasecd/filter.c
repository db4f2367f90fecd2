/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <netinet/in.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "config.h"
#include "filter.h"
#include "log.h"
#include "nl_msg.h"
#include "pf_loader.h"

static struct pf *pf;
static int pinholes_fd = -1;	/* for iteration, as map_fds */
/*
 * The list maps by fd, for reading: pf_loader.h writes them but has no
 * iteration or lookup. [list][0] IPv4, [list][1] IPv6.
 */
static int map_fds[__CP_LIST_MAX][2] = { { -1, -1 }, { -1, -1 } };
static const char *const map_names[__CP_LIST_MAX][2] = {
	{ "pf_deny4", "pf_deny6" },
	{ "pf_allow4", "pf_allow6" },
};

static void maps_close(void)
{
	if (pinholes_fd >= 0)
		close(pinholes_fd);
	pinholes_fd = -1;
	for (int l = 0; l < __CP_LIST_MAX; l++)
		for (int v = 0; v < 2; v++) {
			if (map_fds[l][v] >= 0)
				close(map_fds[l][v]);
			map_fds[l][v] = -1;
		}
}

static int maps_open(const char *pin_dir, char *err, size_t errlen)
{
	char path[CP_PATH_MAX + 16];

	for (int l = 0; l < __CP_LIST_MAX; l++)
		for (int v = 0; v < 2; v++) {
			snprintf(path, sizeof(path), "%s/%s", pin_dir, map_names[l][v]);
			map_fds[l][v] = bpf_obj_get(path);
			if (map_fds[l][v] < 0) {
				int ret = -errno;

				snprintf(err, errlen, "XDP filter: %s: %s", path, strerror(-ret));
				maps_close();
				return ret;
			}
		}
	snprintf(path, sizeof(path), "%s/pf_pinholes", pin_dir);
	pinholes_fd = bpf_obj_get(path);
	if (pinholes_fd < 0) {
		int ret = -errno;

		snprintf(err, errlen, "XDP filter: %s: %s", path, strerror(-ret));
		maps_close();
		return ret;
	}
	return 0;
}

/* mediasec.conf is the truth: a reopen of pinned maps takes its values. */
static int limits_set(const struct cp_filter_conf *c, char *err, size_t errlen)
{
	int ret = pf_rate_set(pf, c->rate_pps, c->rate_burst);

	if (!ret)
		ret = pf_scan_set(pf, c->scan_ports, c->scan_window_ms);
	if (ret)
		snprintf(err, errlen, "XDP filter: rate and scan settings: %s", strerror(-ret));
	return ret;
}

/* Redirect media to mediasec-dp's AF_XDP sockets, or stop doing so. */
static int af_xdp_set(bool on, char *err, size_t errlen)
{
	struct ms_pf_config c;
	int ret = pf_config_get(pf, &c);

	if (!ret)
		ret = pf_flags_set(pf, on ? c.flags | MS_PF_F_AF_XDP : c.flags & ~MS_PF_F_AF_XDP);
	if (ret)
		snprintf(err, errlen, "XDP filter: af_xdp setting: %s", strerror(-ret));
	return ret;
}

static void to_pf(const struct ms_prefix *p, struct pf_prefix *out)
{
	memset(out, 0, sizeof(*out));
	out->family = p->addr.family;
	out->len = p->len;
	memcpy(out->addr, p->addr.family == AF_INET ? p->addr.in4 : p->addr.in6,
	       p->addr.family == AF_INET ? 4 : 16);
}

int cp_filter_open(const struct cp_config *cfg, char *err, size_t errlen)
{
	enum pf_attach_mode mode;
	unsigned int ifindex;
	int ret;

	if (!cfg->filter)
		return 0;
	ret = pf_open(&pf, cfg->pin_dir);
	if (ret) {
		snprintf(err, errlen, "XDP filter: cannot load or pin under %s: %s",
			 cfg->pin_dir, strerror(-ret));
		pf = NULL;
		return ret;
	}
	ret = maps_open(cfg->pin_dir, err, errlen);
	if (!ret)
		ret = limits_set(&cfg->pf, err, errlen);
	if (!ret)
		ret = af_xdp_set(cfg->af_xdp, err, errlen);
	if (ret)
		goto err;
	if (cfg->af_xdp)
		cp_log(LOG_INFO, "XDP filter: media to AF_XDP sockets; mediasec-dp's af_xdp PMD attaches it");
	if (!cfg->interface[0])
		return 0;
	ifindex = if_nametoindex(cfg->interface);
	if (!ifindex) {
		snprintf(err, errlen, "XDP filter: no interface %s", cfg->interface);
		ret = -ENODEV;
		goto err;
	}
	ret = pf_attach(pf, (int)ifindex, &mode);
	if (ret) {
		snprintf(err, errlen, "XDP filter: cannot attach to %s: %s", cfg->interface,
			 strerror(-ret));
		goto err;
	}
	cp_log(LOG_INFO, "XDP filter attached to %s (%s mode)", cfg->interface,
	       mode == PF_ATTACH_NATIVE ? "native" : "generic");
	return 0;
err:
	maps_close();
	pf_close(pf);
	pf = NULL;
	return ret;
}

void cp_filter_close(void)
{
	maps_close();
	pf_close(pf);
	pf = NULL;
}

bool cp_filter_active(void)
{
	return pf != NULL;
}

int cp_filter_add(enum cp_list_kind l, const struct ms_prefix *p, __u64 expires_ns,
		  __u32 flags)
{
	struct pf_prefix pp;

	if (!pf)
		return 0;
	to_pf(p, &pp);
	if (l == CP_LIST_ALLOW)
		return pf_allow_add(pf, &pp);
	return pf_deny_add(pf, &pp, expires_ns,
			   (flags & MS_PREFIX_F_DYNAMIC) ? MS_PF_DENY_F_DYNAMIC : 0);
}

int cp_filter_del(enum cp_list_kind l, const struct ms_prefix *p)
{
	struct pf_prefix pp;
	int ret;

	if (!pf)
		return 0;
	to_pf(p, &pp);
	ret = l == CP_LIST_ALLOW ? pf_allow_del(pf, &pp) : pf_deny_del(pf, &pp);
	/* Already gone from the map (e.g. an operator's bpftool): still gone. */
	return ret == -ENOENT ? 0 : ret;
}

/* An LPM key (prefixlen, then the address) as a struct ms_prefix. */
static void from_key(const void *key, bool v6, struct ms_prefix *p)
{
	const struct ms_pf_lpm6 *k6 = key;
	const struct ms_pf_lpm4 *k4 = key;

	memset(p, 0, sizeof(*p));
	p->present = MS_BIT(MS_PREFIX_A_ADDR) | MS_BIT(MS_PREFIX_A_LEN);
	p->addr.present = MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(v6 ? MS_ADDR_A_IN6 : MS_ADDR_A_IN4);
	p->addr.family = v6 ? AF_INET6 : AF_INET;
	if (v6)
		memcpy(p->addr.in6, k6->addr, 16);
	else
		memcpy(p->addr.in4, k4->addr, 4);
	p->len = (__u8)(v6 ? k6->prefixlen : k4->prefixlen);
}

static void to_key(const struct ms_prefix *p, void *key)
{
	struct ms_pf_lpm6 *k6 = key;
	struct ms_pf_lpm4 *k4 = key;

	if (p->addr.family == AF_INET6) {
		k6->prefixlen = p->len;
		memcpy(k6->addr, p->addr.in6, 16);
	} else {
		k4->prefixlen = p->len;
		memcpy(k4->addr, p->addr.in4, 4);
	}
}

int cp_filter_read(enum cp_list_kind l, cp_filter_entry_fn fn, void *arg)
{
	if (!pf)
		return 0;
	for (int v = 0; v < 2; v++) {
		struct ms_pf_lpm6 key, next;	/* room for either family */
		void *prev = NULL;

		while (bpf_map_get_next_key(map_fds[l][v], prev, &next) == 0) {
			struct ms_pf_deny_val dv = { 0 };
			struct ms_pf_allow_val av;
			struct ms_prefix p;
			int ret;

			key = next;
			prev = &key;
			if (bpf_map_lookup_elem(map_fds[l][v], &key,
						l == CP_LIST_DENY ? (void *)&dv : (void *)&av))
				continue;	/* deleted under us */
			from_key(&key, v == 1, &p);
			ret = fn(l, &p, dv.expires_ns,
				 (dv.flags & MS_PF_DENY_F_DYNAMIC) ? MS_PREFIX_F_DYNAMIC : 0, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int cp_filter_hits(const struct ms_prefix *p, __u64 *hits)
{
	struct ms_pf_lpm6 key = { 0 };
	struct ms_pf_deny_val dv;

	if (!pf)
		return -ENOENT;
	to_key(p, &key);
	if (bpf_map_lookup_elem(map_fds[CP_LIST_DENY][p->addr.family == AF_INET6], &key, &dv))
		return -errno;
	*hits = dv.hits;
	return 0;
}

int cp_filter_ports(const struct cp_config *cfg)
{
	if (!pf)
		return 0;
	for (unsigned int i = 0; i < cfg->nrealms; i++) {
		const struct cp_realm *r = &cfg->realms[i];
		int ret;

		if (!r->port_lo)
			continue;
		ret = pf_ports_set(pf, IPPROTO_UDP, r->port_lo, r->port_hi,
				   MS_PF_PORT_MEDIA, (uint16_t)i);
		if (ret)
			return ret;
	}
	return 0;
}

int cp_filter_pinhole_add(__u8 proto, __u16 port, const struct ms_addr *remote,
			  __u16 remote_port)
{
	struct ms_prefix p = { 0 };
	struct pf_prefix pp;

	if (!pf)
		return 0;
	if (!remote)
		return pf_pinhole_add(pf, proto, port, NULL, 0);
	p.addr = *remote;
	p.len = remote->family == AF_INET ? 32 : 128;
	to_pf(&p, &pp);
	return pf_pinhole_add(pf, proto, port, &pp, remote_port);
}

int cp_filter_pinhole_del(__u8 proto, __u16 port)
{
	int ret;

	if (!pf)
		return 0;
	ret = pf_pinhole_del(pf, proto, port);
	return ret == -ENOENT ? 0 : ret;
}

int cp_filter_pinholes_prune(bool (*keep)(__u8 proto, __u16 port))
{
	struct ms_pf_pinhole_key key, next;
	void *prev = NULL;

	if (!pf)
		return 0;
	while (bpf_map_get_next_key(pinholes_fd, prev, &next) == 0) {
		key = next;
		if (!keep(key.proto, key.port)) {
			/* deleted: the walk goes on from the start */
			if (bpf_map_delete_elem(pinholes_fd, &key) && errno != ENOENT)
				return -errno;
			prev = NULL;
			continue;
		}
		prev = &key;
	}
	return 0;
}

int cp_filter_events_map_fd(void)
{
	return pf ? pf_events_fd(pf) : -1;
}

int cp_filter_counters(struct ms_filter_stats *out)
{
	struct pf_counters c;
	int ret;

	if (!pf)
		return -ENOENT;
	ret = pf_counters_read(pf, &c);
	if (ret)
		return ret;
	memset(out, 0, sizeof(*out));
	out->present = MS_BIT(MS_FILTER_A_DROPPED) | MS_BIT(MS_FILTER_A_PASSED) |
		       MS_BIT(MS_FILTER_A_REDIRECTED) | MS_BIT(MS_FILTER_A_DROPS) |
		       MS_BIT(MS_FILTER_A_ACCEPTS) | MS_BIT(MS_FILTER_A_EVENTS) |
		       MS_BIT(MS_FILTER_A_EVENTS_LOST);
	out->dropped = c.stat[MS_PF_STAT_VERDICT(MS_PF_DROP)].packets;
	out->passed = c.stat[MS_PF_STAT_VERDICT(MS_PF_PASS)].packets;
	out->redirected = c.stat[MS_PF_STAT_VERDICT(MS_PF_REDIRECT)].packets;
	/* Reasons that never happened stay off the wire: short replies. */
	for (unsigned int r = 1; r <= MS_DROP_MAX; r++) {
		out->drops.count[r] = c.stat[MS_PF_STAT_DROP(r)].packets;
		if (out->drops.count[r])
			out->drops.present |= MS_BIT(r);
	}
	for (unsigned int a = 1; a <= MS_PF_ACCEPT_MAX; a++) {
		out->accepts.count[a] = c.stat[MS_PF_STAT_ACCEPT(a)].packets;
		if (out->accepts.count[a])
			out->accepts.present |= MS_BIT(a);
	}
	out->events = c.stat[MS_PF_STAT_EVENT_SENT].packets;
	out->events_lost = c.stat[MS_PF_STAT_EVENT_LOST].packets;
	return 0;
}
