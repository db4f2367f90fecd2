/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SIGHUP: mediasec.conf read again. A file with an error, or that changes
 * what only a restart can change (filter, cert, the realms' media ports,
 * limits), is refused as a whole: logged as FILE:LINE: ... and the running
 * configuration stays. Otherwise what can change at run time is applied:
 * static denylist and allowlist entries, roles, syslog, the realms' SRTP
 * modes; sessions, legs and runtime list entries are left alone. Either
 * way an audit record names the signal's sender and the result, and an
 * event is raised (config-change).
 */
#ifndef MEDIASEC_MEDIASECD_RELOAD_H
#define MEDIASEC_MEDIASECD_RELOAD_H

#include <stdbool.h>
#include <sys/types.h>

struct cp_config;

/*
 * cur is the running configuration (the server reads its roles through
 * it), path the file to read, uid and pid the signal's sender, to_stderr
 * as mediasecd -e. 0 when applied, else -errno (logged).
 */
int cp_reload(struct cp_config *cur, const char *path, uid_t uid, pid_t pid, bool to_stderr);

#endif /* MEDIASEC_MEDIASECD_RELOAD_H */
