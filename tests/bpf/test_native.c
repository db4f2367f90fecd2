// SPDX-License-Identifier: BSD-3-Clause
/*
 * Packet filter tests, second build: filter_core.h compiled natively with
 * its pf_env_*() look-ups on plain C tables, the way a dataplane without
 * BPF maps provides them. The same case table and truncations as the XDP
 * test must give the same verdicts, reasons, counters and events: this is
 * the differential test of the one decision core (the third build,
 * librte_bpf's, is bpf-filter-rte: test_rte.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "filter_abi.h"
#include "pf_loader.h"	/* pf_prefix_parse() only */

/* ---- the tables behind the environment ---- */

#define SOURCES_MAX	64
#define PREFIXES_MAX	16

struct prefix_entry {
	struct ms_pf_src_key net;	/* family + masked address */
	unsigned int len;
	struct ms_pf_deny_val deny;
};

struct src_entry {
	struct ms_pf_src_key key;
	union {
		struct ms_pf_rate_val rate;
		struct ms_pf_scan_val scan;
	};
};

static struct {
	struct prefix_entry allow[PREFIXES_MAX], deny[PREFIXES_MAX];
	unsigned int n_allow, n_deny;
	struct ms_pf_port_val ports[65536];
	struct {
		struct ms_pf_pinhole_key key;
		struct ms_pf_pinhole_val val;
	} pinholes[PREFIXES_MAX];
	unsigned int n_pinholes;
	struct src_entry rate[SOURCES_MAX], scan[SOURCES_MAX];
	struct ms_pf_config config;
	struct ms_pf_counter stats[MS_PF_STAT_MAX];
	unsigned int events[__MS_PF_EV_MAX];
	int xsk;
} t;

static int in_prefix(const struct prefix_entry *e, const struct ms_pf_src_key *src)
{
	unsigned int i, bits;

	if (e->net.family != src->family)
		return 0;
	for (i = 0; i < 16; i++) {
		bits = e->len > i * 8 ? e->len - i * 8 : 0;
		if (bits >= 8 ? e->net.addr[i] != src->addr[i] :
		    (e->net.addr[i] ^ src->addr[i]) & (uint8_t)(0xff00 >> bits))
			return 0;
	}
	return 1;
}

/* Longest-prefix match, as the LPM tries of the XDP build. */
static struct prefix_entry *lpm(struct prefix_entry *tab, unsigned int n,
				const struct ms_pf_src_key *src)
{
	struct prefix_entry *best = NULL;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (in_prefix(&tab[i], src) && (!best || tab[i].len > best->len))
			best = &tab[i];
	return best;
}

/* Find or create, as the LRU maps of the XDP build (never full here). */
static struct src_entry *src_state(struct src_entry *tab, const struct ms_pf_src_key *src)
{
	unsigned int i;

	for (i = 0; i < SOURCES_MAX; i++) {
		if (!memcmp(&tab[i].key, src, sizeof(*src)))
			return &tab[i];
		if (!tab[i].key.family) {
			tab[i].key = *src;
			return &tab[i];
		}
	}
	return NULL;
}

/* ---- the environment filter_core.h expects ---- */

/* Always looked up: the answer the XDP build's MS_PF_F_ALLOWLIST shortcut
 * must give too. */
PF_INLINE int pf_env_allowed(const struct ms_pf_src_key *src,
			     const struct ms_pf_config *cfg)
{
	(void)cfg;
	return lpm(t.allow, t.n_allow, src) != NULL;
}

PF_INLINE struct ms_pf_deny_val *pf_env_deny(const struct ms_pf_src_key *src)
{
	struct prefix_entry *e = lpm(t.deny, t.n_deny, src);

	return e ? &e->deny : NULL;
}

PF_INLINE const struct ms_pf_port_val *pf_env_port(__u16 port)
{
	return &t.ports[port];
}

PF_INLINE const struct ms_pf_pinhole_val *pf_env_pinhole(__u8 proto, __u16 port)
{
	unsigned int i;

	for (i = 0; i < t.n_pinholes; i++)
		if (t.pinholes[i].key.port == port && t.pinholes[i].key.proto == proto)
			return &t.pinholes[i].val;
	return NULL;
}

PF_INLINE struct ms_pf_rate_val *pf_env_rate(const struct ms_pf_src_key *src)
{
	struct src_entry *e = src_state(t.rate, src);

	return e ? &e->rate : NULL;
}

PF_INLINE struct ms_pf_scan_val *pf_env_scan(const struct ms_pf_src_key *src)
{
	struct src_entry *e = src_state(t.scan, src);

	return e ? &e->scan : NULL;
}

PF_INLINE const struct ms_pf_config *pf_env_config(void)
{
	return &t.config;
}

PF_INLINE __u64 pf_env_now(void)
{
	return pf_now_ns();
}

PF_INLINE __u64 pf_env_now_coarse(void)
{
	return pf_now_ns();
}

PF_INLINE void pf_env_count(__u32 stat, __u32 bytes)
{
	if (stat < MS_PF_STAT_MAX) {
		t.stats[stat].packets++;
		t.stats[stat].bytes += bytes;
	}
}

