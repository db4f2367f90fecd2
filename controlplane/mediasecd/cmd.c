/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/netlink.h>

#include "certs.h"
#include "cmd.h"
#include "cmd_cert.h"
#include "cmd_session.h"
#include "denylist.h"
#include "dp_link.h"
#include "events.h"
#include "filter.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "prefix.h"
#include "server.h"
#include "session_store.h"

/* Entries per dump request; the rest follows with MS_ATTR_DUMP_CURSOR. */
#define DUMP_BATCH 128

static time_t started;

void cp_cmd_set_start(time_t monotonic_start)
{
	started = monotonic_start;
}

static enum cp_list_kind kind_of(__u8 cmd)
{
	switch (cmd) {
	case MS_CMD_ALLOW_ADD:
	case MS_CMD_ALLOW_DEL:
	case MS_CMD_ALLOW_GET:
	case MS_CMD_ALLOW_FLUSH:
		return CP_LIST_ALLOW;
	default:
		return CP_LIST_DENY;
	}
}

static const char *list_word(enum cp_list_kind k)
{
	return k == CP_LIST_ALLOW ? "allowlist" : "denylist";
}

static int prefix_add(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_prefix *p = &r->m->prefix;
	enum cp_list_kind k = kind_of(r->m->cmd);
	__u32 expires = (p->present & MS_BIT(MS_PREFIX_A_EXPIRES)) ? p->expires : 0;
	__u32 flags = (p->present & MS_BIT(MS_PREFIX_A_FLAGS)) ? p->flags : 0;
	int ret;

	cp_prefix_format(p, r->object, sizeof(r->object));
	ret = cp_list_add(k, p, expires, flags);
	if (ret == -EEXIST)
		snprintf(err, errlen, "MS_ATTR_PREFIX: %s already in the %s", r->object,
			 list_word(k));
	else if (ret == -ENOSPC)
		snprintf(err, errlen, "MS_ATTR_PREFIX: the %s is full", list_word(k));
	else if (ret)
		snprintf(err, errlen, "MS_ATTR_PREFIX: %s: %s", r->object, strerror(-ret));
	else if (k == CP_LIST_DENY && expires)
		cp_event_raise(MS_EVENT_ADDR_DENIED, MS_SEV_NOTICE, &p->addr,
			       "%s denied by uid %u for %u s", r->object,
			       (unsigned int)r->who.uid, expires);
	else if (k == CP_LIST_DENY)
		cp_event_raise(MS_EVENT_ADDR_DENIED, MS_SEV_NOTICE, &p->addr,
			       "%s denied by uid %u until removed", r->object,
			       (unsigned int)r->who.uid);
	return ret;
}

static int prefix_del(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_prefix *p = &r->m->prefix;
	enum cp_list_kind k = kind_of(r->m->cmd);
	int ret;

	cp_prefix_format(p, r->object, sizeof(r->object));
	ret = cp_list_del(k, p);
	if (ret == -ENOENT)
		snprintf(err, errlen, "MS_ATTR_PREFIX: %s not in the %s", r->object, list_word(k));
	else if (ret)
		snprintf(err, errlen, "MS_ATTR_PREFIX: %s: %s", r->object, strerror(-ret));
	else if (k == CP_LIST_DENY)
		cp_event_raise(MS_EVENT_ADDR_UNBLOCKED, MS_SEV_NOTICE, &p->addr,
			       "%s removed from the denylist by uid %u", r->object,
			       (unsigned int)r->who.uid);
	return ret;
}

static int prefix_flush(struct ms_nl_request *r, char *err, size_t errlen)
{
	enum cp_list_kind k = kind_of(r->m->cmd);

	(void)err, (void)errlen;
	snprintf(r->object, sizeof(r->object), "%u entries", cp_list_flush(k));
	return 0;
}

