/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's rx filter (dataplane/filter/) from its options: --filter,
 * --filter-deny, --filter-allow, --filter-open, --media-ports.
 */
#ifndef MEDIASEC_DATAPLANE_APP_RX_FILTER_H
#define MEDIASEC_DATAPLANE_APP_RX_FILTER_H

struct dp_app;

/*
 * After the workers are made, before they start: loads the filter with
 * the option's tables into every worker's rx path. 0 without --filter;
 * -errno after printing why.
 */
int dp_app_filter_open(struct dp_app *app);
/* After the workers stopped. */
void dp_app_filter_close(struct dp_app *app);

#endif /* MEDIASEC_DATAPLANE_APP_RX_FILTER_H */
