/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Real handshakes over a socketpair between SSL_CTXs built by tls.c:
 * Medium and High, mutual authentication at High, a TLS 1.1-only client
 * refused, a set-B suite refused at High and accepted at Medium, check
 * failures and fatal alerts as events, the intermediate on the wire, and
 * hot replacement of the identity.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/err.h>

#include "pki.h"

static struct pki pki;
static struct cp_cert_identity *srv_id, *cli_id, *srv2_id;
static struct cp_cert_store *tcs;
static char *dir;
static int failures, alerts_sent, alerts_received;

static void on_event(const struct cp_cert_event *ev, void *arg)
{
	(void)arg;
	if (ev->type == MS_EVENT_CERT_CHECK_FAILURE)
		failures++;
	if (ev->type == MS_EVENT_TLS_FAILURE && strstr(ev->text, "sent to the peer"))
		alerts_sent++;
	if (ev->type == MS_EVENT_TLS_FAILURE && strstr(ev->text, "received from the peer"))
		alerts_received++;
}

static const struct cp_cert_events events = { on_event, NULL };

static struct cp_cert_identity *leaf(const char *cn, const char *san)
{
	struct leaf_spec s = { .san = san, .eku = "serverAuth,clientAuth",
			       .from_days = -1, .to_days = 365 };
	STACK_OF(X509) *chain = sk_X509_new_null();
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	time_t now = time(NULL);
	struct cp_cert_identity *id;
	X509 *x;

	/* These certificates meet the real clock inside tls.c's callback. */
	s.from_days = (int)((now - T_NOW) / CP_CERT_DAY) - 1;
	s.to_days = s.from_days + 365;
	x = pki_cert(key, cn, pki.inter, pki.int_key, false, &s);
	sk_X509_push(chain, pki.inter);
	id = cp_cert_identity_new(key, x, chain);
	assert_non_null(id);
	assert_int_equal(cp_cert_store_add(tcs, x), 0);
	sk_X509_free(chain);
	X509_free(x);
	EVP_PKEY_free(key);
	return id;
}

static int setup(void **state)
{
	(void)state;
	pki_init(&pki);
	dir = tmpdir_new();
	tcs = cp_cert_store_open(dir);
	assert_int_equal(cp_cert_store_add(tcs, pki.root), 0);
	srv_id = leaf("server", "DNS:server.example.com,URI:sip:example.com");
	srv2_id = leaf("server2", "DNS:server.example.com");
	cli_id = leaf("client", "DNS:client.example.com");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cp_cert_identity_put(srv_id);
	cp_cert_identity_put(srv2_id);
	cp_cert_identity_put(cli_id);
	cp_cert_store_free(tcs);
	tmpdir_rm(dir);
	pki_fini(&pki);
	return 0;
}

static SSL_CTX *ctx(bool server, enum ms_tls_level level, enum ms_cert_check check,
		    struct cp_cert_identity *id)
{
	struct cp_cert_tls_conf c = {
		.server = server, .level = level, .events = &events,
		.check = { .level = check, .purpose = MS_CERT_PURPOSE_TRUNK, .tcs = tcs },
	};
	SSL_CTX *x = cp_cert_tls_ctx_new(&c, id);

	assert_non_null(x);
	return x;
}

/* A client outside the policy, for the refusal cases. */
static SSL_CTX *raw_client(int max_version, const char *ciphers)
{
	SSL_CTX *c = SSL_CTX_new(TLS_client_method());

	SSL_CTX_set_security_level(c, 0);
	SSL_CTX_set_min_proto_version(c, TLS1_VERSION);
	SSL_CTX_set_max_proto_version(c, max_version);
	assert_int_equal(SSL_CTX_set_cipher_list(c, ciphers), 1);
	assert_int_equal(SSL_CTX_use_cert_and_key(c, cli_id->cert, cli_id->key,
						  cli_id->chain, 1), 1);
	return c;
}

struct conn {
	SSL *s, *c;
	int fd[2];
};

