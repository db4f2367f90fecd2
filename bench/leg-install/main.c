/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * leg-install-bench: how fast legs can be installed through the control
 * API, end to end: this client sends MS_CMD_LEG_NEW requests, one at a time
 * with an ACK each, to a port id, and times N of them. Against mediasecd
 * (default port) the figure includes mediasecd's policy, store and its
 * forwarding to mediasec-dp; against mediasec-dp itself (-D) it is the
 * dataplane alone, the baseline of the ratio. Plain legs (no SRTP keys, so
 * the figure is the control path's, not the key schedule's); through
 * mediasecd a session is made first for every MS_SESSION_LEGS_MAX legs
 * (timed too: that is what installing them takes). Side inside,
 * mode best-effort, rtcp-mux, local ADDR:1024.. over as many ADDRs as it
 * takes.
 *
 * usage: leg-install-bench [-D] [-P PORT] --legs N --addrs A1,A2,... [--first-id I]
 *                          [--window W]
 * JSON on stdout: {"bench":"leg-install","target":...,"window":W,"legs":N,"seconds":S,
 *                  "legs_per_s":R}
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "mediasec/netlink.h"
#include "nl_client.h"
#include "nl_msg.h"
#include "nl_window.h"
#include "parse_num.h"

#define PORT_FIRST	1024
#define PORTS_PER_ADDR	(65536 - PORT_FIRST)
#define ADDRS_MAX	64
#define WINDOW_MAX	65536
/* Tags of the requests: a leg's index, or a session's with this bit. */
#define TAG_SESSION	(1ULL << 63)

struct opts {
	__u32 port;
	const char *target;
	unsigned long legs, first_id, window;
	unsigned int n_addrs;
	struct in_addr addrs[ADDRS_MAX];
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void addr4(struct ms_addr *a, struct in_addr in, __u16 port)
{
	*a = (struct ms_addr){
		.present = MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_IN4) | MS_BIT(MS_ADDR_A_PORT),
		.family = AF_INET, .port = port,
	};
	memcpy(a->in4, &in, 4);
}

static __u32 session_of(const struct opts *o, unsigned long i)
{
	return (__u32)(o->first_id + i / MS_SESSION_LEGS_MAX);
}

static void session_new(struct ms_msg *m, const struct opts *o, unsigned long i)
{
	memset(m, 0, sizeof(*m));
	m->cmd = MS_CMD_SESSION_NEW;
	m->nl_flags = NLM_F_REQUEST | NLM_F_ACK;
	m->present = MS_BIT(MS_ATTR_SESSION);
	m->session.present = MS_BIT(MS_SESSION_A_ID) | MS_BIT(MS_SESSION_A_LABEL);
	m->session.id = session_of(o, i);
	snprintf(m->session.label, sizeof(m->session.label), "bench-%u", m->session.id);
}

/* Leg i: local addrs[i / PORTS_PER_ADDR]:(1024 + i % PORTS_PER_ADDR), remote 203.0.113.10. */
static void leg_new(struct ms_msg *m, const struct opts *o, unsigned long i)
{
	struct in_addr remote = { htonl(0xcb00710a) };	/* 203.0.113.10 */
	__u16 port = (__u16)(PORT_FIRST + i % PORTS_PER_ADDR);

	memset(m, 0, sizeof(*m));
	m->cmd = MS_CMD_LEG_NEW;
	m->nl_flags = NLM_F_REQUEST | NLM_F_ACK;
	m->present = MS_BIT(MS_ATTR_LEG);
	m->leg = (struct ms_leg){
		.present = MS_BIT(MS_LEG_A_ID) | MS_BIT(MS_LEG_A_SESSION_ID) |
			   MS_BIT(MS_LEG_A_SIDE) | MS_BIT(MS_LEG_A_MODE) |
			   MS_BIT(MS_LEG_A_FLAGS) | MS_BIT(MS_LEG_A_LOCAL) |
			   MS_BIT(MS_LEG_A_REMOTE),
		.id = (__u32)(o->first_id + i), .session_id = session_of(o, i),
		.side = MS_SIDE_INSIDE, .mode = MS_MODE_BEST_EFFORT,
		.flags = MS_LEG_F_RTCP_MUX,	/* one port a leg */
	};
	addr4(&m->leg.local, o->addrs[i / PORTS_PER_ADDR], port);
	addr4(&m->leg.remote, remote, port);
}

