/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The check levels: one table of (certificate, level, role, host, SIP
 * domain) -> reason, covering each predicate of each level; then the TCS,
 * the expiry schedule and the clock.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "pki.h"

enum leaf {
	L_GOOD, L_UNPINNED, L_EXPIRED, L_NOTYET, L_RSA512, L_RSA1024, L_EC, L_NOKU,
	L_NOEKU, L_SERVERONLY, L_CRIT, L_SELF, L_UNTRUSTED, L_OWN, L_WILD, L_SIPDNS,
	L_SIPUSER, L_REVOKED, L_MAX
};

#define SANS "DNS:sip.example.com,IP:192.0.2.10,URI:sip:example.com"
#define BOTH "serverAuth,clientAuth"

static const struct {
	const char *key;
	struct leaf_spec s;
	bool pin, self, foreign;
} leaves[L_MAX] = {
	[L_GOOD] = { "rsa2048", { .san = SANS, .eku = BOTH, .from_days = -1, .to_days = 90 }, true },
	[L_UNPINNED] = { "rsa2048", { .san = SANS, .eku = BOTH, .from_days = -1, .to_days = 90 } },
	[L_EXPIRED] = { "rsa2048", { .san = SANS, .eku = BOTH, .from_days = -100, .to_days = -1 }, true },
	[L_NOTYET] = { "rsa2048", { .san = SANS, .eku = BOTH, .from_days = 1, .to_days = 90 }, true },
	[L_RSA512] = { "rsa512", { .san = SANS, .eku = BOTH, .from_days = -1, .to_days = 90 }, true },
	[L_RSA1024] = { "rsa1024", { .san = SANS, .eku = BOTH, .from_days = -1, .to_days = 90 }, true },
	[L_EC] = { "ec", { .san = SANS, .eku = BOTH, .from_days = -1, .to_days = 90 }, true },
	[L_NOKU] = { "rsa2048", { .san = SANS, .eku = BOTH, .no_ku = true, .from_days = -1, .to_days = 90 }, true },
	[L_NOEKU] = { "rsa2048", { .san = SANS, .from_days = -1, .to_days = 90 }, true },
	[L_SERVERONLY] = { "rsa2048", { .san = SANS, .eku = "serverAuth", .from_days = -1, .to_days = 90 }, true },
	[L_CRIT] = { "rsa2048", { .san = SANS, .eku = BOTH, .crit_unknown = true, .from_days = -1, .to_days = 90 }, true },
	[L_SELF] = { "rsa2048", { .san = SANS, .eku = BOTH, .from_days = -1, .to_days = 90 }, true, true },
	[L_UNTRUSTED] = { "rsa2048", { .san = SANS, .eku = BOTH, .from_days = -1, .to_days = 90 }, false, false, true },
	[L_OWN] = { "ec", { .san = SANS, .eku = BOTH, .from_days = -1, .to_days = 90 }, true },
	[L_WILD] = { "ec", { .san = "DNS:*.example.com", .eku = BOTH, .from_days = -1, .to_days = 90 }, true },
	[L_SIPDNS] = { "ec", { .san = "DNS:example.com", .eku = BOTH, .from_days = -1, .to_days = 90 }, true },
	[L_SIPUSER] = { "ec", { .san = "DNS:example.com,URI:sip:alice@example.com", .eku = BOTH, .from_days = -1, .to_days = 90 }, true },
	[L_REVOKED] = { "ec", { .san = SANS, .eku = BOTH, .from_days = -1, .to_days = 90 }, true },
};

static struct pki pki;
static X509 *cert[L_MAX];
static struct cp_cert_store *tcs;
static char *dir;

static X509_CRL *crl_new(X509 *issuer, EVP_PKEY *key, X509 *revoked)
{
	X509_CRL *crl = X509_CRL_new();
	X509_REVOKED *r;
	ASN1_TIME *t;
	time_t now = T_NOW;

	X509_CRL_set_version(crl, X509_CRL_VERSION_2);
	X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer));
	t = X509_time_adj_ex(NULL, -1, 0, &now);
	X509_CRL_set1_lastUpdate(crl, t);
	ASN1_TIME_free(t);
	t = X509_time_adj_ex(NULL, 30, 0, &now);
	X509_CRL_set1_nextUpdate(crl, t);
	ASN1_TIME_free(t);
	if (revoked) {
		r = X509_REVOKED_new();
		X509_REVOKED_set_serialNumber(r, X509_get_serialNumber(revoked));
		t = X509_time_adj_ex(NULL, -1, 0, &now);
		X509_REVOKED_set_revocationDate(r, t);
		ASN1_TIME_free(t);
		X509_CRL_add0_revoked(crl, r);
	}
	X509_CRL_sort(crl);
	X509_CRL_sign(crl, key, EVP_sha256());
	return crl;
}

