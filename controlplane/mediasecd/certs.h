/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecd's certificates: the identity (loaded, or generated on first
 * start once the clock is plausible), the TCS, the check level per
 * listener class and the expiry watch, with cp_cert's events raised as
 * mediasecd events. cmd_cert.c serves the MS_CMD_CERT_* commands on top.
 */
#ifndef MEDIASEC_MEDIASECD_CERTS_H
#define MEDIASEC_MEDIASECD_CERTS_H

#include <stddef.h>
#include <time.h>

#include "cert.h"

struct cp_cert_conf;

/* Load or create the identity and open the TCS; err says why not. */
int cp_certs_open(const struct cp_cert_conf *conf, time_t now, char *err, size_t errlen);
void cp_certs_close(void);
/* From the daemon's timer: clock retry, expiry watch (both rate-limited). */
void cp_certs_tick(time_t now);

/* A reference to the identity (cp_cert_identity_put() it), or NULL. */
struct cp_cert_identity *cp_certs_identity(void);
/* Save id to the configured files and make it current. */
int cp_certs_replace(struct cp_cert_identity *id, char *err, size_t errlen);
/* p: NULL fields come from the configuration. */
int cp_certs_generate(const struct cp_cert_params *p, time_t now, char *err, size_t errlen);
/* The configured subject, SANs, key type and days (valid until close). */
void cp_certs_params(struct cp_cert_params *p);
/* The key a CSR asked for, kept (0600 beside the identity key) for import. */
int cp_certs_pending_set(EVP_PKEY *key);
EVP_PKEY *cp_certs_pending(void);	/* borrowed, may be NULL */
struct cp_cert_store *cp_certs_tcs(void);
enum ms_cert_check cp_certs_level(enum ms_cert_purpose purpose);

#endif /* MEDIASEC_MEDIASECD_CERTS_H */
