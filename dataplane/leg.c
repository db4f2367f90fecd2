/* SPDX-License-Identifier: BSD-3-Clause */
/* The leg object: built from the control schema (lib/nl_msg.h). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_malloc.h>

#include "lib/nl_msg.h"
#include "dataplane/srtp/srtp.h"

#include "leg.h"

int dp_endpoint_from(struct dp_endpoint *ep, const struct ms_addr *a)
{
	if (!(a->present & MS_BIT(MS_ADDR_A_PORT)) || a->port == 0)
		return -EINVAL;
	memset(ep, 0, sizeof(*ep));
	ep->family = a->family;
	if (a->family == AF_INET && (a->present & MS_BIT(MS_ADDR_A_IN4)))
		memcpy(ep->addr, a->in4, sizeof(a->in4));
	else if (a->family == AF_INET6 && (a->present & MS_BIT(MS_ADDR_A_IN6)))
		memcpy(ep->addr, a->in6, sizeof(a->in6));
	else
		return -EINVAL;
	ep->port = rte_cpu_to_be_16(a->port);
	return 0;
}

static int endpoint_from(struct dp_endpoint *ep, rte_be16_t *rtcp_port,
			 const struct ms_addr *a, uint32_t leg_flags)
{
	uint16_t rtcp;

	if (dp_endpoint_from(ep, a))
		return -EINVAL;
	/* RFC 5761 mux, an explicit port, or RFC 3550's port + 1. */
	if (leg_flags & MS_LEG_F_RTCP_MUX)
		rtcp = a->port;
	else if (a->present & MS_BIT(MS_ADDR_A_RTCP_PORT))
		rtcp = a->rtcp_port;
	else
		rtcp = a->port + 1;
	if (rtcp == 0)
		return -EINVAL;
	*rtcp_port = rte_cpu_to_be_16(rtcp);
	return 0;
}

static int policy_from(struct dp_srtp_policy *pol, const struct ms_srtp_dir *d)
{
	if (d->nkeys < 1 || d->nkeys > DP_SRTP_MAX_KEYS)
		return -EOPNOTSUPP;
	memset(pol, 0, sizeof(*pol));
	pol->suite = d->suite;
	pol->flags = d->flags;
	pol->replay_window = d->replay_window;
	pol->n_keys = (uint8_t)d->nkeys;
	pol->tx_key = d->tx_key;
	for (int i = 0; i < pol->n_keys; i++) {
		const struct ms_srtp_key *k = &d->keys[i];

		memcpy(pol->keys[i].key, k->key, sizeof(pol->keys[i].key));
		memcpy(pol->keys[i].salt, k->salt, sizeof(pol->keys[i].salt));
		memcpy(pol->keys[i].mki, k->mki, sizeof(pol->keys[i].mki));
		pol->keys[i].mki_len = (uint8_t)k->mki_len;
	}
	return 0;
}

/*
 * *ctx and *keys (a copy of its policy) stay NULL when the leg has no SRTP
 * in this direction, or its keys are pending (then pending_bit goes into
 * leg->keys_pending).
 */
static int ctx_from(struct dp_leg *leg, struct dp_srtp_ctx **ctx, struct dp_srtp_policy **keys,
		    const struct ms_leg *ml, enum ms_leg_attr attr,
		    const struct ms_srtp_dir *d, uint8_t pending_bit)
{
	struct dp_srtp_policy pol;
	int err;

	if (!(ml->present & MS_BIT(attr)))
		return 0;
	if (!(d->present & MS_BIT(MS_SRTP_A_KEYS))) {
		leg->keys_pending |= pending_bit;	/* MS_CMD_KEY_SET comes later */
		return 0;
	}
	err = policy_from(&pol, d);
	if (err == 0) {
		*keys = dp_srtp_policy_dup(&pol);
		*ctx = *keys ? leg->engine->ctx_create(&pol) : NULL;
		err = *ctx ? 0 : -errno;
	}
	explicit_bzero(&pol, sizeof(pol));
	return err;
}

size_t dp_leg_size(uint16_t n_workers)
{
	return sizeof(struct dp_leg) + n_workers * sizeof(struct dp_leg_stats);
}

