/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cp_cert: the gateway's identity certificate, its trusted certificate store
 * (TCS), the received-certificate check levels and the TLS policy
 * (REQUIREMENTS.md 3, digest 2.6 and 3.8). The library logs nothing: it
 * reports events through the callback the caller registers, and never puts
 * key material in them.
 */
#ifndef MEDIASEC_CERT_CERT_H
#define MEDIASEC_CERT_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "mediasec/enums.h"
#include "mediasec/netlink.h"

#define CP_CERT_DAY		86400
#define CP_CERT_BACKDATE	CP_CERT_DAY	/* notBefore = now - 24 h */

/* Events */
struct cp_cert_event {
	enum ms_event_type type;
	enum ms_event_severity severity;
	char text[MS_TEXT_MAX];
};
typedef void (*cp_cert_event_fn)(const struct cp_cert_event *ev, void *arg);
struct cp_cert_events {
	cp_cert_event_fn fn;	/* NULL: events are dropped */
	void *arg;
};

/* Clock sanity (clock.c) */
time_t cp_cert_clock_build_epoch(void);
bool cp_cert_clock_plausible(time_t now);

/* Identity (identity.c) */
struct cp_cert_params {
	const char *subject;		/* RFC 4514, e.g. "CN=gw.example.com,O=Example" */
	const char *const *sans;	/* "DNS:name", "IP:addr", "URI:uri" */
	size_t nsans;			/* <= MS_CERT_SANS_MAX */
	enum ms_cert_key_type key_type;	/* UNSPEC = ECDSA P-256 */
	unsigned int days;		/* 0 = MS_CERT_DAYS_DEFAULT, <= MS_CERT_DAYS_MAX */
};

struct cp_cert_identity {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *chain;		/* intermediates offered after cert */
	int refs;			/* atomic */
};

/* 0, or -EINVAL and the field at fault (subject, SAN, days) in err. */
int cp_cert_params_check(const struct cp_cert_params *p, char *err, size_t errlen);
EVP_PKEY *cp_cert_key_generate(enum ms_cert_key_type type);
/* The type key would be generated with; UNSPEC when none fits. */
enum ms_cert_key_type cp_cert_key_type(EVP_PKEY *key);
int cp_cert_key_save(EVP_PKEY *key, const char *path);	/* PEM PKCS#8, 0600 */
EVP_PKEY *cp_cert_key_load(const char *path);
X509 *cp_cert_self_signed(EVP_PKEY *key, const struct cp_cert_params *p, time_t now);

/* Takes its own references on key, cert and chain (chain may be NULL). */
struct cp_cert_identity *cp_cert_identity_new(EVP_PKEY *key, X509 *cert,
					      STACK_OF(X509) *chain);
struct cp_cert_identity *cp_cert_identity_get(struct cp_cert_identity *id);
void cp_cert_identity_put(struct cp_cert_identity *id);
/* -EAGAIN (and a CLOCK_IMPLAUSIBLE event) while the clock is implausible. */
int cp_cert_identity_generate(const struct cp_cert_params *p, time_t now,
			      const struct cp_cert_events *ev,
			      struct cp_cert_identity **out);
/* Self-signed renewal; p NULL keeps subject and SANs of old. */
int cp_cert_identity_renew(const struct cp_cert_identity *old, bool new_key,
			   const struct cp_cert_params *p, time_t now,
			   const struct cp_cert_events *ev,
			   struct cp_cert_identity **out);
int cp_cert_identity_save(const struct cp_cert_identity *id, const char *key_path,
			  const char *cert_path);
int cp_cert_identity_load(const char *key_path, const char *cert_path,
			  struct cp_cert_identity **out);

/* Hot replacement: a listener takes a reference per accept (slot.c). */
struct cp_cert_slot;
struct cp_cert_slot *cp_cert_slot_new(void);
void cp_cert_slot_free(struct cp_cert_slot *s);
void cp_cert_slot_set(struct cp_cert_slot *s, SSL_CTX *ctx);	/* takes a ref */
SSL_CTX *cp_cert_slot_get(struct cp_cert_slot *s);		/* caller frees */

/* CSR (csr.c) */
X509_REQ *cp_cert_csr_new(EVP_PKEY *key, const struct cp_cert_params *p);
int cp_cert_csr_pem(X509_REQ *req, char *buf, size_t len);	/* bytes written */

/* Import (import.c): the certificate must match key (or a key in data). */
int cp_cert_import(const unsigned char *data, size_t len, enum ms_cert_format fmt,
		   const char *password, EVP_PKEY *key,
		   struct cp_cert_identity **out);

/* PEM if it looks like PEM, DER if a certificate parses, PKCS#12 if that does. */
enum ms_cert_format cp_cert_format_guess(const unsigned char *data, size_t len);
/* A certificate and the ones after it (PEM), no key; -EINVAL if none. */
int cp_cert_read(const unsigned char *data, size_t len, enum ms_cert_format fmt,
		 X509 **leaf, STACK_OF(X509) **chain);