PF_INLINE int pf_env_event(const struct ms_pf_event *ev)
{
	if (ev->kind >= __MS_PF_EV_MAX)
		return -1;
	t.events[ev->kind]++;
	return 0;
}

PF_INLINE int pf_env_redirect(__u32 rx_queue)
{
	return rx_queue == 0 && t.xsk ? 0 : -1;
}

#include "filter_core.h"
#include "runner.h"

/* ---- the backend ---- */

static int native_configure(void *ctx, const struct ms_pf_config *cfg, int xsk)
{
	(void)ctx;
	t.config = *cfg;
	t.xsk = xsk;
	return 0;
}

static int native_counters(void *ctx, struct ms_pf_counter stat[MS_PF_STAT_MAX])
{
	(void)ctx;
	memcpy(stat, t.stats, sizeof(t.stats));
	return 0;
}

static int native_run(void *ctx, const uint8_t *frame, size_t len,
		      unsigned int repeat, int *verdict)
{
	/* Exactly @len bytes on the heap, so ASan catches any read past the
	 * frame; two bytes in, as NET_IP_ALIGN, so the IP header is 4-byte
	 * aligned as the struct accesses of the core assume (UBSan checks). */
	uint8_t *buf = malloc(len + 2), *copy;
	unsigned int i;

	(void)ctx;
	if (!buf)
		return -ENOMEM;
	copy = buf + 2;
	memcpy(copy, frame, len);
	for (i = 0; i < repeat; i++)
		*verdict = pf_run(copy, copy + len, len, 0);
	free(buf);
	return 0;
}

static void native_events(void *ctx, unsigned int count[__MS_PF_EV_MAX])
{
	unsigned int k;

	(void)ctx;
	for (k = 0; k < __MS_PF_EV_MAX; k++)
		count[k] += t.events[k];
	memset(t.events, 0, sizeof(t.events));
}

/* ---- the shared policy, into the tables ---- */

static int add_prefix(struct prefix_entry *tab, unsigned int *n, const char *text)
{
	struct pf_prefix p;
	struct prefix_entry *e;
	unsigned int i;
	int err = pf_prefix_parse(&p, text);

	if (err)
		return err;
	if (*n == PREFIXES_MAX)
		return -ENOSPC;
	e = &tab[(*n)++];
	memset(e, 0, sizeof(*e));
	e->net.family = p.family == AF_INET ? MS_PF_FAMILY_V4 : MS_PF_FAMILY_V6;
	e->len = p.len;
	for (i = 0; i < 16; i++) {
		unsigned int bits = p.len > i * 8 ? p.len - i * 8 : 0;

		e->net.addr[i] = p.addr[i] & (bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits));
	}
	return 0;
}

static int install_policy(void)
{
	uint64_t now = pf_now_ns();
	size_t i;
	unsigned int port;
	int err = 0;

	for (i = 0; i < policy_ports_n; i++) {
		const struct policy_ports *pp = &policy_ports[i];

		for (port = pp->lo; port <= pp->hi; port++) {
			if (pp->proto == IPPROTO_UDP)
				t.ports[port].udp = pp->cls;
			else
				t.ports[port].tcp = pp->cls;
			t.ports[port].realm = pp->realm;
		}
	}
	for (i = 0; i < policy_deny_n && !err; i++) {
		int x = policy_deny[i].expiry;

		err = add_prefix(t.deny, &t.n_deny, policy_deny[i].prefix);
		if (!err)
			t.deny[t.n_deny - 1].deny.expires_ns =
				x < 0 ? now - CASE_EXPIRED_AGO : x > 0 ? now + 60 * NS_PER_S : 0;
	}
	for (i = 0; i < policy_allow_n && !err; i++)
		err = add_prefix(t.allow, &t.n_allow, policy_allow[i]);
	for (i = 0; i < policy_pinholes_n && !err; i++) {
		const struct policy_pinhole *ph = &policy_pinholes[i];
		struct ms_pf_pinhole_val *v = &t.pinholes[t.n_pinholes].val;
		struct prefix_entry net;
		unsigned int n = 0;

		t.pinholes[t.n_pinholes].key.port = ph->port;
		t.pinholes[t.n_pinholes].key.proto = ph->proto;
		v->remote_port = ph->remote_port;
		if (ph->remote) {
			err = add_prefix(&net, &n, ph->remote);
			memcpy(v->addr, net.net.addr, sizeof(v->addr));
			v->family = net.net.family;
			v->prefixlen = net.len;
			v->flags = MS_PF_PINHOLE_F_LATCHED;
		}
		t.n_pinholes++;
	}
	return err;
}

int main(void)
{
	struct backend be = {
		.configure = native_configure,
		.counters = native_counters,
		.run = native_run,
		.events = native_events,
	};
	struct runner r = { .be = &be };
	int err = install_policy();

	if (err) {
		printf("FAIL: policy setup: %s\n", strerror(-err));
		return 1;
	}
	printf("# filter_core.h built natively, tables in C\n");
	run_cases(&r);
	run_truncations(&r);
	return runner_done(&r);
}
