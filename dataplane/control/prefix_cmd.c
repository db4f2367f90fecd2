/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MS_CMD_DENY_* and MS_CMD_ALLOW_*: the rx filter's prefix lists, the
 * copy of mediasecd's denylist and allowlist that mediasec-dp drops by.
 * Same schema as mediasecd's; a flush keeps the --filter-deny and
 * --filter-allow entries. The filter changes its tables in place under
 * the workers' reads (dataplane/filter/lists.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dataplane/filter/filter.h"

#include "internal.h"

/* Room a dump part keeps for one more entry, the cursor and NLMSG_DONE. */
#define PREFIX_MSG_ROOM	256

static enum dp_filter_list list_of(uint8_t cmd)
{
	return cmd >= MS_CMD_ALLOW_ADD && cmd <= MS_CMD_ALLOW_FLUSH ? DP_FILTER_ALLOW :
								       DP_FILTER_DENY;
}

static const char *list_word(enum dp_filter_list l)
{
	return l == DP_FILTER_ALLOW ? "allowlist" : "denylist";
}

/* The filter, or -EOPNOTSUPP when mediasec-dp runs without one. */
static int filter_of(struct ms_nl_request *r, struct dp_filter **f, char *err, size_t errlen)
{
	const struct dp_ctl *ctl = r->ctx;

	*f = ctl->conf.filter;
	if (!*f)
		return ctl_err(err, errlen, -EOPNOTSUPP,
			       "mediasec-dp runs without --filter: no %s",
			       list_word(list_of(r->m->cmd)));
	return 0;
}

/* The request's prefix as the filter takes it, its text in r->object. */
static int prefix_of(struct ms_nl_request *r, struct dp_filter_prefix *p,
		     char *err, size_t errlen)
{
	const struct ms_prefix *mp = &r->m->prefix;
	char addr[INET6_ADDRSTRLEN] = "?";

	memset(p, 0, sizeof(*p));
	p->len = mp->len;
	if (mp->addr.family == AF_INET) {
		p->family = MS_PF_FAMILY_V4;
		memcpy(p->addr, mp->addr.in4, 4);
	} else if (mp->addr.family == AF_INET6) {
		p->family = MS_PF_FAMILY_V6;
		memcpy(p->addr, mp->addr.in6, 16);
	} else {
		return ctl_err(err, errlen, -EINVAL,
			       "MS_PREFIX_A_ADDR: family %u is neither AF_INET nor AF_INET6",
			       mp->addr.family);
	}
	inet_ntop(mp->addr.family, p->addr, addr, sizeof(addr));
	snprintf(r->object, sizeof(r->object), "%s/%u", addr, p->len);
	if (p->len > (p->family == MS_PF_FAMILY_V4 ? 32 : 128))
		return ctl_err(err, errlen, -EINVAL, "MS_PREFIX_A_LEN: %u is too long for %s",
			       p->len, addr);
	return 0;
}

/* -ENOSPC for @p: its family's share of the list, or (IPv6) the groups past /24. */
static int full(struct ms_nl_request *r, const struct dp_filter *f, enum dp_filter_list l,
		const struct dp_filter_prefix *p, char *err, size_t errlen)
{
	uint32_t max = dp_filter_lists_max(f);
	const char *fam = p->family == MS_PF_FAMILY_V4 ? "IPv4" : "IPv6";

	if (dp_filter_list_count(f, l, p->family) >= max)
		return ctl_err(err, errlen, -ENOSPC,
			       "MS_ATTR_PREFIX: the %s is full: %u %s prefixes, its limit "
			       "(mediasec-dp --filter-prefixes)", list_word(l), max, fam);
	return ctl_err(err, errlen, -ENOSPC,
		       "MS_ATTR_PREFIX: no room for %s in the %s: its %u %s prefixes use all "
		       "%u groups for bits past /24 (%u per prefix of --filter-prefixes %u)",
		       r->object, list_word(l), dp_filter_list_count(f, l, p->family), fam,
		       max * DP_FILTER_V6_GROUPS, DP_FILTER_V6_GROUPS, max);
}

int ctl_prefix_add(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_prefix *mp = &r->m->prefix;
	enum dp_filter_list l = list_of(r->m->cmd);
	uint32_t expires = mp->present & MS_BIT(MS_PREFIX_A_EXPIRES) ? mp->expires : 0;
	struct dp_filter_prefix p;
	struct dp_filter *f;
	int ret = filter_of(r, &f, err, errlen) ?: prefix_of(r, &p, err, errlen);

	if (ret)
		return ret;
	if (expires && l == DP_FILTER_ALLOW)
		return ctl_err(err, errlen, -EOPNOTSUPP,
			       "MS_PREFIX_A_EXPIRES: allowlist entries do not expire");
	ret = dp_filter_list_add(f, l, &p,
				 expires ? dp_filter_now_ns(f) + expires * 1000000000ULL : 0, 0);
	if (ret == -EEXIST)
		return ctl_err(err, errlen, ret, "MS_ATTR_PREFIX: %s already in the %s",
			       r->object, list_word(l));
	if (ret == -ENOSPC)
		return full(r, f, l, &p, err, errlen);
	if (ret == -ENOMEM)
		return ctl_err(err, errlen, ret,
			       "MS_ATTR_PREFIX: %s: no memory for the %s's %s table "
			       "(64 MiB and %u MiB of groups at --filter-prefixes %u)", r->object,
			       list_word(l), p.family == MS_PF_FAMILY_V4 ? "IPv4" : "IPv6",
			       dp_filter_lists_max(f) / 1024 *
			       (p.family == MS_PF_FAMILY_V4 ? 1 : DP_FILTER_V6_GROUPS),
			       dp_filter_lists_max(f));
	if (ret)
		return ctl_err(err, errlen, ret, "MS_ATTR_PREFIX: %s: %s", r->object,
			       strerror(-ret));
	return 0;
}

