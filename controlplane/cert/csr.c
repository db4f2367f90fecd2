/* SPDX-License-Identifier: BSD-3-Clause */
/* PKCS#10 request, SHA-256, with the identity's subject, SANs, KU and EKU. */
#include <errno.h>
#include <string.h>

#include <openssl/pem.h>

#include "internal.h"

X509_REQ *cp_cert_csr_new(EVP_PKEY *key, const struct cp_cert_params *p)
{
	STACK_OF(X509_EXTENSION) *exts = NULL;
	X509_NAME *name = name_parse(p->subject);
	GENERAL_NAMES *gens = sans_parse(p->sans, p->nsans);
	X509_REQ *req = X509_REQ_new();

	if (!req || !name || !gens || !X509_REQ_set_version(req, X509_REQ_VERSION_1) ||
	    !X509_REQ_set_subject_name(req, name) || !X509_REQ_set_pubkey(req, key) ||
	    exts_add(&exts, key, gens) || !X509_REQ_add_extensions(req, exts) ||
	    !X509_REQ_sign(req, key, EVP_sha256())) {
		X509_REQ_free(req);
		req = NULL;
	}
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	GENERAL_NAMES_free(gens);
	X509_NAME_free(name);
	return req;
}

int cp_cert_csr_pem(X509_REQ *req, char *buf, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data;
	long n;
	int ret = -ENOMEM;

	if (!b)
		return ret;
	if (!PEM_write_bio_X509_REQ(b, req))
		goto out;
	n = BIO_get_mem_data(b, &data);
	ret = -ENOSPC;
	if (n < 0 || (size_t)n >= len)
		goto out;
	memcpy(buf, data, (size_t)n);
	buf[n] = '\0';
	ret = (int)n;
out:
	BIO_free(b);
	return ret;
}
