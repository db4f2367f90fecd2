/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Validate and parse a received message into struct ms_msg.
 *
 * One walker serves every attribute set: lengths come from the libnl
 * policy (nla_validate per attribute, so the error can name it), value
 * ranges and struct offsets from the schema table, cross-attribute rules
 * from the set's check(), and per-command rules from nl_cmd.c. Anything
 * unknown, duplicated, short, long or left over is an error: a receiver
 * that guesses is a receiver that can be steered.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "nl_cmd.h"
#include "nl_msg.h"
#include "nl_schema.h"

#define fail ms_nl_err_set

struct ctx {
	char *err;
	size_t errlen;
};

static int lowest(__u64 mask)
{
	return __builtin_ctzll(mask);
}

static int decode_set(const struct ms_nl_set *set, struct nlattr *head, int len,
		      void *obj, const char *where, __u64 extra_required,
		      __u64 forbidden, struct ctx *c);

static int length_error(const struct ms_nl_set *set, const struct ms_nl_field *f,
			const struct nlattr *nla, struct ctx *c)
{
	const struct nla_policy *p = &set->policy[nla_type(nla)];
	int len = nla_len(nla);

	if (len >= p->minlen && (!p->maxlen || len <= p->maxlen))
		return fail(c->err, c->errlen, "%s: not NUL-terminated", f->name);
	if (!p->maxlen)
		return fail(c->err, c->errlen, "%s: length %d, expected at least %u",
			    f->name, len, p->minlen);
	if (p->minlen == p->maxlen)
		return fail(c->err, c->errlen, "%s: length %d, expected %u",
			    f->name, len, p->maxlen);
	return fail(c->err, c->errlen, "%s: length %d, expected %u..%u",
		    f->name, len, p->minlen, p->maxlen);
}

static int check_range(const struct ms_nl_field *f, __u32 v, struct ctx *c)
{
	if (f->kind == MS_NL_FLAGS) {
		if (v & ~f->max)
			return fail(c->err, c->errlen, "%s: unknown bits 0x%x",
				    f->name, v & ~f->max);
		return 0;
	}
	if ((f->min || f->max) && (v < f->min || (f->max && v > f->max)))
		return fail(c->err, c->errlen, "%s: %u out of range %u..%u",
			    f->name, v, f->min, f->max);
	return 0;
}

/* Members of a list nest are all type 0 (WireGuard's WGDEVICE_A_PEERS). */
static int decode_list(const struct ms_nl_field *f, struct nlattr *nla, char *base,
		       struct ctx *c)
{
	struct nlattr *m;
	unsigned int n = 0;
	int rem, ret;

	nla_for_each_nested(m, nla, rem) {
		char *elem = base + f->off + (size_t)n * f->size;

		if (nla_type(m) != 0)
			return fail(c->err, c->errlen, "%s: member type %d, expected 0",
				    f->name, nla_type(m));
		if (n == f->max_elems)
			return fail(c->err, c->errlen, "%s: more than %u entries",
				    f->name, f->max_elems);
		if (f->kind == MS_NL_LIST) {
			ret = decode_set(f->nest, nla_data(m), nla_len(m), elem, f->name, 0, 0, c);
			if (ret)
				return ret;
		} else {
			int l = nla_len(m);
			const char *s = nla_data(m);

			if (l < 1 || l > f->size || strnlen(s, l) != (size_t)l - 1)
				return fail(c->err, c->errlen,
					    "%s: entry %u is not a string of 1..%u bytes with its NUL",
					    f->name, n, f->size);
			memcpy(elem, s, l);
		}
		n++;
	}
	if (rem > 0)
		return fail(c->err, c->errlen, "%s: %d bytes left over (truncated)", f->name, rem);
	memcpy(base + f->len_off, &(__u16){ n }, sizeof(__u16));
	return 0;
}

static int decode_field(const struct ms_nl_field *f, struct nlattr *nla, char *base,
			struct ctx *c)
{
	void *p = base + f->off;
	int len = nla_len(nla);
	__u32 v;
	int ret;

