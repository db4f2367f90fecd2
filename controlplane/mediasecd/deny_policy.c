/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>

#include "config.h"
#include "deny_policy.h"
#include "nl_msg.h"
#include "nl_schema.h"

#define B MS_BIT

static struct cp_filter_conf live;

void cp_deny_policy_init(const struct cp_filter_conf *from_config)
{
	live = *from_config;
}

const struct cp_filter_conf *cp_deny_policy(void)
{
	return &live;
}

void cp_deny_policy_get(struct ms_policy *out)
{
	out->present |= B(MS_POLICY_A_DENY_THRESHOLD) | B(MS_POLICY_A_DENY_WINDOW) |
			B(MS_POLICY_A_DENY_TIME) | B(MS_POLICY_A_DENY_TIME_MAX);
	out->deny_threshold = live.fail_threshold;
	out->deny_window = live.fail_window_s;
	out->deny_time = live.block_s;
	out->deny_time_max = live.block_max_s;
}

/* req's value of attr where present, else the running one. */
static __u32 merged(const struct ms_policy *req, int attr, __u32 v, __u32 running)
{
	return req->present & B(attr) ? v : running;
}

int cp_deny_policy_check(const struct ms_policy *req, char *err, size_t errlen)
{
	__u32 time = merged(req, MS_POLICY_A_DENY_TIME, req->deny_time, live.block_s);
	__u32 max = merged(req, MS_POLICY_A_DENY_TIME_MAX, req->deny_time_max, live.block_max_s);

	if ((req->present & B(MS_POLICY_A_DENY_THRESHOLD)) &&
	    (!req->deny_threshold || req->deny_threshold > CP_FAIL_THRESHOLD_MAX))
		return ms_nl_err_set(err, errlen, "MS_POLICY_A_DENY_THRESHOLD: %u is not 1..%u",
				     req->deny_threshold, CP_FAIL_THRESHOLD_MAX);
	if ((req->present & B(MS_POLICY_A_DENY_WINDOW)) &&
	    (!req->deny_window || req->deny_window > CP_FAIL_WINDOW_MAX_S))
		return ms_nl_err_set(err, errlen, "MS_POLICY_A_DENY_WINDOW: %u s is not 1..%u",
				     req->deny_window, CP_FAIL_WINDOW_MAX_S);
	if ((req->present & B(MS_POLICY_A_DENY_TIME)) &&
	    (!req->deny_time || req->deny_time > CP_BLOCK_MAX_S))
		return ms_nl_err_set(err, errlen, "MS_POLICY_A_DENY_TIME: %u s is not 1..%u",
				     req->deny_time, CP_BLOCK_MAX_S);
	if ((req->present & B(MS_POLICY_A_DENY_TIME_MAX)) && req->deny_time_max > CP_BLOCK_MAX_S)
		return ms_nl_err_set(err, errlen,
				     "MS_POLICY_A_DENY_TIME_MAX: %u s is not 0 (no cap)..%u",
				     req->deny_time_max, CP_BLOCK_MAX_S);
	if (max && max < time)
		return ms_nl_err_set(err, errlen,
				     "MS_POLICY_A_DENY_TIME_MAX: %u s shorter than the first block (%u s)",
				     max, time);
	return 0;
}

void cp_deny_policy_apply(const struct ms_policy *req)
{
	live.fail_threshold = merged(req, MS_POLICY_A_DENY_THRESHOLD, req->deny_threshold,
				     live.fail_threshold);
	live.fail_window_s = merged(req, MS_POLICY_A_DENY_WINDOW, req->deny_window,
				    live.fail_window_s);
	live.block_s = merged(req, MS_POLICY_A_DENY_TIME, req->deny_time, live.block_s);
	live.block_max_s = merged(req, MS_POLICY_A_DENY_TIME_MAX, req->deny_time_max,
				  live.block_max_s);
}