static bool handshake(SSL_CTX *sctx, SSL_CTX *cctx, const char *host, struct conn *k)
{
	bool sdone = false, cdone = false, ok = false;
	char buf[8];
	int i, r;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, k->fd), 0);
	fcntl(k->fd[0], F_SETFL, O_NONBLOCK);
	fcntl(k->fd[1], F_SETFL, O_NONBLOCK);
	k->s = SSL_new(sctx);
	k->c = SSL_new(cctx);
	SSL_set_fd(k->s, k->fd[0]);
	SSL_set_fd(k->c, k->fd[1]);
	SSL_set_accept_state(k->s);
	SSL_set_connect_state(k->c);
	assert_int_equal(cp_cert_tls_ssl_peer(k->s, "client.example.com", NULL), 0);
	if (host)
		assert_int_equal(cp_cert_tls_ssl_peer(k->c, host, "example.com"), 0);
	for (i = 0; i < 200 && !(sdone && cdone); i++) {
		if (!sdone) {
			r = SSL_do_handshake(k->s);
			if (r == 1)
				sdone = true;
			else if (SSL_get_error(k->s, r) != SSL_ERROR_WANT_READ)
				goto out;
		}
		if (!cdone) {
			r = SSL_do_handshake(k->c);
			if (r == 1)
				cdone = true;
			else if (SSL_get_error(k->c, r) != SSL_ERROR_WANT_READ)
				goto out;
		}
	}
	/* TLS 1.3: the server judges the client after the client is done. */
	if (SSL_write(k->c, "ping", 4) != 4)
		goto out;
	for (i = 0; i < 10; i++) {
		r = SSL_read(k->s, buf, sizeof(buf));
		if (r == 4)
			return true;
		if (SSL_get_error(k->s, r) != SSL_ERROR_WANT_READ)
			break;
		SSL_read(k->c, buf, sizeof(buf));
	}
out:
	ERR_clear_error();
	return ok;
}

static void conn_free(struct conn *k)
{
	SSL_free(k->s);
	SSL_free(k->c);
	close(k->fd[0]);
	close(k->fd[1]);
}

static bool once(SSL_CTX *sctx, SSL_CTX *cctx, const char *host)
{
	struct conn k;
	bool ok = handshake(sctx, cctx, host, &k);

	conn_free(&k);
	SSL_CTX_free(sctx);
	SSL_CTX_free(cctx);
	return ok;
}

#define M MS_TLS_MEDIUM
#define H MS_TLS_HIGH
#define CM MS_CERT_CHECK_MEDIUM
#define CH MS_CERT_CHECK_HIGH_REMOTE

