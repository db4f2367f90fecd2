/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control API: the shared NETLINK_USERSOCK server (lib/nl_server.h)
 * bound at the daemon's port id (MS_NL_PORT_DAEMON unless overridden).
 * server.c gives it mediasecd's roles, audit and refusal events; cmd.c
 * holds the table of commands and their handlers.
 */
#ifndef MEDIASEC_MEDIASECD_SERVER_H
#define MEDIASEC_MEDIASECD_SERVER_H

#include <stddef.h>
#include <linux/types.h>

#include "nl_server.h"

struct cp_config;

/* Bind port; returns the socket fd or -errno, err says why. */
int cp_server_open(const struct cp_config *cfg, __u32 port, char *err, size_t errlen);
void cp_server_close(void);
/* Serve the requests waiting on the socket (a bounded number); never blocks. */
void cp_server_process(void);

#endif /* MEDIASEC_MEDIASECD_SERVER_H */
