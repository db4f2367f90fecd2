/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec.conf through libconfig (Debian's libconfig-dev): the library
 * does the syntax and its line numbers; this file checks meaning, strictly.
 * Unknown settings are errors, so a typo never silently means "default".
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <libconfig.h>

#include "cert.h"
#include "config.h"
#include "nl_names.h"
#include "prefix.h"

struct ctx {
	struct cp_config *cfg;
	char *err;
	size_t errlen;
};

/* "FILE:LINE: path: message" for the setting s. */
__attribute__((format(printf, 3, 4)))
static int bad(struct ctx *c, const config_setting_t *s, const char *fmt, ...)
{
	const char *file = config_setting_source_file(s);
	const char *name = config_setting_name(s);
	const config_setting_t *parent = config_setting_parent(s);
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* a list element has no name: name its list */
	if (!name && parent && !config_setting_is_root(parent))
		name = config_setting_name(parent);
	snprintf(c->err, c->errlen, "%s:%u: %s%s%s", file ? file : c->cfg->path,
		 config_setting_source_line(s), name ? name : "", name ? ": " : "", msg);
	return -EINVAL;
}

/* Members of group s must all be named in allowed (NULL-terminated). */
static int only_members(struct ctx *c, const config_setting_t *s, const char *const *allowed)
{
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *m = config_setting_get_elem(s, i);
		const char *const *a;

		for (a = allowed; *a; a++)
			if (strcmp(*a, config_setting_name(m)) == 0)
				break;
		if (!*a)
			return bad(c, m, "unknown setting");
	}
	return 0;
}

static int get_string(struct ctx *c, const config_setting_t *s, char *out, size_t outlen)
{
	const char *v = config_setting_get_string(s);

	if (!v)
		return bad(c, s, "expected a string");
	if (!*v || strlen(v) >= outlen)
		return bad(c, s, "must be 1..%zu characters", outlen - 1);
	snprintf(out, outlen, "%s", v);
	return 0;
}

