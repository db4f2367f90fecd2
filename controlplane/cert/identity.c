/* SPDX-License-Identifier: BSD-3-Clause */
/* The identity: key generation, self-signed certificate, renewal, files. */
#include <errno.h>
#include <stdlib.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "internal.h"

EVP_PKEY *cp_cert_key_generate(enum ms_cert_key_type type)
{
	switch (type) {
	case MS_CERT_KEY_UNSPEC:
	case MS_CERT_KEY_ECDSA_P256:
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	case MS_CERT_KEY_RSA_2048:
		return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	case MS_CERT_KEY_RSA_3072:
		return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
	case MS_CERT_KEY_RSA_4096:
		return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)4096);
	default:
		return NULL;
	}
}

enum ms_cert_key_type cp_cert_key_type(EVP_PKEY *key)
{
	if (EVP_PKEY_is_a(key, "EC"))
		return EVP_PKEY_get_bits(key) == 256 ? MS_CERT_KEY_ECDSA_P256 : MS_CERT_KEY_UNSPEC;
	if (!EVP_PKEY_is_a(key, "RSA"))
		return MS_CERT_KEY_UNSPEC;
	switch (EVP_PKEY_get_bits(key)) {
	case 2048:
		return MS_CERT_KEY_RSA_2048;
	case 3072:
		return MS_CERT_KEY_RSA_3072;
	case 4096:
		return MS_CERT_KEY_RSA_4096;
	default:
		return MS_CERT_KEY_UNSPEC;
	}
}

/* Positive, non-zero, at most 159 bits: DER fits RFC 5280's 20 bytes. */
static int serial_set(X509 *x)
{
	BIGNUM *bn = BN_new();
	int ret = -ENOMEM;

	if (!bn)
		return ret;
	do {
		if (!BN_rand(bn, 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY))
			goto out;
	} while (BN_is_zero(bn));
	if (BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)))
		ret = 0;
out:
	BN_free(bn);
	return ret;
}

static int ski_add(X509 *x)
{
	X509_EXTENSION *ext;
	X509V3_CTX ctx;
	int ok;

	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_key_identifier, "hash");
	ok = ext && X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -ENOMEM;
}

static X509 *build(EVP_PKEY *key, const X509_NAME *name, GENERAL_NAMES *gens,
		   unsigned int days, time_t now)
{
	STACK_OF(X509_EXTENSION) *exts = NULL;
	time_t from = now - CP_CERT_BACKDATE;
	X509 *x = X509_new();
	int i;

	if (!x || !X509_set_version(x, X509_VERSION_3) || serial_set(x) ||
	    !X509_set_subject_name(x, name) || !X509_set_issuer_name(x, name) ||
	    !X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &from) ||
	    !X509_time_adj_ex(X509_getm_notAfter(x), (int)days, 0, &from) ||
	    !X509_set_pubkey(x, key) || exts_add(&exts, key, gens))
		goto err;
	for (i = 0; i < sk_X509_EXTENSION_num(exts); i++)
		if (!X509_add_ext(x, sk_X509_EXTENSION_value(exts, i), -1))
			goto err;
	if (ski_add(x))
		goto err;
	if (!X509_sign(x, key, EVP_sha256()))
		goto err;
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	return x;
err:
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	X509_free(x);
	return NULL;
}

X509 *cp_cert_self_signed(EVP_PKEY *key, const struct cp_cert_params *p, time_t now)
{
	unsigned int days = p->days ? p->days : MS_CERT_DAYS_DEFAULT;
	GENERAL_NAMES *gens;
	X509_NAME *name;
	X509 *x = NULL;

	if (days > MS_CERT_DAYS_MAX)
		return NULL;
	name = name_parse(p->subject);
	gens = sans_parse(p->sans, p->nsans);
	if (name && gens)
		x = build(key, name, gens, days, now);
	X509_NAME_free(name);
	GENERAL_NAMES_free(gens);
	return x;
}

struct cp_cert_identity *cp_cert_identity_new(EVP_PKEY *key, X509 *cert,
					      STACK_OF(X509) *chain)
{
	struct cp_cert_identity *id;

	if (!key || !cert || X509_check_private_key(cert, key) != 1)
		return NULL;
	id = calloc(1, sizeof(*id));
	if (!id)
		return NULL;
	id->chain = chain ? X509_chain_up_ref(chain) : sk_X509_new_null();
	if (!id->chain) {
		free(id);
		return NULL;
	}
	EVP_PKEY_up_ref(key);
	X509_up_ref(cert);
	id->key = key;
	id->cert = cert;
	id->refs = 1;
	return id;
}

struct cp_cert_identity *cp_cert_identity_get(struct cp_cert_identity *id)
{
	__atomic_add_fetch(&id->refs, 1, __ATOMIC_RELAXED);
	return id;
}

