/* SPDX-License-Identifier: BSD-3-Clause */
/* A test PKI made at run time: no key material is committed. */
#ifndef MEDIASEC_TESTS_CERT_PKI_H
#define MEDIASEC_TESTS_CERT_PKI_H

#include "cert.h"

#define T_NOW ((time_t)1800000000)	/* 2027-01-15, after the build floor */

struct leaf_spec {
	const char *key;	/* "ec", "rsa1024", "rsa2048" */
	const char *san;	/* "DNS:a.example,IP:192.0.2.1" or NULL */
	const char *eku;	/* "serverAuth" or NULL for none */
	bool no_ku;
	bool crit_unknown;	/* an unknown critical extension */
	int from_days, to_days;	/* validity around T_NOW */
};

struct pki {
	EVP_PKEY *root_key, *int_key;
	X509 *root, *inter;
};

EVP_PKEY *pki_key(const char *kind);
X509 *pki_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
	       bool ca, const struct leaf_spec *s);
void pki_init(struct pki *p);
void pki_fini(struct pki *p);
char *tmpdir_new(void);
void tmpdir_rm(char *dir);

#endif
