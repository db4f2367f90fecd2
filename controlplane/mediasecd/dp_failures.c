/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "config.h"
#include "denylist.h"
#include "deny_policy.h"
#include "dp_failures.h"
#include "dyn_block.h"
#include "events.h"
#include "fail_window.h"
#include "log.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "prefix.h"

#define B MS_BIT

/* The source alone (no port), as the denylist takes it; -EINVAL when none. */
static int source_of(const struct ms_event *ev, struct ms_addr *a)
{
	const struct ms_addr *s = &ev->source;

	if (!(ev->present & B(MS_EVENT_A_SOURCE)))
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	a->present = B(MS_ADDR_A_FAMILY);
	a->family = s->family;
	if (s->family == AF_INET && (s->present & B(MS_ADDR_A_IN4))) {
		memcpy(a->in4, s->in4, 4);
		a->present |= B(MS_ADDR_A_IN4);
	} else if (s->family == AF_INET6 && (s->present & B(MS_ADDR_A_IN6))) {
		memcpy(a->in6, s->in6, 16);
		a->present |= B(MS_ADDR_A_IN6);
	} else {
		return -EINVAL;
	}
	return 0;
}

void cp_dp_failures_report(const struct ms_event *ev)
{
	const struct cp_filter_conf *pol = cp_deny_policy();
	__u32 n = ev->present & B(MS_EVENT_A_COUNT) ? ev->count : 1;
	char text[CP_PREFIX_TEXT_MAX];
	struct ms_prefix p = { 0 };
	__u64 total;
	int ret;

	if (ev->type != MS_EVENT_AUTH_FAILURE || source_of(ev, &p.addr))
		return;
	/* reports still in flight when it was denied */
	if (cp_dyn_blocked(&p.addr))
		return;
	total = cp_fail_add(&p.addr, n, pol->fail_window_s, cp_now_ns());
	if (total < pol->fail_threshold)
		return;
	cp_fail_forget(&p.addr);
	p.len = p.addr.family == AF_INET ? 32 : 128;
	cp_prefix_format(&p, text, sizeof(text));
	cp_event_raise(MS_EVENT_AUTH_FAILURE, MS_SEV_WARNING, &p.addr,
		       "%s: %llu SRTP failures within %u s, the last %s on leg %u", text,
		       (unsigned long long)total, pol->fail_window_s,
		       ms_nl_name_get(MS_NAME_DROP, ev->reason) ?: "?", ev->leg_id);
	ret = cp_dyn_block(&p.addr, text, "SRTP failures");
	if (ret == -EPERM)
		cp_log(LOG_NOTICE, "%s: %llu SRTP failures within %u s, but allowlisted: not denied",
		       text, (unsigned long long)total, pol->fail_window_s);
}
