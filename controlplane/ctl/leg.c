/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * leg: one media leg, on mediasecd or (-D) straight on mediasec-dp.
 *
 *   leg add ID local ADDR:PORT [ rtcp-port P ] [ remote ADDR:PORT ] [ peer ID ]
 *       [ session ID ] [ side outside|inside ] [ mode NAME ] [ rtcp-mux ] [ latch ]
 *       [ srtp-in SUITE key-file FILE ] [ srtp-out SUITE key-file FILE ]
 *       [ replay-window N ]
 *   leg set ID ...	(the same words; only what is given changes)
 *   leg del ID
 *   leg show [ ID ]
 *
 * Keys come from key files (lib/sdes_key.h), never from argv, and are
 * shown as fingerprints only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include <openssl/crypto.h>

#include "addr_port.h"
#include "args.h"
#include "conn.h"
#include "key_fingerprint.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "objects.h"
#include "print.h"
#include "sdes_key.h"
#include "suite.h"

static __u32 get_id(const char *what, const char *arg)
{
	uint32_t v;

	if (get_u32(&v, arg) || v == 0)
		invarg(what, arg, "expected a number, 1..4294967295");
	return v;
}

static __u16 get_port(const char *what, const char *arg)
{
	uint32_t v;

	if (get_u32(&v, arg) || v == 0 || v > 65535)
		invarg(what, arg, "expected a port, 1..65535");
	return (__u16)v;
}

/* ADDR:PORT, or [ADDR]:PORT for IPv6. */
static void get_addr_port(struct ms_addr *a, const char *what, const char *arg)
{
	char why[64];

	if (ms_addr_port_parse(arg, a, why, sizeof(why)))
		invarg(what, arg, why);
}

/* What "srtp-in SUITE key-file FILE" gave: the file is read after parsing. */
struct srtp_arg {
	unsigned int suite;
	const char *file;
};

static void print_key_fingerprints(__u32 id, const char *dir, const struct ms_srtp_dir *d)
{
	for (unsigned int i = 0; i < d->nkeys; i++) {
		char fp[MS_KEY_FINGERPRINT_LEN];

		ms_srtp_key_fingerprint(&d->keys[i], fp);
		if (!print_is_json())
			printf("leg %u %s %s key %u fingerprint %s\n", id, dir,
			       ms_suite_name(d->suite), i + 1, fp);
	}
}

static void read_keys(struct ms_srtp_dir *d, const struct srtp_arg *a)
{
	char err[256];

	if (!a->file)
		return;
	if (ms_sdes_key_file_read(a->file, a->suite, d, err, sizeof(err))) {
		ms_nl_srtp_dir_clear(d);
		fprintf(stderr, "mediasecctl: %s: %s\n", ctl_cmdline, err);
		exit(EXIT_FAILURE);
	}
}

