/* SPDX-License-Identifier: BSD-3-Clause */
/* Live per-port figures on stdout (--stats), as text or JSON lines (-j). */
#ifndef MEDIASEC_DATAPLANE_APP_STATS_H
#define MEDIASEC_DATAPLANE_APP_STATS_H

struct dp_app;

/* One line per port: rates over the last seconds, drops so far by reason. */
void dp_stats_print(struct dp_app *app, double seconds);

#endif /* MEDIASEC_DATAPLANE_APP_STATS_H */
