/* SPDX-License-Identifier: BSD-3-Clause */
/* mediasec-dp's command line after EAL's "--": getopt_long, strict values. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_ether.h>

#include "mediasec/netlink.h"
#include "dataplane/filter/filter.h"
#include "lib/parse_num.h"

#include "opts.h"

#define DEFAULT_LEGS		1048576
#define DEFAULT_MEDIA_LO	20000
#define DEFAULT_MEDIA_HI	29999

static const struct option long_opts[] = {
	{ "port",		required_argument, NULL, 'p' },
	{ "media-ports",	required_argument, NULL, 'm' },
	{ "legs",		required_argument, NULL, 'l' },
	{ "engine",		required_argument, NULL, 'e' },
	{ "nl-port",		required_argument, NULL, 'n' },
	{ "daemon-user",	required_argument, NULL, 'u' },
	{ "stats",		required_argument, NULL, 's' },
	{ "json",		no_argument,	   NULL, 'j' },
	{ "filter",		required_argument, NULL, 'F' },
	{ "filter-deny",	required_argument, NULL, 'D' },
	{ "filter-allow",	required_argument, NULL, 'A' },
	{ "filter-open",	required_argument, NULL, 'O' },
	{ "filter-prefixes",	required_argument, NULL, 'P' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

void dp_opts_usage(const char *prog)
{
	printf("Usage: %s [EAL options] -- [options]\n"
	       "  --port ID,side=outside|inside[,addr=ADDR/LEN]...[,gw=ADDR][,vlan=N]\n"
	       "         [,next-hop=MAC][,tap=NAME|no-tap]\n"
	       "                        a DPDK port and its role; repeatable, one per port\n"
	       "  --media-ports LO-HI   UDP ports of legs, per port (default %u-%u)\n"
	       "  --legs N              leg table capacity (default %u)\n"
	       "  --engine native|libsrtp2  SRTP engine (default native)\n"
	       "  --nl-port ID          netlink port id of the control thread (default 0x%x)\n"
	       "  --daemon-user NAME    user besides root that may control the dataplane\n"
	       "  --stats SECONDS       print live per-port figures every SECONDS (0: off)\n"
	       "  -j, --json            print those figures as JSON lines\n"
	       "  --filter FILE         run the eBPF filter FILE (filter_rte.bpf.o) on every\n"
	       "                        frame received, before anything else; with it:\n"
	       "  --filter-deny ADDR/LEN  drop traffic from this prefix; repeatable\n"
	       "  --filter-allow ADDR/LEN never drop traffic from this prefix; repeatable\n"
	       "  --filter-open LO[-HI] UDP and TCP ports passed to the host (the exception\n"
	       "                        path); other ports outside --media-ports are dropped\n"
	       "  --filter-prefixes N   prefixes the denylist and the allowlist hold per\n"
	       "                        address family (default %u)\n"
	       "  -h, --help            this text\n",
	       prog, DEFAULT_MEDIA_LO, DEFAULT_MEDIA_HI, DEFAULT_LEGS, MS_NL_PORT_DP,
	       DP_FILTER_PREFIXES_DEFAULT);
}

static int invarg(const char *what, const char *arg, const char *why)
{
	fprintf(stderr, "mediasec-dp: invalid %s \"%s\": %s\n", what, arg, why);
	return -EINVAL;
}

static int duparg(const char *what, const char *arg)
{
	fprintf(stderr, "mediasec-dp: duplicate %s \"%s\"\n", what, arg);
	return -EINVAL;
}

static int parse_u(const char *what, const char *s, unsigned long min,
		   unsigned long max, unsigned long *out)
{
	char why[64];

	if (ms_parse_ulong(s, 0, min, max, out) == 0)
		return 0;
	snprintf(why, sizeof(why), "want a number from %lu to %lu", min, max);
	return invarg(what, s, why);
}

/* ADDR, or ADDR/LEN when want_len. */
static int parse_addr(const char *what, const char *s, bool want_len,
		      struct dp_opt_addr *a)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash;
	unsigned long len;

	if (strlen(s) >= sizeof(buf))
		return invarg(what, s, "too long");
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (want_len != (slash != NULL))
		return invarg(what, s, want_len ? "want ADDR/LEN" : "want an address without /LEN");
	if (slash)
		*slash = '\0';
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, buf, a->addr) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, a->addr) == 1)
		a->family = AF_INET6;
	else
		return invarg(what, s, "not an IPv4 or IPv6 address");
	a->prefix_len = a->family == AF_INET ? 32 : 128;
	if (slash) {
		if (ms_parse_ulong(slash + 1, 10, 1, a->prefix_len, &len))
			return invarg(what, s, "bad prefix length");
		a->prefix_len = (uint8_t)len;
	}
	return 0;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	struct rte_ether_addr ea;

	if (rte_ether_unformat_addr(s, &ea) || strlen(s) != 17)
		return invarg("next-hop", s, "want a MAC address like 02:00:00:00:00:01");
	if (rte_is_zero_ether_addr(&ea) || !rte_is_unicast_ether_addr(&ea))
		return invarg("next-hop", s, "not a unicast MAC address");
	memcpy(mac, ea.addr_bytes, 6);
	return 0;
}

