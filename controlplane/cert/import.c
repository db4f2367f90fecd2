/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Import of a signed identity: PEM (certificate, chain, optionally the key),
 * DER (certificate only) or PKCS#12 (key, certificate, chain). The result is
 * accepted only if the certificate matches the key.
 */
#include <errno.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include "internal.h"

static int pw_cb(char *buf, int size, int rwflag, void *u)
{
	size_t n = u ? strlen(u) : 0;

	(void)rwflag;
	if (!u || n >= (size_t)size)
		return -1;
	memcpy(buf, u, n);
	return (int)n;
}

static int from_pem(BIO *b, const char *pw, EVP_PKEY **key, X509 **cert,
		    STACK_OF(X509) *chain)
{
	STACK_OF(X509_INFO) *infos = PEM_X509_INFO_read_bio(b, NULL, pw_cb, (void *)pw);
	X509_INFO *xi;
	int i;

	if (!infos)
		return -EINVAL;
	for (i = 0; i < sk_X509_INFO_num(infos); i++) {
		xi = sk_X509_INFO_value(infos, i);
		if (xi->x_pkey && xi->x_pkey->dec_pkey && !*key) {
			*key = xi->x_pkey->dec_pkey;
			EVP_PKEY_up_ref(*key);
		}
		if (!xi->x509)
			continue;
		X509_up_ref(xi->x509);
		if (!*cert)
			*cert = xi->x509;
		else if (!sk_X509_push(chain, xi->x509))
			X509_free(xi->x509);
	}
	sk_X509_INFO_pop_free(infos, X509_INFO_free);
	/* X509_INFO leaves encrypted keys encrypted: read the key on its own. */
	if (!*key && BIO_reset(b) > 0)	/* a memory BIO: 1 on success */
		*key = PEM_read_bio_PrivateKey(b, NULL, pw_cb, (void *)pw);
	return *cert ? 0 : -EINVAL;
}

static int from_p12(BIO *b, const char *pw, EVP_PKEY **key, X509 **cert,
		    STACK_OF(X509) *chain)
{
	PKCS12 *p12 = d2i_PKCS12_bio(b, NULL);
	STACK_OF(X509) *ca = NULL;
	X509 *x;
	int ret = -EINVAL;

	if (!p12)
		return ret;
	if (!pw)
		pw = "";
	ret = -EACCES;
	if (!PKCS12_verify_mac(p12, pw, -1) && !(!*pw && PKCS12_verify_mac(p12, NULL, 0)))
		goto out;
	ret = -EINVAL;
	if (!PKCS12_parse(p12, pw, key, cert, &ca) || !*cert)
		goto out;
	while ((x = sk_X509_shift(ca)))
		if (!sk_X509_push(chain, x))
			X509_free(x);
	ret = 0;
out:
	sk_X509_pop_free(ca, X509_free);
	PKCS12_free(p12);
	return ret;
}

int cp_cert_import(const unsigned char *data, size_t len, enum ms_cert_format fmt,
		   const char *password, EVP_PKEY *key,
		   struct cp_cert_identity **out)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	BIO *b = BIO_new_mem_buf(data, (int)len);
	EVP_PKEY *k = NULL;
	X509 *cert = NULL;
	int ret = -ENOMEM;

	*out = NULL;
	if (!chain || !b || len > MS_CERT_DATA_MAX)
		goto out;
	switch (fmt) {
	case MS_CERT_FMT_PEM:
		ret = from_pem(b, password, &k, &cert, chain);
		break;
	case MS_CERT_FMT_DER:
		cert = d2i_X509_bio(b, NULL);
		ret = cert ? 0 : -EINVAL;
		break;
	case MS_CERT_FMT_PKCS12:
		ret = from_p12(b, password, &k, &cert, chain);
		break;
	default:
		ret = -EINVAL;
	}
	if (ret)
		goto out;
	if (!k && key) {
		k = key;
		EVP_PKEY_up_ref(k);
	}
	ret = -EKEYREJECTED;
	if (!k || X509_check_private_key(cert, k) != 1)
		goto out;
	*out = cp_cert_identity_new(k, cert, chain);
	ret = *out ? 0 : -ENOMEM;
out:
	ERR_clear_error();
	sk_X509_pop_free(chain, X509_free);
	X509_free(cert);
	EVP_PKEY_free(k);
	BIO_free(b);
	return ret;
}

enum ms_cert_format cp_cert_format_guess(const unsigned char *data, size_t len)
{
	const unsigned char *p = data;
	PKCS12 *p12;
	X509 *x;

	if (len >= 11 && memmem(data, len, "-----BEGIN ", 11))
		return MS_CERT_FMT_PEM;
	x = d2i_X509(NULL, &p, (long)len);
	if (x) {
		X509_free(x);
		return MS_CERT_FMT_DER;
	}
	p = data;
	p12 = d2i_PKCS12(NULL, &p, (long)len);
	ERR_clear_error();
	if (!p12)
		return MS_CERT_FMT_UNSPEC;
	PKCS12_free(p12);
	return MS_CERT_FMT_PKCS12;
}

int cp_cert_read(const unsigned char *data, size_t len, enum ms_cert_format fmt,
		 X509 **leaf, STACK_OF(X509) **chain)
{
	BIO *b = BIO_new_mem_buf(data, (int)len);
	X509 *x;

	*leaf = NULL;
	*chain = sk_X509_new_null();
	if (!b || !*chain || len > MS_CERT_DATA_MAX)
		goto err;
	if (fmt == MS_CERT_FMT_DER) {
		*leaf = d2i_X509_bio(b, NULL);
	} else if (fmt == MS_CERT_FMT_PEM) {
		*leaf = PEM_read_bio_X509(b, NULL, NULL, NULL);
		while (*leaf && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)))
			if (!sk_X509_push(*chain, x)) {
				X509_free(x);
				goto err;
			}
	}
	ERR_clear_error();
	BIO_free(b);
	if (*leaf)
		return 0;
	sk_X509_free(*chain);
	*chain = NULL;
	return -EINVAL;
err:
	ERR_clear_error();
	BIO_free(b);
	X509_free(*leaf);
	sk_X509_pop_free(*chain, X509_free);
	*leaf = NULL;
	*chain = NULL;
	return -EINVAL;
}
