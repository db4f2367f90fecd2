/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecd as a client of mediasec-dp's control thread (MS_NL_PORT_DP):
 * every leg the daemon accepts is pushed there with its keys, deletes
 * follow, and the dataplane's refusals reach the caller with its text.
 *
 * New legs are pipelined: each LEG_NEW goes out in a batch (many to a
 * datagram) and its caller's request is answered when the dataplane has
 * answered, at the latest at the end of the caller's datagram
 * (cp_dp_flush()), so a batch of N legs costs one round trip, not N.
 * Everything else is synchronous, after the batch in flight: the
 * dataplane sees the changes in the order they came. Each wait has a
 * one-second timeout. A dataplane that does not answer is marked down;
 * its legs stay in the store, pending.
 * Once a second (cp_dp_tick) a down link sends MS_CMD_STATUS_GET: when the
 * dataplane answers, the first time since mediasecd started its legs are
 * adopted (LEG_GET dump), then every pending leg is pushed. A dataplane
 * that answers again with the start time it had (STATUS uptime) only
 * missed a deadline, and perhaps changes: it is re-synchronised. A dump of
 * its leg ids says which it holds; legs the daemon deleted meanwhile (or
 * deleted and created anew under the same id) are deleted there, missing
 * ones pushed, and each leg whose changes were not forwarded (the store's
 * dirty bits) gets one LEG_SET of those attributes, keys only when they
 * changed, so established legs keep their SRTP state. A dataplane that
 * refused a delete is re-synchronised the same way on the next tick. Any
 * other dataplane is a new one, which gets every leg again.
 *
 * Adopted legs keep flowing: the dataplane keeps them and the daemon lists
 * them. The adoption dump asks for their keys (MS_GET_F_KEYS, which
 * mediasec-dp grants to root and its daemon uid only), and the store keeps
 * them like any leg's (mlocked, out of core dumps), so if that dataplane
 * later restarts the adopted legs are pushed again with their keys. Legs
 * the dataplane holds that clash with the daemon's ids stay as the
 * dataplane has them.
 */
#ifndef MEDIASEC_MEDIASECD_DP_LINK_H
#define MEDIASEC_MEDIASECD_DP_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "nl_msg.h"

struct cp_store;
struct ms_nl_request;

/* port 0: no dataplane link at all. 0 or -errno with err. */
int cp_dp_open(struct cp_store *st, __u32 port, char *err, size_t errlen);
void cp_dp_close(void);
bool cp_dp_connected(void);
/*
 * The link's socket, which polls readable when the dataplane sends
 * unasked (punts, failure reports: dp_failures.h), or -1.
 */
int cp_dp_fd(void);
/*
 * Between requests, every round: read what waits when the socket polled
 * readable, and act on the failure reports read, also those that came
 * while a request waited for its answer. Never blocks.
 */
void cp_dp_unsolicited(bool readable);
/* Once a second: reconnect, adopt or re-sync, push what is pending, drain punts. */
void cp_dp_tick(void);

/*
 * Push a leg just stored. 0 when the dataplane took it or is down (the leg
 * stays pending); the dataplane's -errno and "mediasec-dp: ..." text when
 * it refused, and then the caller removes the leg. With r, the push is
 * pipelined: MS_NL_DEFERRED, and r is answered later (a refusal removes
 * the leg then); r NULL waits for the dataplane.
 */
int cp_dp_leg_new(const struct ms_leg *leg, struct ms_nl_request *r, char *err,
		  size_t errlen);
/* Wait for the legs in flight and answer their callers. */
void cp_dp_flush(void);
/*
 * Forward a LEG_SET or KEY_SET (change, the attributes to change, keys
 * included) for a programmed leg; same results as cp_dp_leg_new().
 */
int cp_dp_leg_change(__u8 cmd, const struct ms_leg *change, char *err, size_t errlen);
/* Remove a leg from the dataplane; a refusal is logged, not returned. */
void cp_dp_leg_del(__u32 id);
/*
 * Send m and wait for the answer, after the legs in flight: 0, -ENOTCONN
 * when no dataplane is connected, or its -errno and "mediasec-dp: ..." text.
 */
int cp_dp_request(struct ms_msg *m, char *err, size_t errlen);
/*
 * The dataplane's counters, of leg_id or (0) of the whole dataplane.
 * 0, -ENOTCONN when no dataplane is connected, or its -errno and text.
 */
int cp_dp_stats(__u32 leg_id, struct ms_counters *out, char *err, size_t errlen);

/* One port of the dataplane and its counters, from a STATS_GET dump. */
struct cp_dp_port {
	__u16 id;
	__u8 side;		/* enum ms_leg_side */
	struct ms_counters counters;
};
#define CP_DP_PORTS_MAX	32	/* mediasec-dp's DP_OPT_PORTS_MAX */

/*
 * The dataplane's ports, at most CP_DP_PORTS_MAX, into ports: their number,
 * -ENOTCONN when no dataplane is connected, or its -errno and text.
 */
int cp_dp_port_stats(struct cp_dp_port *ports, char *err, size_t errlen);

#endif /* MEDIASEC_MEDIASECD_DP_LINK_H */
