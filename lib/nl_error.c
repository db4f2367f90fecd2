/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ACK and error replies. mediasecd answers like the kernel answers with an
 * extended ACK: NLMSG_ERROR, the request header only (NLM_F_CAPPED: the
 * request may hold keys and need not travel back), then TLVs. Our message
 * TLV, MS_ATTR_ERROR_MSG, has the number of NLMSGERR_ATTR_MSG, so one parser
 * reads replies from mediasecd, mediasec-dp and mediasec.ko.
 */
#include <errno.h>
#include <string.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "nl_msg.h"
#include "nl_schema.h"

_Static_assert((int)MS_ATTR_ERROR_MSG == (int)NLMSGERR_ATTR_MSG,
	       "MS_ATTR_ERROR_MSG must stay the kernel's extack message TLV");

int ms_nl_error_put(void *buf, size_t room, const struct nlmsghdr *req, __u32 portid,
		    int error, const char *text)
{
	size_t tlen = text && *text ? strnlen(text, MS_ERROR_MSG_MAX - 1) + 1 : 0;
	size_t len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nlmsgerr)) +
		     (tlen ? NLA_ALIGN(NLA_HDRLEN + tlen) : 0);
	struct nlmsghdr *nlh = buf;
	struct nlmsgerr *e;
	struct nlattr *a;

	if (error > 0 || error < -4095)
		return -EINVAL;
	if (room < len)
		return -EMSGSIZE;
	memset(buf, 0, len);
	*nlh = (struct nlmsghdr){
		.nlmsg_len = (__u32)len,
		.nlmsg_type = NLMSG_ERROR,
		.nlmsg_flags = NLM_F_CAPPED | (tlen ? NLM_F_ACK_TLVS : 0),
		.nlmsg_seq = req->nlmsg_seq,
		.nlmsg_pid = portid,
	};
	e = nlmsg_data(nlh);
	e->error = error;
	e->msg = *req;
	if (tlen) {
		/* longer texts are cut, never refused: the error must go out */
		a = (struct nlattr *)((char *)e + NLMSG_ALIGN(sizeof(*e)));
		a->nla_type = MS_ATTR_ERROR_MSG;
		a->nla_len = (__u16)(NLA_HDRLEN + tlen);
		memcpy((char *)a + NLA_HDRLEN, text, tlen - 1);
	}
	return (int)len;
}

int ms_nl_error_build(const struct nlmsghdr *req, __u32 portid, int error,
		      const char *text, struct nl_msg **out)
{
	char buf[MS_NL_ERROR_MAX];
	int ret = ms_nl_error_put(buf, sizeof(buf), req, portid, error, text);

	if (ret < 0)
		return ret;
	*out = nlmsg_convert((struct nlmsghdr *)buf);
	return *out ? 0 : -ENOMEM;
}

int ms_nl_error_parse(const void *buf, size_t len, int *error, char *text, size_t textlen)
{
	static const struct nla_policy policy[MS_ATTR_ERROR_MSG + 1] = {
		[MS_ATTR_ERROR_MSG] = { .type = NLA_STRING, .minlen = 1,
					.maxlen = MS_ERROR_MSG_MAX },
	};
	struct nlattr *tb[MS_ATTR_ERROR_MSG + 1];
	const struct nlmsghdr *nlh = buf;
	const struct nlmsgerr *e;
	size_t off, total;

	if (textlen)
		text[0] = '\0';
	if (len < NLMSG_HDRLEN || nlh->nlmsg_len > len ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
		return -EBADMSG;
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	e = nlmsg_data(nlh);
	if (e->error > 0 || e->error < -4095)
		return -EBADMSG;
	*error = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;

	/* An uncapped reply echoes the whole request before the TLVs. */
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	total = nlh->nlmsg_len - NLMSG_HDRLEN;
	if (e->msg.nlmsg_len < NLMSG_HDRLEN || off > total)
		return -EBADMSG;
	if (nla_parse(tb, MS_ATTR_ERROR_MSG, (struct nlattr *)((char *)nlmsg_data(nlh) + off),
		      total - off, policy) < 0)
		return -EBADMSG;
	if (tb[MS_ATTR_ERROR_MSG] && textlen)
		nla_strlcpy(text, tb[MS_ATTR_ERROR_MSG], textlen);
	return 0;
}
