/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the XDP filter reports (its ring buffer of struct ms_pf_event),
 * read from the daemon's poll loop and acted on:
 *  - a port scan: the source goes on the denylist for a while (dynamic,
 *    doubling for repeat offenders: dyn_deny.h), with a port-scan and an
 *    addr-denied event and an audit record;
 *  - a hit of a denylisted source (sampled by the filter): a
 *    denied-traffic event, at most CP_DENY_HIT_EVENTS_PER_S a second.
 * Everything is counted and shows in STATS_GET (MS_ATTR_FILTER).
 */
#ifndef MEDIASEC_MEDIASECD_FILTER_EVENTS_H
#define MEDIASEC_MEDIASECD_FILTER_EVENTS_H

struct cp_filter_conf;
struct ms_filter_stats;

#define CP_DENY_HIT_EVENTS_PER_S 10

/*
 * After cp_filter_open(): returns an fd that polls readable when events
 * wait, -ENOENT when the filter is not in use, or another -errno. conf is
 * kept (the block times); it must outlive the reader.
 */
int cp_filter_events_open(const struct cp_filter_conf *conf);
/* Handle whatever waits; never blocks. */
void cp_filter_events_process(void);
void cp_filter_events_close(void);
/* Add mediasecd's own counts (scans, dynamic denies, hits) to out. */
void cp_filter_events_stats(struct ms_filter_stats *out);

#endif /* MEDIASEC_MEDIASECD_FILTER_EVENTS_H */