static int parse_addrs(char *list, struct opts *o)
{
	for (char *a = strtok(list, ","); a; a = strtok(NULL, ",")) {
		if (o->n_addrs == ADDRS_MAX || inet_pton(AF_INET, a, &o->addrs[o->n_addrs]) != 1)
			return -1;
		o->n_addrs++;
	}
	return o->n_addrs ? 0 : -1;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "dataplane", no_argument, NULL, 'D' },
		{ "port", required_argument, NULL, 'P' },
		{ "legs", required_argument, NULL, 'l' },
		{ "addrs", required_argument, NULL, 'a' },
		{ "first-id", required_argument, NULL, 'i' },
		{ "window", required_argument, NULL, 'w' },
		{ 0 },
	};
	unsigned long v;
	int c;

	*o = (struct opts){ .port = MS_NL_PORT_DAEMON, .target = "mediasecd", .legs = 100000,
			    .first_id = 1, .window = 1 };
	while ((c = getopt_long(argc, argv, "DP:", lo, NULL)) != -1) {
		switch (c) {
		case 'D':
			o->port = MS_NL_PORT_DP;
			o->target = "mediasec-dp";
			break;
		case 'P':
			if (ms_parse_ulong(optarg, 0, 1, 0xffffffffUL, &v))
				return -1;
			o->port = (__u32)v;
			break;
		case 'l':
			if (ms_parse_ulong(optarg, 10, 1, 1UL << 24, &o->legs))
				return -1;
			break;
		case 'i':
			if (ms_parse_ulong(optarg, 10, 1, 1UL << 30, &o->first_id))
				return -1;
			break;
		case 'w':
			if (ms_parse_ulong(optarg, 10, 1, WINDOW_MAX, &o->window))
				return -1;
			break;
		case 'a':
			if (parse_addrs(optarg, o))
				return -1;
			break;
		default:
			return -1;
		}
	}
	if (optind != argc || !o->n_addrs || o->legs > (unsigned long)o->n_addrs * PORTS_PER_ADDR)
		return -1;
	return 0;
}

/* The first refusal: the bench stops there. */
struct outcome {
	const struct opts *o;
	int ret;
	char text[MS_ERROR_MSG_MAX + 64];
};

static void done(void *arg, __u64 tag, int ret, const char *text)
{
	struct outcome *out = arg;

	if (!ret || out->ret)
		return;
	out->ret = ret;
	if (tag & TAG_SESSION)
		snprintf(out->text, sizeof(out->text), "session %u: %s",
			 session_of(out->o, tag & ~TAG_SESSION), text);
	else
		snprintf(out->text, sizeof(out->text), "leg %lu: %s",
			 out->o->first_id + (unsigned long)tag, text);
}

/* Every request through the window; 0 or -errno with out->text. */
static int run(struct ms_nl_window *w, const struct opts *o, struct ms_msg *m,
	       struct outcome *out)
{
	int ret = 0;

	for (unsigned long i = 0; !ret && !out->ret && i < o->legs; i++) {
		if (o->port != MS_NL_PORT_DP && i % MS_SESSION_LEGS_MAX == 0) {
			session_new(m, o, i);
			ret = ms_nl_window_add(w, m, TAG_SESSION | i, out->text,
					       sizeof(out->text));
			if (ret)
				break;
		}
		leg_new(m, o, i);
		ret = ms_nl_window_add(w, m, i, out->text, sizeof(out->text));
	}
	if (!ret)
		ret = ms_nl_window_flush(w, out->text, sizeof(out->text));
	return out->ret ?: ret;
}

int main(int argc, char **argv)
{
	struct ms_nl_client_conf conf = { .timeout_s = 5, .rcvbuf = 8 << 20 };
	struct ms_nl_client *c;
	struct ms_nl_window *w;
	struct outcome out = { 0 };
	struct ms_msg *m = malloc(sizeof(*m));
	char err[MS_ERROR_MSG_MAX + 64];
	struct opts o;
	double t0;

	if (!m || parse_opts(argc, argv, &o)) {
		fprintf(stderr, "usage: %s [-D] [-P PORT] --addrs A1[,A2...] [--legs N] "
			"[--first-id I] [--window W]\n  (--legs at most %u per address, "
			"--window at most %u)\n", argv[0], PORTS_PER_ADDR, WINDOW_MAX);
		return 2;
	}
	conf.port = o.port;
	conf.peer = o.target;
	out.o = &o;
	c = ms_nl_client_open(&conf, err, sizeof(err));
	if (!c) {
		fprintf(stderr, "leg-install-bench: %s\n", err);
		return 1;
	}
	w = ms_nl_window_open(c, (unsigned int)o.window, done, &out);
	if (!w) {
		fprintf(stderr, "leg-install-bench: out of memory\n");
		return 1;
	}
	t0 = now();
	if (run(w, &o, m, &out)) {
		fprintf(stderr, "leg-install-bench: %s\n", out.text);
		return 1;
	}
	t0 = now() - t0;
	printf("{\"bench\":\"leg-install\",\"target\":\"%s\",\"window\":%lu,\"legs\":%lu,"
	       "\"seconds\":%.3f,\"legs_per_s\":%.0f}\n", o.target, o.window, o.legs, t0,
	       o.legs / t0);
	fprintf(stderr, "%s: %lu legs in %.2f s, %.0f legs/s (window %lu)\n", o.target, o.legs,
		t0, o.legs / t0, o.window);
	ms_nl_window_close(w);
	ms_nl_client_close(c);
	free(m);
	return 0;
}