	switch (f->kind) {
	case MS_NL_U8:
		v = nla_get_u8(nla);
		if ((ret = check_range(f, v, c)))
			return ret;
		*(__u8 *)p = v;
		return 0;
	case MS_NL_U16:
		v = nla_get_u16(nla);
		if ((ret = check_range(f, v, c)))
			return ret;
		*(__u16 *)p = v;
		return 0;
	case MS_NL_U32:
	case MS_NL_FLAGS:
		v = nla_get_u32(nla);
		if ((ret = check_range(f, v, c)))
			return ret;
		*(__u32 *)p = v;
		return 0;
	case MS_NL_U64:
		*(__u64 *)p = nla_get_u64(nla);
		return 0;
	case MS_NL_BIN:
	case MS_NL_STR:
		if (f->kind == MS_NL_STR && strnlen(nla_data(nla), len) != (size_t)len - 1)
			return fail(c->err, c->errlen, "%s: NUL inside the string", f->name);
		/* The policy bounds len; this guards a policy/struct mismatch. */
		if (len > f->size)
			return fail(c->err, c->errlen, "%s: length %d, at most %u",
				    f->name, len, f->size);
		memcpy(p, nla_data(nla), len);
		if (f->len_off)
			memcpy(base + f->len_off, &(__u16){ len }, sizeof(__u16));
		return 0;
	case MS_NL_REF:
		*(const void **)p = nla_data(nla);
		memcpy(base + f->len_off, &(__u32){ len }, sizeof(__u32));
		return 0;
	case MS_NL_NEST:
		return decode_set(f->nest, nla_data(nla), len, p, f->name,
				  f->nest_required, f->nest_forbidden, c);
	case MS_NL_LIST:
	case MS_NL_STRLIST:
		return decode_list(f, nla, base, c);
	}
	return fail(c->err, c->errlen, "%s: no decoder", f->name);
}

static int decode_set(const struct ms_nl_set *set, struct nlattr *head, int len,
		      void *obj, const char *where, __u64 extra_required,
		      __u64 forbidden, struct ctx *c)
{
	__u64 *present = obj;
	__u64 bad;
	struct nlattr *nla;
	int rem, ret;

	nla_for_each_attr(nla, head, len, rem) {
		int type = nla_type(nla);
		const struct ms_nl_field *f;

		if (type <= 0 || type > set->maxtype || set->fields[type].kind == MS_NL_NONE)
			return fail(c->err, c->errlen, "%s: unknown attribute %d in %s",
				    set->name, type, where);
		f = &set->fields[type];
		if (*present & MS_BIT(type))
			return fail(c->err, c->errlen, "%s: duplicate in %s", f->name, where);
		if (nla_validate(nla, nla->nla_len, set->maxtype, set->policy) < 0)
			return length_error(set, f, nla, c);
		ret = decode_field(f, nla, obj, c);
		if (ret)
			return ret;
		*present |= MS_BIT(type);
	}
	/* rem < 0 is an unpadded last attribute, which the kernel accepts. */
	if (rem > 0)
		return fail(c->err, c->errlen, "%s: %d bytes left over (truncated)", where, rem);

	bad = (set->required | extra_required) & ~*present;
	if (bad)
		return fail(c->err, c->errlen, "%s: missing in %s",
			    ms_nl_attr_name(set, lowest(bad)), where);
	bad = forbidden & *present;
	if (bad)
		return fail(c->err, c->errlen, "%s: not allowed in %s",
			    ms_nl_attr_name(set, lowest(bad)), where);
	return set->check ? set->check(obj, c->err, c->errlen) : 0;
}

