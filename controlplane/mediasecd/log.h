/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's logging: syslog records (the journal under systemd),
 * optionally echoed to stderr for foreground runs and tests. Never key
 * material. Records are queued and leave at cp_log_flush(), which the main
 * loop calls after each round of work (and a full queue, cp_log_open()
 * and cp_log_close() call themselves): one system call per round, not per
 * record. A crash loses the records of its round.
 */
#ifndef MEDIASEC_MEDIASECD_LOG_H
#define MEDIASEC_MEDIASECD_LOG_H

#include <stdbool.h>
#include <syslog.h>

void cp_log_open(const char *ident, int facility, bool to_stderr);
void cp_log_close(void);
void cp_log_flush(void);
__attribute__((format(printf, 2, 3)))
void cp_log(int priority, const char *fmt, ...);

#endif /* MEDIASEC_MEDIASECD_LOG_H */
