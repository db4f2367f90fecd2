/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The program's side of the dp-ctl test, as small as the test needs: a
 * struct dp_ctl_ops over two net_ring ports.
 *   port 0 "outside": 203.0.113.1, fd00::1      port 1 "inside": 198.51.100.1
 */
#ifndef MEDIASEC_TESTS_DATAPLANE_CTL_APP_H
#define MEDIASEC_TESTS_DATAPLANE_CTL_APP_H

#include <stdint.h>

#include "dataplane/control/ctl.h"
#include "ring_ports.h"

struct rte_mempool;
struct rte_ring;

struct test_app {
	int attached, detached;
	int attach_err;		/* what leg_attach answers */
	int unresolved;		/* l2_for_leg says -EAGAIN */
	int vlan;		/* l2_for_leg asks for a tag (tci 42) */
};

extern struct ring_ports rp;	/* port 0 outside, port 1 inside */
extern struct test_app app;
extern const struct dp_ctl_ops test_app_ops;
extern const uint8_t next_hop[6], our_mac[6];	/* what l2_for_leg gives */

#endif /* MEDIASEC_TESTS_DATAPLANE_CTL_APP_H */
