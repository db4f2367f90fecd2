/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cert: the identity and the TCS held by mediasecd, and a local check of
 * any certificate file against a level (cp_cert, no daemon involved).
 *
 *   cert show
 *   cert generate [ subject DN ] [ san SAN ]... [ key-type TYPE ] [ days N ]
 *   cert csr subject DN [ san SAN ]... [ key-type TYPE ] [ out FILE ]
 *   cert import FILE [ password-file FILE ]
 *   cert trust { add FILE | del FINGERPRINT | list }
 *   cert check FILE [ level L ] [ purpose P ] [ host H ] [ trust DIR ]
 *   cert check FILE daemon [ purpose P ] [ host H ]
 *
 * "daemon" asks mediasecd instead: the level configured for the class, its
 * TCS, and its identity for the reflection check.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/netlink.h>

#include <openssl/crypto.h>

#include "args.h"
#include "cert.h"
#include "conn.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "objects.h"
#include "print.h"

#define TRUST_DIR_DEFAULT "/var/lib/mediasec/trusted"	/* mediasecd's default */

/* The whole file, at most MS_CERT_DATA_MAX bytes; exits 1 with the reason. */
static unsigned char *read_file(const char *path, size_t *len)
{
	unsigned char *buf = malloc(MS_CERT_DATA_MAX + 1);
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		invarg("file", path, strerror(errno));
	if (!buf)
		invarg("file", path, "out of memory");
	n = fread(buf, 1, MS_CERT_DATA_MAX + 1, f);
	fclose(f);
	if (n == 0)
		invarg("file", path, "empty or unreadable");
	if (n > MS_CERT_DATA_MAX)
		invarg("file", path, "larger than 60000 bytes");
	*len = n;
	return buf;
}

static __u8 guess_format(const unsigned char *data, size_t len, const char *path)
{
	enum ms_cert_format f = cp_cert_format_guess(data, len);

	if (f == MS_CERT_FMT_UNSPEC)
		invarg("file", path, "neither PEM, DER nor PKCS#12");
	return (__u8)f;
}

/* A named enum value, never UNSPEC; exits 1 naming what is wrong. */
static unsigned int word_of(enum ms_name_kind kind, const char *what, const char *arg)
{
	unsigned int v;

	if (ms_nl_name_parse(kind, arg, &v) || v == 0)
		invarg(what, arg, NULL);
	return v;
}

