/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/netlink.h>
#include <openssl/crypto.h>

#include "cmd_session.h"
#include "cmd_stats.h"
#include "deny_policy.h"
#include "dp_link.h"
#include "events.h"
#include "filter.h"
#include "filter_events.h"
#include "leg_policy.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "nl_schema.h"
#include "pinholes.h"
#include "session_store.h"

#define B MS_BIT

/* Sessions per dump request: each carries up to 8 legs. */
#define DUMP_BATCH 32

static struct cp_store *store;
static const struct cp_config *config;	/* main's, updated in place on reload */
static struct ms_policy policy;
static __u32 next_session_id = 1, next_leg_id = 1;

int cp_sessions_init(const struct cp_config *cfg, unsigned int max_sessions,
		     unsigned int max_legs, char *err, size_t errlen)
{
	store = cp_store_create(max_sessions, max_legs);
	if (!store) {
		int ret = -errno;

		snprintf(err, errlen, "session store for %u legs: %s%s", max_legs,
			 strerror(-ret), ret == -EPERM || ret == -ENOMEM ?
			 " (mlock: raise RLIMIT_MEMLOCK, LimitMEMLOCK=)" : "");
		return ret;
	}
	cp_policy_init(&policy, cfg);
	config = cfg;
	return 0;
}

void cp_sessions_fini(void)
{
	cp_store_destroy(store);
	store = NULL;
	OPENSSL_cleanse(&policy, sizeof(policy));
}

void cp_sessions_policy_reload(const struct cp_config *cfg)
{
	struct ms_policy fresh;

	cp_policy_init(&fresh, cfg);
	policy.mode_untrusted = fresh.mode_untrusted;
	policy.mode_trusted = fresh.mode_trusted;
}

struct cp_store *cp_sessions_store(void)
{
	return store;
}

static bool wants_echo(const struct ms_nl_request *r)
{
	return r->m->nl_flags & NLM_F_ECHO;
}

/* A leg as replies show it: never its keys. */
static void leg_public(struct ms_leg *out, const struct ms_leg *leg)
{
	*out = *leg;
	ms_nl_srtp_dir_clear(&out->in);
	ms_nl_srtp_dir_clear(&out->out);
	out->in = (struct ms_srtp_dir){ .present = leg->in.present & ~B(MS_SRTP_A_KEYS),
					.suite = leg->in.suite, .tx_key = leg->in.tx_key,
					.replay_window = leg->in.replay_window,
					.flags = leg->in.flags };
	out->out = (struct ms_srtp_dir){ .present = leg->out.present & ~B(MS_SRTP_A_KEYS),
					 .suite = leg->out.suite, .tx_key = leg->out.tx_key,
					 .replay_window = leg->out.replay_window,
					 .flags = leg->out.flags };
	out->present |= B(MS_LEG_A_ID) | B(MS_LEG_A_SESSION_ID);
}

static void session_public(struct ms_session *out, const struct cp_session_entry *e)
{
	memset(out, 0, sizeof(*out));
	out->present = B(MS_SESSION_A_ID) | B(MS_SESSION_A_LABEL);
	out->id = e->id;
	memcpy(out->label, e->label, sizeof(out->label));
	if (e->nlegs)
		out->present |= B(MS_SESSION_A_LEGS);
	for (unsigned int i = 0; i < e->nlegs; i++)
		leg_public(&out->legs[out->nlegs++], &cp_leg_find(store, e->legs[i])->leg);
}

static int reply_session(struct ms_nl_request *r, const struct cp_session_entry *e,
			 __u16 flags, const __u32 *generation, const __u64 *cursor)
{
	struct ms_msg out;

	memset(&out, 0, sizeof(out));
	out.present = B(MS_ATTR_SESSION);
	session_public(&out.session, e);
	if (generation) {
		out.present |= B(MS_ATTR_GENERATION);
		out.generation = *generation;
	}
	if (cursor) {
		out.present |= B(MS_ATTR_DUMP_CURSOR);
		out.dump_cursor = *cursor;
	}
	return ms_nl_reply_msg(r, &out, flags);
}

