/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecd: the control plane. main() only sets up, runs the loop and
 * tears down; each object lives in its own file (see README.md).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "certs.h"
#include "cmd.h"
#include "cmd_session.h"
#include "config.h"
#include "denylist.h"
#include "deny_policy.h"
#include "dp_link.h"
#include "events.h"
#include "filter.h"
#include "filter_events.h"
#include "log.h"
#include "parse_num.h"
#include "pinholes.h"
#include "privs.h"
#include "reload.h"
#include "server.h"

#define CONFIG_DEFAULT "/etc/mediasec/mediasec.conf"

struct opts {
	const char *config;
	__u32 port;
	bool check_only;
	bool to_stderr;
	__u32 dp_port;		/* mediasec-dp's control thread */
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mediasecd [-c FILE] [-P PORTID] [-D PORTID] [-e] [-t]\n"
		"  -c, --config FILE  configuration (default " CONFIG_DEFAULT ")\n"
		"  -P, --port PORTID  NETLINK_USERSOCK port id (default 0x%08x; for tests)\n"
		"  -D, --dp-port PORTID  mediasec-dp's port id (default 0x%08x; for tests)\n"
		"  -e, --stderr       log to stderr as well as syslog\n"
		"  -t, --test-config  check the configuration and exit\n",
		MS_NL_PORT_DAEMON, MS_NL_PORT_DP);
}