/* One "key=value" (or "no-tap") of a --port; seen tracks duplicates. */
static int port_kv(struct dp_opt_port *p, char *kv, unsigned int *seen)
{
	enum { SIDE = 1, VLAN = 2, NH = 4, TAP = 8, GW4 = 16, GW6 = 32 };
	char *val = strchr(kv, '=');
	unsigned long v;
	int err;

	if (strcmp(kv, "no-tap") == 0) {
		if (*seen & TAP)
			return duparg("tap", kv);
		*seen |= TAP;
		p->tap = false;
		return 0;
	}
	if (!val)
		return invarg("port field", kv, "want KEY=VALUE");
	*val++ = '\0';
	if (strcmp(kv, "side") == 0) {
		if (*seen & SIDE)
			return duparg("side", val);
		*seen |= SIDE;
		if (strcmp(val, "outside") == 0)
			p->side = DP_SIDE_OUTSIDE;
		else if (strcmp(val, "inside") == 0)
			p->side = DP_SIDE_INSIDE;
		else
			return invarg("side", val, "want outside or inside");
	} else if (strcmp(kv, "addr") == 0) {
		if (p->n_addrs == DP_OPT_ADDRS_MAX)
			return invarg("addr", val, "too many addresses on one port");
		err = parse_addr("addr", val, true, &p->addrs[p->n_addrs]);
		if (err)
			return err;
		for (int i = 0; i < p->n_addrs; i++)
			if (!memcmp(p->addrs[i].addr, p->addrs[p->n_addrs].addr, 16) &&
			    p->addrs[i].family == p->addrs[p->n_addrs].family)
				return duparg("addr", val);
		p->n_addrs++;
	} else if (strcmp(kv, "gw") == 0) {
		struct dp_opt_addr a;

		err = parse_addr("gw", val, false, &a);
		if (err)
			return err;
		if (*seen & (a.family == AF_INET ? GW4 : GW6))
			return duparg("gw", val);
		*seen |= a.family == AF_INET ? GW4 : GW6;
		p->gw[a.family == AF_INET ? 0 : 1] = a;
	} else if (strcmp(kv, "vlan") == 0) {
		if (*seen & VLAN)
			return duparg("vlan", val);
		*seen |= VLAN;
		err = parse_u("vlan", val, 1, 4094, &v);
		if (err)
			return err;
		p->vlan = true;
		p->vlan_id = (uint16_t)v;
	} else if (strcmp(kv, "next-hop") == 0) {
		if (*seen & NH)
			return duparg("next-hop", val);
		*seen |= NH;
		err = parse_mac(val, p->next_hop);
		if (err)
			return err;
		p->static_next_hop = true;
	} else if (strcmp(kv, "tap") == 0) {
		if (*seen & TAP)
			return duparg("tap", val);
		*seen |= TAP;
		if (!*val || strlen(val) >= IFNAMSIZ || strpbrk(val, "/ \t"))
			return invarg("tap", val, "not an interface name");
		strcpy(p->tap_name, val);
	} else {
		return invarg("port field", kv,
			      "want side, addr, gw, vlan, next-hop, tap or no-tap");
	}
	return 0;
}

