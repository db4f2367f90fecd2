/* SPDX-License-Identifier: BSD-3-Clause */
/* mediasecd's per-port and per-realm counters (STATS_GET dump). */
#ifndef MEDIASEC_MEDIASECD_CMD_STATS_H
#define MEDIASEC_MEDIASECD_CMD_STATS_H

#include <stddef.h>

#include "nl_server.h"

struct cp_config;

/* The dataplane's ports, then cfg's realms, one message each. */
int cp_cmd_stats_dump(struct ms_nl_request *r, const struct cp_config *cfg, char *err,
		      size_t errlen);

#endif /* MEDIASEC_MEDIASECD_CMD_STATS_H */
