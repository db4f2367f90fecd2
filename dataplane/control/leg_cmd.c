/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MS_CMD_LEG_NEW, _SET (and KEY_SET), _DEL and a single _GET: legs built
 * from the request, lent a port and a next hop by the program, published
 * in the leg table. Errors name the attribute and the object.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/leg.h"
#include "dataplane/leg_table.h"
#include "dataplane/srtp/srtp.h"
#include "lib/nl_schema.h"

#include "internal.h"

static const char *const dir_names[2] = { "MS_LEG_A_SRTP_IN", "MS_LEG_A_SRTP_OUT" };
static const int dir_attrs[2] = { MS_LEG_A_SRTP_IN, MS_LEG_A_SRTP_OUT };

/* What dp_leg_create() would refuse, said clearly. */
static int check(const struct ms_leg *ml, char *err, size_t errlen)
{
	const struct ms_srtp_dir *dirs[2] = { &ml->in, &ml->out };
	bool remote = ml->present & MS_BIT(MS_LEG_A_REMOTE);

	if (!remote && !(ml->flags & MS_LEG_F_LATCH))
		return ms_nl_err_set(err, errlen,
				     "MS_LEG_A_REMOTE: missing, and MS_LEG_F_LATCH not set");
	if (remote && ml->remote.family != ml->local.family)
		return ms_nl_err_set(err, errlen,
				     "MS_LEG_A_REMOTE: family %u differs from MS_LEG_A_LOCAL's %u",
				     ml->remote.family, ml->local.family);
	for (int i = 0; i < 2; i++) {
		if (!(ml->present & MS_BIT(dir_attrs[i])))
			continue;
		/* without keys: pending (DTLS-SRTP), dp_leg_create() takes it */
		if (dirs[i]->nkeys > DP_SRTP_MAX_KEYS) {
			snprintf(err, errlen, "%s: %u keys, mediasec-dp takes at most %d",
				 dir_names[i], dirs[i]->nkeys, DP_SRTP_MAX_KEYS);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

/*
 * A leg from ml on the port that owns its local address, with a next hop:
 * the one latched_by learned from its latching frame when it replaces a
 * latched leg and keeps its remote, else what the program attaches.
 */
static int build(struct dp_ctl *ctl, const struct ms_leg *ml, uint32_t id,
		 const struct dp_leg *latched_by, struct dp_leg **out,
		 char *err, size_t errlen)
{
	const struct dp_ctl_ops *ops = ctl->conf.ops;
	char ep[64];
	struct dp_leg *leg;
	int ret = check(ml, err, errlen);

	if (ret)
		return ret;
	leg = dp_leg_create(ml, 0, ctl->conf.engine, ctl->conf.n_workers);
	if (!leg)
		return ctl_err(err, errlen, errno ? -errno : -EINVAL, "MS_ATTR_LEG: leg %u: %s",
			       id, strerror(errno ? errno : EINVAL));
	leg->id = id;
	ret = ops->port_of(ctl->conf.app, &leg->local);
	if (ret < 0) {
		ctl_err(err, errlen, ret, "MS_LEG_A_LOCAL: %s is not an address of this gateway",
			ctl_endpoint_text(&leg->local, ep, sizeof(ep)));
		goto err;
	}
	leg->port = (uint16_t)ret;
	if (latched_by) {
		dp_nh_set(&leg->own_nh, dp_leg_nh_mac(latched_by));
		dp_leg_set_nh(leg, &leg->own_nh);
		*out = leg;
		return 0;
	}
	ret = ops->leg_attach(ctl->conf.app, leg);
	if (ret) {
		ctl_err(err, errlen, ret, "MS_ATTR_LEG: leg %u: no next hop: %s", id,
			strerror(-ret));
		goto err;
	}
	*out = leg;
	return 0;
err:
	dp_leg_free(leg);
	return ret;
}

/* Why the table refused leg: the id, its address, or room. */
static int refused(struct dp_ctl *ctl, const struct dp_leg *leg, int ret,
		   char *err, size_t errlen)
{
	const struct dp_endpoint *keys[2] = { &leg->local, NULL };
	struct dp_endpoint rtcp = leg->local;
	struct dp_leg *owner[2] = { NULL, NULL };
	char ep[64];

	if (ret == -ENOSPC)
		return ctl_err(err, errlen, ret, "MS_ATTR_LEG: the leg table is full (%u legs)",
			       dp_leg_table_count(ctl->conf.legs));
	if (ret != -EEXIST)
		return ctl_err(err, errlen, ret, "MS_ATTR_LEG: leg %u: %s", leg->id,
			       strerror(-ret));
	rtcp.port = leg->local_rtcp_port;
	keys[1] = &rtcp;
	dp_leg_table_lookup_burst(ctl->conf.legs, keys, 2, owner);
	for (int k = 0; k < 2; k++)
		if (owner[k] && owner[k]->id != leg->id) {
			snprintf(err, errlen, "MS_LEG_A_LOCAL: %s is in use by leg %u",
				 ctl_endpoint_text(keys[k], ep, sizeof(ep)), owner[k]->id);
			return ret;
		}
	snprintf(err, errlen, "MS_LEG_A_ID: leg %u exists", leg->id);
	return ret;
}

static uint32_t free_id(struct dp_ctl *ctl)
{
	while (ctl->next_id == 0 || dp_leg_table_find(ctl->conf.legs, ctl->next_id))
		ctl->next_id++;
	return ctl->next_id++;
}

int ctl_leg_new(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	const struct ms_leg *ml = &r->m->leg;
	uint32_t id = ml->present & MS_BIT(MS_LEG_A_ID) ? ml->id : free_id(ctl);
	struct dp_leg *leg;
	int ret;

	snprintf(r->object, sizeof(r->object), "leg %u", id);
	if (dp_leg_table_find(ctl->conf.legs, id))
		return ctl_err(err, errlen, -EEXIST, "MS_LEG_A_ID: leg %u exists", id);
	ret = build(ctl, ml, id, NULL, &leg, err, errlen);
	if (ret)
		return ret;
	ret = dp_leg_table_add(ctl->conf.legs, leg);
	if (ret) {
		refused(ctl, leg, ret, err, errlen);
		ctl->conf.ops->leg_detach(ctl->conf.app, leg);
		dp_leg_free(leg);
		return ret;
	}
	if (!(r->nlh->nlmsg_flags & NLM_F_ECHO))
		return 0;
	return ms_nl_reply_msg(r, ctl_leg_msg(ctl, leg, false), 0) ?: MS_NL_REPLIED;
}

/*
 * The live leg's configuration with the request's attributes over it. SRTP
 * directions the request leaves out keep their contexts (and ROC, replay
 * state): the new leg shares them and the old one gives them up; or they
 * stay pending (the view's suite without keys).
 */
int ctl_leg_set(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	const struct ms_leg *req = &r->m->leg;
	struct dp_leg *old = dp_leg_table_find(ctl->conf.legs, req->id);
	const struct dp_leg *latched = NULL;
	struct dp_leg *leg = NULL;
	struct ms_leg ml;
	uint8_t keep = 0;
	int ret;

	snprintf(r->object, sizeof(r->object), "leg %u", req->id);
	if (!old)
		return ctl_err(err, errlen, -ENOENT, "MS_LEG_A_ID: no leg %u", req->id);
	ctl_leg_view(old, &ml, false);
	if (!(old->keys_pending & DP_LEG_PENDING_IN))
		ml.present &= ~MS_BIT(MS_LEG_A_SRTP_IN);
	if (!(old->keys_pending & DP_LEG_PENDING_OUT))
		ml.present &= ~MS_BIT(MS_LEG_A_SRTP_OUT);
	ml.present |= req->present;
	if (req->present & MS_BIT(MS_LEG_A_PEER_ID))
		ml.peer_id = req->peer_id;
	if (req->present & MS_BIT(MS_LEG_A_SIDE))
		ml.side = req->side;
	if (req->present & MS_BIT(MS_LEG_A_MODE))
		ml.mode = req->mode;
	if (req->present & MS_BIT(MS_LEG_A_FLAGS))
		ml.flags = req->flags;
	if (req->present & MS_BIT(MS_LEG_A_LOCAL))
		ml.local = req->local;
	if (req->present & MS_BIT(MS_LEG_A_REMOTE))
		ml.remote = req->remote;
	else if (dp_leg_remote_known(old) && __atomic_load_n(&old->nh, __ATOMIC_ACQUIRE) == &old->own_nh)
		latched = old;
	if (req->present & MS_BIT(MS_LEG_A_SRTP_IN))
		ml.in = req->in;
	else if (old->srtp_in)
		keep |= DP_LEG_GAVE_IN;
	if (req->present & MS_BIT(MS_LEG_A_SRTP_OUT))
		ml.out = req->out;
	else if (old->srtp_out)
		keep |= DP_LEG_GAVE_OUT;
	ret = build(ctl, &ml, old->id, latched, &leg, err, errlen);
	explicit_bzero(&ml, sizeof(ml));	/* keys */
	if (ret)
		return ret;
	if (keep & DP_LEG_GAVE_IN) {
		leg->srtp_in = old->srtp_in;
		leg->keys[0] = old->keys[0];
		leg->suite[0] = old->suite[0];
	}
	if (keep & DP_LEG_GAVE_OUT) {
		leg->srtp_out = old->srtp_out;
		leg->keys[1] = old->keys[1];
		leg->suite[1] = old->suite[1];
	}
	/* Before the swap: the old leg may be freed within it. */
	old->ctx_given = keep;
	ret = dp_leg_table_replace(ctl->conf.legs, leg);
	if (ret) {
		old->ctx_given = 0;
		refused(ctl, leg, ret, err, errlen);
		ctl->conf.ops->leg_detach(ctl->conf.app, leg);
		leg->ctx_given = keep;
		dp_leg_free(leg);
		return ret;
	}
	ctl->conf.ops->leg_detach(ctl->conf.app, old);
	return 0;
}

int ctl_leg_del(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	uint32_t id = r->m->leg.id;
	struct dp_leg *leg = dp_leg_table_find(ctl->conf.legs, id);

	snprintf(r->object, sizeof(r->object), "leg %u", id);
	if (!leg)
		return ctl_err(err, errlen, -ENOENT, "MS_LEG_A_ID: no leg %u", id);
	dp_leg_table_del(ctl->conf.legs, id);
	/* its free waits for the workers' grace period */
	ctl->conf.ops->leg_detach(ctl->conf.app, leg);
	return 0;
}

int ctl_leg_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	const struct dp_leg *leg;
	bool keys;
	int ret;

	if ((r->nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return ctl_leg_dump(r, err, errlen);
	ret = ctl_keys_wanted(r, &keys, err, errlen);
	if (ret)
		return ret;
	leg = dp_leg_table_find(ctl->conf.legs, r->m->leg.id);
	if (!leg)
		return ctl_err(err, errlen, -ENOENT, "MS_LEG_A_ID: no leg %u", r->m->leg.id);
	ret = ms_nl_reply_msg(r, ctl_leg_msg(ctl, leg, keys), 0);
	ms_nl_msg_clear(&ctl->out);
	return ret ?: MS_NL_REPLIED;
}
