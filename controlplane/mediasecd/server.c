/* SPDX-License-Identifier: BSD-3-Clause */
/* mediasecd's side of the shared server: roles, audit, refusal events. */
#include <errno.h>
#include <stdio.h>

#include "audit.h"
#include "auth.h"
#include "cmd.h"
#include "dp_link.h"
#include "events.h"
#include "log.h"
#include "nl_cmd.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "server.h"

static struct ms_nl_server *srv;

static int role(void *ctx, uid_t uid, gid_t gid)
{
	return cp_auth_role(ctx, uid, gid);
}

static ms_nl_handler_fn handler(void *ctx, unsigned int cmd)
{
	const struct cp_cmd *c = cp_cmd_get(cmd);

	(void)ctx;
	return c ? c->handler : NULL;
}

/* Name of a command for logs: "deny-add", or its number. */
static const char *cmd_word(unsigned int cmd, char *buf, size_t len)
{
	const char *name = ms_nl_name_get(MS_NAME_CMD, cmd);

	if (name)
		return name;
	snprintf(buf, len, "command %u", cmd);
	return buf;
}

/* The role is too low: the audit and the subscribers hear of it. */
static void refused(void *ctx, const struct ms_nl_request *r, unsigned int cmd,
		    const struct ms_nl_cmd *rules)
{
	const char *have = ms_nl_name_get(MS_NAME_ROLE, (unsigned int)r->who.role);
	const char *need = ms_nl_name_get(MS_NAME_ROLE, rules->min_role);
	char buf[32];
	const char *word = cmd_word(cmd, buf, sizeof(buf));

	(void)ctx;
	cp_audit_record(&r->who, word, "", -EPERM);
	cp_event_raise(MS_EVENT_REQUEST_REFUSED, MS_SEV_WARNING, NULL,
		       "uid %u pid %d (role %s) refused %s: needs %s",
		       (unsigned int)r->who.uid, (int)r->who.pid, have, word, need);
}

static void handled(void *ctx, const struct ms_nl_request *r, int ret)
{
	char word[32];

	(void)ctx;
	if (cp_cmd_get(r->cmd)->changes)
		cp_audit_record(&r->who, cmd_word(r->cmd, word, sizeof(word)), r->object,
				ret < 0 ? ret : 0);
}

/* Legs sent on to mediasec-dp meanwhile: answered before the replies leave. */
static void datagram_done(void *ctx)
{
	(void)ctx;
	cp_dp_flush();
}

static void log_text(void *ctx, int priority, const char *text)
{
	(void)ctx;
	cp_log(priority, "%s", text);
}

static const struct ms_nl_server_ops ops = {
	.name = "mediasecd",
	.role = role,
	.handler = handler,
	.refused = refused,
	.handled = handled,
	.datagram_done = datagram_done,
	.log = log_text,
};

int cp_server_open(const struct cp_config *cfg, __u32 port, char *err, size_t errlen)
{
	/* the roles are read, never written: the const goes back on in role() */
	srv = ms_nl_server_open(port, &ops, (void *)cfg, err, errlen);
	return srv ? ms_nl_server_fd(srv) : -EIO;
}

void cp_server_close(void)
{
	ms_nl_server_close(srv);
	srv = NULL;
}

void cp_server_process(void)
{
	ms_nl_server_process(srv);
}