/* The lowest unused id at or after *next: ids are never 0. */
static __u32 free_id(__u32 *next, bool (*used)(__u32 id))
{
	while (*next == 0 || used(*next))
		(*next)++;
	return (*next)++;
}

static bool session_used(__u32 id)
{
	return cp_session_find(store, id) != NULL;
}

static bool leg_used(__u32 id)
{
	return cp_leg_find(store, id) != NULL;
}

int cp_cmd_session_new(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_session *s = &r->m->session;
	__u32 id = (s->present & B(MS_SESSION_A_ID)) ? s->id : free_id(&next_session_id,
									session_used);
	int ret;

	snprintf(r->object, sizeof(r->object), "session %u", id);
	if (id == 0)
		return ms_nl_err_set(err, errlen, "MS_SESSION_A_ID: 0 is not a session id");
	ret = cp_session_add(store, id, s->label);
	if (ret == -EEXIST)
		snprintf(err, errlen, "MS_SESSION_A_ID: session %u exists", id);
	else if (ret == -ENOSPC)
		snprintf(err, errlen, "MS_ATTR_SESSION: %u sessions, the most this daemon holds",
			 cp_session_count(store));
	if (ret || !wants_echo(r))
		return ret;
	return reply_session(r, cp_session_find(store, id), 0, NULL, NULL) ?: MS_NL_REPLIED;
}

static struct cp_session_entry *session_of(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct cp_session_entry *e = cp_session_find(store, r->m->session.id);

	snprintf(r->object, sizeof(r->object), "session %u", r->m->session.id);
	if (!e)
		snprintf(err, errlen, "MS_SESSION_A_ID: no session %u", r->m->session.id);
	return e;
}

int cp_cmd_session_set(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct cp_session_entry *e = session_of(r, err, errlen);

	if (!e)
		return -ENOENT;
	memcpy(e->label, r->m->session.label, sizeof(e->label));
	return 0;
}

int cp_cmd_session_del(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct cp_session_entry *e = session_of(r, err, errlen);

	if (!e)
		return -ENOENT;
	for (unsigned int i = 0; i < e->nlegs; i++) {
		cp_pinholes_leg_del(&cp_leg_find(store, e->legs[i])->leg);
		cp_dp_leg_del(e->legs[i]);
	}
	return cp_session_del(store, r->m->session.id);
}

static int session_dump(struct ms_nl_request *r)
{
	const struct ms_msg *m = r->m;
	unsigned int n = cp_session_count(store), i = 0;
	__u32 gen = cp_session_generation(store);
	int ret;

	if (m->present & B(MS_ATTR_DUMP_CURSOR))
		i = m->dump_cursor < n ? (unsigned int)m->dump_cursor : n;
	for (unsigned int sent = 0; i < n && sent < DUMP_BATCH; i++, sent++) {
		__u64 cursor = i + 1;
		bool more = sent + 1 == DUMP_BATCH && i + 1 < n;

		ret = reply_session(r, cp_session_at(store, i), NLM_F_MULTI, &gen,
				    more ? &cursor : NULL);
		if (ret)
			return ret;
	}
	return ms_nl_reply_done(r) ?: MS_NL_REPLIED;
}

