/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Received-certificate check levels (digest 3.8), cumulative:
 *   None   in date
 *   Low    + key strength >= RSA-1024 (80 security bits; ECDSA by strength)
 *   Medium + key usage present, EKU (if any) fits the role, no unknown
 *            critical extension, chain to the TCS (any TCS entry is an
 *            anchor: intermediates and pinned leaves), CRLs if asked
 *   High   + key strength >= RSA-2048 (112 bits), not self-signed, not our
 *            own certificate or key reflected back, leaf in the TCS
 *   Medium + Remote, High + Remote: the level plus
 *            SAN matches the host (RFC 6125: no CN, no partial wildcards)
 *            or IP; SIP domain per RFC 5922 7.1 (sip: URIs, else DNS SANs,
 *            exact match, no wildcards)
 * MS_CERT_CHECK_MEDIUM_REMOTE has the highest wire value (it was added
 * last): order tells None and Low from the rest, and the two predicates
 * below say whether a level includes High and the remote checks.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>

#include "internal.h"

static const char *const names[__CP_CERT_R_MAX] = {
	[CP_CERT_OK] = "ok",
	[CP_CERT_R_NO_CERT] = "no certificate",
	[CP_CERT_R_NOT_YET_VALID] = "not yet valid",
	[CP_CERT_R_EXPIRED] = "expired",
	[CP_CERT_R_KEY_TOO_SMALL] = "public key below 1024 bits",
	[CP_CERT_R_NO_KEY_USAGE] = "no key usage",
	[CP_CERT_R_EKU_MISMATCH] = "extended key usage does not fit the purpose",
	[CP_CERT_R_UNKNOWN_CRITICAL] = "unknown critical extension",
	[CP_CERT_R_UNTRUSTED] = "no trust chain to the TCS",
	[CP_CERT_R_REVOKED] = "revoked",
	[CP_CERT_R_CRL_UNAVAILABLE] = "no CRL for the issuer",
	[CP_CERT_R_KEY_WEAK] = "public key below 2048 bits",
	[CP_CERT_R_SELF_SIGNED] = "self-signed",
	[CP_CERT_R_REFLECTED] = "our own certificate reflected",
	[CP_CERT_R_NOT_PINNED] = "not in the TCS",
	[CP_CERT_R_HOST_MISMATCH] = "no SAN matches the host",
	[CP_CERT_R_SIP_DOMAIN_MISMATCH] = "not authoritative for the SIP domain",
	[CP_CERT_R_POLICY] = "invalid check policy",
};

const char *cp_cert_reason_name(enum cp_cert_reason r)
{
	return r < __CP_CERT_R_MAX ? names[r] : "?";
}

bool cp_cert_purpose_peer_is_server(enum ms_cert_purpose purpose)
{
	return purpose == MS_CERT_PURPOSE_TRUNK;
}

static enum cp_cert_reason fail(struct cp_cert_verdict *v, enum cp_cert_reason r,
				const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(v->text, sizeof(v->text), "%s", names[r]);
	if (fmt && n > 0 && (size_t)n < sizeof(v->text) - 2) {
		strcat(v->text, ": ");
		va_start(ap, fmt);
		vsnprintf(v->text + n + 2, sizeof(v->text) - (size_t)n - 2, fmt, ap);
		va_end(ap);
	}
	v->reason = r;
	return r;
}

static enum cp_cert_reason dates(X509 *x, time_t now, struct cp_cert_verdict *v)
{
	if (X509_cmp_time(X509_get0_notBefore(x), &now) > 0)
		return fail(v, CP_CERT_R_NOT_YET_VALID, NULL);
	if (X509_cmp_time(X509_get0_notAfter(x), &now) < 0)
		return fail(v, CP_CERT_R_EXPIRED, NULL);
	return CP_CERT_OK;
}

static enum cp_cert_reason strength(X509 *x, int min_bits, enum cp_cert_reason r,
				    struct cp_cert_verdict *v)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	int bits = pk ? EVP_PKEY_get_security_bits(pk) : 0;

	if (bits < min_bits)
		return fail(v, r, "%d security bits, %d needed", bits, min_bits);
	return CP_CERT_OK;
}

static enum cp_cert_reason medium_local(X509 *x, const struct cp_cert_check_policy *p,
					struct cp_cert_verdict *v)
{
	uint32_t flags = X509_get_extension_flags(x);
	uint32_t xku = X509_get_extended_key_usage(x);
	uint32_t want = p->peer_is_server ? XKU_SSL_SERVER : XKU_SSL_CLIENT;

	if (flags & EXFLAG_INVALID)
		return fail(v, CP_CERT_R_UNKNOWN_CRITICAL, "malformed extension");
	if (!(flags & EXFLAG_KUSAGE))
		return fail(v, CP_CERT_R_NO_KEY_USAGE, NULL);
	if ((flags & EXFLAG_XKUSAGE) && !(xku & (want | XKU_ANYEKU)))
		return fail(v, CP_CERT_R_EKU_MISMATCH, "%s wanted",
			    p->peer_is_server ? "serverAuth" : "clientAuth");
	if (flags & EXFLAG_CRITICAL)
		return fail(v, CP_CERT_R_UNKNOWN_CRITICAL, NULL);
	return CP_CERT_OK;
}

static enum cp_cert_reason chain_ok(X509 *x, STACK_OF(X509) *chain,
				    const struct cp_cert_check_policy *p, time_t now,
				    struct cp_cert_verdict *v)
{
	X509_STORE *xs = cp_cert_store_x509(p->tcs);
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	enum cp_cert_reason r = CP_CERT_R_UNTRUSTED;
	unsigned long flags = X509_V_FLAG_PARTIAL_CHAIN;
	int err = X509_V_ERR_OUT_OF_MEM;

