/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecctl: the operator's tool (mediasecctl(8)). Global options, then
 * one table from object word to its file's do_*() function.
 *
 * Exit codes: 0 done, 1 refused or failed (the reason is printed),
 * 2 the command line is wrong.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "conn.h"
#include "nl_msg.h"
#include "objects.h"
#include "parse_num.h"
#include "print.h"

struct ctl_opts ctl_opts;

static const struct {
	const char *word;
	int (*run)(int argc, char **argv);
	bool needs_daemon;
} objects[] = {
	{ "deny", do_deny, true },
	{ "allow", do_allow, true },
	{ "status", do_status, true },
	{ "monitor", do_monitor, true },
	{ "leg", do_leg, true },
	{ "stats", do_stats, true },
	{ "cert", do_cert, true },	/* cert check needs no daemon; the socket is harmless */
	{ "session", do_session, true },
	{ "policy", do_policy, true },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mediasecctl [ OPTIONS ] OBJECT [ COMMAND [ ARGUMENTS ] ]\n"
		"OBJECT and COMMAND:\n"
		"  deny  { add PREFIX [ expires SECONDS ] | del PREFIX | show [ PREFIX ] | flush }\n"
		"  allow { add PREFIX [ expires SECONDS ] | del PREFIX | show [ PREFIX ] | flush }\n"
		"  status [ show ]\n"
		"  monitor [ event TYPE ]... [ severity LEVEL ]\n"
		"  leg { add | set } ID [ local ADDR:PORT ] [ rtcp-port PORT ] [ remote ADDR:PORT ]\n"
		"        [ peer ID ] [ session ID ] [ side outside|inside ] [ mode MODE ]\n"
		"        [ rtcp-mux ] [ latch ] [ srtp-in SUITE key-file FILE ]\n"
		"        [ srtp-out SUITE key-file FILE ] [ replay-window N ]\n"
		"  leg del ID\n"
		"  leg show [ ID ]\n"
		"  stats [ show ] [ leg ID | port | realm ]\n"
		"  cert { show | generate [ CERTPARAM ]... [ days N ] | csr subject DN [ CERTPARAM ]...\n"
		"         [ out FILE ] | import FILE [ password-file FILE ] |\n"
		"         trust { add FILE | del FINGERPRINT | list } |\n"
		"         check FILE [ level LEVEL ] [ purpose CLASS ] [ host HOST ] [ trust DIR ]\n"
		"         [ daemon ] }\n"
		"  session { add [ id ID ] label LABEL | del ID | show ID | list }\n"
		"  policy [ show ]\n"
		"  policy set [ untrusted MODE ] [ trusted MODE ] [ suites SUITE[,SUITE]... ]\n"
		"        [ emergency-bypass on|off ] [ replay-window N ] [ tls-level LEVEL ]\n"
		"        [ cert-check LEVEL ] [ deny-threshold N ] [ deny-window SECONDS ]\n"
		"        [ deny-time SECONDS ] [ deny-time-max SECONDS ]\n"
		"  help\n"
		"PREFIX := ADDRESS[/LENGTH], IPv4 or IPv6\n"
		"CERTPARAM := subject DN | san { DNS:NAME | IP:ADDRESS | URI:URI } | key-type TYPE\n"
		"ADDR:PORT := IPV4:PORT | [IPV6]:PORT\n"
		"FILE := SDES keys, one \"inline:BASE64[|LIFETIME][|MKI:LEN]\" a line; - is stdin\n"
		"OPTIONS:\n"
		"  -j, --json      JSON output\n"
		"  -p, --pretty    indented JSON (with -j)\n"
		"  -s, --details   more detail\n"
		"  -P, --port ID   mediasecd's netlink port id (default 0x%08x)\n"
		"  -D, --dataplane talk to mediasec-dp (port 0x%08x) instead of mediasecd\n"
		"  -V, --version\n",
		MS_NL_PORT_DAEMON, MS_NL_PORT_DP);
}

int ctl_fail(const char *err)
{
	fprintf(stderr, "mediasecctl: %s: %s\n", ctl_cmdline, err);
	return EXIT_FAILURE;
}

/* "deny add": the object and command words, for messages. */
static void set_cmdline(int argc, char **argv)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%s%s%s", argv[0], argc > 1 ? " " : "",
		 argc > 1 ? argv[1] : "");
	ctl_cmdline = buf;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "details", no_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'P' },
		{ "dataplane", no_argument, NULL, 'D' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, pretty = false;
	__u32 port = MS_NL_PORT_DAEMON;
	char err[128];
	int c, ret;

	/* '+': options end at the object word, as in ip(8). */
	while ((c = getopt_long(argc, argv, "+jpsP:DVh", longs, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'p':
			pretty = true;
			break;
		case 's':
			ctl_opts.details = true;
			break;
		case 'P': {
			unsigned long v;

			if (ms_parse_ulong(optarg, 0, 1, 0xffffffffUL, &v))
				invarg("port id", optarg, "expected a number, 1..0xffffffff");
			port = (__u32)v;
			break;
		}
		case 'D':
			port = MS_NL_PORT_DP;
			break;
		case 'V':
			printf("mediasecctl %s\n", MEDIASEC_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (matches(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	set_cmdline(argc, argv);
	print_init(json, pretty);
	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		if (!matches(argv[0], objects[i].word))
			continue;
		if (objects[i].needs_daemon && ctl_open(port, err, sizeof(err)))
			return ctl_fail(err);
		ret = objects[i].run(argc - 1, argv + 1);
		ctl_close();
		return ret;
	}
	ctl_cmdline = "";
	usage_error("unknown object \"%s\"", argv[0]);
}
