/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The client side of the dp-ctl test: an autobound NETLINK_USERSOCK socket
 * that sends requests to the dp_ctl under test and, after running
 * dp_ctl_process() itself, reads every answer waiting.
 */
#ifndef MEDIASEC_TESTS_DATAPLANE_CTL_CLIENT_H
#define MEDIASEC_TESTS_DATAPLANE_CTL_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/nl_msg.h"

struct dp_ctl;
struct dp_ctl_conf;

extern struct dp_ctl *ctl;	/* the server under test */
extern uint32_t srv_port;	/* its port id */
extern int cli;			/* the test's socket */

struct replies {
	unsigned int acks, errors, data, done;
	int error;			/* the first error */
	char text[MS_ERROR_MSG_MAX];
	bool more;
	uint64_t cursor;
	void (*fn)(const struct ms_msg *m, void *arg);
	void *arg;
};

int client_open(void);
/* The server under test on conf (ctl, srv_port) and the test's client (cli): 0, or -1 said why. */
int serve_open(const struct dp_ctl_conf *conf);
void serve_close(void);
void send_raw(int fd, const void *buf, size_t len);
/* Append req as a request with flags to buf at *off. */
void put_req(uint8_t *buf, size_t *off, struct ms_msg *req, uint16_t flags, uint32_t seq);
/* Everything waiting on fd (the server has answered before we read). */
void collect(int fd, struct replies *r);
/* Send req alone, serve it, collect the answers (into r's callbacks). */
struct replies ask_with(struct ms_msg *req, uint16_t flags, struct replies r);
struct replies ask(struct ms_msg *req, uint16_t flags);
/*
 * A whole resumable dump: request() builds each part's request, which is
 * sent with the cursor the previous part ended on; each reply goes to
 * each's callback. Asserts every part ends cleanly; returns how many parts.
 */
unsigned int dump_all(struct ms_msg *(*request)(void *arg), void *arg, struct replies each);

#define expect_error(r, e, w) expect_error_at(r, e, w, __LINE__)
#define expect_ack(r) expect_ack_at(r, __LINE__)
void expect_error_at(struct replies r, int error, const char *words, int line);
void expect_ack_at(struct replies r, int line);

#endif /* MEDIASEC_TESTS_DATAPLANE_CTL_CLIENT_H */
