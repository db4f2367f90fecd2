/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec.conf parsing (controlplane/mediasecd/config.c), table-driven:
 * good files and what they yield, bad files and the exact "FILE:LINE:
 * message" each must produce. Plus the role mapping built from them.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth.h"
#include "config.h"
#include "nl_msg.h"

static char path[64];

static void write_conf(const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/mediasec-conf-test.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void test_full(void **state)
{
	static struct cp_config cfg;
	char err[512];

	(void)state;
	write_conf("# everything\n"
		   "roles = {\n"
		   "  admin = { users = [ \"root\" ]; };\n"
		   "  operator = { groups = [ \"daemon\" ]; };\n"
		   "  monitor = { users = [ \"nobody\" ]; groups = []; };\n"
		   "};\n"
		   "realms = (\n"
		   "  { name = \"carrier\"; side = \"outside\"; media_ports = \"20000-29999\"; },\n"
		   "  { name = \"core\"; side = \"inside\"; mode = \"enforce\"; }\n"
		   ");\n"
		   "denylist = [ \"192.0.2.0/24\", \"2001:db8::/32\", \"198.51.100.7\" ];\n"
		   "allowlist = ( \"10.0.0.0/8\" );\n"
		   "filter = { pin_dir = \"/sys/fs/bpf/ms-test\"; interface = \"eth0\";\n"
		   "  rate = { pps = 2000; burst = 400; };\n"
		   "  scan = { ports = 30; window_ms = 5000; block_s = 60; block_max_s = 3600;\n"
		   "    repeat_s = 7200; };\n"
		   "};\n"
		   "failures = { threshold = 5; window_s = 30; };\n"
		   "syslog = { ident = \"msd\"; facility = \"local3\"; };\n"
		   "cert = {\n"
		   "  key_file = \"/srv/ms/id.key\"; cert_file = \"/srv/ms/id.pem\";\n"
		   "  trust_dir = \"/srv/ms/tcs\"; subject = \"CN=gw.example.com,O=Ex\";\n"
		   "  sans = [ \"DNS:gw.example.com\", \"IP:2001:db8::1\" ];\n"
		   "  key_type = \"rsa-4096\"; days = 397;\n"
		   "  check = { management = \"high-remote\"; trunk = \"medium-remote\"; };\n"
		   "};\n"
		   "limits = { legs = 2000000; sessions = 1000000; };\n");
	assert_int_equal(cp_config_load(&cfg, path, err, sizeof(err)), 0);
	assert_int_equal(cfg.nrealms, 2);
	assert_string_equal(cfg.realms[0].name, "carrier");
	assert_int_equal(cfg.realms[0].side, MS_SIDE_OUTSIDE);
	assert_int_equal(cfg.realms[0].mode, MS_MODE_ENFORCE);	/* secure default */
	assert_int_equal(cfg.realms[0].port_lo, 20000);
	assert_int_equal(cfg.realms[0].port_hi, 29999);
	assert_int_equal(cfg.realms[1].side, MS_SIDE_INSIDE);
	assert_int_equal(cfg.realms[1].mode, MS_MODE_ENFORCE);
	assert_int_equal(cfg.ndeny, 3);
	assert_int_equal(cfg.deny[0].addr.family, AF_INET);
	assert_int_equal(cfg.deny[0].len, 24);
	assert_int_equal(cfg.deny[1].addr.family, AF_INET6);
	assert_int_equal(cfg.deny[1].len, 32);
	assert_int_equal(cfg.deny[2].len, 32);	/* a bare address */
	assert_int_equal(cfg.nallow, 1);
	assert_true(cfg.filter);
	assert_string_equal(cfg.pin_dir, "/sys/fs/bpf/ms-test");
	assert_string_equal(cfg.interface, "eth0");
	assert_false(cfg.af_xdp);
	assert_int_equal(cfg.pf.rate_pps, 2000);
	assert_int_equal(cfg.pf.rate_burst, 400);
	assert_int_equal(cfg.pf.scan_ports, 30);
	assert_int_equal(cfg.pf.scan_window_ms, 5000);
	assert_int_equal(cfg.pf.block_s, 60);
	assert_int_equal(cfg.pf.block_max_s, 3600);
	assert_int_equal(cfg.pf.repeat_s, 7200);
	assert_int_equal(cfg.pf.fail_threshold, 5);
	assert_int_equal(cfg.pf.fail_window_s, 30);
	assert_string_equal(cfg.syslog_ident, "msd");
	assert_string_equal(cfg.cert.key_file, "/srv/ms/id.key");
	assert_string_equal(cfg.cert.cert_file, "/srv/ms/id.pem");
	assert_string_equal(cfg.cert.trust_dir, "/srv/ms/tcs");
	assert_string_equal(cfg.cert.subject, "CN=gw.example.com,O=Ex");
	assert_int_equal(cfg.cert.nsans, 2);
	assert_string_equal(cfg.cert.sans[1], "IP:2001:db8::1");
	assert_int_equal(cfg.cert.key_type, MS_CERT_KEY_RSA_4096);
	assert_int_equal(cfg.cert.days, 397);
	assert_int_equal(cfg.cert.check[MS_CERT_PURPOSE_MANAGEMENT], MS_CERT_CHECK_HIGH_REMOTE);
	assert_int_equal(cfg.cert.check[MS_CERT_PURPOSE_TRUNK], MS_CERT_CHECK_MEDIUM_REMOTE);
	assert_int_equal(cfg.cert.check[MS_CERT_PURPOSE_ENDPOINT], MS_CERT_CHECK_MEDIUM);
	assert_int_equal(cfg.max_legs, 2000000);
	assert_int_equal(cfg.max_sessions, 1000000);

	/* the roles it maps: root always admin, nobody monitor, daemon's group operator */
	assert_int_equal(cp_auth_role(&cfg, 0, 0), MS_ROLE_ADMIN);
	assert_int_equal(cp_auth_role(&cfg, 65534, 65534), MS_ROLE_MONITOR);
	assert_int_equal(cp_auth_role(&cfg, 4242, 1), MS_ROLE_OPERATOR);
	assert_int_equal(cp_auth_role(&cfg, 4242, 4242), MS_ROLE_NONE);
}

static void test_empty_defaults(void **state)
{
	static struct cp_config cfg;
	char err[512];

	(void)state;
	write_conf("# nothing configured\n");
	assert_int_equal(cp_config_load(&cfg, path, err, sizeof(err)), 0);
	assert_false(cfg.filter);
	assert_string_equal(cfg.pin_dir, "/sys/fs/bpf/mediasec");
	assert_false(cfg.af_xdp);
	/* REQUIREMENTS.md 4: 10 closed ports in 60 s, 600 s doubling within a day */
	assert_int_equal(cfg.pf.rate_pps, 0);
	assert_int_equal(cfg.pf.scan_ports, 10);
	assert_int_equal(cfg.pf.scan_window_ms, 60000);
	assert_int_equal(cfg.pf.block_s, 600);
	assert_int_equal(cfg.pf.block_max_s, 86400);
	assert_int_equal(cfg.pf.repeat_s, 86400);
	/* ... and 10 security failures in 60 s */
	assert_int_equal(cfg.pf.fail_threshold, 10);
	assert_int_equal(cfg.pf.fail_window_s, 60);
	assert_int_equal(cfg.ndeny + cfg.nallow + cfg.nrealms, 0);
	/* the identity under /var/lib/mediasec, ECDSA, 825 days, checks at Medium */
	assert_string_equal(cfg.cert.key_file, "/var/lib/mediasec/identity.key");
	assert_string_equal(cfg.cert.trust_dir, "/var/lib/mediasec/trusted");
	assert_string_equal(cfg.cert.subject, "");
	assert_int_equal(cfg.cert.key_type, MS_CERT_KEY_ECDSA_P256);
	assert_int_equal(cfg.cert.days, MS_CERT_DAYS_DEFAULT);
	/* room for a million legs */
	assert_int_equal(cfg.max_legs, 1U << 20);
	assert_int_equal(cfg.max_sessions, 1U << 19);
	for (int i = 1; i <= MS_CERT_PURPOSE_MAX; i++)
		assert_int_equal(cfg.cert.check[i], MS_CERT_CHECK_MEDIUM);
	/* nobody is mapped: only root gets a role */
	assert_int_equal(cp_auth_role(&cfg, 65534, 65534), MS_ROLE_NONE);
	assert_int_equal(cp_auth_role(&cfg, 0, 0), MS_ROLE_ADMIN);
}

/* A bad file, and the message after "FILE:". */
static const struct {
	const char *text;
	const char *error;
} bad[] = {
	{ "roles = {\n  admin = = 1;\n};\n", "2: syntax error" },
	{ "colour = \"blue\";\n", "1: colour: unknown setting" },
	{ "roles = { wizard = { users = [ \"root\" ]; }; };\n",
	  "1: wizard: unknown role, expected admin, operator or monitor" },
	{ "roles = { none = { users = [ \"root\" ]; }; };\n",
	  "1: none: unknown role, expected admin, operator or monitor" },
	{ "roles = {\n  admin = { users = [ \"no-such-user-ms\" ]; };\n};\n",
	  "2: users: unknown user \"no-such-user-ms\"" },
	{ "roles = { admin = { groups = [ \"no-such-group-ms\" ]; }; };\n",
	  "1: groups: unknown group \"no-such-group-ms\"" },
	{ "roles = { admin = { users = [ 1 ]; }; };\n", "1: users: element 1 is not a string" },
	{ "roles = { admin = { userz = [ ]; }; };\n", "1: userz: unknown setting" },
	{ "denylist = [ \"192.0.2.0/24\",\n  \"192.0.2.1/24\" ];\n",
	  "2: denylist: \"192.0.2.1/24\": address has host bits set beyond /24" },
	{ "denylist = [ \"192.0.2.0/33\" ];\n",
	  "1: denylist: \"192.0.2.0/33\": prefix length must be 0..32" },
	{ "allowlist = [ \"2001:db8::/129\" ];\n",
	  "1: allowlist: \"2001:db8::/129\": prefix length must be 0..128" },
	{ "allowlist = [ \"10.0.0.0/+8\" ];\n",
	  "1: allowlist: \"10.0.0.0/+8\": prefix length must be 0..32" },
	{ "allowlist = [ \"10.0.0.0/\" ];\n",
	  "1: allowlist: \"10.0.0.0/\": prefix length must be 0..32" },
	{ "denylist = [ \"example.com\" ];\n",
	  "1: denylist: \"example.com\": not an IPv4 or IPv6 address" },
	{ "denylist = \"192.0.2.0/24\";\n", "1: denylist: expected a list of strings" },
	{ "realms = ( { side = \"outside\"; } );\n", "1: realms: realm without a name" },
	{ "realms = ( { name = \"a\"; } );\n", "1: realms: realm \"a\" without a side (outside or inside)" },
	{ "realms = ( { name = \"a\"; side = \"up\"; } );\n",
	  "1: side: expected \"outside\" or \"inside\"" },
	{ "realms = ( { name = \"a\"; side = \"inside\"; mode = \"maybe\"; } );\n",
	  "1: mode: expected \"disabled\", \"best-effort\" or \"enforce\"" },
	{ "realms = ( { name = \"a\"; side = \"inside\"; media_ports = \"30000-20000\"; } );\n",
	  "1: media_ports: expected \"LOW-HIGH\", 1 <= LOW <= HIGH <= 65535" },
	{ "realms = ( { name = \"a\"; side = \"inside\"; media_ports = \"0-100\"; } );\n",
	  "1: media_ports: expected \"LOW-HIGH\", 1 <= LOW <= HIGH <= 65535" },
	{ "realms = ( { name = \"a\"; side = \"inside\"; media_ports = \"1-65536\"; } );\n",
	  "1: media_ports: expected \"LOW-HIGH\", 1 <= LOW <= HIGH <= 65535" },
	{ "realms = ( { name = \"a\"; side = \"inside\"; media_ports = \"1-2x\"; } );\n",
	  "1: media_ports: expected \"LOW-HIGH\", 1 <= LOW <= HIGH <= 65535" },
	{ "realms = (\n { name = \"a\"; side = \"inside\"; },\n { name = \"a\"; side = \"inside\"; }\n);\n",
	  "3: name: realm \"a\" defined twice" },
	{ "realms = ( { name = \"a\"; side = \"inside\"; ports = 1; } );\n",
	  "1: ports: unknown setting" },
	{ "filter = { pin_dir = \"relative/dir\"; };\n", "1: pin_dir: must be an absolute path" },
	{ "filter = { pin_dir = \"\"; };\n", "1: pin_dir: must be 1..255 characters" },
	{ "filter = { af_xdp = 1; };\n", "1: af_xdp: expected true or false" },
	{ "filter = { af_xdp = true; };\n",
	  "1: af_xdp: needs pin_dir = \"/sys/fs/bpf\" (where the af_xdp PMD looks for pins)" },
	{ "filter = { af_xdp = true; pin_dir = \"/sys/fs/bpf\";\n  interface = \"eth0\"; };\n",
	  "1: af_xdp: mediasec-dp's af_xdp PMD attaches the filter: leave interface unset" },
	{ "filter = { rate = 100; };\n", "1: rate: expected a group { pps = N; burst = N; }" },
	{ "filter = { rate = { pps = 10000001; }; };\n", "1: pps: expected 0..10000000" },
	{ "filter = { rate = { pps = -1; }; };\n", "1: pps: expected 0..10000000" },
	{ "filter = { rate = { pps = 100; burst = 0; }; };\n", "1: burst: expected 1..10000000" },
	{ "filter = {\n  rate = { burst = 50; };\n};\n",
	  "2: rate: burst without pps: the rate limit is off" },
	{ "filter = { rate = { ppm = 5; }; };\n", "1: ppm: unknown setting" },
	{ "filter = { scan = { ports = 129; }; };\n", "1: ports: expected 0..128" },
	{ "filter = { scan = { window_ms = 0; }; };\n", "1: window_ms: expected 1..3600000" },
	{ "failures = { threshold = 0; };\n", "1: threshold: expected 1..1000000" },
	{ "failures = {\n  window_s = 86401; };\n", "2: window_s: expected 1..86400" },
	{ "failures = { count = 3; };\n", "1: count: unknown setting" },
	{ "failures = 10;\n", "1: failures: expected a group { threshold = N; window_s = N; }" },
	{ "filter = { scan = { block_s = \"600\"; }; };\n", "1: block_s: expected 1..31622400" },
	{ "filter = { scan = { block_s = 0; }; };\n", "1: block_s: expected 1..31622400" },
	{ "filter = { scan = {\n  block_s = 600; block_max_s = 300; }; };\n",
	  "1: scan: block_max_s (300) shorter than block_s (600)" },
	{ "filter = { scan = { repeat_s = 31622401; }; };\n", "1: repeat_s: expected 0..31622400" },
	{ "filter = { scan = { block = 5; }; };\n", "1: block: unknown setting" },
	{ "filter = { scan = [ 1 ]; };\n",
	  "1: scan: expected a group { ports = N; window_ms = N; block_s = N; }" },
	{ "syslog = { facility = \"kern\"; };\n",
	  "1: facility: expected daemon, auth, authpriv or local0..local7" },
	{ "cert = { key_file = \"id.key\"; };\n", "1: key_file: must be an absolute path" },
	{ "cert = { keyfile = \"/id.key\"; };\n", "1: keyfile: unknown setting" },
	{ "cert = {\n  key_type = \"dsa\";\n};\n",
	  "2: key_type: expected ecdsa-p256, rsa-2048, rsa-3072 or rsa-4096" },
	{ "cert = { days = 1096; };\n", "1: days: expected 1..1095" },
	{ "cert = { days = \"825\"; };\n", "1: days: expected 1..1095" },
	{ "cert = { check = { lobby = \"high\"; }; };\n",
	  "1: lobby: unknown class, expected management, trunk or endpoint" },
	{ "cert = { check = { trunk = \"paranoid\"; }; };\n",
	  "1: trunk: expected none, low, medium, high, medium-remote or high-remote" },
	{ "cert = {\n  subject = \"gw.example.com\";\n};\n",
	  "1: cert: subject \"gw.example.com\": expected KEY=VALUE[,KEY=VALUE]... with known "
	  "keys (CN, O, OU, C, ...)" },
	{ "limits = { legs = 0; };\n", "1: legs: expected 1..4194304" },
	{ "limits = {\n  legs = 4194305;\n};\n", "2: legs: expected 1..4194304" },
	{ "limits = { legs = \"many\"; };\n", "1: legs: expected 1..4194304" },
	{ "limits = { calls = 5; };\n", "1: calls: unknown setting" },
	{ "limits = { legs = 10; sessions = 11; };\n",
	  "1: limits: sessions (11) more than legs (10): a session has at least one leg" },
	{ "cert = { sans = [ \"DNS:a\", \"EMAIL:a@b\" ]; };\n",
	  "1: cert: SAN \"EMAIL:a@b\": expected DNS:NAME, IP:ADDRESS or URI:URI" },
};

/* AF_XDP mode: the maps in libbpf's default pin root, nothing attached. */
static void test_af_xdp(void **state)
{
	static struct cp_config cfg;
	char err[512];

	(void)state;
	write_conf("filter = { af_xdp = true; pin_dir = \"/sys/fs/bpf\"; };\n");
	assert_int_equal(cp_config_load(&cfg, path, err, sizeof(err)), 0);
	assert_true(cfg.filter);
	assert_true(cfg.af_xdp);
	assert_string_equal(cfg.interface, "");
}

static void test_bad(void **state)
{
	static struct cp_config cfg;
	char err[512], want[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_conf(bad[i].text);
		snprintf(want, sizeof(want), "%s:%s", path, bad[i].error);
		if (cp_config_load(&cfg, path, err, sizeof(err)) != -EINVAL ||
		    strcmp(err, want) != 0)
			fail_msg("case %zu:\n  got  %s\n  want %s", i, err, want);
	}
}

static void test_missing_file(void **state)
{
	static struct cp_config cfg;
	char err[512];

	(void)state;
	assert_int_equal(cp_config_load(&cfg, "/nonexistent/mediasec.conf", err, sizeof(err)),
			 -ENOENT);
	assert_string_equal(err, "/nonexistent/mediasec.conf: cannot read: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_empty_defaults),
		cmocka_unit_test(test_af_xdp),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests_name("mediasecd-config", tests, setup, teardown);
}