int ctl_prefix_del(struct ms_nl_request *r, char *err, size_t errlen)
{
	enum dp_filter_list l = list_of(r->m->cmd);
	struct dp_filter_prefix p;
	struct dp_filter *f;
	int ret = filter_of(r, &f, err, errlen) ?: prefix_of(r, &p, err, errlen);

	if (ret)
		return ret;
	ret = dp_filter_list_del(f, l, &p);
	if (ret == -ENOENT)
		return ctl_err(err, errlen, ret, "MS_ATTR_PREFIX: %s not in the %s", r->object,
			       list_word(l));
	if (ret)
		return ctl_err(err, errlen, ret, "MS_ATTR_PREFIX: %s: %s", r->object,
			       strerror(-ret));
	return 0;
}

int ctl_prefix_flush(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_filter *f;
	int ret = filter_of(r, &f, err, errlen);

	if (ret)
		return ret;
	ret = dp_filter_list_flush(f, list_of(r->m->cmd));
	if (ret < 0)
		return ctl_err(err, errlen, ret, "%s: %s", list_word(list_of(r->m->cmd)),
			       strerror(-ret));
	snprintf(r->object, sizeof(r->object), "%d entries", ret);
	return 0;
}

/* Entry e as the schema shows it; false when it has expired. */
static bool entry_msg(const struct dp_filter_list_entry *e, enum dp_filter_list l,
		      uint64_t now, struct ms_msg *m)
{
	struct ms_prefix *mp = &m->prefix;

	if (e->expires_ns && e->expires_ns <= now)
		return false;
	memset(m, 0, sizeof(*m));
	m->present = MS_BIT(MS_ATTR_PREFIX);
	mp->present = MS_BIT(MS_PREFIX_A_ADDR) | MS_BIT(MS_PREFIX_A_LEN) |
		      MS_BIT(MS_PREFIX_A_EXPIRES);
	mp->addr.present = MS_BIT(MS_ADDR_A_FAMILY);
	if (e->p.family == MS_PF_FAMILY_V4) {
		mp->addr.family = AF_INET;
		mp->addr.present |= MS_BIT(MS_ADDR_A_IN4);
		memcpy(mp->addr.in4, e->p.addr, 4);
	} else {
		mp->addr.family = AF_INET6;
		mp->addr.present |= MS_BIT(MS_ADDR_A_IN6);
		memcpy(mp->addr.in6, e->p.addr, 16);
	}
	mp->len = e->p.len;
	/* seconds left, rounded up: 0 would read "until removed" */
	mp->expires = e->expires_ns ? (uint32_t)((e->expires_ns - now + 999999999ULL) /
						 1000000000ULL) : 0;
	if (l == DP_FILTER_DENY) {
		mp->present |= MS_BIT(MS_PREFIX_A_HITS);
		mp->hits = e->hits;
	}
	return true;
}

/* A dump (one datagram per part, MS_ATTR_DUMP_CURSOR on the last entry), or one entry. */
int ctl_prefix_get(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	const struct ms_msg *req = r->m;
	enum dp_filter_list l = list_of(req->cmd);
	struct dp_filter_list_entry e;
	struct dp_filter_prefix p;
	struct dp_filter *f;
	uint64_t now, pos = 0, after;
	int ret = filter_of(r, &f, err, errlen);

	if (ret)
		return ret;
	now = dp_filter_now_ns(f);
	if ((r->nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP) {
		ret = prefix_of(r, &p, err, errlen);
		if (ret)
			return ret;
		if (dp_filter_list_get(f, l, &p, &e) == 0 && entry_msg(&e, l, now, &ctl->out))
			return ms_nl_reply_msg(r, &ctl->out, 0) ?: MS_NL_REPLIED;
		return ctl_err(err, errlen, -ENOENT, "MS_ATTR_PREFIX: %s not in the %s",
			       r->object, list_word(l));
	}
	if (req->present & MS_BIT(MS_ATTR_DUMP_CURSOR))
		pos = req->dump_cursor;
	for (; !ret && dp_filter_list_next(f, l, &pos, &e) == 0; pos++) {
		if (!entry_msg(&e, l, now, &ctl->out))
			continue;
		after = pos + 1;
		if (ms_nl_reply_room(r) < 2 * PREFIX_MSG_ROOM &&
		    dp_filter_list_next(f, l, &after, &e) == 0) {
			ctl->out.present |= MS_BIT(MS_ATTR_DUMP_CURSOR);
			ctl->out.dump_cursor = pos + 1;
			ret = ms_nl_reply_msg(r, &ctl->out, NLM_F_MULTI);
			break;
		}
		ret = ms_nl_reply_msg(r, &ctl->out, NLM_F_MULTI);
	}
	if (!ret)
		ret = ms_nl_reply_done(r);
	return ret ?: MS_NL_REPLIED;
}
