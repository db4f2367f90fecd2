/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "denylist.h"
#include "dp_link.h"
#include "dp_lists.h"
#include "log.h"
#include "nl_msg.h"
#include "prefix.h"

static const __u8 add_cmd[__CP_LIST_MAX] = { MS_CMD_DENY_ADD, MS_CMD_ALLOW_ADD };
static const __u8 del_cmd[__CP_LIST_MAX] = { MS_CMD_DENY_DEL, MS_CMD_ALLOW_DEL };
static const __u8 flush_cmd[__CP_LIST_MAX] = { MS_CMD_DENY_FLUSH, MS_CMD_ALLOW_FLUSH };
static const char *const list_names[__CP_LIST_MAX] = { "denylist", "allowlist" };

/* The dataplane said it has no filter: nothing to send it until it reconnects. */
static bool no_filter;
/* Its list was full: said once per connection, not once per dynamic block. */
static bool full_said;
static struct ms_msg req;	/* 12 KiB: not on the stack */

/* Send req; what the dataplane refused is logged as "what" of p. */
static int send_req(enum cp_list_kind l, const char *what, const struct ms_prefix *p)
{
	char err[MS_ERROR_MSG_MAX + 16], text[CP_PREFIX_TEXT_MAX] = "";
	int ret = cp_dp_request(&req, err, sizeof(err));

	if (ret == -EOPNOTSUPP) {
		no_filter = true;
		cp_log(LOG_NOTICE, "mediasec-dp has no rx filter: the lists stay in the daemon "
		       "and the XDP filter");
	} else if ((ret == -ENOSPC && full_said) || ret == -ENOENT) {
		/* -ENOENT: a delete of an entry refused when added (full), said then */
		return ret;
	} else if (ret && ret != -ENOTCONN) {
		full_said |= ret == -ENOSPC;
		if (p)
			cp_prefix_format(p, text, sizeof(text));
		cp_log(LOG_WARNING, "%s: %s %s not copied to mediasec-dp: %s", list_names[l],
		       what, text, err);
	}
	return ret;
}

static void set_prefix(__u8 cmd, const struct ms_prefix *p)
{
	memset(&req, 0, sizeof(req));
	req.cmd = cmd;
	req.present = MS_BIT(MS_ATTR_PREFIX);
	req.prefix.present = MS_BIT(MS_PREFIX_A_ADDR) | MS_BIT(MS_PREFIX_A_LEN);
	req.prefix.addr = p->addr;
	req.prefix.len = p->len;
}

static int add(enum cp_list_kind l, const struct ms_prefix *p, __u64 expires_ns)
{
	__u64 now = cp_now_ns();

	if (expires_ns && expires_ns <= now)
		return 0;	/* due: the sweep takes it */
	set_prefix(add_cmd[l], p);
	if (expires_ns) {
		req.prefix.present |= MS_BIT(MS_PREFIX_A_EXPIRES);
		/* rounded up: the daemon's sweep removes it first */
		req.prefix.expires = (__u32)((expires_ns - now + 999999999ULL) / 1000000000ULL);
	}
	return send_req(l, "add", p);
}

void cp_dp_list_add(enum cp_list_kind l, const struct ms_prefix *p, __u64 expires_ns)
{
	if (cp_dp_connected() && !no_filter)
		add(l, p, expires_ns);
}

void cp_dp_list_del(enum cp_list_kind l, const struct ms_prefix *p)
{
	if (!cp_dp_connected() || no_filter)
		return;
	set_prefix(del_cmd[l], p);
	send_req(l, "delete", p);
}

void cp_dp_lists_push(void)
{
	unsigned int sent = 0, refused = 0;

	no_filter = false;
	full_said = false;
	for (int l = 0; l < __CP_LIST_MAX; l++) {
		memset(&req, 0, sizeof(req));
		req.cmd = flush_cmd[l];
		if (send_req(l, "flush", NULL))
			return;	/* gone, or no filter */
		for (unsigned int i = 0; i < cp_list_count(l) && cp_dp_connected(); i++) {
			const struct cp_list_entry *e = cp_list_at(l, i);

			if (add(l, &e->p, e->expires_ns))
				refused++;
			else
				sent++;
		}
	}
	cp_log(LOG_NOTICE, "mediasec-dp: %u list entries pushed, %u refused", sent, refused);
}
