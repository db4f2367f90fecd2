/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Build mediasec messages with libnl: one walker over the schema tables
 * puts exactly the attributes marked present. The builder checks only what
 * it needs not to overrun its own structs; validating values is the
 * receiver's job (nl_parse.c), and the tests rely on being able to build
 * wrong messages.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <openssl/crypto.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nl_msg.h"
#include "nl_schema.h"

static int encode_set(struct nl_msg *msg, const struct ms_nl_set *set, const void *obj);

/* libnl returns -NLE_*; callers of this library get -errno. */
static int put_result(int nle)
{
	return nle < 0 ? -EMSGSIZE : 0;
}

static __u16 get_u16(const char *p)
{
	__u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int encode_list(struct nl_msg *msg, int type, const struct ms_nl_field *f,
		       const char *base)
{
	unsigned int n = get_u16(base + f->len_off);
	struct nlattr *list, *elem;
	int ret;

	if (n > f->max_elems)
		return -EINVAL;
	list = nla_nest_start(msg, type);
	if (!list)
		return -EMSGSIZE;
	for (unsigned int i = 0; i < n; i++) {
		const char *e = base + f->off + (size_t)i * f->size;

		if (f->kind == MS_NL_STRLIST) {
			if (strnlen(e, f->size) == f->size)
				return -EINVAL;
			ret = put_result(nla_put_string(msg, 0, e));
		} else {
			elem = nla_nest_start(msg, 0);
			if (!elem)
				return -EMSGSIZE;
			ret = encode_set(msg, f->nest, e);
			if (!ret)
				ret = put_result(nla_nest_end(msg, elem));
		}
		if (ret)
			return ret;
	}
	return put_result(nla_nest_end(msg, list));
}

static int encode_field(struct nl_msg *msg, int type, const struct ms_nl_field *f,
			const char *base)
{
	const char *p = base + f->off;
	struct nlattr *nest;
	__u32 len;
	int ret;

	switch (f->kind) {
	case MS_NL_U8:
		return put_result(nla_put(msg, type, 1, p));
	case MS_NL_U16:
		return put_result(nla_put(msg, type, 2, p));
	case MS_NL_U32:
	case MS_NL_FLAGS:
		return put_result(nla_put(msg, type, 4, p));
	case MS_NL_U64:
		return put_result(nla_put(msg, type, 8, p));
	case MS_NL_BIN:
		len = f->len_off ? get_u16(base + f->len_off) : f->size;
		if (len > f->size)
			return -EINVAL;
		return put_result(nla_put(msg, type, len, p));
	case MS_NL_STR:
		if (strnlen(p, f->size) == f->size)
			return -EINVAL;
		return put_result(nla_put_string(msg, type, p));
	case MS_NL_REF: {
		const void *data;

		memcpy(&data, p, sizeof(data));
		memcpy(&len, base + f->len_off, sizeof(len));
		if (len > 0xffff - NLA_HDRLEN || (len && !data))
			return -EINVAL;
		return put_result(nla_put(msg, type, len, data));
	}
	case MS_NL_NEST:
		nest = nla_nest_start(msg, type);
		if (!nest)
			return -EMSGSIZE;
		ret = encode_set(msg, f->nest, p);
		return ret ? ret : put_result(nla_nest_end(msg, nest));
	case MS_NL_LIST:
	case MS_NL_STRLIST:
		return encode_list(msg, type, f, base);
	}
	return -EINVAL;
}

static int encode_set(struct nl_msg *msg, const struct ms_nl_set *set, const void *obj)
{
	__u64 present;
	int ret;

	memcpy(&present, obj, sizeof(present));
	for (int type = 1; type <= set->maxtype; type++) {
		const struct ms_nl_field *f = &set->fields[type];

		if (!(present & MS_BIT(type)))
			continue;
		if (f->kind == MS_NL_NONE)
			return -EINVAL;
		ret = encode_field(msg, type, f, obj);
		if (ret)
			return ret;
	}
	return 0;
}

struct nl_msg *ms_nl_msg_alloc(__u16 nl_type, __u8 cmd, __u16 nl_flags, __u32 seq)
{
	struct nl_msg *msg = nlmsg_alloc_size(MS_NL_MSG_MAX);

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, seq, nl_type, 0, nl_flags, cmd,
			 MEDIASEC_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int ms_nl_msg_put(struct nl_msg *msg, const struct ms_msg *m)
{
	return encode_set(msg, &ms_nl_set_top, m);
}

int ms_nl_msg_build(const struct ms_msg *m, struct nl_msg **out)
{
	struct nl_msg *msg = ms_nl_msg_alloc(m->nl_type, m->cmd, m->nl_flags, m->seq);
	int ret;

	if (!msg)
		return -ENOMEM;
	nlmsg_hdr(msg)->nlmsg_pid = m->portid;
	ret = ms_nl_msg_put(msg, m);
	if (ret) {
		ms_nl_msg_free(msg);	/* it may hold key material already */
		return ret;
	}
	*out = msg;
	return 0;
}

void ms_nl_msg_free(struct nl_msg *msg)
{
	if (!msg)
		return;
	OPENSSL_cleanse(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
}

void ms_nl_msg_clear(struct ms_msg *m)
{
	OPENSSL_cleanse(m, sizeof(*m));
}

void ms_nl_srtp_dir_clear(struct ms_srtp_dir *d)
{
	OPENSSL_cleanse(d, sizeof(*d));
}