/* The words after ID of add and set, into l. */
static void parse_leg(int argc, char **argv, struct ms_leg *l, bool add)
{
	struct srtp_arg in = { 0 }, out = { 0 };
	bool have_window = false;
	uint32_t window = 0;

	for (; argc > 0; argc--, argv++) {
		const char *w = *argv;

		if (matches(w, "local")) {
			if (l->present & MS_BIT(MS_LEG_A_LOCAL))
				duparg(w);
			get_addr_port(&l->local, "local", next_arg(&argc, &argv, "ADDR:PORT"));
			l->present |= MS_BIT(MS_LEG_A_LOCAL);
		} else if (matches(w, "remote")) {
			if (l->present & MS_BIT(MS_LEG_A_REMOTE))
				duparg(w);
			get_addr_port(&l->remote, "remote", next_arg(&argc, &argv, "ADDR:PORT"));
			l->present |= MS_BIT(MS_LEG_A_REMOTE);
		} else if (matches(w, "rtcp-port")) {
			if (l->local.present & MS_BIT(MS_ADDR_A_RTCP_PORT))
				duparg(w);
			l->local.rtcp_port = get_port("rtcp-port", next_arg(&argc, &argv, "PORT"));
			l->local.present |= MS_BIT(MS_ADDR_A_RTCP_PORT);
		} else if (matches(w, "peer")) {
			if (l->present & MS_BIT(MS_LEG_A_PEER_ID))
				duparg(w);
			l->peer_id = get_id("peer", next_arg(&argc, &argv, "ID"));
			l->present |= MS_BIT(MS_LEG_A_PEER_ID);
		} else if (matches(w, "session")) {
			if (l->present & MS_BIT(MS_LEG_A_SESSION_ID))
				duparg(w);
			l->session_id = get_id("session", next_arg(&argc, &argv, "ID"));
			l->present |= MS_BIT(MS_LEG_A_SESSION_ID);
		} else if (matches(w, "side")) {
			if (l->present & MS_BIT(MS_LEG_A_SIDE))
				duparg(w);
			l->side = (__u8)get_name(MS_NAME_SIDE, "side",
						 next_arg(&argc, &argv, "outside or inside"));
			l->present |= MS_BIT(MS_LEG_A_SIDE);
		} else if (matches(w, "mode")) {
			if (l->present & MS_BIT(MS_LEG_A_MODE))
				duparg(w);
			l->mode = (__u8)get_name(MS_NAME_MODE, "mode", next_arg(&argc, &argv, "NAME"));
			l->present |= MS_BIT(MS_LEG_A_MODE);
		} else if (matches(w, "rtcp-mux") || matches(w, "latch")) {
			__u32 f = matches(w, "latch") ? MS_LEG_F_LATCH : MS_LEG_F_RTCP_MUX;

			if (l->flags & f)
				duparg(w);
			l->flags |= f;
			l->present |= MS_BIT(MS_LEG_A_FLAGS);
		} else if (matches(w, "srtp-in") || matches(w, "srtp-out")) {
			struct srtp_arg *a = matches(w, "srtp-in") ? &in : &out;

			if (a->file)
				duparg(w);
			a->suite = get_name(MS_NAME_SUITE, "suite", next_arg(&argc, &argv, "SUITE"));
			if (argc < 3 || !matches(argv[1], "key-file"))
				usage_error("\"%s %s\" needs \"key-file FILE\"", w, argv[0]);
			argc -= 2, argv += 2;
			a->file = *argv;
		} else if (matches(w, "replay-window")) {
			if (have_window)
				duparg(w);
			window = get_u32_range("replay-window", next_arg(&argc, &argv, "N"),
					       MS_SRTP_REPLAY_MIN, MS_SRTP_REPLAY_MAX);
			have_window = true;
		} else {
			usage_error("unknown argument \"%s\"", w);
		}
	}
	if (add && !(l->present & MS_BIT(MS_LEG_A_LOCAL)))
		usage_error("\"local ADDR:PORT\" missing");
	if (!add && !(l->present & ~MS_BIT(MS_LEG_A_ID)) && !in.file && !out.file &&
	    !have_window && !(l->local.present & MS_BIT(MS_ADDR_A_RTCP_PORT)))
		usage_error("nothing to set");
	if (have_window && !in.file)
		usage_error("\"replay-window\" needs \"srtp-in\"");
	if ((l->local.present & MS_BIT(MS_ADDR_A_RTCP_PORT)) && !(l->present & MS_BIT(MS_LEG_A_LOCAL)))
		usage_error("\"rtcp-port\" needs \"local\"");
	read_keys(&l->in, &in);
	read_keys(&l->out, &out);
	if (in.file) {
		l->present |= MS_BIT(MS_LEG_A_SRTP_IN);
		if (have_window) {
			l->in.replay_window = window;
			l->in.present |= MS_BIT(MS_SRTP_A_REPLAY_WINDOW);
		}
	}
	if (out.file)
		l->present |= MS_BIT(MS_LEG_A_SRTP_OUT);
	if (!add)
		return;
	/* LEG_NEW needs these; the defaults are the common case */
	if (!(l->present & MS_BIT(MS_LEG_A_SESSION_ID)))
		l->session_id = l->id;
	if (!(l->present & MS_BIT(MS_LEG_A_SIDE)))
		l->side = MS_SIDE_OUTSIDE;
	if (!(l->present & MS_BIT(MS_LEG_A_MODE)))
		l->mode = in.file || out.file ? MS_MODE_BEST_EFFORT : MS_MODE_DISABLED;
	l->present |= MS_BIT(MS_LEG_A_SESSION_ID) | MS_BIT(MS_LEG_A_SIDE) | MS_BIT(MS_LEG_A_MODE);
}

static void print_srtp(const char *key, const struct ms_srtp_dir *d)
{
	const char *suite = ms_suite_name(d->suite);
	char fmt[32];

	snprintf(fmt, sizeof(fmt), " %s %%s", key);
	print_open_object(key);
	print_string("suite", fmt, suite ? suite : "none");
	if (d->present & MS_BIT(MS_SRTP_A_REPLAY_WINDOW))
		print_uint("replay_window", " replay-window %llu", d->replay_window);
	print_close_object();
}

