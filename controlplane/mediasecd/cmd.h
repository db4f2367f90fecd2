/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The commands mediasecd serves: one table row per command, its handler
 * and whether it changes state (then it is audited). Who may send a
 * command is not here: lib/nl_cmd.c's minimum roles, the table
 * docs/netlink.md shows, are the single source.
 */
#ifndef MEDIASEC_MEDIASECD_CMD_H
#define MEDIASEC_MEDIASECD_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "nl_server.h"

struct cp_cmd {
	ms_nl_handler_fn handler;
	bool changes;
};

/* The row of cmd, or NULL when mediasecd does not serve it (yet). */
const struct cp_cmd *cp_cmd_get(unsigned int cmd);
/* For MS_STATUS_A_UPTIME. */
void cp_cmd_set_start(time_t monotonic_start);

#endif /* MEDIASEC_MEDIASECD_CMD_H */
