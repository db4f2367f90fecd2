/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's failure reports (MS_CMD_EVENT auth-failure with COUNT and
 * REASON: SRTP/SRTCP authentication failures and replays, summed per
 * source) counted per source in a sliding window (fail_window.h); a source
 * that reaches the running policy's threshold within its window raises an
 * auth-failure event and is denied (dyn_block.h).
 */
#ifndef MEDIASEC_MEDIASECD_DP_FAILURES_H
#define MEDIASEC_MEDIASECD_DP_FAILURES_H

struct ms_event;

/* One report from the dataplane; anything else is ignored. */
void cp_dp_failures_report(const struct ms_event *ev);

#endif /* MEDIASEC_MEDIASECD_DP_FAILURES_H */
