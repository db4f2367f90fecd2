/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Many requests in flight on one ms_nl_client: requests are packed into
 * datagrams of up to MS_NL_WINDOW_DGRAM bytes, up to max stay unanswered,
 * and each answer (ACK or error, matched by sequence number, in whatever
 * order the server sends them) goes to a callback with the request's tag.
 * For requests answered by an ACK or an error only (changes, not dumps);
 * data replies to them are ignored. Every request added is answered
 * exactly once: by the server, or with the transport's error when the
 * server is gone or silent for the client's timeout.
 */
#ifndef MEDIASEC_LIB_NL_WINDOW_H
#define MEDIASEC_LIB_NL_WINDOW_H

#include <stddef.h>
#include <linux/types.h>

struct ms_msg;
struct ms_nl_client;
struct ms_nl_window;

/* Requests leave in datagrams of at most this many bytes. */
#define MS_NL_WINDOW_DGRAM	(32 * 1024)

/* ret 0 or -errno; text the server's (or the transport's) reason, "" if none. */
typedef void (*ms_nl_done_fn)(void *arg, __u64 tag, int ret, const char *text);

/* NULL when out of memory; max >= 1. */
struct ms_nl_window *ms_nl_window_open(struct ms_nl_client *c, unsigned int max,
				       ms_nl_done_fn done, void *arg);
void ms_nl_window_close(struct ms_nl_window *w);
/*
 * Queue req (NLM_F_ACK is added); it leaves when its datagram is full or
 * at the next flush. Waits for answers while max are unanswered. 0, or
 * -errno with err: the request could not be built (not queued, no
 * callback), or the transport failed (every unanswered request, this one
 * included, has had its callback with that error).
 */
int ms_nl_window_add(struct ms_nl_window *w, struct ms_msg *req, __u64 tag,
		     char *err, size_t errlen);
/* Send what is queued and wait for every answer; 0 or the transport's -errno. */
int ms_nl_window_flush(struct ms_nl_window *w, char *err, size_t errlen);
/* Requests added and not answered yet. */
unsigned int ms_nl_window_pending(const struct ms_nl_window *w);

#endif /* MEDIASEC_LIB_NL_WINDOW_H */