int cp_cmd_session_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct cp_session_entry *e;

	if ((r->m->nl_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return session_dump(r);
	e = session_of(r, err, errlen);
	if (!e)
		return -ENOENT;
	return reply_session(r, e, 0, NULL, NULL) ?: MS_NL_REPLIED;
}

static const char *store_error(int ret, const struct ms_leg *l, char *err, size_t errlen)
{
	switch (ret) {
	case -EEXIST:
		snprintf(err, errlen, "MS_LEG_A_ID: leg %u exists", l->id);
		break;
	case -ENOENT:
		snprintf(err, errlen, "MS_LEG_A_SESSION_ID: no session %u", l->session_id);
		break;
	case -EMLINK:
		snprintf(err, errlen, "MS_LEG_A_SESSION_ID: session %u has %d legs already",
			 l->session_id, MS_SESSION_LEGS_MAX);
		break;
	case -ENOSPC:
		snprintf(err, errlen, "MS_ATTR_LEG: %u legs, the most this daemon holds",
			 cp_leg_count(store));
		break;
	}
	return err;
}

/* Refusals that weaken media security outside are security events. */
static void refused_event(const struct ms_leg *l, int ret, const char *err)
{
	if (ret != -EPERM && !(ret == -EINVAL && l->mode == MS_MODE_ENFORCE))
		return;
	if (l->side != MS_SIDE_OUTSIDE)
		return;
	cp_event_raise(MS_EVENT_SRTP_DOWNGRADE_REFUSED, MS_SEV_WARNING, NULL,
		       "leg %u of session %u refused: %s", l->id, l->session_id, err);
}

/* The one time keys leave the daemon: for the creator's SDP. */
static int reply_with_keys(struct ms_nl_request *r, const struct ms_leg *leg)
{
	struct ms_msg out;
	int ret;

	memset(&out, 0, sizeof(out));
	out.present = B(MS_ATTR_LEG);
	out.leg = *leg;
	ret = ms_nl_reply_msg(r, &out, 0);
	ms_nl_msg_clear(&out);
	return ret ?: MS_NL_REPLIED;
}

/*
 * The leg alone, not a whole struct ms_msg (12 KiB to clear and wipe, a
 * good part of a leg's cost at tens of thousands of legs a second).
 */
int cp_cmd_leg_new(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct ms_leg leg = r->m->leg;
	bool pipelined;
	int ret;

	if (!(leg.present & B(MS_LEG_A_ID)))
		leg.id = free_id(&next_leg_id, leg_used);
	leg.present |= B(MS_LEG_A_ID);
	snprintf(r->object, sizeof(r->object), "leg %u session %u", leg.id, leg.session_id);
	if (leg.id == 0) {
		ret = ms_nl_err_set(err, errlen, "MS_LEG_A_ID: 0 is not a leg id");
		goto out;
	}
	if (!cp_session_find(store, leg.session_id)) {
		ret = -ENOENT;
		store_error(ret, &leg, err, errlen);
		goto out;
	}
	ret = cp_leg_policy_apply(&policy, &leg, err, errlen);
	if (ret) {
		refused_event(&leg, ret, err);
		goto out;
	}
	ret = cp_leg_add(store, &leg);
	if (ret) {
		store_error(ret, &leg, err, errlen);
		goto out;
	}
	/* Before the dataplane has it: a refusal closes it again (dp_link.c). */
	cp_pinholes_leg_add(&leg);
	/*
	 * Pipelined unless something here needs the dataplane's answer: the
	 * emergency event and the echo come after it.
	 */
	pipelined = !(leg.flags & MS_LEG_F_EMERGENCY) && !wants_echo(r);
	ret = cp_dp_leg_new(&leg, pipelined ? r : NULL, err, errlen);
	if (ret == MS_NL_DEFERRED)
		goto out;
	if (ret) {
		cp_pinholes_leg_del(&leg);
		cp_leg_del(store, leg.id);
		goto out;
	}
	if (leg.flags & MS_LEG_F_EMERGENCY)
		cp_event_raise(MS_EVENT_ENFORCE_BYPASSED, MS_SEV_WARNING, NULL,
			       "leg %u of session %u may bypass enforce (emergency)",
			       leg.id, leg.session_id);
	if (wants_echo(r))
		ret = reply_with_keys(r, &leg);
out:
	OPENSSL_cleanse(&leg, sizeof(leg));
	return ret;
}

/* Copy the attributes present in src (apart from the id) into dst. */
static void leg_merge(struct ms_leg *dst, const struct ms_leg *src)
{
	if (src->present & B(MS_LEG_A_PEER_ID))
		dst->peer_id = src->peer_id;
	if (src->present & B(MS_LEG_A_SIDE))
		dst->side = src->side;
	if (src->present & B(MS_LEG_A_MODE))
		dst->mode = src->mode;
	if (src->present & B(MS_LEG_A_FLAGS))
		dst->flags = src->flags;
	if (src->present & B(MS_LEG_A_LOCAL))
		dst->local = src->local;
	if (src->present & B(MS_LEG_A_REMOTE))
		dst->remote = src->remote;
	if (src->present & B(MS_LEG_A_SRTP_IN))
		dst->in = src->in;
	if (src->present & B(MS_LEG_A_SRTP_OUT))
		dst->out = src->out;
	dst->present |= src->present & ~B(MS_LEG_A_COUNTERS);
}

/*
 * The changed leg must pass the policy as a whole; the dataplane gets only
 * the attributes that changed (keys the policy generated included), and
 * the store changes only once both agreed.
 */
int cp_cmd_leg_set(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_leg *req = &r->m->leg;
	struct cp_leg_entry *e = cp_leg_find(store, req->id);
	struct ms_msg out;
	__u64 changed = req->present | B(MS_LEG_A_ID), all;
	int ret;

	snprintf(r->object, sizeof(r->object), "leg %u", req->id);
	if (!e) {
		snprintf(err, errlen, "MS_LEG_A_ID: no leg %u", req->id);
		return -ENOENT;
	}
	memset(&out, 0, sizeof(out));
	out.leg = e->leg;
	leg_merge(&out.leg, req);
	ret = cp_leg_policy_apply(&policy, &out.leg, err, errlen);
	if (ret) {
		refused_event(&out.leg, ret, err);
		goto out;
	}
	all = out.leg.present;
	out.leg.present = changed;
	ret = cp_dp_leg_change(r->m->cmd, &out.leg, err, errlen);
	out.leg.present = all;
	if (ret)
		goto out;
	cp_pinholes_leg_del(&e->leg);
	e->leg = out.leg;
	cp_pinholes_leg_add(&e->leg);
	if (wants_echo(r)) {
		/* Keys generated for this change go back to the caller, once. */
		out.present = B(MS_ATTR_LEG);
		out.leg.present = changed;
		ret = ms_nl_reply_msg(r, &out, 0) ?: MS_NL_REPLIED;
	}
out:
	ms_nl_msg_clear(&out);
	return ret;
}

int cp_cmd_leg_del(struct ms_nl_request *r, char *err, size_t errlen)
{
	__u32 id = r->m->leg.id;
	struct cp_leg_entry *e = cp_leg_find(store, id);

	snprintf(r->object, sizeof(r->object), "leg %u", id);
	if (!e) {
		snprintf(err, errlen, "MS_LEG_A_ID: no leg %u", id);
		return -ENOENT;
	}
	cp_pinholes_leg_del(&e->leg);
	cp_leg_del(store, id);
	cp_dp_leg_del(id);
	return 0;
}

/* MS_GET_F_* asked for by a LEG_GET. */
static bool get_flag(const struct ms_nl_request *r, __u32 flag)
{
	return (r->m->present & B(MS_ATTR_GET_FLAGS)) && (r->m->get_flags & flag);
}

/*
 * A single LEG_GET carries the dataplane's counters; dumps only with
 * MS_GET_F_COUNTERS, since that costs one dataplane request per leg.
 */
static int reply_leg(struct ms_nl_request *r, const struct cp_leg_entry *e, __u16 flags,
		     const __u32 *generation, const __u64 *cursor)
{
	char ignored[MS_ERROR_MSG_MAX + 16];
	struct ms_msg out;
	int ret;

	memset(&out, 0, sizeof(out));
	out.present = B(MS_ATTR_LEG);
	leg_public(&out.leg, &e->leg);
	if ((!(flags & NLM_F_MULTI) || get_flag(r, MS_GET_F_COUNTERS)) && e->programmed &&
	    cp_dp_stats(e->leg.id, &out.leg.counters, ignored, sizeof(ignored)) == 0)
		out.leg.present |= B(MS_LEG_A_COUNTERS);
	if (generation) {
		out.present |= B(MS_ATTR_GENERATION);
		out.generation = *generation;
	}
	if (cursor) {
		out.present |= B(MS_ATTR_DUMP_CURSOR);
		out.dump_cursor = *cursor;
	}
	ret = ms_nl_reply_msg(r, &out, flags);
	ms_nl_msg_clear(&out);
	return ret;
}

static int leg_dump(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_msg *m = r->m;
	unsigned int n = cp_leg_count(store), i = 0;
	__u32 gen = cp_leg_generation(store);
	int ret;

	/* One session's legs: at most MS_SESSION_LEGS_MAX, one part. */
	if (m->present & B(MS_ATTR_LEG) && m->leg.present & B(MS_LEG_A_SESSION_ID)) {
		const struct cp_session_entry *e = cp_session_find(store, m->leg.session_id);

		if (!e) {
			snprintf(err, errlen, "MS_LEG_A_SESSION_ID: no session %u",
				 m->leg.session_id);
			return -ENOENT;
		}
		for (unsigned int k = 0; k < e->nlegs; k++) {
			ret = reply_leg(r, cp_leg_find(store, e->legs[k]), NLM_F_MULTI,
					&gen, NULL);
			if (ret)
				return ret;
		}
		return ms_nl_reply_done(r) ?: MS_NL_REPLIED;
	}
	if (m->present & B(MS_ATTR_DUMP_CURSOR))
		i = m->dump_cursor < n ? (unsigned int)m->dump_cursor : n;
	for (unsigned int sent = 0; i < n && sent < DUMP_BATCH * 4; i++, sent++) {
		__u64 cursor = i + 1;
		bool more = sent + 1 == DUMP_BATCH * 4 && i + 1 < n;

		ret = reply_leg(r, cp_leg_at(store, i), NLM_F_MULTI, &gen,
				more ? &cursor : NULL);
		if (ret)
			return ret;
	}
	return ms_nl_reply_done(r) ?: MS_NL_REPLIED;
}

int cp_cmd_leg_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct cp_leg_entry *e;

	if (get_flag(r, MS_GET_F_KEYS)) {
		snprintf(err, errlen, "MS_ATTR_GET_FLAGS: mediasecd never returns keys");
		return -EPERM;
	}
	if ((r->m->nl_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return leg_dump(r, err, errlen);
	snprintf(r->object, sizeof(r->object), "leg %u", r->m->leg.id);
	e = cp_leg_find(store, r->m->leg.id);
	if (!e) {
		snprintf(err, errlen, "MS_LEG_A_ID: no leg %u", r->m->leg.id);
		return -ENOENT;
	}
	return reply_leg(r, e, 0, NULL, NULL) ?: MS_NL_REPLIED;
}

int cp_cmd_stats_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_msg *m = r->m;
	__u32 id = (m->present & B(MS_ATTR_LEG)) ? m->leg.id : 0;
	struct ms_msg out;
	int ret;

	if ((m->nl_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return cp_cmd_stats_dump(r, config, err, errlen);
	if (id && !cp_leg_find(store, id)) {
		snprintf(err, errlen, "MS_LEG_A_ID: no leg %u", id);
		return -ENOENT;
	}
	memset(&out, 0, sizeof(out));
	if (!id && cp_filter_counters(&out.filter) == 0) {
		cp_filter_events_stats(&out.filter);
		out.present |= B(MS_ATTR_FILTER);
	}
	ret = cp_dp_stats(id, &out.counters, err, errlen);
	if (!ret)
		out.present |= B(MS_ATTR_COUNTERS);
	/* No dataplane, but the filter runs: its counters alone. */
	else if (ret != -ENOTCONN || !(out.present & B(MS_ATTR_FILTER)))
		return ret;
	return ms_nl_reply_msg(r, &out, 0) ?: MS_NL_REPLIED;
}

int cp_cmd_policy_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct ms_msg out;

	(void)err, (void)errlen;
	memset(&out, 0, sizeof(out));
	out.present = B(MS_ATTR_POLICY);
	out.policy = policy;
	cp_deny_policy_get(&out.policy);
	return ms_nl_reply_msg(r, &out, 0) ?: MS_NL_REPLIED;
}

int cp_cmd_policy_set(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_policy *req = &r->m->policy;
	int ret;

	/* The server's audit raises the config-change event. */
	snprintf(r->object, sizeof(r->object), "SRTP and denylist policy");
	/* both checked before either changes */
	ret = cp_deny_policy_check(req, err, errlen);
	if (!ret)
		ret = cp_policy_set(&policy, req, err, errlen);
	if (!ret)
		cp_deny_policy_apply(req);
	return ret;
}
