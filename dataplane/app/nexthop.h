/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Next hops of legs, from the kernel's neighbour table. Legs behind the
 * same neighbour (port, IP) share one struct dp_nh, so a neighbour update
 * is one store, whatever the number of legs. Entries outlive their legs
 * (nexthop.c says why). Control thread only.
 */
#ifndef MEDIASEC_DATAPLANE_APP_NEXTHOP_H
#define MEDIASEC_DATAPLANE_APP_NEXTHOP_H

struct dp_app;
struct dp_leg;
struct dp_nexthops;

/* NULL after logging why. */
struct dp_nexthops *dp_nexthops_create(struct dp_app *app);
void dp_nexthops_free(struct dp_nexthops *nhs);

/* The neighbour subscription's socket, to poll; -1 when no port has a TAP. */
int dp_nexthops_fd(const struct dp_nexthops *nhs);
/* Apply the kernel's neighbour updates waiting on it; never blocks. */
void dp_nexthops_process(struct dp_nexthops *nhs);

/*
 * Point leg at its next hop: the port's static one, or the neighbour entry
 * of its remote (on-link) or of the port's gateway, asking the kernel to
 * resolve it when unknown. A leg whose remote is still to be latched gets
 * none (the worker points it at own_nh). 0 or -errno.
 */
int dp_nexthops_attach(struct dp_nexthops *nhs, struct dp_leg *leg);
/* The leg left the table: its entry has one leg fewer to ask for. */
void dp_nexthops_detach(struct dp_nexthops *nhs, struct dp_leg *leg);

#endif /* MEDIASEC_DATAPLANE_APP_NEXTHOP_H */
