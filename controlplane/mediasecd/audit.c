/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "audit.h"
#include "events.h"
#include "log.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "server.h"

void cp_audit_record(const struct ms_nl_caller *who, const char *what, const char *object,
		     int result)
{
	const char *res = result ? strerror(-result) : "ok";
	const char *role = ms_nl_name_get(MS_NAME_ROLE, (unsigned int)who->role);

	cp_log(LOG_AUTHPRIV | LOG_NOTICE,
	       "[ms-audit@32473 uid=\"%u\" pid=\"%d\" role=\"%s\" cmd=\"%s\" object=\"%s\" "
	       "result=\"%s\"] audit: uid %u %s %s: %s",
	       (unsigned int)who->uid, (int)who->pid, role ? role : "none", what, object, res,
	       (unsigned int)who->uid, what, object, res);
	if (!result)
		cp_event_raise(MS_EVENT_CONFIG_CHANGE, MS_SEV_INFO, NULL, "uid %u pid %d: %s %s",
			       (unsigned int)who->uid, (int)who->pid, what, object);
}