static int setup(void **state)
{
	EVP_PKEY *other_key = pki_key("ec"), *key;
	X509 *other = pki_cert(other_key, "Other Root", NULL, NULL, true, NULL);
	X509_CRL *crl;
	int i;

	(void)state;
	pki_init(&pki);
	dir = tmpdir_new();
	tcs = cp_cert_store_open(dir);
	assert_non_null(tcs);
	assert_int_equal(cp_cert_store_add(tcs, pki.root), 0);
	for (i = 0; i < L_MAX; i++) {
		key = pki_key(leaves[i].key);
		if (leaves[i].self)
			cert[i] = pki_cert(key, "leaf", NULL, NULL, false, &leaves[i].s);
		else if (leaves[i].foreign)
			cert[i] = pki_cert(key, "leaf", other, other_key, false, &leaves[i].s);
		else
			cert[i] = pki_cert(key, "leaf", pki.inter, pki.int_key, false, &leaves[i].s);
		assert_non_null(cert[i]);
		if (leaves[i].pin)
			assert_int_equal(cp_cert_store_add(tcs, cert[i]), 0);
		EVP_PKEY_free(key);
	}
	crl = crl_new(pki.inter, pki.int_key, cert[L_REVOKED]);
	assert_int_equal(cp_cert_store_crl_add(tcs, crl), 0);
	X509_CRL_free(crl);
	crl = crl_new(pki.root, pki.root_key, NULL);
	assert_int_equal(cp_cert_store_crl_add(tcs, crl), 0);
	X509_CRL_free(crl);
	X509_free(other);
	EVP_PKEY_free(other_key);
	return 0;
}

static int teardown(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < L_MAX; i++)
		X509_free(cert[i]);
	cp_cert_store_free(tcs);
	tmpdir_rm(dir);
	pki_fini(&pki);
	return 0;
}

#define M MS_CERT_CHECK_MEDIUM
#define H MS_CERT_CHECK_HIGH
#define HR MS_CERT_CHECK_HIGH_REMOTE
#define MR MS_CERT_CHECK_MEDIUM_REMOTE

