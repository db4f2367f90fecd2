/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "pki.h"

static EVP_PKEY *rsa1024, *rsa2048;

/* Test keys are cached: RSA generation is the slowest part of the suite. */
EVP_PKEY *pki_key(const char *kind)
{
	EVP_PKEY **cache = NULL;

	if (!strcmp(kind, "ec"))
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (!strcmp(kind, "rsa512"))
		return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)512);
	cache = !strcmp(kind, "rsa1024") ? &rsa1024 : &rsa2048;
	if (!*cache)
		*cache = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
					   (size_t)(cache == &rsa1024 ? 1024 : 2048));
	EVP_PKEY_up_ref(*cache);
	return *cache;
}

static void ext(X509 *x, X509 *issuer, int nid, const char *val)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, val);
	if (e) {
		X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
	}
}

static void unknown_critical(X509 *x)
{
	ASN1_OBJECT *obj = OBJ_txt2obj("1.3.6.1.4.1.55555.1", 1);
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	X509_EXTENSION *e;

	ASN1_OCTET_STRING_set(os, (const unsigned char *)"\x05\x00", 2);
	e = X509_EXTENSION_create_by_OBJ(NULL, obj, 1, os);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	ASN1_OCTET_STRING_free(os);
	ASN1_OBJECT_free(obj);
}

X509 *pki_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
	       bool ca, const struct leaf_spec *s)
{
	static long serial = 1;
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();
	time_t now = T_NOW;

	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509_NAME_free(n);
	X509_time_adj_ex(X509_getm_notBefore(x), s ? s->from_days : -3650, 0, &now);
	X509_time_adj_ex(X509_getm_notAfter(x), s ? s->to_days : 3650, 0, &now);
	X509_set_pubkey(x, key);
	ext(x, issuer, NID_subject_key_identifier, "hash");
	if (issuer)
		ext(x, issuer, NID_authority_key_identifier, "keyid");
	if (ca) {
		ext(x, issuer, NID_basic_constraints, "critical,CA:TRUE");
		ext(x, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		if (!s->no_ku)
			ext(x, issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
		if (s->eku)
			ext(x, issuer, NID_ext_key_usage, s->eku);
		if (s->san)
			ext(x, issuer, NID_subject_alt_name, s->san);
		if (s->crit_unknown)
			unknown_critical(x);
	}
	X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256());
	return x;
}

void pki_init(struct pki *p)
{
	p->root_key = pki_key("ec");
	p->int_key = pki_key("ec");
	p->root = pki_cert(p->root_key, "Test Root", NULL, NULL, true, NULL);
	p->inter = pki_cert(p->int_key, "Test Intermediate", p->root, p->root_key, true, NULL);
}

void pki_fini(struct pki *p)
{
	X509_free(p->root);
	X509_free(p->inter);
	EVP_PKEY_free(p->root_key);
	EVP_PKEY_free(p->int_key);
	EVP_PKEY_free(rsa1024);
	EVP_PKEY_free(rsa2048);
	rsa1024 = rsa2048 = NULL;
}

char *tmpdir_new(void)
{
	char *d = strdup("/tmp/cp-cert-test.XXXXXX");

	return mkdtemp(d);
}

void tmpdir_rm(char *dir)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
	free(dir);
}