void cp_cert_identity_put(struct cp_cert_identity *id)
{
	if (!id || __atomic_sub_fetch(&id->refs, 1, __ATOMIC_ACQ_REL))
		return;
	EVP_PKEY_free(id->key);
	X509_free(id->cert);
	sk_X509_pop_free(id->chain, X509_free);
	free(id);
}

static int clock_ok(time_t now, const struct cp_cert_events *ev)
{
	if (cp_cert_clock_plausible(now))
		return 0;
	emit(ev, MS_EVENT_CLOCK_IMPLAUSIBLE, MS_SEV_ERROR,
	     "clock %lld is before the build (%lld): certificate generation deferred",
	     (long long)now, (long long)cp_cert_clock_build_epoch());
	return -EAGAIN;
}

static int finish(EVP_PKEY *key, X509 *x, struct cp_cert_identity **out)
{
	*out = x ? cp_cert_identity_new(key, x, NULL) : NULL;
	X509_free(x);
	EVP_PKEY_free(key);
	return *out ? 0 : -EINVAL;
}

int cp_cert_identity_generate(const struct cp_cert_params *p, time_t now,
			      const struct cp_cert_events *ev,
			      struct cp_cert_identity **out)
{
	EVP_PKEY *key;
	int ret;

	*out = NULL;
	ret = clock_ok(now, ev);
	if (ret)
		return ret;
	key = cp_cert_key_generate(p->key_type);
	if (!key)
		return -EINVAL;
	return finish(key, cp_cert_self_signed(key, p, now), out);
}

int cp_cert_identity_renew(const struct cp_cert_identity *old, bool new_key,
			   const struct cp_cert_params *p, time_t now,
			   const struct cp_cert_events *ev,
			   struct cp_cert_identity **out)
{
	GENERAL_NAMES *gens;
	EVP_PKEY *key;
	X509 *x;
	int ret;

	*out = NULL;
	ret = clock_ok(now, ev);
	if (ret)
		return ret;
	if (!new_key)
		key = old->key;
	else if (p)
		key = cp_cert_key_generate(p->key_type);
	else	/* an imported key of another kind: the default type */
		key = cp_cert_key_generate(cp_cert_key_type(old->key));
	if (!key)
		return -EINVAL;
	if (!new_key)
		EVP_PKEY_up_ref(key);
	if (p) {
		x = cp_cert_self_signed(key, p, now);
	} else {
		gens = X509_get_ext_d2i(old->cert, NID_subject_alt_name, NULL, NULL);
		x = build(key, X509_get_subject_name(old->cert), gens,
			  MS_CERT_DAYS_DEFAULT, now);
		GENERAL_NAMES_free(gens);
	}
	return finish(key, x, out);
}

static int key_pem(BIO *b, const void *key)
{
	return PEM_write_bio_PrivateKey(b, (EVP_PKEY *)key, NULL, NULL, 0, NULL, NULL);
}

static int chain_pem(BIO *b, const void *arg)
{
	const struct cp_cert_identity *id = arg;
	int i;

	if (!PEM_write_bio_X509(b, id->cert))
		return 0;
	for (i = 0; i < sk_X509_num(id->chain); i++)
		if (!PEM_write_bio_X509(b, sk_X509_value(id->chain, i)))
			return 0;
	return 1;
}

int cp_cert_key_save(EVP_PKEY *key, const char *path)
{
	return write_file(path, 0600, key_pem, key);
}

EVP_PKEY *cp_cert_key_load(const char *path)
{
	BIO *b = BIO_new_file(path, "r");
	EVP_PKEY *key;

	if (!b)
		return NULL;
	key = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	BIO_free(b);
	return key;
}

int cp_cert_identity_save(const struct cp_cert_identity *id, const char *key_path,
			  const char *cert_path)
{
	int ret = cp_cert_key_save(id->key, key_path);

	return ret ? ret : write_file(cert_path, 0644, chain_pem, id);
}

int cp_cert_identity_load(const char *key_path, const char *cert_path,
			  struct cp_cert_identity **out)
{
	EVP_PKEY *key = cp_cert_key_load(key_path);
	BIO *b = BIO_new_file(cert_path, "r");
	STACK_OF(X509) *chain = sk_X509_new_null();
	X509 *cert = NULL, *x;
	int ret = -ENOENT;

	*out = NULL;
	if (!key || !b || !chain)
		goto out;
	cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)))
		if (!sk_X509_push(chain, x))
			X509_free(x);
	ERR_clear_error();
	*out = cp_cert_identity_new(key, cert, chain);
	ret = *out ? 0 : -EKEYREJECTED;
out:
	sk_X509_pop_free(chain, X509_free);
	X509_free(cert);
	BIO_free(b);
	EVP_PKEY_free(key);
	return ret;
}