static void print_time(const char *key, const char *fmt, __u64 t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (print_is_json()) {
		print_uint(key, NULL, t);
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	print_string(key, fmt, buf);
}

static int print_cert(const struct ms_msg *m, void *arg)
{
	const struct ms_cert *c = &m->cert;
	char fp[3 * MS_CERT_FINGERPRINT_LEN];
	time_t now = time(NULL);
	const char *kt;

	(void)arg;
	if (!(m->present & MS_BIT(MS_ATTR_CERT)))
		return 0;
	for (int i = 0; i < MS_CERT_FINGERPRINT_LEN; i++)
		snprintf(fp + 3 * i, 4, "%02X%s", c->fingerprint[i],
			 i + 1 < MS_CERT_FINGERPRINT_LEN ? ":" : "");
	print_open_object(NULL);
	print_string("subject", "subject %s\n", c->subject);
	if (c->nsans) {
		print_text("  sans");
		print_open_array("sans");
		for (unsigned int i = 0; i < c->nsans; i++)
			print_string(NULL, " %s", c->sans[i]);
		print_close_array();
		print_text("\n");
	}
	kt = ms_nl_name_get(MS_NAME_CERT_KEY, c->key_type);
	if (kt)
		print_string("key_type", "  key %s\n", kt);
	print_string("fingerprint", "  sha256 %s\n", fp);
	print_time("not_before", "  valid from %s", c->not_before);
	print_time("not_after", " until %s", c->not_after);
	print_bool("expired", " EXPIRED", c->not_after < (__u64)now);
	print_text("\n");
	print_close_object();
	return 0;
}

/* ctl_run(), then m wiped: it may carry a PKCS#12 password. */
static int request(struct ms_msg *m, ctl_reply_fn fn, void *arg)
{
	int ret = ctl_run(m, fn, arg);

	ms_nl_msg_clear(m);
	return ret;
}

/* subject, san, key-type, days: what generate and csr share. */
static int parse_param(int *argc, char ***argv, struct ms_cert *c, bool with_days)
{
	const char *w = (*argv)[0], *v = (*argv)[1];
	uint32_t days;

	if (!matches(w, "subject") && !matches(w, "san") && !matches(w, "key-type") &&
	    !(with_days && matches(w, "days")))
		return 0;
	if (*argc < 2)
		usage_error("\"%s\" needs a value", w);
	if (matches(w, "subject")) {
		if (c->present & MS_BIT(MS_CERT_A_SUBJECT))
			duparg(w);
		if (strlen(v) >= sizeof(c->subject))
			invarg("subject", v, "too long");
		snprintf(c->subject, sizeof(c->subject), "%s", v);
		c->present |= MS_BIT(MS_CERT_A_SUBJECT);
	} else if (matches(w, "san")) {
		if (c->nsans == MS_CERT_SANS_MAX)
			invarg("san", v, "more than 8 SANs");
		if (strlen(v) >= MS_CERT_SAN_MAX)
			invarg("san", v, "too long");
		snprintf(c->sans[c->nsans++], MS_CERT_SAN_MAX, "%s", v);
		c->present |= MS_BIT(MS_CERT_A_SANS);
	} else if (matches(w, "key-type")) {
		if (c->present & MS_BIT(MS_CERT_A_KEY_TYPE))
			duparg(w);
		c->key_type = (__u8)word_of(MS_NAME_CERT_KEY, "key type", v);
		c->present |= MS_BIT(MS_CERT_A_KEY_TYPE);
	} else {
		if (c->present & MS_BIT(MS_CERT_A_DAYS))
			duparg(w);
		if (get_u32(&days, v) || days < 1 || days > MS_CERT_DAYS_MAX)
			invarg("days", v, "expected 1..1095");
		c->days = days;
		c->present |= MS_BIT(MS_CERT_A_DAYS);
	}
	*argc -= 2;
	*argv += 2;
	return 1;
}

static int do_show(struct ms_msg *m, int argc, char **argv)
{
	if (argc > 0)
		usage_error("unexpected \"%s\"", argv[0]);
	m->cmd = MS_CMD_CERT_SHOW;
	print_open_array(NULL);
	return request(m, print_cert, NULL);
}

static int do_generate(struct ms_msg *m, int argc, char **argv)
{
	m->cmd = MS_CMD_CERT_GENERATE;
	m->nl_flags = NLM_F_ACK;
	while (argc > 0)
		if (!parse_param(&argc, &argv, &m->cert, true))
			usage_error("unexpected \"%s\"", argv[0]);
	if (m->cert.present)
		m->present |= MS_BIT(MS_ATTR_CERT);
	return request(m, NULL, NULL);
}

static int write_csr(const struct ms_msg *m, void *arg)
{
	const char *path = arg;
	FILE *f = path ? fopen(path, "w") : stdout;

	if (!(m->present & MS_BIT(MS_ATTR_CERT)))
		return 0;
	if (!f) {
		fprintf(stderr, "mediasecctl: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	fwrite(m->cert.data, 1, m->cert.data_len, f);
	if (path && fclose(f)) {
		fprintf(stderr, "mediasecctl: %s: %s\n", path, strerror(errno));
		return -EIO;
	}
	return 0;
}

static int do_csr(struct ms_msg *m, int argc, char **argv)
{
	const char *out = NULL;

	m->cmd = MS_CMD_CERT_CSR;
	m->present |= MS_BIT(MS_ATTR_CERT);
	while (argc > 0) {
		if (parse_param(&argc, &argv, &m->cert, false))
			continue;
		if (!matches(argv[0], "out"))
			usage_error("unexpected \"%s\"", argv[0]);
		if (out)
			duparg("out");
		if (argc < 2)
			usage_error("\"out\" needs FILE");
		out = argv[1];
		argc -= 2, argv += 2;
	}
	if (!(m->cert.present & MS_BIT(MS_CERT_A_SUBJECT)))
		usage_error("\"subject DN\" missing");
	return request(m, write_csr, (void *)out);
}

/* The first line of path: the PKCS#12 password. */
static void read_password(const char *path, char *pw, size_t len)
{
	size_t n;
	unsigned char *buf = read_file(path, &n);

	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\0') {
			n = i;
			break;
		}
	if (n >= len) {
		OPENSSL_cleanse(buf, MS_CERT_DATA_MAX);
		free(buf);
		invarg("password file", path, "password longer than 127 bytes");
	}
	memcpy(pw, buf, n);
	pw[n] = '\0';
	OPENSSL_cleanse(buf, MS_CERT_DATA_MAX);
	free(buf);
}

static int do_import(struct ms_msg *m, int argc, char **argv)
{
	unsigned char *data;
	size_t len;
	int ret;

	if (argc < 1)
		usage_error("FILE missing");
	data = read_file(argv[0], &len);
	m->cmd = MS_CMD_CERT_IMPORT;
	m->nl_flags = NLM_F_ACK;
	m->present |= MS_BIT(MS_ATTR_CERT);
	m->cert.present = MS_BIT(MS_CERT_A_FORMAT) | MS_BIT(MS_CERT_A_DATA);
	m->cert.format = guess_format(data, len, argv[0]);
	m->cert.data = data;
	m->cert.data_len = (__u32)len;
	if (argc == 3 && matches(argv[1], "password-file")) {
		read_password(argv[2], m->cert.password, sizeof(m->cert.password));
		m->cert.present |= MS_BIT(MS_CERT_A_PASSWORD);
	} else if (argc != 1) {
		usage_error("unexpected \"%s\"", argv[1]);
	}
	ret = request(m, NULL, NULL);
	OPENSSL_cleanse(data, len);	/* a PKCS#12 or PEM may hold a key */
	free(data);
	return ret;
}

static void get_fingerprint(const char *arg, __u8 *fp)
{
	const char *s = arg;

	for (int i = 0; i < MS_CERT_FINGERPRINT_LEN; i++) {
		unsigned int v;

		if (i && *s == ':')
			s++;
		if (sscanf(s, "%2x", &v) != 1 || !s[0] || !s[1] ||
		    !strchr("0123456789abcdefABCDEF", s[0]) ||
		    !strchr("0123456789abcdefABCDEF", s[1]))
			invarg("fingerprint", arg, "expected 64 hex digits (SHA-256), colons allowed");
		fp[i] = (__u8)v;
		s += 2;
	}
	if (*s)
		invarg("fingerprint", arg, "expected 64 hex digits (SHA-256), colons allowed");
}

static int do_trust(struct ms_msg *m, int argc, char **argv)
{
	const char *verb = argc > 0 ? argv[0] : "list";
	unsigned char *data;
	size_t len;
	int ret;

	if (matches(verb, "list")) {
		if (argc > 1)
			usage_error("unexpected \"%s\"", argv[1]);
		m->cmd = MS_CMD_CERT_TRUST_LIST;
		m->nl_flags = NLM_F_DUMP;
		print_open_array(NULL);
		return request(m, print_cert, NULL);
	}
	if (argc != 2)
		usage_error(argc < 2 ? "\"%s\" needs an argument" : "unexpected \"%s\"",
			    argc < 2 ? verb : argv[2]);
	m->present |= MS_BIT(MS_ATTR_CERT);
	m->nl_flags = NLM_F_ACK;
	if (matches(verb, "del")) {
		m->cmd = MS_CMD_CERT_TRUST_DEL;
		m->cert.present = MS_BIT(MS_CERT_A_FINGERPRINT);
		get_fingerprint(argv[1], m->cert.fingerprint);
		return request(m, NULL, NULL);
	}
	if (!matches(verb, "add"))
		usage_error("unknown command \"%s\", expected add, del or list", verb);
	data = read_file(argv[1], &len);
	m->cmd = MS_CMD_CERT_TRUST_ADD;
	m->cert.present = MS_BIT(MS_CERT_A_FORMAT) | MS_BIT(MS_CERT_A_DATA);
	m->cert.format = guess_format(data, len, argv[1]);
	m->cert.data = data;
	m->cert.data_len = (__u32)len;
	ret = request(m, NULL, NULL);
	free(data);
	return ret;
}

static int check_remote(unsigned char *data, size_t len, const char *file,
			const struct cp_cert_check_policy *pol)
{
	struct ms_msg *m = calloc(1, sizeof(*m));
	char err[MS_ERROR_MSG_MAX + 64];
	const char *purpose = ms_nl_name_get(MS_NAME_CERT_PURPOSE, pol->purpose);
	int ret;

	if (!m)
		return ctl_fail("out of memory");
	m->cmd = MS_CMD_CERT_CHECK;
	m->nl_flags = NLM_F_ACK;
	m->present = MS_BIT(MS_ATTR_CERT);
	m->cert.present = MS_BIT(MS_CERT_A_FORMAT) | MS_BIT(MS_CERT_A_DATA) |
			  MS_BIT(MS_CERT_A_PURPOSE);
	m->cert.format = guess_format(data, len, file);
	m->cert.data = data;
	m->cert.data_len = (__u32)len;
	m->cert.purpose = (__u8)pol->purpose;
	if (pol->host) {
		if (strlen(pol->host) >= sizeof(m->cert.host))
			invarg("host", pol->host, "too long");
		snprintf(m->cert.host, sizeof(m->cert.host), "%s", pol->host);
		m->cert.present |= MS_BIT(MS_CERT_A_HOST);
	}
	ret = ctl_request(m, NULL, NULL, err, sizeof(err));
	free(m);
	free(data);
	/* the daemon's refusal is a verdict, anything else a failure */
	if (ret && ret != -EKEYREJECTED)
		return ctl_fail(err);
	print_open_object(NULL);
	print_string("verdict", "%s", ret ? "refused" : "accepted");
	print_string("purpose", " by mediasecd for %s", purpose);
	if (ret)
		print_string("text", ": %s", err);
	print_text("\n");
	print_close_object();
	print_flush();
	return ret ? 1 : 0;
}

/* Local: the policy on a file, as a listener of that class would apply it. */
static int do_check(int argc, char **argv)
{
	struct cp_cert_check_policy pol = {
		.level = MS_CERT_CHECK_MEDIUM, .purpose = MS_CERT_PURPOSE_TRUNK,
	};
	const char *file, *trust = TRUST_DIR_DEFAULT;
	static const char *const keys[] = { "level", "purpose", "host", "trust" };
	unsigned int seen = 0, k;
	bool daemon = false;
	struct cp_cert_verdict v;
	STACK_OF(X509) *chain;
	unsigned char *data;
	size_t len;
	X509 *x;

	if (argc < 1)
		usage_error("FILE missing");
	file = argv[0];
	for (argc--, argv++; argc > 0; argc -= 2, argv += 2) {
		if (matches(argv[0], "daemon") && !daemon) {
			daemon = true;
			argc--, argv++;
			if (argc == 0)
				break;
		}
		for (k = 0; k < 4 && !matches(argv[0], keys[k]); k++)
			;
		if (k == 4)
			usage_error("unexpected \"%s\"", argv[0]);
		if (seen & (1U << k))
			duparg(keys[k]);
		seen |= 1U << k;
		if (argc < 2)
			usage_error("\"%s\" needs a value", argv[0]);
		if (matches(argv[0], "level"))
			pol.level = word_of(MS_NAME_CERT_CHECK, "level", argv[1]);
		else if (matches(argv[0], "purpose"))
			pol.purpose = word_of(MS_NAME_CERT_PURPOSE, "purpose", argv[1]);
		else if (matches(argv[0], "host"))
			pol.host = argv[1];
		else
			trust = argv[1];
	}
	pol.peer_is_server = cp_cert_purpose_peer_is_server(pol.purpose);
	if (daemon && (seen & ((1U << 0) | (1U << 3))))	/* level, trust */
		usage_error("\"daemon\" uses the configured level and TCS");
	data = read_file(file, &len);
	if (daemon)
		return check_remote(data, len, file, &pol);
	if (cp_cert_read(data, len, guess_format(data, len, file), &x, &chain))
		invarg("file", file, "no PEM or DER certificate in it");
	free(data);
	if (pol.level != MS_CERT_CHECK_NONE && pol.level != MS_CERT_CHECK_LOW) {
		pol.tcs = cp_cert_store_open(trust);
		if (!pol.tcs)
			invarg("trust directory", trust, "cannot be read");
	}
	cp_cert_check(x, chain, &pol, time(NULL), &v);
	print_open_object(NULL);
	print_string("verdict", "%s", v.reason == CP_CERT_OK ? "accepted" : "refused");
	print_string("level", " at level %s", ms_nl_name_get(MS_NAME_CERT_CHECK, pol.level));
	print_string("purpose", " for %s", ms_nl_name_get(MS_NAME_CERT_PURPOSE, pol.purpose));
	if (v.reason != CP_CERT_OK) {
		print_string("reason", NULL, cp_cert_reason_name(v.reason));
		print_string("text", ": %s", v.text);
	}
	print_text("\n");
	print_close_object();
	print_flush();
	cp_cert_store_free(pol.tcs);
	sk_X509_pop_free(chain, X509_free);
	X509_free(x);
	return v.reason == CP_CERT_OK ? 0 : 1;
}

int do_cert(int argc, char **argv)
{
	const char *verb = argc > 0 ? argv[0] : "show";
	struct ms_msg *m;
	int ret;

	if (argc > 0)
		argc--, argv++;
	if (matches(verb, "check"))
		return do_check(argc, argv);
	m = calloc(1, sizeof(*m));
	if (!m)
		return ctl_fail("out of memory");
	if (matches(verb, "show"))
		ret = do_show(m, argc, argv);
	else if (matches(verb, "generate"))
		ret = do_generate(m, argc, argv);
	else if (matches(verb, "csr"))
		ret = do_csr(m, argc, argv);
	else if (matches(verb, "import"))
		ret = do_import(m, argc, argv);
	else if (matches(verb, "trust"))
		ret = do_trust(m, argc, argv);
	else
		usage_error("unknown command \"%s\", expected show, generate, csr, import, "
			    "trust or check", verb);
	free(m);
	return ret;
}