static void entry_to_msg(enum cp_list_kind k, const struct cp_list_entry *e,
			 struct ms_msg *out)
{
	out->present = MS_BIT(MS_ATTR_PREFIX);
	out->prefix = e->p;
	out->prefix.present |= MS_BIT(MS_PREFIX_A_EXPIRES) | MS_BIT(MS_PREFIX_A_FLAGS);
	out->prefix.expires = cp_list_expires_in(e);
	out->prefix.flags = e->flags;
	if (k == CP_LIST_DENY && cp_filter_hits(&e->p, &out->prefix.hits) == 0)
		out->prefix.present |= MS_BIT(MS_PREFIX_A_HITS);
}

static int prefix_dump(struct ms_nl_request *r, enum cp_list_kind k)
{
	const struct ms_msg *m = r->m;
	unsigned int i = 0, n = cp_list_count(k);
	struct ms_msg out;
	int ret;

	if ((m->present & MS_BIT(MS_ATTR_DUMP_CURSOR)) && m->dump_cursor < n)
		i = (unsigned int)m->dump_cursor;
	else if (m->present & MS_BIT(MS_ATTR_DUMP_CURSOR))
		i = n;
	for (unsigned int sent = 0; i < n && sent < DUMP_BATCH; i++, sent++) {
		memset(&out, 0, sizeof(out));
		entry_to_msg(k, cp_list_at(k, i), &out);
		out.present |= MS_BIT(MS_ATTR_GENERATION);
		out.generation = cp_list_generation(k);
		if (sent + 1 == DUMP_BATCH && i + 1 < n) {
			out.present |= MS_BIT(MS_ATTR_DUMP_CURSOR);
			out.dump_cursor = i + 1;
		}
		ret = ms_nl_reply_msg(r, &out, NLM_F_MULTI);
		if (ret)
			return ret;
	}
	ret = ms_nl_reply_done(r);
	return ret ? ret : MS_NL_REPLIED;
}

static int prefix_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	enum cp_list_kind k = kind_of(r->m->cmd);
	const struct cp_list_entry *e;
	struct ms_msg out;

	if ((r->m->nl_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return prefix_dump(r, k);
	cp_prefix_format(&r->m->prefix, r->object, sizeof(r->object));
	e = cp_list_find(k, &r->m->prefix);
	if (!e) {
		snprintf(err, errlen, "MS_ATTR_PREFIX: %s not in the %s", r->object,
			 list_word(k));
		return -ENOENT;
	}
	memset(&out, 0, sizeof(out));
	entry_to_msg(k, e, &out);
	return ms_nl_reply_msg(r, &out, 0) ?: MS_NL_REPLIED;
}

static int status_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct cp_cert_identity *id;
	struct ms_msg out;
	struct timespec now;
	struct tm tm = { 0 };

	(void)err, (void)errlen;
	clock_gettime(CLOCK_MONOTONIC, &now);
	memset(&out, 0, sizeof(out));
	out.present = MS_BIT(MS_ATTR_STATUS);
	out.status.present = MS_BIT(MS_STATUS_A_VERSION) | MS_BIT(MS_STATUS_A_UPTIME) |
			     MS_BIT(MS_STATUS_A_SESSIONS) | MS_BIT(MS_STATUS_A_LEGS) |
			     MS_BIT(MS_STATUS_A_DENY_ENTRIES) |
			     MS_BIT(MS_STATUS_A_DATAPATHS) | MS_BIT(MS_STATUS_A_ROLE);
	snprintf(out.status.version, sizeof(out.status.version), "%s", MEDIASEC_VERSION);
	out.status.uptime = (__u64)(now.tv_sec - started);
	out.status.deny_entries = cp_list_count(CP_LIST_DENY);
	out.status.datapaths = cp_filter_active() ? MS_STATUS_DP_XDP : 0;
	out.status.role = (__u8)r->who.role;
	out.status.sessions = cp_session_count(cp_sessions_store());
	out.status.legs = cp_leg_count(cp_sessions_store());
	out.status.datapaths |= cp_dp_connected() ? MS_STATUS_DP_DPDK : 0;
	id = cp_certs_identity();
	if (id) {
		ASN1_TIME_to_tm(X509_get0_notAfter(id->cert), &tm);
		out.status.cert_not_after = (__u64)timegm(&tm);
		out.status.present |= MS_BIT(MS_STATUS_A_CERT_NOT_AFTER);
		cp_cert_identity_put(id);
	}
	return ms_nl_reply_msg(r, &out, 0) ?: MS_NL_REPLIED;
}

