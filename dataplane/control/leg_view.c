/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A leg as the schema shows it, for replies and as the base of LEG_SET;
 * with its master keys only for the daemon that asks (MS_GET_F_KEYS).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dataplane/leg.h"
#include "dataplane/srtp/srtp.h"
#include "lib/suite.h"
#include "internal.h"

void ctl_addr_view(const struct dp_endpoint *ep, uint16_t rtcp_port, struct ms_addr *a)
{
	uint16_t port = rte_be_to_cpu_16(ep->port);

	memset(a, 0, sizeof(*a));
	a->family = ep->family;
	a->port = port;
	a->present = MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_PORT);
	if (ep->family == AF_INET) {
		memcpy(a->in4, ep->addr, sizeof(a->in4));
		a->present |= MS_BIT(MS_ADDR_A_IN4);
	} else {
		memcpy(a->in6, ep->addr, sizeof(a->in6));
		a->present |= MS_BIT(MS_ADDR_A_IN6);
	}
	/* RFC 3550's port + 1 and rtcp-mux go without saying */
	if (rtcp_port && rtcp_port != port && rtcp_port != (uint16_t)(port + 1)) {
		a->rtcp_port = rtcp_port;
		a->present |= MS_BIT(MS_ADDR_A_RTCP_PORT);
	}
}

void ctl_leg_view(const struct dp_leg *leg, struct ms_leg *ml, bool counters)
{
	struct ms_srtp_dir *dirs[2] = { &ml->in, &ml->out };
	static const int attrs[2] = { MS_LEG_A_SRTP_IN, MS_LEG_A_SRTP_OUT };

	memset(ml, 0, sizeof(*ml));
	/* ids are 1.. on the wire: 0 is "none" here */
	ml->present = MS_BIT(MS_LEG_A_ID) | MS_BIT(MS_LEG_A_MODE) | MS_BIT(MS_LEG_A_FLAGS) |
		      MS_BIT(MS_LEG_A_LOCAL) |
		      (leg->session_id ? MS_BIT(MS_LEG_A_SESSION_ID) : 0) |
		      (leg->peer_id ? MS_BIT(MS_LEG_A_PEER_ID) : 0);
	ml->id = leg->id;
	ml->session_id = leg->session_id;
	ml->peer_id = leg->peer_id;
	ml->mode = leg->mode;
	ml->flags = leg->flags;
	if (leg->side) {
		ml->side = leg->side;
		ml->present |= MS_BIT(MS_LEG_A_SIDE);
	}
	ctl_addr_view(&leg->local, rte_be_to_cpu_16(leg->local_rtcp_port), &ml->local);
	/* a latched remote too: the worker published it before the flag */
	if (dp_leg_remote_known(leg)) {
		ctl_addr_view(&leg->remote, rte_be_to_cpu_16(leg->remote_rtcp_port),
			      &ml->remote);
		ml->present |= MS_BIT(MS_LEG_A_REMOTE);
	}
	for (int i = 0; i < 2; i++) {
		if (!leg->suite[i])
			continue;
		ml->present |= MS_BIT(attrs[i]);
		dirs[i]->present = MS_BIT(MS_SRTP_A_SUITE);
		dirs[i]->suite = leg->suite[i];
	}
	if (counters) {
		dp_leg_counters_read(leg, &ml->counters);
		ml->present |= MS_BIT(MS_LEG_A_COUNTERS);
	}
}

const char *ctl_endpoint_text(const struct dp_endpoint *ep, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?";

	inet_ntop(ep->family, ep->addr, a, sizeof(a));
	snprintf(buf, len, ep->family == AF_INET6 ? "[%s]:%u" : "%s:%u", a,
		 rte_be_to_cpu_16(ep->port));
	return buf;
}

/* The master keys leg was given, in ml's SRTP directions, as LEG_NEW had them. */
static void keys_view(const struct dp_leg *leg, struct ms_leg *ml)
{
	struct ms_srtp_dir *dirs[2] = { &ml->in, &ml->out };

	for (int i = 0; i < 2; i++) {
		const struct dp_srtp_policy *pol = leg->keys[i];
		const struct ms_suite_info *si = pol ? ms_suite_info_get(pol->suite) : NULL;
		struct ms_srtp_dir *d = dirs[i];

		if (!si)
			continue;
		d->present |= MS_BIT(MS_SRTP_A_KEYS) |
			      (pol->n_keys > 1 ? MS_BIT(MS_SRTP_A_TX_KEY) : 0) |
			      (pol->replay_window ? MS_BIT(MS_SRTP_A_REPLAY_WINDOW) : 0) |
			      (pol->flags ? MS_BIT(MS_SRTP_A_FLAGS) : 0);
		d->nkeys = pol->n_keys;
		d->tx_key = pol->tx_key;
		d->replay_window = pol->replay_window;
		d->flags = pol->flags;
		for (int k = 0; k < pol->n_keys; k++) {
			const struct dp_srtp_master_key *mk = &pol->keys[k];
			struct ms_srtp_key *out = &d->keys[k];

			out->present = MS_BIT(MS_KEY_A_MASTER_KEY) | MS_BIT(MS_KEY_A_MASTER_SALT) |
				       (mk->mki_len ? MS_BIT(MS_KEY_A_MKI) : 0);
			memcpy(out->key, mk->key, si->key_len);
			out->key_len = si->key_len;
			memcpy(out->salt, mk->salt, si->salt_len);
			out->salt_len = si->salt_len;
			memcpy(out->mki, mk->mki, mk->mki_len);
			out->mki_len = mk->mki_len;
		}
	}
}

struct ms_msg *ctl_leg_msg(struct dp_ctl *ctl, const struct dp_leg *leg, bool keys)
{
	struct ms_msg *m = &ctl->out;

	m->present = MS_BIT(MS_ATTR_LEG);
	ctl_leg_view(leg, &m->leg, true);
	if (keys)
		keys_view(leg, &m->leg);
	return m;
}

int ctl_keys_wanted(const struct ms_nl_request *r, bool *keys, char *err, size_t errlen)
{
	*keys = (r->m->present & MS_BIT(MS_ATTR_GET_FLAGS)) && (r->m->get_flags & MS_GET_F_KEYS);
	/* Admin here is root or the configured daemon uid (ctl.c's role()),
	 * whatever the minimum role of LEG_GET. */
	if (*keys && r->who.role != MS_ROLE_ADMIN)
		return ctl_err(err, errlen, -EPERM,
			       "MS_ATTR_GET_FLAGS: keys only for root or the daemon uid, not uid %u",
			       (unsigned int)r->who.uid);
	return 0;
}
