/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

/* openlog() keeps the pointer: the ident must outlive the log. */
static char ident_buf[32] = "mediasecd";

void cp_log_open(const char *ident, int facility, bool to_stderr)
{
	snprintf(ident_buf, sizeof(ident_buf), "%s", ident);
	closelog();
	openlog(ident_buf, LOG_PID | LOG_NDELAY | (to_stderr ? LOG_PERROR : 0), facility);
}

void cp_log_close(void)
{
	closelog();
}

void cp_log(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(priority, fmt, ap);
	va_end(ap);
}