static void test_policy_handshakes(void **state)
{
	static const struct {
		enum ms_tls_level slevel, clevel;
		enum ms_cert_check scheck, ccheck;
		bool client_cert;
		const char *host;
		bool ok;
		int events;
	} t[] = {
		{ M, M, CM, CM, true, "server.example.com", true, 0 },
		{ H, H, MS_CERT_CHECK_HIGH, CH, true, "server.example.com", true, 0 },
		{ H, H, MS_CERT_CHECK_HIGH, CH, false, "server.example.com", false, 0 },
		{ M, M, MS_CERT_CHECK_NONE, CM, false, "server.example.com", true, 0 },
		{ M, M, CM, CH, true, "other.example.com", false, 1 },
		{ M, H, CM, CH, true, "192.0.2.1", false, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		failures = 0;
		bool ok = once(ctx(true, t[i].slevel, t[i].scheck, srv_id),
			       ctx(false, t[i].clevel, t[i].ccheck,
				   t[i].client_cert ? cli_id : NULL), t[i].host);
		if (ok != t[i].ok || failures != t[i].events)
			fail_msg("row %zu: handshake %d events %d", i, ok, failures);
	}
}

static void test_refusals(void **state)
{
	static const struct {
		enum ms_tls_level level;
		int max;
		const char *ciphers;
		bool ok;
	} t[] = {
		{ M, TLS1_1_VERSION, "AES128-SHA:ECDHE-RSA-AES128-SHA", false },
		{ H, TLS1_1_VERSION, "AES128-SHA:ECDHE-RSA-AES128-SHA", false },
		{ M, TLS1_2_VERSION, "ECDHE-RSA-AES128-SHA256", true },
		{ H, TLS1_2_VERSION, "ECDHE-RSA-AES128-SHA256", false },
		{ M, TLS1_2_VERSION, "DHE-RSA-AES256-SHA", true },
		{ H, TLS1_2_VERSION, "ECDHE-RSA-AES256-GCM-SHA384", true },
		{ M, TLS1_2_VERSION, "ECDHE-RSA-CHACHA20-POLY1305", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		bool ok = once(ctx(true, t[i].level, CM, srv_id),
			       raw_client(t[i].max, t[i].ciphers), NULL);
		if (ok != t[i].ok)
			fail_msg("row %zu: handshake %d", i, ok);
	}
}

/* The server offers its intermediate: the client gets it on the wire. */
static void test_chain_offered(void **state)
{
	SSL_CTX *sctx = ctx(true, M, CM, srv_id), *cctx = ctx(false, M, CM, cli_id);
	STACK_OF(X509) *got;
	struct conn k;
	bool inter = false;

	(void)state;
	assert_int_equal(sk_X509_num(srv_id->chain), 1);
	assert_true(handshake(sctx, cctx, "server.example.com", &k));
	got = SSL_get_peer_cert_chain(k.c);	/* as sent, leaf first */
	assert_non_null(got);
	assert_int_equal(sk_X509_num(got), 2);
	assert_int_equal(X509_cmp(sk_X509_value(got, 0), srv_id->cert), 0);
	for (int i = 0; i < sk_X509_num(got); i++)
		inter |= !X509_cmp(sk_X509_value(got, i), pki.inter);
	assert_true(inter);
	conn_free(&k);
	SSL_CTX_free(sctx);
	SSL_CTX_free(cctx);
}

/* A refused handshake, then each side reads what the other sent last. */
static bool refused(SSL_CTX *sctx, SSL_CTX *cctx, const char *host)
{
	struct conn k;
	bool ok = handshake(sctx, cctx, host, &k);
	char buf[8];

	for (int i = 0; i < 4; i++) {
		SSL_read(k.c, buf, sizeof(buf));
		SSL_read(k.s, buf, sizeof(buf));
	}
	ERR_clear_error();
	conn_free(&k);
	SSL_CTX_free(sctx);
	SSL_CTX_free(cctx);
	return !ok;
}

/* Fatal alerts are events on the side that sends and on the side that reads. */
static void test_alert_events(void **state)
{
	(void)state;
	/* High wants a client certificate: the server refuses, the client hears why. */
	alerts_sent = alerts_received = failures = 0;
	assert_true(refused(ctx(true, H, MS_CERT_CHECK_HIGH, srv_id),
			    ctx(false, H, CH, NULL), "server.example.com"));
	assert_int_equal(alerts_sent, 1);
	assert_int_equal(alerts_received, 1);
	assert_int_equal(failures, 0);
	/* Our client refuses the server's name: a check failure, then its alert. */
	alerts_sent = alerts_received = failures = 0;
	assert_true(refused(ctx(true, M, CM, srv_id), ctx(false, M, CH, cli_id),
			    "other.example.com"));
	assert_int_equal(failures, 1);
	assert_int_equal(alerts_sent, 1);
	assert_int_equal(alerts_received, 1);
	/* A clean handshake raises none. */
	alerts_sent = alerts_received = 0;
	assert_true(once(ctx(true, M, CM, srv_id), ctx(false, M, CM, cli_id),
			 "server.example.com"));
	assert_int_equal(alerts_sent + alerts_received, 0);
}

/* The legacy switch lets the TLS 1.1 client in. */
static void test_legacy(void **state)
{
	struct cp_cert_tls_conf c = {
		.server = true, .level = M, .legacy = true,
		.check = { .level = CM, .tcs = tcs },
	};

	(void)state;
	assert_true(once(cp_cert_tls_ctx_new(&c, srv_id),
			 raw_client(TLS1_1_VERSION, "ECDHE-RSA-AES128-SHA"), NULL));
}

/* A new identity in the slot; the established session keeps working. */
static void test_hot_swap(void **state)
{
	struct cp_cert_slot *slot = cp_cert_slot_new();
	SSL_CTX *cctx = ctx(false, M, CM, cli_id), *s1, *s2, *cur;
	struct conn a, b;
	char buf[8];
	int i, r = -1;

	(void)state;
	s1 = ctx(true, M, CM, srv_id);
	cp_cert_slot_set(slot, s1);
	SSL_CTX_free(s1);
	cur = cp_cert_slot_get(slot);
	assert_true(handshake(cur, cctx, "server.example.com", &a));
	SSL_CTX_free(cur);

	s2 = ctx(true, M, CM, srv2_id);
	cp_cert_slot_set(slot, s2);	/* drops the slot's reference to s1 */
	SSL_CTX_free(s2);
	cur = cp_cert_slot_get(slot);
	assert_true(handshake(cur, cctx, "server.example.com", &b));
	SSL_CTX_free(cur);
	assert_int_equal(X509_cmp(SSL_get0_peer_certificate(b.c), srv2_id->cert), 0);
	assert_int_equal(X509_cmp(SSL_get0_peer_certificate(a.c), srv_id->cert), 0);

	assert_int_equal(SSL_write(a.s, "pong", 4), 4);
	for (i = 0; i < 10 && r != 4; i++)
		r = SSL_read(a.c, buf, sizeof(buf));
	assert_int_equal(r, 4);
	assert_memory_equal(buf, "pong", 4);
	conn_free(&a);
	conn_free(&b);
	SSL_CTX_free(cctx);
	cp_cert_slot_free(slot);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_handshakes),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_chain_offered),
		cmocka_unit_test(test_alert_events),
		cmocka_unit_test(test_legacy),
		cmocka_unit_test(test_hot_swap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