static int event_subscribe(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_msg *m = r->m;
	__u32 all = ((1U << __MS_EVENT_MAX) - 1) & ~1U;
	__u32 mask = (m->present & MS_BIT(MS_ATTR_EVENT_MASK)) ? m->event_mask : all;
	__u8 sev = (m->present & MS_BIT(MS_ATTR_SEVERITY_MIN)) ? m->severity_min : 0;
	int ret = cp_events_subscribe(r->who.port, mask, sev);

	if (ret)
		snprintf(err, errlen, "MS_CMD_EVENT_SUBSCRIBE: %d subscribers already",
			 CP_SUBSCRIBERS_MAX);
	return ret;
}

static const struct cp_cmd cmds[__MS_CMD_MAX] = {
	[MS_CMD_DENY_ADD]	= { prefix_add, true },
	[MS_CMD_DENY_DEL]	= { prefix_del, true },
	[MS_CMD_DENY_GET]	= { prefix_get, false },
	[MS_CMD_DENY_FLUSH]	= { prefix_flush, true },
	[MS_CMD_ALLOW_ADD]	= { prefix_add, true },
	[MS_CMD_ALLOW_DEL]	= { prefix_del, true },
	[MS_CMD_ALLOW_GET]	= { prefix_get, false },
	[MS_CMD_ALLOW_FLUSH]	= { prefix_flush, true },
	[MS_CMD_EVENT_SUBSCRIBE] = { event_subscribe, false },
	[MS_CMD_CERT_SHOW]	= { cp_cmd_cert_show, false },
	[MS_CMD_CERT_GENERATE]	= { cp_cmd_cert_generate, true },
	[MS_CMD_CERT_CSR]	= { cp_cmd_cert_csr, true },
	[MS_CMD_CERT_IMPORT]	= { cp_cmd_cert_import, true },
	[MS_CMD_CERT_TRUST_ADD]	= { cp_cmd_cert_trust_add, true },
	[MS_CMD_CERT_TRUST_DEL]	= { cp_cmd_cert_trust_del, true },
	[MS_CMD_CERT_TRUST_LIST] = { cp_cmd_cert_trust_list, false },
	[MS_CMD_CERT_CHECK]	= { cp_cmd_cert_check, false },
	[MS_CMD_STATUS_GET]	= { status_get, false },
	[MS_CMD_SESSION_NEW]	= { cp_cmd_session_new, true },
	[MS_CMD_SESSION_SET]	= { cp_cmd_session_set, true },
	[MS_CMD_SESSION_DEL]	= { cp_cmd_session_del, true },
	[MS_CMD_SESSION_GET]	= { cp_cmd_session_get, false },
	[MS_CMD_LEG_NEW]	= { cp_cmd_leg_new, true },
	[MS_CMD_LEG_DEL]	= { cp_cmd_leg_del, true },
	[MS_CMD_LEG_SET]	= { cp_cmd_leg_set, true },
	[MS_CMD_KEY_SET]	= { cp_cmd_leg_set, true },
	[MS_CMD_LEG_GET]	= { cp_cmd_leg_get, false },
	[MS_CMD_POLICY_GET]	= { cp_cmd_policy_get, false },
	[MS_CMD_STATS_GET]	= { cp_cmd_stats_get, false },
	[MS_CMD_POLICY_SET]	= { cp_cmd_policy_set, true },
};

const struct cp_cmd *cp_cmd_get(unsigned int cmd)
{
	return cmd < __MS_CMD_MAX && cmds[cmd].handler ? &cmds[cmd] : NULL;
}
