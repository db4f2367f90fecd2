/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <bpf/libbpf.h>

#include "config.h"
#include "denylist.h"
#include "dyn_block.h"
#include "events.h"
#include "filter.h"
#include "filter_abi.h"
#include "filter_events.h"
#include "log.h"
#include "nl_msg.h"
#include "prefix.h"

#define NS_PER_S 1000000000ULL

static struct ring_buffer *rb;
static const struct cp_filter_conf *conf;
static struct {
	__u64 scans, dynamic_denies, deny_hits;
} count;

/* Deny-hit events: a token bucket, so a flood of denied sources is one line a tick. */
static struct {
	__u64 refill_ns;
	unsigned int tokens;
	__u64 suppressed;
} hit_events;

static void to_addr(const struct ms_pf_src_key *k, struct ms_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->present = MS_BIT(MS_ADDR_A_FAMILY);
	if (k->family == MS_PF_FAMILY_V4) {
		a->family = AF_INET;
		memcpy(a->in4, k->addr, 4);
		a->present |= MS_BIT(MS_ADDR_A_IN4);
	} else {
		a->family = AF_INET6;
		memcpy(a->in6, k->addr, 16);
		a->present |= MS_BIT(MS_ADDR_A_IN6);
	}
}

static const char *proto_name(__u8 proto)
{
	return proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" : "ip";
}

static void on_scan(const struct ms_pf_event *ev, const struct ms_addr *src, const char *text)
{
	count.scans++;
	cp_event_raise(MS_EVENT_PORT_SCAN, MS_SEV_WARNING, src,
		       "%s probed %u closed ports within %u ms (last %u/%s)", text, ev->count,
		       conf->scan_window_ms, ev->dport, proto_name(ev->proto));
	if (cp_dyn_block(src, text, "a port scan") == 0)
		count.dynamic_denies++;
}

static bool hit_event_allowed(__u64 now_ns)
{
	if (now_ns - hit_events.refill_ns >= NS_PER_S) {
		hit_events.refill_ns = now_ns;
		hit_events.tokens = CP_DENY_HIT_EVENTS_PER_S;
	}
	if (!hit_events.tokens) {
		hit_events.suppressed++;
		return false;
	}
	hit_events.tokens--;
	return true;
}

static void on_deny_hit(const struct ms_pf_event *ev, const struct ms_addr *src,
			const char *text)
{
	count.deny_hits++;
	if (!hit_event_allowed(cp_now_ns()))
		return;
	cp_event_raise(MS_EVENT_DENIED_TRAFFIC, MS_SEV_INFO, src,
		       "denylisted %s sends to %u/%s (%llu such reports not raised before)",
		       text, ev->dport, proto_name(ev->proto),
		       (unsigned long long)hit_events.suppressed);
	hit_events.suppressed = 0;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct ms_pf_event *ev = data;
	char text[CP_PREFIX_TEXT_MAX];
	struct ms_prefix p = { 0 };

	(void)ctx;
	if (len < sizeof(*ev) ||
	    (ev->src.family != MS_PF_FAMILY_V4 && ev->src.family != MS_PF_FAMILY_V6))
		return 0;	/* not ours to crash on: the layout is filter_abi.h's */
	to_addr(&ev->src, &p.addr);
	p.len = p.addr.family == AF_INET ? 32 : 128;
	cp_prefix_format(&p, text, sizeof(text));
	if (ev->kind == MS_PF_EV_PORT_SCAN)
		on_scan(ev, &p.addr, text);
	else if (ev->kind == MS_PF_EV_DENY_HIT)
		on_deny_hit(ev, &p.addr, text);
	return 0;
}

int cp_filter_events_open(const struct cp_filter_conf *c)
{
	int fd = cp_filter_events_map_fd();

	if (fd < 0)
		return -ENOENT;
	conf = c;
	rb = ring_buffer__new(fd, on_event, NULL, NULL);
	if (!rb)
		return -errno;
	return ring_buffer__epoll_fd(rb);
}

void cp_filter_events_process(void)
{
	int ret;

	if (!rb)
		return;
	ret = ring_buffer__consume(rb);
	if (ret < 0)
		cp_log(LOG_WARNING, "XDP filter events: %s", strerror(-ret));
}

void cp_filter_events_close(void)
{
	ring_buffer__free(rb);
	rb = NULL;
}

void cp_filter_events_stats(struct ms_filter_stats *out)
{
	out->present |= MS_BIT(MS_FILTER_A_SCANS) | MS_BIT(MS_FILTER_A_DYNAMIC_DENIES) |
			MS_BIT(MS_FILTER_A_DENY_HITS);
	out->scans = count.scans;
	out->dynamic_denies = count.dynamic_denies;
	out->deny_hits = count.deny_hits;
}