struct dp_leg *dp_leg_create(const struct ms_leg *ml, uint16_t port,
			     const struct dp_srtp_engine *engine,
			     uint16_t n_workers)
{
	bool has_remote = ml->present & MS_BIT(MS_LEG_A_REMOTE);
	struct dp_leg *leg;
	int err = -EINVAL;

	if (!(ml->present & MS_BIT(MS_LEG_A_LOCAL)) || n_workers == 0 ||
	    ml->mode == MS_MODE_UNSPEC || ml->mode > MS_MODE_MAX ||
	    (!has_remote && !(ml->flags & MS_LEG_F_LATCH))) {
		errno = EINVAL;
		return NULL;
	}
	leg = rte_zmalloc("dp_leg", dp_leg_size(n_workers), RTE_CACHE_LINE_SIZE);
	if (!leg) {
		errno = ENOMEM;
		return NULL;
	}
	leg->id = ml->id;
	leg->session_id = ml->session_id;
	leg->side = ml->side;
	leg->peer_id = ml->peer_id;
	leg->mode = ml->mode;
	leg->flags = ml->flags;
	leg->port = port;
	leg->engine = engine;
	leg->n_workers = n_workers;
	leg->key_pos[0] = leg->key_pos[1] = -1;
	if (endpoint_from(&leg->local, &leg->local_rtcp_port, &ml->local, ml->flags))
		goto err;
	if (has_remote) {
		if (endpoint_from(&leg->remote, &leg->remote_rtcp_port,
				  &ml->remote, ml->flags) ||
		    leg->remote.family != leg->local.family)
			goto err;
		leg->remote_known = 1;
	}
	err = ctx_from(leg, &leg->srtp_in, &leg->keys[0], ml, MS_LEG_A_SRTP_IN, &ml->in,
		       DP_LEG_PENDING_IN);
	if (err)
		goto err;
	err = ctx_from(leg, &leg->srtp_out, &leg->keys[1], ml, MS_LEG_A_SRTP_OUT, &ml->out,
		       DP_LEG_PENDING_OUT);
	if (err)
		goto err;
	leg->suite[0] = ml->present & MS_BIT(MS_LEG_A_SRTP_IN) ? ml->in.suite : 0;
	leg->suite[1] = ml->present & MS_BIT(MS_LEG_A_SRTP_OUT) ? ml->out.suite : 0;
	return leg;
err:
	dp_leg_free(leg);
	errno = -err;
	return NULL;
}

void dp_leg_free(struct dp_leg *leg)
{
	if (!leg)
		return;
	if (!(leg->ctx_given & DP_LEG_GAVE_IN)) {
		leg->engine->ctx_free(leg->srtp_in);
		dp_srtp_policy_free(leg->keys[0]);
	}
	if (!(leg->ctx_given & DP_LEG_GAVE_OUT)) {
		leg->engine->ctx_free(leg->srtp_out);
		dp_srtp_policy_free(leg->keys[1]);
	}
	rte_free(leg);
}

void dp_leg_counters_read(const struct dp_leg *leg, struct ms_counters *c)
{
	memset(c, 0, sizeof(*c));
	c->present = MS_BIT(MS_COUNTERS_A_RX_PACKETS) | MS_BIT(MS_COUNTERS_A_RX_BYTES) |
		     MS_BIT(MS_COUNTERS_A_TX_PACKETS) | MS_BIT(MS_COUNTERS_A_TX_BYTES) |
		     MS_BIT(MS_COUNTERS_A_DROPS);
	for (uint16_t w = 0; w < leg->n_workers; w++) {
		const struct dp_leg_stats *s = &leg->stats[w];

		c->rx_packets += s->rx_packets;
		c->rx_bytes += s->rx_bytes;
		c->tx_packets += s->tx_packets;
		c->tx_bytes += s->tx_bytes;
		for (int r = 0; r < DP_LEG_DROPS; r++)
			c->drops.count[DP_LEG_DROP_FIRST + r] += s->drops[r];
	}
	for (int r = DP_LEG_DROP_FIRST; r < __MS_DROP_MAX; r++)
		if (c->drops.count[r])
			c->drops.present |= MS_BIT(r);
}
