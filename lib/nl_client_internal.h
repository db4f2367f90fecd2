/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The client's parts shared with nl_window.c, which sends many requests
 * per datagram on the same connection; not for the programs.
 */
#ifndef MEDIASEC_LIB_NL_CLIENT_INTERNAL_H
#define MEDIASEC_LIB_NL_CLIENT_INTERNAL_H

#include <stddef.h>
#include <linux/types.h>

#include "nl_client.h"

struct nl_msg;
struct nl_sock;

struct ms_nl_client {
	struct nl_sock *sk;
	struct ms_nl_client_conf conf;
	__u32 seq;
};

/* req as the next request (seq, port, flags): 0 or -errno with err. */
int ms_nl_client_build(struct ms_nl_client *c, struct ms_msg *req, struct nl_msg **msg,
		       char *err, size_t errlen);
/* One datagram of requests to the server: 0 or -ECONNREFUSED with err. */
int ms_nl_client_send(struct ms_nl_client *c, const void *buf, size_t len,
		      char *err, size_t errlen);
/* One datagram from the server (bytes, *buf to free) or -ETIMEDOUT/-EIO with err. */
int ms_nl_client_recv(struct ms_nl_client *c, unsigned char **buf, char *err, size_t errlen);
/* SO_RCVTIMEO and SO_SNDTIMEO; 0: none. */
void ms_nl_client_set_timeout(struct ms_nl_client *c, int seconds);

#endif /* MEDIASEC_LIB_NL_CLIENT_INTERNAL_H */