/* A list or array of strings, each passed to fn. */
static int each_string(struct ctx *c, const config_setting_t *s,
		       int (*fn)(struct ctx *, const config_setting_t *, const char *, void *),
		       void *arg)
{
	if (!config_setting_is_aggregate(s) || config_setting_is_group(s))
		return bad(c, s, "expected a list of strings");
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *e = config_setting_get_elem(s, i);
		const char *v = config_setting_get_string(e);
		int ret;

		if (!v)
			return bad(c, s, "element %d is not a string", i + 1);
		ret = fn(c, e, v, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int add_user(struct ctx *c, const config_setting_t *s, const char *name, void *arg)
{
	struct cp_role_map *map = arg;
	struct passwd *pw = getpwnam(name);

	if (!pw)
		return bad(c, s, "unknown user \"%s\"", name);
	if (map->nuids == CP_ROLE_IDS_MAX)
		return bad(c, s, "more than %d users", CP_ROLE_IDS_MAX);
	map->uids[map->nuids++] = pw->pw_uid;
	return 0;
}

static int add_group(struct ctx *c, const config_setting_t *s, const char *name, void *arg)
{
	struct cp_role_map *map = arg;
	struct group *gr = getgrnam(name);

	if (!gr)
		return bad(c, s, "unknown group \"%s\"", name);
	if (map->ngids == CP_ROLE_IDS_MAX)
		return bad(c, s, "more than %d groups", CP_ROLE_IDS_MAX);
	map->gids[map->ngids++] = gr->gr_gid;
	return 0;
}

/* roles = { admin = { users = [...]; groups = [...]; }; operator = ...; }; */
static int read_roles(struct ctx *c, const config_setting_t *s)
{
	static const char *const keys[] = { "users", "groups", NULL };

	if (!config_setting_is_group(s))
		return bad(c, s, "expected a group { admin = {...}; ... }");
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *r = config_setting_get_elem(s, i);
		const config_setting_t *u, *g;
		unsigned int role;
		int ret;

		if (ms_nl_name_parse(MS_NAME_ROLE, config_setting_name(r), &role) ||
		    role == MS_ROLE_NONE)
			return bad(c, r, "unknown role, expected admin, operator or monitor");
		if (!config_setting_is_group(r))
			return bad(c, r, "expected a group { users = [...]; groups = [...]; }");
		ret = only_members(c, r, keys);
		if (ret)
			return ret;
		u = config_setting_get_member(r, "users");
		g = config_setting_get_member(r, "groups");
		if (u && (ret = each_string(c, u, add_user, &c->cfg->roles[role])))
			return ret;
		if (g && (ret = each_string(c, g, add_group, &c->cfg->roles[role])))
			return ret;
	}
	return 0;
}

struct prefix_list {
	struct ms_prefix *v;
	unsigned int *n;
};

static int add_prefix(struct ctx *c, const config_setting_t *s, const char *text, void *arg)
{
	struct prefix_list *l = arg;
	char why[128];

	if (*l->n == CP_STATIC_MAX)
		return bad(c, s, "more than %d entries", CP_STATIC_MAX);
	if (cp_prefix_parse(text, &l->v[*l->n], why, sizeof(why)))
		return bad(c, s, "%s", why);
	(*l->n)++;
	return 0;
}

/* Up to 5 decimal digits at *s, advancing it: no sign, no spaces. */
static int parse_port(const char **s, unsigned int *out)
{
	unsigned int v = 0, n = 0;

	for (; **s >= '0' && **s <= '9' && n < 5; (*s)++, n++)
		v = v * 10 + (unsigned int)(**s - '0');
	*out = v;
	return n ? 0 : -EINVAL;
}

/* "20000-29999": strict decimal, 1 <= lo <= hi <= 65535. */
static int parse_range(const char *s, __u16 *lo, __u16 *hi)
{
	unsigned int a, b;

	if (parse_port(&s, &a) || *s++ != '-' || parse_port(&s, &b) || *s)
		return -EINVAL;
	if (a < 1 || b > 65535 || a > b)
		return -EINVAL;
	*lo = (__u16)a;
	*hi = (__u16)b;
	return 0;
}

static int read_realm(struct ctx *c, const config_setting_t *s, struct cp_realm *r)
{
	static const char *const keys[] = { "name", "side", "mode", "media_ports", NULL };
	const config_setting_t *m;
	unsigned int v;
	int ret;

	if (!config_setting_is_group(s))
		return bad(c, s, "expected a group { name = ...; side = ...; }");
	ret = only_members(c, s, keys);
	if (ret)
		return ret;
	m = config_setting_get_member(s, "name");
	if (!m)
		return bad(c, s, "realm without a name");
	if ((ret = get_string(c, m, r->name, sizeof(r->name))))
		return ret;
	for (unsigned int i = 0; i < c->cfg->nrealms; i++)
		if (strcmp(c->cfg->realms[i].name, r->name) == 0)
			return bad(c, m, "realm \"%s\" defined twice", r->name);

	m = config_setting_get_member(s, "side");
	if (!m)
		return bad(c, s, "realm \"%s\" without a side (outside or inside)", r->name);
	if (!config_setting_get_string(m) ||
	    ms_nl_name_parse(MS_NAME_SIDE, config_setting_get_string(m), &v))
		return bad(c, m, "expected \"outside\" or \"inside\"");
	r->side = (__u8)v;
	/* Secure default (REQUIREMENTS.md 1): Enforce outside, best effort inside. */
	r->mode = r->side == MS_SIDE_OUTSIDE ? MS_MODE_ENFORCE : MS_MODE_BEST_EFFORT;
	m = config_setting_get_member(s, "mode");
	if (m) {
		if (!config_setting_get_string(m) ||
		    ms_nl_name_parse(MS_NAME_MODE, config_setting_get_string(m), &v))
			return bad(c, m, "expected \"disabled\", \"best-effort\" or \"enforce\"");
		r->mode = (__u8)v;
	}
	m = config_setting_get_member(s, "media_ports");
	if (m && (!config_setting_get_string(m) ||
		  parse_range(config_setting_get_string(m), &r->port_lo, &r->port_hi)))
		return bad(c, m, "expected \"LOW-HIGH\", 1 <= LOW <= HIGH <= 65535");
	return 0;
}

static int read_realms(struct ctx *c, const config_setting_t *s)
{
	if (!config_setting_is_list(s))
		return bad(c, s, "expected a list ( { name = ...; }, ... )");
	for (int i = 0; i < config_setting_length(s); i++) {
		int ret;

		if (c->cfg->nrealms == CP_REALMS_MAX)
			return bad(c, s, "more than %d realms", CP_REALMS_MAX);
		ret = read_realm(c, config_setting_get_elem(s, i),
				 &c->cfg->realms[c->cfg->nrealms]);
		if (ret)
			return ret;
		c->cfg->nrealms++;
	}
	return 0;
}

/* One integer member of a group, lo..hi, left alone when absent. */
static int get_uint(struct ctx *c, const config_setting_t *s, const char *name,
		    unsigned int lo, unsigned int hi, __u32 *out)
{
	const config_setting_t *m = config_setting_get_member(s, name);
	long long v;

	if (!m)
		return 0;
	v = config_setting_get_int64(m);
	if ((config_setting_type(m) != CONFIG_TYPE_INT &&
	     config_setting_type(m) != CONFIG_TYPE_INT64) || v < lo || v > hi)
		return bad(c, m, "expected %u..%u", lo, hi);
	*out = (__u32)v;
	return 0;
}

/* rate = { pps = N; burst = N; }; burst defaults to a second's worth. */
static int read_rate(struct ctx *c, const config_setting_t *s, struct cp_filter_conf *pf)
{
	static const char *const keys[] = { "pps", "burst", NULL };
	int ret;

	if (!config_setting_is_group(s))
		return bad(c, s, "expected a group { pps = N; burst = N; }");
	if ((ret = only_members(c, s, keys)) ||
	    (ret = get_uint(c, s, "pps", 0, CP_RATE_MAX, &pf->rate_pps)))
		return ret;
	pf->rate_burst = pf->rate_pps;
	if ((ret = get_uint(c, s, "burst", 1, CP_RATE_MAX, &pf->rate_burst)))
		return ret;
	if (!pf->rate_pps && config_setting_get_member(s, "burst"))
		return bad(c, s, "burst without pps: the rate limit is off");
	return 0;
}

static int read_scan(struct ctx *c, const config_setting_t *s, struct cp_filter_conf *pf)
{
	static const char *const keys[] = { "ports", "window_ms", "block_s", "block_max_s",
					     "repeat_s", NULL };
	int ret;

	if (!config_setting_is_group(s))
		return bad(c, s, "expected a group { ports = N; window_ms = N; block_s = N; }");
	if ((ret = only_members(c, s, keys)) ||
	    (ret = get_uint(c, s, "ports", 0, CP_SCAN_PORTS_MAX, &pf->scan_ports)) ||
	    (ret = get_uint(c, s, "window_ms", 1, 3600000, &pf->scan_window_ms)) ||
	    (ret = get_uint(c, s, "block_s", 1, CP_BLOCK_MAX_S, &pf->block_s)) ||
	    (ret = get_uint(c, s, "block_max_s", 0, CP_BLOCK_MAX_S, &pf->block_max_s)) ||
	    (ret = get_uint(c, s, "repeat_s", 0, CP_BLOCK_MAX_S, &pf->repeat_s)))
		return ret;
	if (pf->block_max_s && pf->block_max_s < pf->block_s)
		return bad(c, s, "block_max_s (%u) shorter than block_s (%u)", pf->block_max_s,
			   pf->block_s);
	return 0;
}

/*
 * af_xdp: DPDK 22.11's af_xdp PMD (xdp_prog=) loads and attaches the filter
 * object itself, with libbpf's default pin root, and puts its sockets into
 * the map named xsks_map. Its copy shares our maps only when they are
 * pinned in that root, and it cannot attach over ours.
 */
static int read_af_xdp(struct ctx *c, const config_setting_t *m)
{
	if (config_setting_type(m) != CONFIG_TYPE_BOOL)
		return bad(c, m, "expected true or false");
	c->cfg->af_xdp = config_setting_get_bool(m);
	if (!c->cfg->af_xdp)
		return 0;
	if (c->cfg->interface[0])
		return bad(c, m, "mediasec-dp's af_xdp PMD attaches the filter: leave interface unset");
	if (strcmp(c->cfg->pin_dir, CP_AF_XDP_PIN_DIR))
		return bad(c, m, "needs pin_dir = \"%s\" (where the af_xdp PMD looks for pins)",
			   CP_AF_XDP_PIN_DIR);
	return 0;
}

static int read_filter(struct ctx *c, const config_setting_t *s)
{
	static const char *const keys[] = { "pin_dir", "interface", "af_xdp", "rate", "scan",
					    NULL };
	const config_setting_t *m;
	int ret;

	if (!config_setting_is_group(s))
		return bad(c, s, "expected a group { pin_dir = ...; }");
	if ((ret = only_members(c, s, keys)))
		return ret;
	c->cfg->filter = true;
	m = config_setting_get_member(s, "pin_dir");
	if (m) {
		if ((ret = get_string(c, m, c->cfg->pin_dir, sizeof(c->cfg->pin_dir))))
			return ret;
		if (c->cfg->pin_dir[0] != '/')
			return bad(c, m, "must be an absolute path");
	}
	m = config_setting_get_member(s, "interface");
	if (m && (ret = get_string(c, m, c->cfg->interface, sizeof(c->cfg->interface))))
		return ret;
	m = config_setting_get_member(s, "af_xdp");
	if (m && (ret = read_af_xdp(c, m)))
		return ret;
	m = config_setting_get_member(s, "rate");
	if (m && (ret = read_rate(c, m, &c->cfg->pf)))
		return ret;
	m = config_setting_get_member(s, "scan");
	if (m)
		return read_scan(c, m, &c->cfg->pf);
	return 0;
}

static const struct {
	const char *name;
	int facility;
} facilities[] = {
	{ "daemon", LOG_DAEMON }, { "auth", LOG_AUTH }, { "authpriv", LOG_AUTHPRIV },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
};

static int read_syslog(struct ctx *c, const config_setting_t *s)
{
	static const char *const keys[] = { "ident", "facility", NULL };
	const config_setting_t *m;
	int ret;

	if (!config_setting_is_group(s))
		return bad(c, s, "expected a group { ident = ...; facility = ...; }");
	if ((ret = only_members(c, s, keys)))
		return ret;
	m = config_setting_get_member(s, "ident");
	if (m && (ret = get_string(c, m, c->cfg->syslog_ident, sizeof(c->cfg->syslog_ident))))
		return ret;
	m = config_setting_get_member(s, "facility");
	if (!m)
		return 0;
	for (size_t i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++) {
		const char *v = config_setting_get_string(m);

		if (v && strcmp(v, facilities[i].name) == 0) {
			c->cfg->syslog_facility = facilities[i].facility;
			return 0;
		}
	}
	return bad(c, m, "expected daemon, auth, authpriv or local0..local7");
}

static int get_path(struct ctx *c, const config_setting_t *s, char *out, size_t outlen)
{
	int ret = get_string(c, s, out, outlen);

	if (!ret && out[0] != '/')
		return bad(c, s, "must be an absolute path");
	return ret;
}

static int add_san(struct ctx *c, const config_setting_t *s, const char *san, void *arg)
{
	struct cp_cert_conf *cc = arg;

	(void)san;
	if (cc->nsans == MS_CERT_SANS_MAX)
		return bad(c, s, "more than %d SANs", MS_CERT_SANS_MAX);
	return get_string(c, s, cc->sans[cc->nsans++], MS_CERT_SAN_MAX);
}

/* check = { management = "high"; trunk = "medium"; endpoint = "medium"; }; */
static int read_checks(struct ctx *c, const config_setting_t *s)
{
	for (int i = 0; s && i < config_setting_length(s); i++) {
		const config_setting_t *m = config_setting_get_elem(s, i);
		const char *v = config_setting_get_string(m);
		unsigned int purpose, level;

		if (ms_nl_name_parse(MS_NAME_CERT_PURPOSE, config_setting_name(m), &purpose))
			return bad(c, m, "unknown class, expected management, trunk or endpoint");
		if (!v || ms_nl_name_parse(MS_NAME_CERT_CHECK, v, &level))
			return bad(c, m, "expected none, low, medium, high, medium-remote "
				   "or high-remote");
		c->cfg->cert.check[purpose] = (__u8)level;
	}
	return 0;
}

/* Subject, SANs and days as cp_cert will take them: errors now, not at the first start. */
static int cert_params_check(struct ctx *c, const config_setting_t *s)
{
	const struct cp_cert_conf *cc = &c->cfg->cert;
	const char *sans[MS_CERT_SANS_MAX];
	struct cp_cert_params p = {
		.subject = cc->subject[0] ? cc->subject : "CN=x", .sans = sans,
		.nsans = cc->nsans, .days = cc->days,
	};
	char why[MS_CERT_SUBJECT_MAX + 96];

	for (unsigned int i = 0; i < cc->nsans; i++)
		sans[i] = cc->sans[i];
	if (cp_cert_params_check(&p, why, sizeof(why)))
		return bad(c, s, "%s", why);
	return 0;
}

static int read_cert(struct ctx *c, const config_setting_t *s)
{
	static const char *const keys[] = { "key_file", "cert_file", "trust_dir", "subject",
					     "sans", "key_type", "days", "check", NULL };
	struct cp_cert_conf *cc = &c->cfg->cert;
	const config_setting_t *m;
	unsigned int v;
	int ret, days;

	if (!config_setting_is_group(s))
		return bad(c, s, "expected a group { key_file = ...; ... }");
	if ((ret = only_members(c, s, keys)))
		return ret;
	if ((m = config_setting_get_member(s, "key_file")) &&
	    (ret = get_path(c, m, cc->key_file, sizeof(cc->key_file))))
		return ret;
	if ((m = config_setting_get_member(s, "cert_file")) &&
	    (ret = get_path(c, m, cc->cert_file, sizeof(cc->cert_file))))
		return ret;
	if ((m = config_setting_get_member(s, "trust_dir")) &&
	    (ret = get_path(c, m, cc->trust_dir, sizeof(cc->trust_dir))))
		return ret;
	if ((m = config_setting_get_member(s, "subject")) &&
	    (ret = get_string(c, m, cc->subject, sizeof(cc->subject))))
		return ret;
	if ((m = config_setting_get_member(s, "sans")) && (ret = each_string(c, m, add_san, cc)))
		return ret;
	if ((m = config_setting_get_member(s, "key_type"))) {
		if (!config_setting_get_string(m) ||
		    ms_nl_name_parse(MS_NAME_CERT_KEY, config_setting_get_string(m), &v))
			return bad(c, m, "expected ecdsa-p256, rsa-2048, rsa-3072 or rsa-4096");
		cc->key_type = (__u8)v;
	}
	if ((m = config_setting_get_member(s, "days"))) {
		days = config_setting_get_int(m);
		if (config_setting_type(m) != CONFIG_TYPE_INT || days < 1 ||
		    days > MS_CERT_DAYS_MAX)
			return bad(c, m, "expected 1..%d", MS_CERT_DAYS_MAX);
		cc->days = (unsigned int)days;
	}
	m = config_setting_get_member(s, "check");
	if (m && !config_setting_is_group(m))
		return bad(c, m, "expected a group { management = ...; trunk = ...; }");
	if ((ret = read_checks(c, m)))
		return ret;
	return cert_params_check(c, s);
}

static int read_limits(struct ctx *c, const config_setting_t *s)
{
	static const char *const keys[] = { "legs", "sessions", NULL };
	int ret;

	if (!config_setting_is_group(s))
		return bad(c, s, "expected a group { legs = N; sessions = N; }");
	if ((ret = only_members(c, s, keys)) ||
	    (ret = get_uint(c, s, "legs", 1, CP_LEGS_MAX, &c->cfg->max_legs)) ||
	    (ret = get_uint(c, s, "sessions", 1, CP_LEGS_MAX, &c->cfg->max_sessions)))
		return ret;
	if (c->cfg->max_sessions > c->cfg->max_legs)
		return bad(c, s, "sessions (%u) more than legs (%u): a session has at least one leg",
			   c->cfg->max_sessions, c->cfg->max_legs);
	return 0;
}

static int read_denylist(struct ctx *c, const config_setting_t *s)
{
	struct prefix_list l = { c->cfg->deny, &c->cfg->ndeny };

	return each_string(c, s, add_prefix, &l);
}

static int read_allowlist(struct ctx *c, const config_setting_t *s)
{
	struct prefix_list l = { c->cfg->allow, &c->cfg->nallow };

	return each_string(c, s, add_prefix, &l);
}

/* failures = { threshold = N; window_s = N; }: what the dynamic denylist counts. */
static int read_failures(struct ctx *c, const config_setting_t *s)
{
	static const char *const keys[] = { "threshold", "window_s", NULL };
	struct cp_filter_conf *pf = &c->cfg->pf;
	int ret;

	if (!config_setting_is_group(s))
		return bad(c, s, "expected a group { threshold = N; window_s = N; }");
	if ((ret = only_members(c, s, keys)) ||
	    (ret = get_uint(c, s, "threshold", 1, CP_FAIL_THRESHOLD_MAX, &pf->fail_threshold)) ||
	    (ret = get_uint(c, s, "window_s", 1, CP_FAIL_WINDOW_MAX_S, &pf->fail_window_s)))
		return ret;
	return 0;
}

/* The top-level settings, each read by one function. */
static const struct {
	const char *name;
	int (*read)(struct ctx *, const config_setting_t *);
} sections[] = {
	{ "realms", read_realms },
	{ "roles", read_roles },
	{ "denylist", read_denylist },
	{ "allowlist", read_allowlist },
	{ "filter", read_filter },
	{ "failures", read_failures },
	{ "syslog", read_syslog },
	{ "cert", read_cert },
	{ "limits", read_limits },
};

static int read_root(struct ctx *c, const config_setting_t *root)
{
	for (int i = 0; i < config_setting_length(root); i++) {
		const config_setting_t *s = config_setting_get_elem(root, i);
		size_t j;
		int ret;

		for (j = 0; j < sizeof(sections) / sizeof(sections[0]); j++)
			if (strcmp(sections[j].name, config_setting_name(s)) == 0)
				break;
		if (j == sizeof(sections) / sizeof(sections[0]))
			return bad(c, s, "unknown setting");
		ret = sections[j].read(c, s);
		if (ret)
			return ret;
	}
	return 0;
}

int cp_config_load(struct cp_config *cfg, const char *path, char *err, size_t errlen)
{
	struct ctx c = { cfg, err, errlen };
	config_t lc;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	snprintf(cfg->pin_dir, sizeof(cfg->pin_dir), "%s", "/sys/fs/bpf/mediasec");
	snprintf(cfg->syslog_ident, sizeof(cfg->syslog_ident), "%s", "mediasecd");
	cfg->syslog_facility = LOG_DAEMON;
	snprintf(cfg->cert.key_file, sizeof(cfg->cert.key_file), "%s", CP_STATE_DIR "/identity.key");
	snprintf(cfg->cert.cert_file, sizeof(cfg->cert.cert_file), "%s", CP_STATE_DIR "/identity.pem");
	snprintf(cfg->cert.trust_dir, sizeof(cfg->cert.trust_dir), "%s", CP_STATE_DIR "/trusted");
	cfg->cert.key_type = MS_CERT_KEY_ECDSA_P256;
	cfg->cert.days = MS_CERT_DAYS_DEFAULT;
	cfg->max_legs = CP_LEGS_DEFAULT;
	cfg->max_sessions = CP_SESSIONS_DEFAULT;
	cfg->pf = (struct cp_filter_conf){ .scan_ports = 10, .scan_window_ms = 60000,
					   .block_s = 600, .block_max_s = 86400,
					   .repeat_s = 86400, .fail_threshold = 10,
					   .fail_window_s = 60 };
	/* Secure default (REQUIREMENTS.md 5): checks at Medium for every class. */
	for (unsigned int i = 1; i <= MS_CERT_PURPOSE_MAX; i++)
		cfg->cert.check[i] = MS_CERT_CHECK_MEDIUM;

	config_init(&lc);
	if (config_read_file(&lc, path) != CONFIG_TRUE) {
		if (config_error_type(&lc) == CONFIG_ERR_FILE_IO) {
			ret = errno ? -errno : -EIO;
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(-ret));
		} else {
			ret = -EINVAL;
			snprintf(err, errlen, "%s:%d: %s",
				 config_error_file(&lc) ? config_error_file(&lc) : path,
				 config_error_line(&lc), config_error_text(&lc));
		}
		goto out;
	}
	ret = read_root(&c, config_root_setting(&lc));
out:
	config_destroy(&lc);
	return ret;
}
