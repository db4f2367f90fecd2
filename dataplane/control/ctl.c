/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control thread's server: the shared USERSOCK server (lib/nl_server.h)
 * at MS_NL_PORT_DP, the commands mediasec-dp serves, and who may send them:
 * root and the configured daemon uid are admin, everyone else has no role.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <rte_log.h>

#include "dataplane/filter/filter.h"
#include "dataplane/leg_table.h"
#include "dataplane/sec_report.h"
#include "lib/nl_cmd.h"
#include "internal.h"

RTE_LOG_REGISTER(ctl_logtype, user.mediasec.dp.ctl, NOTICE);

static const ms_nl_handler_fn handlers[__MS_CMD_MAX] = {
	[MS_CMD_LEG_NEW]	= ctl_leg_new,
	[MS_CMD_LEG_SET]	= ctl_leg_set,
	[MS_CMD_KEY_SET]	= ctl_leg_set,	/* a LEG_SET of keys alone */
	[MS_CMD_LEG_DEL]	= ctl_leg_del,
	[MS_CMD_LEG_GET]	= ctl_leg_get,
	[MS_CMD_STATS_GET]	= ctl_stats_get,
	[MS_CMD_STATUS_GET]	= ctl_status_get,
	[MS_CMD_EVENT_SUBSCRIBE] = ctl_subscribe,
	[MS_CMD_INJECT]		= ctl_inject,
	[MS_CMD_DENY_ADD]	= ctl_prefix_add,
	[MS_CMD_DENY_DEL]	= ctl_prefix_del,
	[MS_CMD_DENY_GET]	= ctl_prefix_get,
	[MS_CMD_DENY_FLUSH]	= ctl_prefix_flush,
	[MS_CMD_ALLOW_ADD]	= ctl_prefix_add,
	[MS_CMD_ALLOW_DEL]	= ctl_prefix_del,
	[MS_CMD_ALLOW_GET]	= ctl_prefix_get,
	[MS_CMD_ALLOW_FLUSH]	= ctl_prefix_flush,
};

int ctl_err(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return ret;
}

static int role(void *ctx, uid_t uid, gid_t gid)
{
	const struct dp_ctl *ctl = ctx;

	(void)gid;
	if (uid == 0 || (ctl->conf.daemon_uid != (uid_t)-1 && uid == ctl->conf.daemon_uid))
		return MS_ROLE_ADMIN;
	return MS_ROLE_NONE;
}

static ms_nl_handler_fn handler(void *ctx, unsigned int cmd)
{
	(void)ctx;
	return cmd < __MS_CMD_MAX ? handlers[cmd] : NULL;
}

/* Any local user can send: one line per second at most, and how many were not logged. */
static void refused(void *ctx, const struct ms_nl_request *r, unsigned int cmd,
		    const struct ms_nl_cmd *rules)
{
	static struct timespec last;
	static unsigned int quiet;
	struct timespec now;

	(void)ctx, (void)cmd;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec == last.tv_sec && last.tv_sec) {
		quiet++;
		return;
	}
	last = now;
	rte_log(RTE_LOG_WARNING, ctl_logtype,
		"mediasec-dp control: uid %u pid %d refused %s (%u more refusals not logged)\n",
		(unsigned int)r->who.uid, (int)r->who.pid, rules->name, quiet);
	quiet = 0;
}

static void log_text(void *ctx, int priority, const char *text)
{
	(void)ctx;
	rte_log(priority <= LOG_ERR ? RTE_LOG_ERR : RTE_LOG_WARNING, ctl_logtype,
		"mediasec-dp control: %s\n", text);
}

static const struct ms_nl_server_ops ops = {
	.name = "mediasec-dp",
	.role = role,
	.handler = handler,
	.refused = refused,
	.log = log_text,
};

struct dp_ctl *dp_ctl_open(const struct dp_ctl_conf *conf, char *err, size_t errlen)
{
	struct dp_ctl *ctl;
	struct timespec now;

	const struct dp_ctl_ops *o = conf->ops;

	if (!conf->legs || !conf->engine || !conf->pool || !conf->n_workers || !conf->punt) {
		snprintf(err, errlen, "control thread: no leg table, engine, mbuf pool, "
			 "workers or punt rings");
		return NULL;
	}
	if (!o || !o->port_of || !o->leg_attach || !o->leg_detach || !o->send ||
	    !o->l2_for_leg || !o->port_counters || !o->n_ports || !o->port_side) {
		snprintf(err, errlen, "control thread: struct dp_ctl_ops incomplete");
		return NULL;
	}
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl) {
		snprintf(err, errlen, "control thread: out of memory");
		return NULL;
	}
	ctl->conf = *conf;
	ctl->next_id = 1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ctl->started = now.tv_sec;
	ctl->srv = ms_nl_server_open(conf->nl_port ? conf->nl_port : MS_NL_PORT_DP, &ops, ctl,
				     err, errlen);
	if (!ctl->srv) {
		free(ctl);
		return NULL;
	}
	return ctl;
}

int dp_ctl_fd(const struct dp_ctl *ctl)
{
	return ms_nl_server_fd(ctl->srv);
}

void dp_ctl_process(struct dp_ctl *ctl)
{
	ms_nl_server_process(ctl->srv);
	dp_leg_table_reclaim(ctl->conf.legs);
	if (ctl->conf.filter)
		dp_filter_reclaim(ctl->conf.filter);
}

void dp_ctl_stats_get(const struct dp_ctl *ctl, struct dp_ctl_stats *st)
{
	*st = ctl->stats;
	for (uint16_t w = 0; ctl->conf.sec && w < ctl->conf.n_workers; w++)
		if (ctl->conf.sec[w])
			st->sec_refused += __atomic_load_n(&ctl->conf.sec[w]->lost,
							   __ATOMIC_RELAXED);
}

void dp_ctl_close(struct dp_ctl *ctl)
{
	if (!ctl)
		return;
	ms_nl_server_close(ctl->srv);
	ms_nl_msg_clear(&ctl->out);
	free(ctl);
}
