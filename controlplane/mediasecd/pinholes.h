/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The XDP filter's pinholes kept in step with mediasecd's legs: each leg
 * opens its local RTP port, and its RTCP port unless RTCP is muxed. A leg
 * with a known remote and no latching admits that remote only (address
 * and port); a latching leg, or one without a remote yet, admits any
 * source and leaves the check to the dataplane. Legs sharing a local port
 * (different local addresses) share one pinhole, open to any source.
 * Map errors are logged, never refused: the leg is the dataplane's truth.
 */
#ifndef MEDIASEC_MEDIASECD_PINHOLES_H
#define MEDIASEC_MEDIASECD_PINHOLES_H

struct cp_store;
struct ms_leg;

void cp_pinholes_leg_add(const struct ms_leg *leg);
void cp_pinholes_leg_del(const struct ms_leg *leg);
/*
 * Once a second, and right after start-up: on the first call and whenever
 * the dataplane (re)connects (legs adopted or dropped), rebuild the
 * pinholes from the store and delete those of legs that are gone.
 */
void cp_pinholes_tick(struct cp_store *st);

#endif /* MEDIASEC_MEDIASECD_PINHOLES_H */