/* Trusted certificate store (store.c) */
struct cp_cert_store;
struct cp_cert_store_info {
	uint8_t fingerprint[MS_CERT_FINGERPRINT_LEN];	/* SHA-256 of the DER */
	char subject[MS_CERT_SUBJECT_MAX];
	time_t not_after;
	bool ca;
	bool expired;
};
struct cp_cert_store *cp_cert_store_open(const char *dir);
void cp_cert_store_free(struct cp_cert_store *s);
int cp_cert_store_add(struct cp_cert_store *s, X509 *cert);
int cp_cert_store_remove(struct cp_cert_store *s,
			 const uint8_t fp[MS_CERT_FINGERPRINT_LEN]);
size_t cp_cert_store_count(struct cp_cert_store *s);
int cp_cert_store_info(struct cp_cert_store *s, size_t i, time_t now,
		       struct cp_cert_store_info *info);
X509 *cp_cert_store_cert(struct cp_cert_store *s, size_t i);	/* caller frees */
bool cp_cert_store_contains(struct cp_cert_store *s, X509 *cert);
int cp_cert_store_crl_add(struct cp_cert_store *s, X509_CRL *crl);
X509_STORE *cp_cert_store_x509(struct cp_cert_store *s);	/* caller frees */
int cp_cert_fingerprint(X509 *cert, uint8_t fp[MS_CERT_FINGERPRINT_LEN]);

/* Check levels (check.c) */
enum cp_cert_reason {
	CP_CERT_OK = 0,
	CP_CERT_R_NO_CERT,
	CP_CERT_R_NOT_YET_VALID,
	CP_CERT_R_EXPIRED,
	CP_CERT_R_KEY_TOO_SMALL,	/* Low: < RSA-1024 strength */
	CP_CERT_R_NO_KEY_USAGE,
	CP_CERT_R_EKU_MISMATCH,
	CP_CERT_R_UNKNOWN_CRITICAL,
	CP_CERT_R_UNTRUSTED,		/* no chain to the TCS */
	CP_CERT_R_REVOKED,
	CP_CERT_R_CRL_UNAVAILABLE,
	CP_CERT_R_KEY_WEAK,		/* High: < RSA-2048 strength */
	CP_CERT_R_SELF_SIGNED,
	CP_CERT_R_REFLECTED,
	CP_CERT_R_NOT_PINNED,
	CP_CERT_R_HOST_MISMATCH,
	CP_CERT_R_SIP_DOMAIN_MISMATCH,
	CP_CERT_R_POLICY,		/* bad arguments */
	__CP_CERT_R_MAX
};

struct cp_cert_check_policy {
	enum ms_cert_check level;
	bool crl;		/* also check CRLs held in the TCS */
	bool peer_is_server;	/* EKU wanted: serverAuth, else clientAuth */
	enum ms_cert_purpose purpose;
	const char *host;	/* name or address the connection used */
	const char *sip_domain;	/* RFC 5922, NULL: not SIP */
	struct cp_cert_store *tcs;
	X509 *own;		/* our identity certificate (reflection) */
};

struct cp_cert_verdict {
	enum cp_cert_reason reason;
	char text[MS_TEXT_MAX];
};

enum cp_cert_reason cp_cert_check(X509 *leaf, STACK_OF(X509) *chain,
				  const struct cp_cert_check_policy *pol, time_t now,
				  struct cp_cert_verdict *v);
const char *cp_cert_reason_name(enum cp_cert_reason r);
/* Whom a class's peers are: trunks answer our calls, the others call us. */
bool cp_cert_purpose_peer_is_server(enum ms_cert_purpose purpose);

/* TLS policy (tls.c) */
extern const char cp_cert_tls_set_a[];
extern const char cp_cert_tls_set_b[];
extern const char cp_cert_tls13_suites[];

struct cp_cert_tls_conf {
	bool server;
	enum ms_tls_level level;		/* UNSPEC = MEDIUM */
	bool legacy;				/* allow TLS 1.0/1.1 */
	struct cp_cert_check_policy check;	/* host set per connection */
	const struct cp_cert_events *events;
};
SSL_CTX *cp_cert_tls_ctx_new(const struct cp_cert_tls_conf *conf,
			     struct cp_cert_identity *id);
/* Per connection: host (SNI as a client) and SIP domain to check. */
int cp_cert_tls_ssl_peer(SSL *ssl, const char *host, const char *sip_domain);

/* Expiry watch (expiry.c) */
struct cp_cert_notice {
	enum ms_event_type type;
	enum ms_event_severity severity;
};
/* 1 and *n filled if an event is due, else 0. last = 0: never notified. */
int cp_cert_expiry_due(time_t now, time_t not_after, time_t last,
		       struct cp_cert_notice *n);
struct cp_cert_expiry;
struct cp_cert_expiry *cp_cert_expiry_new(void);
void cp_cert_expiry_free(struct cp_cert_expiry *e);
/* Walks identity, chain and TCS; returns the number of events raised. */
int cp_cert_expiry_walk(struct cp_cert_expiry *e, const struct cp_cert_identity *id,
			struct cp_cert_store *tcs, time_t now,
			const struct cp_cert_events *ev);

#endif /* MEDIASEC_CERT_CERT_H */
