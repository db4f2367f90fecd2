/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The audit trail: one record per change requested through the control
 * API, accepted or not, naming who (uid, pid, role), what and the result.
 * Records go to syslog's authpriv facility; accepted changes also raise a
 * config-change event.
 */
#ifndef MEDIASEC_MEDIASECD_AUDIT_H
#define MEDIASEC_MEDIASECD_AUDIT_H

struct ms_nl_caller;

/* what: command name ("deny-add"); object may be ""; result 0 or -errno. */
void cp_audit_record(const struct ms_nl_caller *who, const char *what, const char *object,
		     int result);

#endif /* MEDIASEC_MEDIASECD_AUDIT_H */
