/* SPDX-License-Identifier: BSD-3-Clause */
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

#include "dp_link.h"
#include "filter.h"
#include "log.h"
#include "nl_msg.h"
#include "pinholes.h"
#include "session_store.h"

#define B MS_BIT

/* Legs per local UDP port (legs are UDP). */
static __u32 refs[65536];
static bool synced, dp_was_up;

/* The leg's two ports, local and remote; 0 where there is none. */
struct ports {
	__u16 local[2];
	__u16 remote[2];
};

static void ports_of(const struct ms_leg *leg, struct ports *p)
{
	const struct ms_addr *l = &leg->local, *r = &leg->remote;
	bool mux = leg->flags & MS_LEG_F_RTCP_MUX;

	memset(p, 0, sizeof(*p));
	if (!(leg->present & B(MS_LEG_A_LOCAL)) || !l->port)
		return;
	p->local[0] = l->port;
	if (!mux)
		p->local[1] = (l->present & B(MS_ADDR_A_RTCP_PORT)) ? l->rtcp_port :
			      l->port < 65535 ? l->port + 1 : 0;
	if (!(leg->present & B(MS_LEG_A_REMOTE)))
		return;
	p->remote[0] = r->port;
	if (!mux)
		p->remote[1] = (r->present & B(MS_ADDR_A_RTCP_PORT)) ? r->rtcp_port :
			       r->port && r->port < 65535 ? r->port + 1 : 0;
}

/* The remote a pinhole may check, or NULL for any source. */
static const struct ms_addr *remote_of(const struct ms_leg *leg)
{
	const struct ms_addr *r = &leg->remote;

	if (!(leg->present & B(MS_LEG_A_REMOTE)) || (leg->flags & MS_LEG_F_LATCH))
		return NULL;
	if (!(r->present & (B(MS_ADDR_A_IN4) | B(MS_ADDR_A_IN6))))
		return NULL;
	return r;
}

static void open_port(__u16 port, const struct ms_addr *remote, __u16 remote_port)
{
	int ret;

	if (!port)
		return;
	/* a second leg on the port: one pinhole for both, any source */
	if (++refs[port] > 1)
		remote = NULL, remote_port = 0;
	ret = cp_filter_pinhole_add(IPPROTO_UDP, port, remote, remote_port);
	if (ret)
		cp_log(LOG_WARNING, "XDP filter: pinhole for port %u: %s", port, strerror(-ret));
}

static void close_port(__u16 port)
{
	int ret;

	if (!port || !refs[port] || --refs[port])
		return;
	ret = cp_filter_pinhole_del(IPPROTO_UDP, port);
	if (ret)
		cp_log(LOG_WARNING, "XDP filter: pinhole for port %u: %s", port, strerror(-ret));
}

void cp_pinholes_leg_add(const struct ms_leg *leg)
{
	const struct ms_addr *remote = remote_of(leg);
	struct ports p;

	ports_of(leg, &p);
	for (int i = 0; i < 2; i++)
		open_port(p.local[i], remote, remote ? p.remote[i] : 0);
}

void cp_pinholes_leg_del(const struct ms_leg *leg)
{
	struct ports p;

	ports_of(leg, &p);
	for (int i = 0; i < 2; i++)
		close_port(p.local[i]);
}

static bool in_use(__u8 proto, __u16 port)
{
	return proto == IPPROTO_UDP && refs[port];
}

static void rebuild(struct cp_store *st)
{
	unsigned int n = cp_leg_count(st);
	int ret;

	memset(refs, 0, sizeof(refs));
	for (unsigned int i = 0; i < n; i++)
		cp_pinholes_leg_add(&cp_leg_at(st, i)->leg);
	ret = cp_filter_pinholes_prune(in_use);
	if (ret)
		cp_log(LOG_WARNING, "XDP filter: pinholes of gone legs: %s", strerror(-ret));
	else if (n)
		cp_log(LOG_INFO, "XDP filter: pinholes of %u legs in place", n);
}

void cp_pinholes_tick(struct cp_store *st)
{
	bool up = cp_dp_connected();

	if (cp_filter_active() && (!synced || (up && !dp_was_up)))
		rebuild(st);
	synced = true;
	dp_was_up = up;
}