static int parse_port(struct dp_opts *o, const char *arg)
{
	struct dp_opt_port *p;
	char buf[1024], *save = NULL, *tok;
	unsigned int seen = 0;
	unsigned long id;
	int err;

	if (o->n_ports == DP_OPT_PORTS_MAX)
		return invarg("--port", arg, "too many ports");
	if (strlen(arg) >= sizeof(buf))
		return invarg("--port", arg, "too long");
	strcpy(buf, arg);
	tok = strtok_r(buf, ",", &save);
	if (!tok)
		return invarg("--port", arg, "want ID,side=...");
	err = parse_u("port id", tok, 0, RTE_MAX_ETHPORTS - 1, &id);
	if (err)
		return err;
	for (int i = 0; i < o->n_ports; i++)
		if (o->ports[i].id == id)
			return duparg("port id", tok);
	p = &o->ports[o->n_ports];
	memset(p, 0, sizeof(*p));
	p->id = (uint16_t)id;
	p->tap = true;
	snprintf(p->tap_name, sizeof(p->tap_name), "ms-%lu", id);
	while ((tok = strtok_r(NULL, ",", &save))) {
		err = port_kv(p, tok, &seen);
		if (err)
			return err;
	}
	if (!(seen & 1))
		return invarg("--port", arg, "side=outside or side=inside is required");
	o->n_ports++;
	return 0;
}

/* LO-HI, or one port P when @single. */
static int parse_range(const char *what, const char *arg, bool single,
		       uint16_t *lo_out, uint16_t *hi_out)
{
	const char *want = single ? "want P or LO-HI with 1 <= LO <= HI <= 65535" :
				    "want LO-HI with 1 <= LO <= HI <= 65535";
	char buf[32], *dash;
	unsigned long lo, hi;

	if (strlen(arg) >= sizeof(buf))
		return invarg(what, arg, want);
	strcpy(buf, arg);
	dash = strchr(buf, '-');
	if (!dash && !single)
		return invarg(what, arg, want);
	if (dash)
		*dash = '\0';
	if (ms_parse_ulong(buf, 10, 1, 65535, &lo) ||
	    (dash && ms_parse_ulong(dash + 1, 10, 1, 65535, &hi)))
		return invarg(what, arg, want);
	if (!dash)
		hi = lo;
	if (lo > hi)
		return invarg(what, arg, want);
	*lo_out = (uint16_t)lo;
	*hi_out = (uint16_t)hi;
	return 0;
}

/* One more --filter-deny, --filter-allow or --filter-open. */
static int filter_arg(struct dp_opts *o, int c, const char *arg)
{
	const char *what = c == 'D' ? "--filter-deny" : c == 'A' ? "--filter-allow" :
			   "--filter-open";
	uint16_t *n = c == 'D' ? &o->n_filter_deny : c == 'A' ? &o->n_filter_allow :
		      &o->n_filter_open;
	uint16_t i;

	if (*n == DP_OPT_FILTER_MAX)
		return invarg(what, arg, "too many (at most 64)");
	i = (*n)++;
	if (c == 'O')
		return parse_range(what, arg, true, &o->filter_open[i].lo,
				   &o->filter_open[i].hi);
	return parse_addr(what, arg, true, c == 'D' ? &o->filter_deny[i] :
			  &o->filter_allow[i]);
}

