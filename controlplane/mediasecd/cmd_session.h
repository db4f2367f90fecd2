/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecd's session, leg and SRTP policy commands, over the daemon's
 * one session store and system policy. Until a dataplane is connected,
 * accepted legs are kept and marked pending (not programmed); they are
 * pushed when one appears.
 */
#ifndef MEDIASEC_MEDIASECD_CMD_SESSION_H
#define MEDIASEC_MEDIASECD_CMD_SESSION_H

#include <stddef.h>

#include "nl_server.h"

struct cp_config;
struct cp_store;

/* The store holds up to max_sessions and max_legs; 0 or -errno with err. */
int cp_sessions_init(const struct cp_config *cfg, unsigned int max_sessions,
		     unsigned int max_legs, char *err, size_t errlen);
/* Wipes every leg's keys. */
void cp_sessions_fini(void);
/*
 * A reloaded config: the SRTP policy's modes become its realms' again;
 * the rest of the policy (policy set) and existing legs stay as they are.
 */
void cp_sessions_policy_reload(const struct cp_config *cfg);
struct cp_store *cp_sessions_store(void);

int cp_cmd_session_new(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_session_set(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_session_del(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_session_get(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_leg_new(struct ms_nl_request *r, char *err, size_t errlen);
/* LEG_SET and KEY_SET. */
int cp_cmd_leg_set(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_leg_del(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_leg_get(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_stats_get(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_policy_get(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_policy_set(struct ms_nl_request *r, char *err, size_t errlen);

#endif /* MEDIASEC_MEDIASECD_CMD_SESSION_H */
