/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The program's side of the control thread (dataplane/control/ctl.h): the
 * struct dp_ctl_ops it lends, and the calls the main loop makes.
 */
#ifndef MEDIASEC_DATAPLANE_APP_CONTROL_H
#define MEDIASEC_DATAPLANE_APP_CONTROL_H

struct dp_app;

/* Bind the control socket; 0, or -errno after logging why. */
int dp_app_ctl_open(struct dp_app *app);
/* The socket to poll. */
int dp_app_ctl_fd(const struct dp_app *app);
void dp_app_ctl_process(struct dp_app *app);
/* Every round: the workers' punt rings to the subscriber. */
void dp_app_ctl_punt_drain(struct dp_app *app);
void dp_app_ctl_close(struct dp_app *app);

#endif /* MEDIASEC_DATAPLANE_APP_CONTROL_H */
