/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "audit.h"
#include "denylist.h"
#include "deny_policy.h"
#include "dyn_block.h"
#include "dyn_deny.h"
#include "events.h"
#include "log.h"
#include "nl_server.h"

static void host(const struct ms_addr *src, struct ms_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->present = MS_BIT(MS_PREFIX_A_ADDR) | MS_BIT(MS_PREFIX_A_LEN);
	p->addr = *src;
	p->len = src->family == AF_INET ? 32 : 128;
}

/* The daemon itself, as the audit trail names it. */
static void self(struct ms_nl_caller *who)
{
	memset(who, 0, sizeof(*who));
	who->uid = getuid();
	who->gid = getgid();
	who->pid = getpid();
	who->role = MS_ROLE_ADMIN;
}

bool cp_dyn_blocked(const struct ms_addr *src)
{
	struct ms_prefix p;

	host(src, &p);
	return cp_list_find(CP_LIST_DENY, &p) != NULL;
}

int cp_dyn_block(const struct ms_addr *src, const char *text, const char *cause)
{
	struct ms_nl_caller who;
	struct ms_prefix p;
	unsigned int strikes;
	__u32 block;
	int ret;

	if (cp_list_covers(CP_LIST_ALLOW, src))
		return -EPERM;
	/* Reported twice (two CPUs, or a report in flight): one block. */
	if (cp_dyn_blocked(src))
		return -EEXIST;
	host(src, &p);
	block = cp_dyn_strike(cp_deny_policy(), src, cp_now_ns(), &strikes);
	ret = cp_list_add(CP_LIST_DENY, &p, block, MS_PREFIX_F_DYNAMIC);
	self(&who);
	cp_audit_record(&who, "deny-add-dynamic", text, ret);
	if (ret) {
		cp_log(LOG_ERR, "%s from %s: cannot deny it: %s", cause, text, strerror(-ret));
		return ret;
	}
	if (block)
		cp_event_raise(MS_EVENT_ADDR_DENIED, MS_SEV_WARNING, src,
			       "%s denied for %u s after %s (offence %u)", text, block, cause,
			       strikes);
	else
		cp_event_raise(MS_EVENT_ADDR_DENIED, MS_SEV_WARNING, src,
			       "%s denied until removed after %s (offence %u)", text, cause,
			       strikes);
	return 0;
}