/* The command's own rules, for requests only. */
static int check_cmd(const struct ms_nl_cmd *cmd, const struct ms_msg *m, struct ctx *c)
{
	bool dump = (m->nl_flags & NLM_F_DUMP) == NLM_F_DUMP;
	__u64 allowed = cmd->allowed | (dump ? MS_BIT(MS_ATTR_DUMP_CURSOR) : 0);
	const struct ms_nl_field *nf;
	const __u64 *np;
	__u64 bad;

	if (cmd->flags & MS_NL_CMD_F_NOTIFY)
		return fail(c->err, c->errlen, "%s: a notification, not a request", cmd->name);
	if (dump && !(cmd->flags & MS_NL_CMD_F_DUMP)) {
		fail(c->err, c->errlen, "%s: cannot be dumped (NLM_F_DUMP)", cmd->name);
		return -EOPNOTSUPP;
	}
	if (!dump && (cmd->flags & MS_NL_CMD_F_DUMP_ONLY))
		return fail(c->err, c->errlen, "%s: needs NLM_F_DUMP", cmd->name);

	bad = m->present & ~allowed;
	if (bad)
		return fail(c->err, c->errlen, "%s: not allowed in %s",
			    ms_nl_attr_name(&ms_nl_set_top, lowest(bad)), cmd->name);
	bad = dump ? 0 : cmd->required & ~m->present;
	if (bad)
		return fail(c->err, c->errlen, "%s: missing in %s",
			    ms_nl_attr_name(&ms_nl_set_top, lowest(bad)), cmd->name);
	if (!cmd->nest || !(m->present & MS_BIT(cmd->nest)))
		return 0;

	nf = &ms_nl_set_top.fields[cmd->nest];
	np = (const __u64 *)((const char *)m + nf->off);
	bad = *np & ~cmd->nest_allowed;
	if (bad)
		return fail(c->err, c->errlen, "%s: not allowed in %s",
			    ms_nl_attr_name(nf->nest, lowest(bad)), cmd->name);
	if (dump)
		return 0;
	bad = cmd->nest_required & ~*np;
	if (bad)
		return fail(c->err, c->errlen, "%s: missing in %s",
			    ms_nl_attr_name(nf->nest, lowest(bad)), cmd->name);
	if (cmd->nest_one_of && !(*np & cmd->nest_one_of))
		return fail(c->err, c->errlen, "%s: nothing to set in %s, needs one of %s...",
			    nf->name, cmd->name,
			    ms_nl_attr_name(nf->nest, lowest(cmd->nest_one_of)));
	return cmd->check ? cmd->check(m, c->err, c->errlen) : 0;
}

static int parse(const void *buf, size_t len, struct ms_msg *m, struct ctx *c)
{
	const struct nlmsghdr *nlh = buf;
	const struct genlmsghdr *genl;
	const struct ms_nl_cmd *cmd;
	int ret;

	if (len < NLMSG_HDRLEN)
		return fail(c->err, c->errlen, "nlmsghdr: truncated, %zu bytes", len);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || nlh->nlmsg_len > len)
		return fail(c->err, c->errlen, "nlmsghdr: length %u, %zu bytes received",
			    nlh->nlmsg_len, len);
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
		return fail(c->err, c->errlen, "nlmsghdr: type %u is not a mediasec message",
			    nlh->nlmsg_type);
	genl = nlmsg_data(nlh);
	if (genl->version != MEDIASEC_GENL_VERSION)
		return fail(c->err, c->errlen, "genlmsghdr: version %u, expected %u",
			    genl->version, MEDIASEC_GENL_VERSION);
	cmd = ms_nl_cmd_get(genl->cmd);
	if (!cmd) {
		fail(c->err, c->errlen, "genlmsghdr: command %u out of range", genl->cmd);
		return -EOPNOTSUPP;
	}

	m->nl_type = nlh->nlmsg_type;
	m->nl_flags = nlh->nlmsg_flags;
	m->seq = nlh->nlmsg_seq;
	m->portid = nlh->nlmsg_pid;
	m->cmd = genl->cmd;

	ret = decode_set(&ms_nl_set_top,
			 (struct nlattr *)((char *)nlmsg_data(nlh) + GENL_HDRLEN),
			 nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, m, cmd->name, 0, 0, c);
	if (ret)
		return ret;
	return (m->nl_flags & NLM_F_REQUEST) ? check_cmd(cmd, m, c) : 0;
}

int ms_nl_msg_parse(const void *buf, size_t len, struct ms_msg *m,
		    char *err, size_t errlen)
{
	struct ctx c = { err, errlen };
	int ret;

	memset(m, 0, sizeof(*m));
	if (err && errlen)
		err[0] = '\0';
	ret = parse(buf, len, m, &c);
	if (ret)
		ms_nl_msg_clear(m);
	return ret;
}
