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

int ms_nl_error_build(const struct nlmsghdr *req, __u32 portid, int error,
		      const char *text, struct nl_msg **out)
{
	char msgbuf[MS_ERROR_MSG_MAX];
	struct nlmsgerr *e;
	struct nl_msg *msg;

	if (error > 0 || error < -4095)
		return -EINVAL;
	msg = nlmsg_alloc_simple(NLMSG_ERROR,
				 NLM_F_CAPPED | (text && *text ? NLM_F_ACK_TLVS : 0));
	if (!msg)
		return -ENOMEM;
	nlmsg_hdr(msg)->nlmsg_seq = req->nlmsg_seq;
	nlmsg_hdr(msg)->nlmsg_pid = portid;
	e = nlmsg_reserve(msg, sizeof(*e), NLMSG_ALIGNTO);
	if (!e)
		goto err;
	e->error = error;
	e->msg = *req;
	if (text && *text) {
		/* longer texts are cut, never refused: the error must go out */
		strncpy(msgbuf, text, sizeof(msgbuf) - 1);
		msgbuf[sizeof(msgbuf) - 1] = '\0';
		if (nla_put_string(msg, MS_ATTR_ERROR_MSG, msgbuf) < 0)
			goto err;
	}
	*out = msg;
	return 0;
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
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