/* Port ids as mediasecctl takes them: decimal or 0x hex, non-zero, whole. */
static int parse_port(const char *s, __u32 *out)
{
	unsigned long v;
	int err = ms_parse_ulong(s, 0, 1, 0xffffffffUL, &v);

	if (!err)
		*out = (__u32)v;
	return err;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'P' },
		{ "dp-port", required_argument, NULL, 'D' },
		{ "stderr", no_argument, NULL, 'e' },
		{ "test-config", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct opts){ CONFIG_DEFAULT, MS_NL_PORT_DAEMON, false, false };
	o->dp_port = MS_NL_PORT_DP;
	while ((c = getopt_long(argc, argv, "c:P:D:eth", longs, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'P':
			if (parse_port(optarg, &o->port)) {
				fprintf(stderr, "mediasecd: invalid port id \"%s\"\n", optarg);
				return -EINVAL;
			}
			break;
		case 'D':
			if (parse_port(optarg, &o->dp_port)) {
				fprintf(stderr, "mediasecd: invalid port id \"%s\"\n", optarg);
				return -EINVAL;
			}
			break;
		case 'e':
			o->to_stderr = true;
			break;
		case 't':
			o->check_only = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "mediasecd: unexpected argument \"%s\"\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

/* SIGTERM and SIGINT end the loop; as fds, so no handler races the loop. */
static int signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* Once a second: expire list entries, watch the certificates. */
static int sweep_timer_open(void)
{
	struct itimerspec it = { { 1, 0 }, { 1, 0 } };
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd >= 0 && timerfd_settime(fd, 0, &it, NULL)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* filter_fd: the XDP filter's events, or < 0 (poll skips it). */
static int run(int srv_fd, int filter_fd, struct cp_config *cfg, const struct opts *o)
{
	struct pollfd fds[5] = {
		{ .fd = srv_fd, .events = POLLIN },
		{ .fd = signals_open(), .events = POLLIN },
		{ .fd = sweep_timer_open(), .events = POLLIN },
		{ .fd = filter_fd, .events = POLLIN },
		{ .fd = cp_dp_fd(), .events = POLLIN },
	};
	bool stop = false;

	if (fds[1].fd < 0 || fds[2].fd < 0) {
		cp_log(LOG_ERR, "signalfd/timerfd: %s", strerror(errno));
		stop = true;
	}
	while (!stop) {
		/* the records of the last round leave before we sleep */
		cp_log_flush();
		if (poll(fds, 5, -1) < 0) {
			if (errno == EINTR)
				continue;
			cp_log(LOG_ERR, "poll: %s", strerror(errno));
			break;
		}
		if (fds[0].revents)
			cp_server_process();
		if (fds[1].revents) {
			struct signalfd_siginfo si;

			while (read(fds[1].fd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGHUP) {
					cp_reload(cfg, o->config, si.ssi_uid, (pid_t)si.ssi_pid,
						  o->to_stderr);
					continue;
				}
				cp_log(LOG_NOTICE, "signal %u from pid %u: stopping", si.ssi_signo,
				       si.ssi_pid);
				stop = true;
			}
		}
		if (fds[2].revents) {
			__u64 ticks;

			if (read(fds[2].fd, &ticks, sizeof(ticks)) == sizeof(ticks)) {
				cp_list_sweep();
				cp_certs_tick(time(NULL));
				cp_dp_tick();
				cp_pinholes_tick(cp_sessions_store());
			}
		}
		if (fds[3].revents)
			cp_filter_events_process();
		/* failure reports: a block within 100 ms, not at the next tick */
		cp_dp_unsolicited(fds[4].revents != 0);
	}
	for (int i = 1; i < 3; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	return 0;
}

int main(int argc, char **argv)
{
	static struct cp_config cfg;	/* large: not on the stack */
	struct opts o;
	struct timespec ts;
	char err[512];
	int fd, filter_fd, ret;

	if (parse_opts(argc, argv, &o))
		return 2;
	if (cp_config_load(&cfg, o.config, err, sizeof(err))) {
		fprintf(stderr, "mediasecd: %s\n", err);
		return 1;
	}
	if (o.check_only) {
		printf("%s: ok\n", o.config);
		return 0;
	}
	cp_log_open(cfg.syslog_ident, cfg.syslog_facility, o.to_stderr);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	cp_cmd_set_start(ts.tv_sec);

	cp_deny_policy_init(&cfg.pf);
	ret = cp_filter_open(&cfg, err, sizeof(err));
	if (ret)
		goto err_filter;
	ret = cp_filter_ports(&cfg);
	if (ret) {
		snprintf(err, sizeof(err), "XDP filter: media ports: %s", strerror(-ret));
		goto err_list;
	}
	ret = cp_list_init(&cfg);
	if (!ret)
		ret = cp_list_adopt();
	if (ret) {
		snprintf(err, sizeof(err), "lists: %s", strerror(-ret));
		goto err_server;
	}
	fd = cp_server_open(&cfg, o.port, err, sizeof(err));
	if (fd < 0) {
		ret = fd;
		goto err_server;
	}
	cp_events_init(fd);
	/* After the events: a deferred generation raises one. */
	ret = cp_certs_open(&cfg.cert, time(NULL), err, sizeof(err));
	if (ret)
		goto err_certs;
	ret = cp_sessions_init(&cfg, cfg.max_sessions, cfg.max_legs, err, sizeof(err));
	if (ret)
		goto err_sessions;
	ret = cp_dp_open(cp_sessions_store(), o.dp_port, err, sizeof(err));
	if (ret) {
		cp_sessions_fini();
		goto err_sessions;
	}
	/* Adopt a running dataplane's legs before the first request. */
	cp_dp_tick();
	cp_pinholes_tick(cp_sessions_store());
	filter_fd = cp_filter_events_open(&cfg.pf);
	if (filter_fd < 0 && filter_fd != -ENOENT)
		cp_log(LOG_ERR, "XDP filter events: %s: no dynamic denylist", strerror(-filter_fd));
	ret = cp_privs_drop(err, sizeof(err));
	if (ret) {
		cp_filter_events_close();
		cp_dp_close();
		cp_sessions_fini();
		goto err_sessions;
	}
	cp_log(LOG_NOTICE, "mediasecd %s: %s, port 0x%08x, %u deny and %u allow entries, "
	       "XDP maps %s", MEDIASEC_VERSION, o.config, o.port, cp_list_count(CP_LIST_DENY),
	       cp_list_count(CP_LIST_ALLOW), cp_filter_active() ? cfg.pin_dir : "not used");

	ret = run(fd, filter_fd, &cfg, &o);

	cp_filter_events_close();
	cp_dp_close();
	cp_sessions_fini();
	cp_certs_close();
	cp_events_fini();
	cp_server_close();
	cp_list_fini();
	cp_filter_close();
	cp_log(LOG_NOTICE, "mediasecd stopped");
	cp_log_close();
	return ret ? 1 : 0;

err_sessions:
	cp_certs_close();
err_certs:
	cp_events_fini();
	cp_server_close();
err_server:
	cp_list_fini();
err_list:
	cp_filter_close();
err_filter:
	cp_log(LOG_ERR, "%s", err);
	if (!o.to_stderr)
		fprintf(stderr, "mediasecd: %s\n", err);
	cp_log_close();
	return 1;
}