static const struct row {
	enum leaf leaf;
	enum ms_cert_check level;
	bool server, crl;
	const char *host, *sip;
	enum cp_cert_reason want;
} rows[] = {
	/* None: in date */
	{ L_GOOD, MS_CERT_CHECK_NONE, .want = CP_CERT_OK },
	{ L_EXPIRED, MS_CERT_CHECK_NONE, .want = CP_CERT_R_EXPIRED },
	{ L_NOTYET, MS_CERT_CHECK_NONE, .want = CP_CERT_R_NOT_YET_VALID },
	{ L_RSA512, MS_CERT_CHECK_NONE, .want = CP_CERT_OK },
	{ L_UNTRUSTED, MS_CERT_CHECK_NONE, .want = CP_CERT_OK },
	/* Low: + key >= 1024 */
	{ L_RSA512, MS_CERT_CHECK_LOW, .want = CP_CERT_R_KEY_TOO_SMALL },
	{ L_RSA1024, MS_CERT_CHECK_LOW, .want = CP_CERT_OK },
	{ L_EXPIRED, MS_CERT_CHECK_LOW, .want = CP_CERT_R_EXPIRED },
	{ L_NOKU, MS_CERT_CHECK_LOW, .want = CP_CERT_OK },
	{ L_UNTRUSTED, MS_CERT_CHECK_LOW, .want = CP_CERT_OK },
	/* Medium: + chain, KU, EKU, critical */
	{ L_GOOD, M, .want = CP_CERT_OK },
	{ L_UNPINNED, M, .want = CP_CERT_OK },
	{ L_RSA1024, M, .want = CP_CERT_OK },
	{ L_RSA512, M, .want = CP_CERT_R_KEY_TOO_SMALL },
	{ L_UNTRUSTED, M, .want = CP_CERT_R_UNTRUSTED },
	{ L_NOKU, M, .want = CP_CERT_R_NO_KEY_USAGE },
	{ L_NOEKU, M, .want = CP_CERT_OK },
	{ L_SERVERONLY, M, .want = CP_CERT_R_EKU_MISMATCH },
	{ L_SERVERONLY, M, .server = true, .want = CP_CERT_OK },
	{ L_CRIT, M, .want = CP_CERT_R_UNKNOWN_CRITICAL },
	{ L_SELF, M, .want = CP_CERT_OK },
	{ L_REVOKED, M, .want = CP_CERT_OK },
	{ L_REVOKED, M, .crl = true, .want = CP_CERT_R_REVOKED },
	{ L_GOOD, M, .crl = true, .want = CP_CERT_OK },
	/* High: + 2048, not self-signed, not reflected, pinned */
	{ L_GOOD, H, .want = CP_CERT_OK },
	{ L_EC, H, .want = CP_CERT_OK },
	{ L_RSA1024, H, .want = CP_CERT_R_KEY_WEAK },
	{ L_SELF, H, .want = CP_CERT_R_SELF_SIGNED },
	{ L_OWN, H, .want = CP_CERT_R_REFLECTED },
	{ L_UNPINNED, H, .want = CP_CERT_R_NOT_PINNED },
	{ L_UNTRUSTED, H, .want = CP_CERT_R_UNTRUSTED },
	{ L_NOKU, H, .want = CP_CERT_R_NO_KEY_USAGE },
	{ L_OWN, M, .want = CP_CERT_OK },
	/* Medium + Remote: RFC 6125 host or IP, RFC 5922 SIP domain */
	{ L_GOOD, MR, .host = "sip.example.com", .want = CP_CERT_OK },
	{ L_GOOD, MR, .host = "SIP.Example.COM", .want = CP_CERT_OK },
	{ L_GOOD, MR, .host = "other.example.com", .want = CP_CERT_R_HOST_MISMATCH },
	{ L_GOOD, MR, .host = "192.0.2.10", .want = CP_CERT_OK },
	{ L_GOOD, MR, .host = "192.0.2.11", .want = CP_CERT_R_HOST_MISMATCH },
	{ L_GOOD, MR, .want = CP_CERT_R_HOST_MISMATCH },
	{ L_UNPINNED, MR, .host = "sip.example.com", .want = CP_CERT_OK },
	{ L_GOOD, MR, .host = "sip.example.com", .sip = "example.com", .want = CP_CERT_OK },
	{ L_GOOD, MR, .host = "sip.example.com", .sip = "evil.example", .want = CP_CERT_R_SIP_DOMAIN_MISMATCH },
	{ L_WILD, MR, .host = "a.example.com", .want = CP_CERT_OK },
	{ L_WILD, MR, .host = "a.b.example.com", .want = CP_CERT_R_HOST_MISMATCH },
	{ L_WILD, MR, .host = "a.example.com", .sip = "a.example.com", .want = CP_CERT_R_SIP_DOMAIN_MISMATCH },
	{ L_SIPDNS, MR, .host = "example.com", .sip = "example.com", .want = CP_CERT_OK },
	{ L_SIPUSER, MR, .host = "example.com", .sip = "example.com", .want = CP_CERT_R_SIP_DOMAIN_MISMATCH },
	{ L_UNTRUSTED, MR, .host = "sip.example.com", .want = CP_CERT_R_UNTRUSTED },
	/* ... and none of High's predicates */
	{ L_SELF, MR, .host = "sip.example.com", .want = CP_CERT_OK },
	{ L_RSA1024, MR, .host = "sip.example.com", .want = CP_CERT_OK },
	{ L_OWN, MR, .host = "sip.example.com", .want = CP_CERT_OK },
	{ L_NOKU, MR, .host = "sip.example.com", .want = CP_CERT_R_NO_KEY_USAGE },
	{ L_EXPIRED, MR, .host = "sip.example.com", .want = CP_CERT_R_EXPIRED },
	{ L_RSA512, MR, .host = "sip.example.com", .want = CP_CERT_R_KEY_TOO_SMALL },
	/* High + Remote */
	{ L_GOOD, HR, .host = "sip.example.com", .sip = "example.com", .want = CP_CERT_OK },
	{ L_GOOD, HR, .host = "other.example.com", .want = CP_CERT_R_HOST_MISMATCH },
	{ L_UNPINNED, HR, .host = "sip.example.com", .want = CP_CERT_R_NOT_PINNED },
	{ L_RSA1024, HR, .host = "sip.example.com", .want = CP_CERT_R_KEY_WEAK },
	{ L_GOOD, MS_CERT_CHECK_UNSPEC, .want = CP_CERT_R_POLICY },
	{ L_GOOD, __MS_CERT_CHECK_MAX, .want = CP_CERT_R_POLICY },
};

