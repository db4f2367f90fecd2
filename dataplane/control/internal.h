/* SPDX-License-Identifier: BSD-3-Clause */
/* What the control thread's files share; nothing outside control/ uses it. */
#ifndef MEDIASEC_DATAPLANE_CONTROL_INTERNAL_H
#define MEDIASEC_DATAPLANE_CONTROL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/nl_msg.h"
#include "lib/nl_server.h"
#include "dataplane/sec_report.h"

#include "ctl.h"

/* Failures of one source on one leg for one reason, summed (sec_events.c). */
struct ctl_sec_sum {
	struct dp_sec_record rec;
	uint32_t count;
};
#define CTL_SEC_SUMS_MAX 64

struct dp_ctl {
	struct dp_ctl_conf conf;
	struct ms_nl_server *srv;
	time_t started;			/* CLOCK_MONOTONIC seconds */
	uint32_t subscriber;		/* punts go there; 0: none */
	uint32_t next_id;		/* for MS_CMD_LEG_NEW without an id */
	struct dp_ctl_stats stats;
	struct ms_msg out;		/* replies, punts and events are built here */
	struct ctl_sec_sum sec_sums[CTL_SEC_SUMS_MAX];
	unsigned int n_sec_sums;
	uint64_t sec_since_ns;		/* CLOCK_MONOTONIC of the oldest sum */
	uint64_t sec_seq;		/* MS_EVENT_A_SEQ of the last event */
};

/* Write the error text for a handler; returns ret (-errno). */
int ctl_err(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Handlers (ms_nl_handler_fn), one file per job. */
int ctl_leg_new(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_leg_set(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_leg_del(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_leg_get(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_leg_dump(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_status_get(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_stats_get(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_subscribe(struct ms_nl_request *r, char *err, size_t errlen);
/*
 * ctl->out (present bits and object filled in) to the subscriber as cmd:
 * 0, or -errno when it was not delivered; a subscriber gone is forgotten.
 */
int ctl_notify(struct dp_ctl *ctl, __u8 cmd);
/* sec_events.c: the workers' failure records to the subscriber; never blocks. */
void ctl_sec_drain(struct dp_ctl *ctl);
int ctl_inject(struct ms_nl_request *r, char *err, size_t errlen);
/* prefix_cmd.c: the rx filter's denylist and allowlist. */
int ctl_prefix_add(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_prefix_del(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_prefix_get(struct ms_nl_request *r, char *err, size_t errlen);
int ctl_prefix_flush(struct ms_nl_request *r, char *err, size_t errlen);

/* leg_view.c: a leg as the schema shows it; keys only in ctl_leg_msg(). */
void ctl_leg_view(const struct dp_leg *leg, struct ms_leg *ml, bool counters);
void ctl_addr_view(const struct dp_endpoint *ep, uint16_t rtcp_port, struct ms_addr *a);
/* "203.0.113.1:20000" or "[2001:db8::1]:20000" */
const char *ctl_endpoint_text(const struct dp_endpoint *ep, char *buf, size_t len);
/*
 * ctl->out reset to a reply carrying one leg (MS_ATTR_LEG), with its master
 * keys when keys is set; the caller then wipes ctl->out (ms_nl_msg_clear).
 */
struct ms_msg *ctl_leg_msg(struct dp_ctl *ctl, const struct dp_leg *leg, bool keys);
/*
 * Whether request r asks for keys (MS_GET_F_KEYS) into *keys: 0, or -EPERM
 * with err when the sender is neither root nor the configured daemon uid.
 */
int ctl_keys_wanted(const struct ms_nl_request *r, bool *keys, char *err, size_t errlen);

#endif /* MEDIASEC_DATAPLANE_CONTROL_INTERNAL_H */