	if (p->crl)
		flags |= X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL;
	if (xs && ctx && X509_STORE_CTX_init(ctx, xs, x, chain)) {
		X509_STORE_CTX_set_flags(ctx, flags);
		X509_STORE_CTX_set_time(ctx, 0, now);
		if (X509_verify_cert(ctx) == 1)
			r = CP_CERT_OK;
		else
			err = X509_STORE_CTX_get_error(ctx);
	}
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(xs);
	ERR_clear_error();
	if (r == CP_CERT_OK)
		return r;
	if (err == X509_V_ERR_CERT_REVOKED)
		r = CP_CERT_R_REVOKED;
	else if (err == X509_V_ERR_UNABLE_TO_GET_CRL)
		r = CP_CERT_R_CRL_UNAVAILABLE;
	return fail(v, r, "%s", X509_verify_cert_error_string(err));
}

static bool level_high(enum ms_cert_check l)
{
	return l == MS_CERT_CHECK_HIGH || l == MS_CERT_CHECK_HIGH_REMOTE;
}

static bool level_remote(enum ms_cert_check l)
{
	return l == MS_CERT_CHECK_MEDIUM_REMOTE || l == MS_CERT_CHECK_HIGH_REMOTE;
}

static bool reflected(X509 *x, X509 *own)
{
	return own && (!X509_cmp(x, own) ||
		       EVP_PKEY_eq(X509_get0_pubkey(x), X509_get0_pubkey(own)) == 1);
}

static bool sip_uri_matches(const ASN1_IA5STRING *s, const char *domain)
{
	const char *u = (const char *)ASN1_STRING_get0_data(s);
	size_t n = (size_t)ASN1_STRING_length(s), dl = strlen(domain);

	/* RFC 5922 7.1: sip:domain only, no user part, port or parameters. */
	if (n < 4 || strncasecmp(u, "sip:", 4) || memchr(u, '@', n))
		return false;
	return n - 4 == dl && !strncasecmp(u + 4, domain, dl);
}

static bool is_sip_uri(const ASN1_IA5STRING *s)
{
	return ASN1_STRING_length(s) >= 4 &&
	       !strncasecmp((const char *)ASN1_STRING_get0_data(s), "sip:", 4);
}

static bool sip_domain_ok(X509 *x, const char *domain)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	bool have_uri = false, ok = false;
	const GENERAL_NAME *gn;
	int i, len;

	for (i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
		gn = sk_GENERAL_NAME_value(gens, i);
		if (gn->type == GEN_URI && is_sip_uri(gn->d.uniformResourceIdentifier)) {
			have_uri = true;
			ok |= sip_uri_matches(gn->d.uniformResourceIdentifier, domain);
		}
	}
	for (i = 0; !have_uri && i < sk_GENERAL_NAME_num(gens); i++) {
		gn = sk_GENERAL_NAME_value(gens, i);
		len = gn->type == GEN_DNS ? ASN1_STRING_length(gn->d.dNSName) : -1;
		if (len == (int)strlen(domain) &&
		    !strncasecmp((const char *)ASN1_STRING_get0_data(gn->d.dNSName),
				 domain, (size_t)len))
			ok = true;
	}
	GENERAL_NAMES_free(gens);
	return ok;
}

static bool host_ok(X509 *x, const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1)
		return X509_check_ip_asc(x, host, 0) == 1;
	return X509_check_host(x, host, 0, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT |
			       X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL) == 1;
}

enum cp_cert_reason cp_cert_check(X509 *leaf, STACK_OF(X509) *chain,
				  const struct cp_cert_check_policy *p, time_t now,
				  struct cp_cert_verdict *v)
{
	enum ms_cert_check lvl = p->level;
	enum cp_cert_reason r;

	v->reason = CP_CERT_OK;
	snprintf(v->text, sizeof(v->text), "%s", names[CP_CERT_OK]);
	if (lvl < MS_CERT_CHECK_NONE || lvl > MS_CERT_CHECK_MAX ||
	    (lvl > MS_CERT_CHECK_LOW && !p->tcs))
		return fail(v, CP_CERT_R_POLICY, NULL);
	if (!leaf)
		return fail(v, CP_CERT_R_NO_CERT, NULL);
	if ((r = dates(leaf, now, v)) || lvl == MS_CERT_CHECK_NONE)
		return r;
	if ((r = strength(leaf, 80, CP_CERT_R_KEY_TOO_SMALL, v)) || lvl == MS_CERT_CHECK_LOW)
		return r;
	if ((r = medium_local(leaf, p, v)) || (r = chain_ok(leaf, chain, p, now, v)))
		return r;
	if (level_high(lvl)) {
		if ((r = strength(leaf, 112, CP_CERT_R_KEY_WEAK, v)))
			return r;
		if (X509_self_signed(leaf, 0) == 1)
			return fail(v, CP_CERT_R_SELF_SIGNED, NULL);
		if (reflected(leaf, p->own))
			return fail(v, CP_CERT_R_REFLECTED, NULL);
		if (!cp_cert_store_contains(p->tcs, leaf))
			return fail(v, CP_CERT_R_NOT_PINNED, NULL);
	}
	if (!level_remote(lvl))
		return CP_CERT_OK;
	if (!p->host || !host_ok(leaf, p->host))
		return fail(v, CP_CERT_R_HOST_MISMATCH, "%s", p->host ? p->host : "no host");
	if (p->sip_domain && !sip_domain_ok(leaf, p->sip_domain))
		return fail(v, CP_CERT_R_SIP_DOMAIN_MISMATCH, "%s", p->sip_domain);
	return CP_CERT_OK;
}
