/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's logging: syslog(3) (the journal under systemd), optionally
 * echoed to stderr for foreground runs and tests. Never key material.
 */
#ifndef MEDIASEC_MEDIASECD_LOG_H
#define MEDIASEC_MEDIASECD_LOG_H

#include <stdbool.h>
#include <syslog.h>

void cp_log_open(const char *ident, int facility, bool to_stderr);
void cp_log_close(void);
__attribute__((format(printf, 2, 3)))
void cp_log(int priority, const char *fmt, ...);

#endif /* MEDIASEC_MEDIASECD_LOG_H */