static int print_leg(const struct ms_msg *m, void *arg)
{
	const struct ms_leg *l = &m->leg;
	char addr[MS_ADDR_PORT_TEXT_MAX];
	const char *name;

	(void)arg;
	if (!(m->present & MS_BIT(MS_ATTR_LEG)))
		return 0;
	print_open_object(NULL);
	print_uint("id", "leg %llu", l->id);
	if (l->present & MS_BIT(MS_LEG_A_SESSION_ID))
		print_uint("session", " session %llu", l->session_id);
	if (l->present & MS_BIT(MS_LEG_A_PEER_ID))
		print_uint("peer", " peer %llu", l->peer_id);
	name = ms_nl_name_get(MS_NAME_SIDE, l->side);
	if (name)
		print_string("side", " side %s", name);
	name = ms_nl_name_get(MS_NAME_MODE, l->mode);
	if (name)
		print_string("mode", " mode %s", name);
	if (l->present & MS_BIT(MS_LEG_A_LOCAL)) {
		ms_addr_port_format(&l->local, addr, sizeof(addr));
		print_string("local", " local %s", addr);
		if (l->local.present & MS_BIT(MS_ADDR_A_RTCP_PORT))
			print_uint("rtcp_port", " rtcp-port %llu", l->local.rtcp_port);
	}
	if (l->present & MS_BIT(MS_LEG_A_REMOTE)) {
		ms_addr_port_format(&l->remote, addr, sizeof(addr));
		print_string("remote", " remote %s", addr);
	}
	print_bool("rtcp_mux", " rtcp-mux", l->flags & MS_LEG_F_RTCP_MUX);
	print_bool("latch", " latch", l->flags & MS_LEG_F_LATCH);
	if (l->present & MS_BIT(MS_LEG_A_SRTP_IN))
		print_srtp("srtp-in", &l->in);
	if (l->present & MS_BIT(MS_LEG_A_SRTP_OUT))
		print_srtp("srtp-out", &l->out);
	print_text("\n");
	if (ctl_opts.details && (l->present & MS_BIT(MS_LEG_A_COUNTERS)))
		print_counters(&l->counters);
	print_close_object();
	return 0;
}

int do_leg(int argc, char **argv)
{
	struct ms_msg *m = calloc(1, sizeof(*m));
	const char *verb = argc > 0 ? argv[0] : "show";
	int ret;

	if (!m)
		return ctl_fail("out of memory");
	if (argc > 0)
		argc--, argv++;
	m->present = MS_BIT(MS_ATTR_LEG);
	if (matches(verb, "add") || matches(verb, "set")) {
		bool add = matches(verb, "add");

		if (argc < 1)
			usage_error("leg ID missing");
		m->leg.id = get_id("leg id", argv[0]);
		m->leg.present = MS_BIT(MS_LEG_A_ID);
		parse_leg(argc - 1, argv + 1, &m->leg, add);
		m->cmd = add ? MS_CMD_LEG_NEW : MS_CMD_LEG_SET;
		m->nl_flags = NLM_F_ACK;
		ret = ctl_run(m, NULL, NULL);
		if (!ret) {
			print_key_fingerprints(m->leg.id, "srtp-in", &m->leg.in);
			print_key_fingerprints(m->leg.id, "srtp-out", &m->leg.out);
		}
	} else if (matches(verb, "del")) {
		if (argc < 1)
			usage_error("leg ID missing");
		if (argc > 1)
			usage_error("unexpected \"%s\"", argv[1]);
		m->leg.id = get_id("leg id", argv[0]);
		m->leg.present = MS_BIT(MS_LEG_A_ID);
		m->cmd = MS_CMD_LEG_DEL;
		m->nl_flags = NLM_F_ACK;
		ret = ctl_run(m, NULL, NULL);
	} else if (matches(verb, "show")) {
		if (argc > 1)
			usage_error("unexpected \"%s\"", argv[1]);
		m->cmd = MS_CMD_LEG_GET;
		if (argc == 1) {
			m->leg.id = get_id("leg id", argv[0]);
			m->leg.present = MS_BIT(MS_LEG_A_ID);
		} else {
			m->present = 0;
			m->nl_flags = NLM_F_DUMP;
		}
		/* mediasecd fetches them from mediasec-dp only when asked */
		if (ctl_opts.details) {
			m->present |= MS_BIT(MS_ATTR_GET_FLAGS);
			m->get_flags = MS_GET_F_COUNTERS;
		}
		print_open_array(NULL);
		ret = ctl_run(m, print_leg, NULL);
	} else {
		usage_error("unknown command \"%s\", expected add, set, del or show", verb);
	}
	ms_nl_msg_clear(m);
	free(m);
	return ret;
}
