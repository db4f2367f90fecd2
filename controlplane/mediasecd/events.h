/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Security events (docs/netlink.md "Events"): each one is counted, written
 * to syslog with RFC 5424 structured data, and unicast as MS_CMD_EVENT to
 * the subscribers whose mask and minimum severity it passes.
 */
#ifndef MEDIASEC_MEDIASECD_EVENTS_H
#define MEDIASEC_MEDIASECD_EVENTS_H

#include <stdbool.h>
#include <linux/types.h>

#define CP_SUBSCRIBERS_MAX 64

struct ms_addr;

/* fd: the server's socket, which notifications leave from. */
void cp_events_init(int fd);
void cp_events_fini(void);

/* src may be NULL. The text must never hold key material. */
__attribute__((format(printf, 4, 5)))
void cp_event_raise(__u8 type, __u8 severity, const struct ms_addr *src,
		    const char *fmt, ...);

/*
 * Register port for events of the types in mask (bit 1 << type) at or above
 * severity_min; mask 0 removes it. Returns 0 or -ENOSPC.
 */
int cp_events_subscribe(__u32 port, __u32 mask, __u8 severity_min);
unsigned int cp_events_subscribers(void);
__u64 cp_events_count(__u8 type);

#endif /* MEDIASEC_MEDIASECD_EVENTS_H */
