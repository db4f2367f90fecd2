/* SPDX-License-Identifier: BSD-3-Clause */
/* What the files of cp_cert share and nobody else needs. */
#ifndef MEDIASEC_CERT_INTERNAL_H
#define MEDIASEC_CERT_INTERNAL_H

#include <openssl/x509v3.h>

#include "cert.h"

void emit(const struct cp_cert_events *ev, enum ms_event_type type,
	  enum ms_event_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
X509_NAME *name_parse(const char *subject);
GENERAL_NAMES *sans_parse(const char *const *sans, size_t n);
/* Key usage, EKU serverAuth+clientAuth (not critical), SANs, basic constraints. */
int exts_add(STACK_OF(X509_EXTENSION) **sk, EVP_PKEY *key, GENERAL_NAMES *gens);
int write_file(const char *path, mode_t mode, int (*fn)(BIO *, const void *),
	       const void *arg);

#endif
