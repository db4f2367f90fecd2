/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cmd_session.h"
#include "config.h"
#include "denylist.h"
#include "events.h"
#include "log.h"
#include "nl_server.h"
#include "reload.h"

/* What needs a restart: "" when next changes none of it, else why. */
static void restart_only(const struct cp_config *cur, const struct cp_config *next,
			 char *why, size_t len)
{
	*why = '\0';
	if (next->max_legs != cur->max_legs || next->max_sessions != cur->max_sessions) {
		/* the store and its locked memory are sized once, at start */
		snprintf(why, len, "limits { legs = %u; sessions = %u; } -> { %u; %u; } "
			 "needs a restart", cur->max_legs, cur->max_sessions, next->max_legs,
			 next->max_sessions);
		return;
	}
	if (next->filter != cur->filter || strcmp(next->pin_dir, cur->pin_dir) ||
	    strcmp(next->interface, cur->interface) || next->af_xdp != cur->af_xdp) {
		snprintf(why, len, "filter: a change of section, pin_dir, interface or af_xdp "
			 "needs a restart");
		return;
	}
	/* the running deny policy starts from them; POLICY_SET changes it */
	if (next->pf.fail_threshold != cur->pf.fail_threshold ||
	    next->pf.fail_window_s != cur->pf.fail_window_s) {
		snprintf(why, len, "failures: changes need a restart (at run time: mediasecctl "
			 "policy set deny-threshold, deny-window)");
		return;
	}
	/* pushed into the pinned pf_config at start only */
	if (memcmp(&next->pf, &cur->pf, sizeof(cur->pf))) {
		snprintf(why, len, "filter: rate and scan changes need a restart");
		return;
	}
	if (memcmp(&next->cert, &cur->cert, sizeof(cur->cert))) {
		snprintf(why, len, "cert: changes need a restart");
		return;
	}
	/* the XDP port ranges are indexed by realm */
	if (next->nrealms != cur->nrealms) {
		snprintf(why, len, "realms: %u -> %u realms needs a restart", cur->nrealms,
			 next->nrealms);
		return;
	}
	for (unsigned int i = 0; i < cur->nrealms; i++)
		if (next->realms[i].port_lo != cur->realms[i].port_lo ||
		    next->realms[i].port_hi != cur->realms[i].port_hi) {
			snprintf(why, len, "realms: media_ports of \"%s\" needs a restart",
				 next->realms[i].name);
			return;
		}
}

/* Checked, then applied; the lists are the one step that can fail midway. */
static int apply(struct cp_config *cur, const struct cp_config *next, bool to_stderr,
		 char *err, size_t errlen)
{
	unsigned int added, removed;
	int ret = cp_list_reload(next, &added, &removed);

	if (ret) {
		unsigned int a, r;

		snprintf(err, errlen, "static list entries: %s", strerror(-ret));
		/* Back to the running file's, as far as the maps let us (a
		 * runtime entry the new file had made static goes with it). */
		cp_list_reload(cur, &a, &r);
		return ret;
	}
	if (strcmp(next->syslog_ident, cur->syslog_ident) ||
	    next->syslog_facility != cur->syslog_facility)
		cp_log_open(next->syslog_ident, next->syslog_facility, to_stderr);
	cp_sessions_policy_reload(next);
	/* roles: the server reads them through cur */
	memcpy(cur, next, sizeof(*cur));
	cp_log(LOG_NOTICE, "reload: %s applied: %u static list entries added, %u removed; "
	       "roles, syslog and realm modes as in the file", cur->path, added, removed);
	return 0;
}

int cp_reload(struct cp_config *cur, const char *path, uid_t uid, pid_t pid, bool to_stderr)
{
	static struct cp_config next;	/* large: not on the stack */
	/* only root can signal mediasecd, and root is admin */
	const struct ms_nl_caller who = { .uid = uid, .pid = pid, .role = MS_ROLE_ADMIN };
	char err[512], why[256];
	int ret = cp_config_load(&next, path, err, sizeof(err));

	if (!ret) {
		restart_only(cur, &next, why, sizeof(why));
		if (*why) {
			snprintf(err, sizeof(err), "%s: %s", path, why);
			ret = -EINVAL;
		}
	}
	if (!ret)
		ret = apply(cur, &next, to_stderr, err, sizeof(err));
	if (ret) {
		cp_log(LOG_ERR, "reload refused, the running configuration stays: %s", err);
		cp_event_raise(MS_EVENT_CONFIG_CHANGE, MS_SEV_WARNING, NULL,
			       "uid %u pid %d: reload refused: %s", (unsigned int)uid, (int)pid,
			       err);
	}
	/* a success raises its config-change event here */
	cp_audit_record(&who, "reload", path, ret);
	memset(&next, 0, sizeof(next));
	return ret;
}