static void test_check_table(void **state)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	struct cp_cert_verdict v;
	enum cp_cert_reason r;
	size_t i;

	(void)state;
	sk_X509_push(chain, pki.inter);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *t = &rows[i];
		struct cp_cert_check_policy pol = {
			.level = t->level, .crl = t->crl,
			.peer_is_server = t->server, .purpose = MS_CERT_PURPOSE_TRUNK,
			.host = t->host, .sip_domain = t->sip, .tcs = tcs, .own = cert[L_OWN],
		};

		r = cp_cert_check(cert[t->leaf], chain, &pol, T_NOW, &v);
		if (r != t->want)
			fail_msg("row %zu: got %s (%s), want %s", i, cp_cert_reason_name(r),
				 v.text, cp_cert_reason_name(t->want));
		assert_int_equal(v.reason, r);
		assert_non_null(strstr(v.text, cp_cert_reason_name(r)));
	}
	sk_X509_free(chain);
}

static void test_check_no_cert(void **state)
{
	struct cp_cert_check_policy pol = { .level = MS_CERT_CHECK_NONE };
	struct cp_cert_verdict v;

	(void)state;
	assert_int_equal(cp_cert_check(NULL, NULL, &pol, T_NOW, &v), CP_CERT_R_NO_CERT);
}

/* 64+ entries, persisted, removable, listed with the expired flag. */
static void test_store(void **state)
{
	enum { N = 70 };
	struct leaf_spec live = { .eku = BOTH, .from_days = -10, .to_days = 100 };
	struct leaf_spec dead = { .eku = BOTH, .from_days = -100, .to_days = -1 };
	uint8_t fps[N][MS_CERT_FINGERPRINT_LEN];
	struct cp_cert_store_info info;
	struct cp_cert_store *s;
	char *d = tmpdir_new(), name[32];
	size_t i, expired = 0;
	EVP_PKEY *key;
	X509 *x;

	(void)state;
	s = cp_cert_store_open(d);
	assert_non_null(s);
	for (i = 0; i < N; i++) {
		key = pki_key("ec");
		snprintf(name, sizeof(name), "anchor %zu", i);
		x = pki_cert(key, name, NULL, NULL, true, i % 10 ? &live : &dead);
		assert_int_equal(cp_cert_store_add(s, x), 0);
		assert_int_equal(cp_cert_store_add(s, x), -EEXIST);
		assert_int_equal(cp_cert_fingerprint(x, fps[i]), 0);
		X509_free(x);
		EVP_PKEY_free(key);
	}
	cp_cert_store_free(s);

	s = cp_cert_store_open(d);	/* everything came back from the directory */
	assert_non_null(s);
	assert_int_equal(cp_cert_store_count(s), N);
	for (i = 0; i < N; i++) {
		assert_int_equal(cp_cert_store_info(s, i, T_NOW, &info), 0);
		expired += info.expired;
		assert_true(info.ca);
		assert_non_null(strstr(info.subject, "anchor"));
	}
	assert_int_equal(expired, N / 10);
	assert_int_equal(cp_cert_store_info(s, N, T_NOW, &info), -ENOENT);
	for (i = 0; i < N; i += 2)
		assert_int_equal(cp_cert_store_remove(s, fps[i]), 0);
	assert_int_equal(cp_cert_store_remove(s, fps[0]), -ENOENT);
	assert_int_equal(cp_cert_store_count(s), N / 2);
	cp_cert_store_free(s);
	s = cp_cert_store_open(d);
	assert_int_equal(cp_cert_store_count(s), N / 2);
	cp_cert_store_free(s);
	tmpdir_rm(d);
}

/* A DER file dropped into the directory is an entry too. */
static void test_store_der(void **state)
{
	char *d = tmpdir_new(), path[256];
	struct cp_cert_store *s;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/root.der", d);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_true(i2d_X509_fp(f, pki.root));
	fclose(f);
	s = cp_cert_store_open(d);
	assert_int_equal(cp_cert_store_count(s), 1);
	assert_true(cp_cert_store_contains(s, pki.root));
	assert_false(cp_cert_store_contains(s, pki.inter));
	cp_cert_store_free(s);
	tmpdir_rm(d);
}