static int parse_user(struct dp_opts *o, const char *arg)
{
	struct passwd *pw = getpwnam(arg);

	if (!pw)
		return invarg("--daemon-user", arg, "no such user");
	o->daemon_uid = pw->pw_uid;
	return 0;
}

static int parse_one(struct dp_opts *o, int c, const char *arg)
{
	unsigned long v;
	int err = 0;

	switch (c) {
	case 'p':
		return parse_port(o, arg);
	case 'm':
		return parse_range("--media-ports", arg, false, &o->media_lo, &o->media_hi);
	case 'l':
		err = parse_u("--legs", arg, 2, UINT32_MAX / 2, &v);
		o->legs = (uint32_t)v;
		break;
	case 'e':
		if (strcmp(arg, "native") && strcmp(arg, "libsrtp2"))
			return invarg("--engine", arg, "want native or libsrtp2");
		o->engine = arg;
		break;
	case 'n':
		err = parse_u("--nl-port", arg, 1, UINT32_MAX, &v);
		o->nl_port = (uint32_t)v;
		break;
	case 'u':
		return parse_user(o, arg);
	case 's':
		err = parse_u("--stats", arg, 0, 3600, &v);
		o->stats_interval = (unsigned int)v;
		break;
	case 'j':
		o->json = true;
		break;
	case 'F':
		o->filter = arg;
		break;
	case 'D':
	case 'A':
	case 'O':
		return filter_arg(o, c, arg);
	case 'P':
		err = parse_u("--filter-prefixes", arg, 1, DP_FILTER_PREFIXES_LIMIT, &v);
		o->filter_prefixes = (uint32_t)v;
		break;
	}
	return err;
}

int dp_opts_parse(int argc, char **argv, struct dp_opts *o)
{
	int c, err;

	memset(o, 0, sizeof(*o));
	o->media_lo = DEFAULT_MEDIA_LO;
	o->media_hi = DEFAULT_MEDIA_HI;
	o->legs = DEFAULT_LEGS;
	o->engine = "native";
	o->nl_port = MS_NL_PORT_DP;
	o->daemon_uid = (uid_t)-1;
	o->filter_prefixes = DP_FILTER_PREFIXES_DEFAULT;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jh", long_opts, NULL)) != -1) {
		if (c == 'h') {
			dp_opts_usage("mediasec-dp");
			return 1;
		}
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];

			fprintf(stderr, "mediasec-dp: %s \"%s\" (see --help)\n",
				c == ':' ? "missing value for option" : "unknown option", bad);
			return -EINVAL;
		}
		err = parse_one(o, c, optarg);
		if (err)
			return err;
	}
	if (optind < argc)
		return invarg("argument", argv[optind], "options only (see --help)");
	if (o->n_ports == 0) {
		fprintf(stderr, "mediasec-dp: no --port given (see --help)\n");
		return -EINVAL;
	}
	if (!o->filter && (o->n_filter_deny || o->n_filter_allow || o->n_filter_open ||
			   o->filter_prefixes != DP_FILTER_PREFIXES_DEFAULT)) {
		fprintf(stderr, "mediasec-dp: --filter-deny, --filter-allow, "
			"--filter-open and --filter-prefixes need --filter FILE\n");
		return -EINVAL;
	}
	return 0;
}

bool dp_opt_port_on_link(const struct dp_opt_port *p, uint8_t family,
			 const uint8_t *addr)
{
	for (int i = 0; i < p->n_addrs; i++) {
		const struct dp_opt_addr *a = &p->addrs[i];
		unsigned int bits = a->prefix_len, bytes = bits / 8;

		if (a->family != family || memcmp(a->addr, addr, bytes))
			continue;
		if (bits % 8 == 0)
			return true;
		if (((a->addr[bytes] ^ addr[bytes]) & (0xff00 >> (bits % 8))) == 0)
			return true;
	}
	return false;
}
