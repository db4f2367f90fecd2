/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SSL_CTX per listener class and security level (digest 2.5-2.7):
 * TLS 1.2 minimum (1.0/1.1 only with the legacy switch), Medium = set A + B,
 * High = set A and mutual authentication; TLS 1.3 suites always. The vendor
 * sets are RSA-only; we add their ECDHE-ECDSA twins to the same set so our
 * default ECDSA identity can serve TLS 1.2. Static ECDH suites do not exist
 * in OpenSSL 3 and are left out. The peer is checked by cp_cert_check().
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "internal.h"

const char cp_cert_tls_set_a[] =
	"ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384:"
	"ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256:"
	"AES256-GCM-SHA384:AES128-GCM-SHA256:"
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256";
const char cp_cert_tls_set_b[] =
	"DHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA256:"
	"DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA:"
	"ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:"
	"ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA:"
	"ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256";
const char cp_cert_tls13_suites[] =
	"TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

struct ctx_data {
	struct cp_cert_tls_conf conf;
	struct cp_cert_identity *id;
};

struct peer {
	char *host;
	char *sip_domain;
};

static int ctx_idx = -1, ssl_idx = -1;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void ctx_data_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
			  long argl, void *argp)
{
	struct ctx_data *d = ptr;

	(void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
	if (!d)
		return;
	cp_cert_identity_put(d->id);
	free(d);
}

static void peer_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
		      long argl, void *argp)
{
	struct peer *pe = ptr;

	(void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
	if (!pe)
		return;
	free(pe->host);
	free(pe->sip_domain);
	free(pe);
}

static void indexes(void)
{
	ctx_idx = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, ctx_data_free);
	ssl_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, peer_free);
}

static int verify(X509_STORE_CTX *xctx, void *arg)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(xctx, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct ctx_data *d = arg;
	struct cp_cert_check_policy pol = d->conf.check;
	struct peer *pe = ssl ? SSL_get_ex_data(ssl, ssl_idx) : NULL;
	struct cp_cert_verdict v;

	pol.peer_is_server = !d->conf.server;
	pol.own = d->id ? d->id->cert : NULL;
	pol.host = pe ? pe->host : NULL;
	pol.sip_domain = pe ? pe->sip_domain : NULL;
	if (cp_cert_check(X509_STORE_CTX_get0_cert(xctx),
			  X509_STORE_CTX_get0_untrusted(xctx), &pol, time(NULL), &v)) {
		emit(d->conf.events, MS_EVENT_CERT_CHECK_FAILURE, MS_SEV_WARNING,
		     "peer certificate refused: %s", v.text);
		X509_STORE_CTX_set_error(xctx, X509_V_ERR_APPLICATION_VERIFICATION);
		return 0;
	}
	X509_STORE_CTX_set_error(xctx, X509_V_OK);
	return 1;
}

/*
 * Fatal alerts both ways are TLS_FAILURE events (REQUIREMENTS.md 3): the
 * ones we send follow our own refusals, the ones we receive are the
 * peer's verdict on us, which no other signal reports.
 */
static void on_info(const SSL *ssl, int where, int ret)
{
	struct ctx_data *d;

	if (!(where & SSL_CB_ALERT) || (ret >> 8) != SSL3_AL_FATAL)
		return;
	d = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_idx);
	if (d)
		emit(d->conf.events, MS_EVENT_TLS_FAILURE, MS_SEV_WARNING,
		     "TLS %s: fatal alert %s %s the peer", d->conf.server ? "server" : "client",
		     SSL_alert_desc_string_long(ret),
		     (where & SSL_CB_READ) ? "received from" : "sent to");
}

static int policy(SSL_CTX *ctx, const struct cp_cert_tls_conf *c)
{
	bool high = c->level == MS_TLS_HIGH;
	char ciphers[sizeof(cp_cert_tls_set_a) + sizeof(cp_cert_tls_set_b) + 1];
	int mode = SSL_VERIFY_NONE;

	snprintf(ciphers, sizeof(ciphers), "%s%s%s", cp_cert_tls_set_a,
		 high ? "" : ":", high ? "" : cp_cert_tls_set_b);
	/* OpenSSL 3 refuses TLS 1.0/1.1 signatures above security level 0. */
	SSL_CTX_set_security_level(ctx, c->legacy ? 0 : high ? 2 : 1);
	if (!SSL_CTX_set_min_proto_version(ctx, c->legacy ? TLS1_VERSION : TLS1_2_VERSION) ||
	    !SSL_CTX_set_cipher_list(ctx, ciphers) ||
	    !SSL_CTX_set_ciphersuites(ctx, cp_cert_tls13_suites))
		return -EINVAL;
	SSL_CTX_set_dh_auto(ctx, 1);	/* DHE suites of sets A and B */
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
			    SSL_OP_CIPHER_SERVER_PREFERENCE);
	if (!c->server || c->check.level > MS_CERT_CHECK_NONE || high)
		mode = SSL_VERIFY_PEER;
	if (c->server && (high || c->check.level > MS_CERT_CHECK_NONE))
		mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
	SSL_CTX_set_verify(ctx, mode, NULL);
	return 0;
}

SSL_CTX *cp_cert_tls_ctx_new(const struct cp_cert_tls_conf *conf,
			     struct cp_cert_identity *id)
{
	struct ctx_data *d;
	SSL_CTX *ctx;

	pthread_once(&once, indexes);
	if (ctx_idx < 0 || ssl_idx < 0 || (conf->server && !id))
		return NULL;
	ctx = SSL_CTX_new(conf->server ? TLS_server_method() : TLS_client_method());
	d = calloc(1, sizeof(*d));
	if (!ctx || !d)
		goto err;
	d->conf = *conf;
	if (!SSL_CTX_set_ex_data(ctx, ctx_idx, d))
		goto err;
	if (id) {
		d->id = cp_cert_identity_get(id);
		if (!SSL_CTX_use_cert_and_key(ctx, id->cert, id->key, id->chain, 1))
			goto err_ctx;
	}
	if (policy(ctx, conf))
		goto err_ctx;
	SSL_CTX_set_cert_verify_callback(ctx, verify, d);
	SSL_CTX_set_info_callback(ctx, on_info);
	return ctx;
err:
	free(d);
err_ctx:
	SSL_CTX_free(ctx);	/* frees d once attached */
	ERR_clear_error();
	return NULL;
}

int cp_cert_tls_ssl_peer(SSL *ssl, const char *host, const char *sip_domain)
{
	unsigned char buf[sizeof(struct in6_addr)];
	struct peer *pe = calloc(1, sizeof(*pe));

	if (!pe)
		return -ENOMEM;
	pe->host = host ? strdup(host) : NULL;
	pe->sip_domain = sip_domain ? strdup(sip_domain) : NULL;
	if ((host && !pe->host) || (sip_domain && !pe->sip_domain) ||
	    !SSL_set_ex_data(ssl, ssl_idx, pe)) {
		peer_free(NULL, pe, NULL, 0, 0, NULL);
		return -ENOMEM;
	}
	/* SNI carries names, never address literals (RFC 6066 3). */
	if (host && !SSL_is_server(ssl) && inet_pton(AF_INET, host, buf) != 1 &&
	    inet_pton(AF_INET6, host, buf) != 1 && !SSL_set_tlsext_host_name(ssl, host))
		return -EINVAL;
	return 0;
}
