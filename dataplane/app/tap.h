/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The exception path: per port a kernel TAP interface that carries the
 * port's MAC and addresses, so ARP, ND, ICMP and host traffic are the
 * kernel's business. Frames for the host reach it from the workers'
 * exception rings; what the kernel sends leaves on the port.
 */
#ifndef MEDIASEC_DATAPLANE_APP_TAP_H
#define MEDIASEC_DATAPLANE_APP_TAP_H

struct dp_app;
struct dp_app_port;

/* Create ap's TAP (nonblocking), give it the port's MAC, MTU, addresses; up. 0 or -errno. */
int dp_tap_open(struct dp_app *app, struct dp_app_port *ap);
void dp_tap_close(struct dp_app_port *ap);

/* Control thread, never blocks: workers' exception rings → TAPs. */
void dp_tap_to_kernel(struct dp_app *app);
/* Control thread, never blocks: ap's TAP → the port. */
void dp_tap_from_kernel(struct dp_app *app, struct dp_app_port *ap);

#endif /* MEDIASEC_DATAPLANE_APP_TAP_H */