static void test_expiry_schedule(void **state)
{
	static const struct {
		double days_left, last_days_left;	/* last: 9999 = never */
		int due;
		enum ms_event_type type;
		enum ms_event_severity sev;
	} t[] = {
		{ 181, 9999, 0, 0, 0 },
		{ 180, 9999, 1, MS_EVENT_CERT_EXPIRING, MS_SEV_WARNING },
		{ 179, 180, 0, 0, 0 },
		{ 61, 180, 0, 0, 0 },
		{ 61, 9999, 1, MS_EVENT_CERT_EXPIRING, MS_SEV_WARNING },
		{ 60, 61, 1, MS_EVENT_CERT_EXPIRING, MS_SEV_ERROR },
		{ 60, 180, 1, MS_EVENT_CERT_EXPIRING, MS_SEV_ERROR },
		{ 59, 60, 1, MS_EVENT_CERT_EXPIRING, MS_SEV_ERROR },
		{ 59, 59.5, 0, 0, 0 },
		{ 1, 2, 1, MS_EVENT_CERT_EXPIRING, MS_SEV_ERROR },
		{ 0, 1, 1, MS_EVENT_CERT_EXPIRED, MS_SEV_CRITICAL },
		{ 0, 0.5, 1, MS_EVENT_CERT_EXPIRED, MS_SEV_CRITICAL },
		{ -1, 0, 1, MS_EVENT_CERT_EXPIRED, MS_SEV_CRITICAL },
		{ -1, -0.5, 0, 0, 0 },
	};
	const time_t na = T_NOW + 1000 * CP_CERT_DAY;
	struct cp_cert_notice n;
	time_t now, last;
	size_t i;
	int due;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		now = na - (time_t)(t[i].days_left * CP_CERT_DAY);
		last = t[i].last_days_left == 9999 ? 0 :
			na - (time_t)(t[i].last_days_left * CP_CERT_DAY);
		memset(&n, 0, sizeof(n));
		due = cp_cert_expiry_due(now, na, last, &n);
		if (due != t[i].due)
			fail_msg("row %zu: due %d, want %d", i, due, t[i].due);
		if (due) {
			assert_int_equal(n.type, t[i].type);
			assert_int_equal(n.severity, t[i].sev);
		}
	}
}

static int events;
static enum ms_event_type last_type;

static void count(const struct cp_cert_event *ev, void *arg)
{
	(void)arg;
	events++;
	last_type = ev->type;
}

/* The walk covers identity, chain and TCS, and repeats daily only. */
static void test_expiry_walk(void **state)
{
	struct cp_cert_events ev = { count, NULL };
	struct cp_cert_expiry *e = cp_cert_expiry_new();
	struct cp_cert_identity *id;
	STACK_OF(X509) *chain = sk_X509_new_null();
	EVP_PKEY *key = pki_key("ec");
	struct leaf_spec s = { .eku = BOTH, .from_days = -10, .to_days = 30 };
	X509 *x = pki_cert(key, "soon", pki.inter, pki.int_key, false, &s);
	int first;

	(void)state;
	sk_X509_push(chain, pki.inter);
	id = cp_cert_identity_new(key, x, chain);
	assert_non_null(id);
	events = 0;
	/* identity (30 days), the expired pinned leaf; the 90-day pins get a warning */
	first = cp_cert_expiry_walk(e, id, tcs, T_NOW, &ev);
	assert_int_equal(first, events);
	assert_true(first >= 2 + 1);
	assert_int_equal(cp_cert_expiry_walk(e, id, tcs, T_NOW + 3600, &ev), 0);
	/* a day later only the daily ones come back: identity and the expired */
	assert_int_equal(cp_cert_expiry_walk(e, id, tcs, T_NOW + CP_CERT_DAY, &ev), 2);
	cp_cert_identity_put(id);
	cp_cert_expiry_free(e);
	sk_X509_free(chain);
	X509_free(x);
	EVP_PKEY_free(key);
}

static void test_clock(void **state)
{
	struct cp_cert_events ev = { count, NULL };
	struct cp_cert_params p = { .subject = "CN=gw.example.com" };
	time_t epoch = cp_cert_clock_build_epoch();
	struct cp_cert_identity *id;

	(void)state;
	assert_true(epoch >= 1767225600);
	assert_false(cp_cert_clock_plausible(1293840000));	/* 2011-01-01 */
	assert_false(cp_cert_clock_plausible(epoch - 1));
	assert_true(cp_cert_clock_plausible(epoch));
	events = 0;
	assert_int_equal(cp_cert_identity_generate(&p, 1293840000, &ev, &id), -EAGAIN);
	assert_null(id);
	assert_int_equal(events, 1);
	assert_int_equal(last_type, MS_EVENT_CLOCK_IMPLAUSIBLE);
	assert_int_equal(cp_cert_identity_generate(&p, epoch, &ev, &id), 0);
	assert_non_null(id);
	cp_cert_identity_put(id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_table),
		cmocka_unit_test(test_check_no_cert),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_store_der),
		cmocka_unit_test(test_expiry_schedule),
		cmocka_unit_test(test_expiry_walk),
		cmocka_unit_test(test_clock),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
