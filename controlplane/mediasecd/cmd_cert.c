/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MS_CMD_CERT_*: the identity (show, generate, CSR, import), the TCS (add,
 * del, list) and a check of any certificate against a class's level.
 * Errors name the attribute at fault; replies never carry key material.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/netlink.h>
#include <openssl/x509v3.h>

#include "certs.h"
#include "cmd_cert.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "server.h"

#define DUMP_BATCH	32	/* certificates per dump request */
#define CSR_PEM_MAX	8192	/* RSA-4096 with 8 SANs fits */

static __u32 tcs_generation;

static time_t asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	return ASN1_TIME_to_tm(t, &tm) ? timegm(&tm) : 0;
}

static void subject_of(X509 *x, char *out, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	int n = 0;

	if (b && X509_NAME_print_ex(b, X509_get_subject_name(x), 0,
				   XN_FLAG_RFC2253 & ~XN_FLAG_DN_REV) >= 0)
		n = BIO_read(b, out, (int)len - 1);
	out[n > 0 ? n : 0] = '\0';
	BIO_free(b);
}

static void sans_of(X509 *x, struct ms_cert *c)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	char ip[INET6_ADDRSTRLEN];

	for (int i = 0; i < sk_GENERAL_NAME_num(gens) && c->nsans < MS_CERT_SANS_MAX; i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(gens, i);
		char *out = c->sans[c->nsans];
		const ASN1_STRING *s;
		int len;

		if (gn->type == GEN_IPADD) {
			len = ASN1_STRING_length(gn->d.iPAddress);
			if (!inet_ntop(len == 4 ? AF_INET : AF_INET6,
				       ASN1_STRING_get0_data(gn->d.iPAddress), ip, sizeof(ip)))
				continue;
			snprintf(out, MS_CERT_SAN_MAX, "IP:%s", ip);
		} else if (gn->type == GEN_DNS || gn->type == GEN_URI) {
			s = gn->type == GEN_DNS ? gn->d.dNSName : gn->d.uniformResourceIdentifier;
			snprintf(out, MS_CERT_SAN_MAX, "%s:%.*s", gn->type == GEN_DNS ? "DNS" : "URI",
				 ASN1_STRING_length(s), (const char *)ASN1_STRING_get0_data(s));
		} else {
			continue;
		}
		c->nsans++;
	}
	GENERAL_NAMES_free(gens);
}

/* x as MS_ATTR_CERT; *der (DATA, with_der only) is the caller's to free. */
static void cert_to_msg(X509 *x, bool with_der, struct ms_msg *m, unsigned char **der)
{
	struct ms_cert *c = &m->cert;
	enum ms_cert_key_type kt = cp_cert_key_type(X509_get0_pubkey(x));
	int n;

	memset(m, 0, sizeof(*m));
	m->present = MS_BIT(MS_ATTR_CERT);
	c->present = MS_BIT(MS_CERT_A_SUBJECT) | MS_BIT(MS_CERT_A_FINGERPRINT) |
		     MS_BIT(MS_CERT_A_NOT_BEFORE) | MS_BIT(MS_CERT_A_NOT_AFTER);
	subject_of(x, c->subject, sizeof(c->subject));
	if (!c->subject[0])
		snprintf(c->subject, sizeof(c->subject), "(empty)");
	sans_of(x, c);
	if (c->nsans)
		c->present |= MS_BIT(MS_CERT_A_SANS);
	if (kt != MS_CERT_KEY_UNSPEC) {
		c->key_type = (__u8)kt;
		c->present |= MS_BIT(MS_CERT_A_KEY_TYPE);
	}
	cp_cert_fingerprint(x, c->fingerprint);
	c->not_before = (__u64)asn1_time(X509_get0_notBefore(x));
	c->not_after = (__u64)asn1_time(X509_get0_notAfter(x));
	*der = NULL;
	n = with_der ? i2d_X509(x, der) : 0;
	if (n > 0) {
		c->format = MS_CERT_FMT_DER;
		c->data = *der;
		c->data_len = (__u32)n;
		c->present |= MS_BIT(MS_CERT_A_FORMAT) | MS_BIT(MS_CERT_A_DATA);
	}
}

static int reply_cert(struct ms_nl_request *r, X509 *x, bool with_der, __u16 flags)
{
	struct ms_msg *m = malloc(sizeof(*m));
	unsigned char *der;
	int ret;

	if (!m)
		return -ENOMEM;
	cert_to_msg(x, with_der, m, &der);
	ret = ms_nl_reply_msg(r, m, flags);
	OPENSSL_free(der);
	free(m);
	return ret;
}

int cp_cmd_cert_show(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct cp_cert_identity *id = cp_certs_identity();
	int ret;

	if (!id) {
		snprintf(err, errlen, "no identity certificate yet: the clock is before the "
			 "build date (see the clock-implausible event)");
		return -ENOENT;
	}
	ret = reply_cert(r, id->cert, true, NLM_F_MULTI);
	for (int i = 0; !ret && i < sk_X509_num(id->chain); i++)
		ret = reply_cert(r, sk_X509_value(id->chain, i), true, NLM_F_MULTI);
	cp_cert_identity_put(id);
	return ret ?: ms_nl_reply_done(r) ?: MS_NL_REPLIED;
}

/* The configured parameters, overridden by what the request carries. */
static void params_of(const struct ms_cert *c, struct cp_cert_params *p,
		      const char *sans[MS_CERT_SANS_MAX])
{
	cp_certs_params(p);
	if (c->present & MS_BIT(MS_CERT_A_SUBJECT))
		p->subject = c->subject;
	if (c->present & MS_BIT(MS_CERT_A_SANS)) {
		for (unsigned int i = 0; i < c->nsans; i++)
			sans[i] = c->sans[i];
		p->sans = sans;
		p->nsans = c->nsans;
	}
	if (c->present & MS_BIT(MS_CERT_A_KEY_TYPE))
		p->key_type = (enum ms_cert_key_type)c->key_type;
	if (c->present & MS_BIT(MS_CERT_A_DAYS))
		p->days = c->days;
}

static void prefixed(char *err, size_t errlen, const char *attr)
{
	char why[MS_ERROR_MSG_MAX];

	snprintf(why, sizeof(why), "%s", err);
	snprintf(err, errlen, "%s: %s", attr, why);
}

int cp_cmd_cert_generate(struct ms_nl_request *r, char *err, size_t errlen)
{
	const char *sans[MS_CERT_SANS_MAX];
	struct cp_cert_params p;
	int ret;

	params_of(&r->m->cert, &p, sans);
	snprintf(r->object, sizeof(r->object), "%s", p.subject);
	ret = cp_certs_generate(&p, time(NULL), err, errlen);
	if (ret)
		prefixed(err, errlen, "MS_ATTR_CERT");
	return ret;
}

int cp_cmd_cert_csr(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_cert *c = &r->m->cert;
	struct cp_cert_identity *id = NULL;
	const char *sans[MS_CERT_SANS_MAX];
	struct cp_cert_params p;
	struct ms_msg *m = NULL;
	X509_REQ *req = NULL;
	EVP_PKEY *key;
	char *pem = NULL;
	int ret, n;

	params_of(c, &p, sans);
	snprintf(r->object, sizeof(r->object), "%s", p.subject);
	ret = cp_cert_params_check(&p, err, errlen);
	if (ret) {
		prefixed(err, errlen, "MS_ATTR_CERT");
		return ret;
	}
	/* A key type asks for a new key, kept until the signed certificate comes back. */
	if (c->present & MS_BIT(MS_CERT_A_KEY_TYPE)) {
		key = cp_cert_key_generate(p.key_type);
		ret = key ? cp_certs_pending_set(key) : -ENOMEM;
		EVP_PKEY_free(key);
		if (ret) {
			snprintf(err, errlen, "MS_CERT_A_KEY_TYPE: cannot keep the new key: %s",
				 strerror(-ret));
			return ret;
		}
		key = cp_certs_pending();
	} else {
		id = cp_certs_identity();
		if (!id) {
			snprintf(err, errlen, "no identity key yet: give MS_CERT_A_KEY_TYPE "
				 "for a new key");
			return -ENOENT;
		}
		key = id->key;
	}
	ret = -ENOMEM;
	req = cp_cert_csr_new(key, &p);
	pem = malloc(CSR_PEM_MAX);
	m = calloc(1, sizeof(*m));
	if (!req || !pem || !m) {
		snprintf(err, errlen, "CSR generation failed");
		goto out;
	}
	n = cp_cert_csr_pem(req, pem, CSR_PEM_MAX);
	if (n <= 0) {
		snprintf(err, errlen, "CSR generation failed");
		goto out;
	}
	m->present = MS_BIT(MS_ATTR_CERT);
	m->cert.present = MS_BIT(MS_CERT_A_FORMAT) | MS_BIT(MS_CERT_A_DATA);
	m->cert.format = MS_CERT_FMT_PEM;
	m->cert.data = pem;
	m->cert.data_len = (__u32)n;
	ret = ms_nl_reply_msg(r, m, 0) ?: MS_NL_REPLIED;
out:
	free(m);
	free(pem);
	X509_REQ_free(req);
	cp_cert_identity_put(id);
	return ret;
}

int cp_cmd_cert_import(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_cert *c = &r->m->cert;
	struct cp_cert_identity *cur = cp_certs_identity(), *id = NULL;
	EVP_PKEY *pending = cp_certs_pending();
	time_t now = time(NULL);
	int ret;

	ret = cp_cert_import(c->data, c->data_len, c->format, c->password,
			     pending ? pending : cur ? cur->key : NULL, &id);
	if (ret == -EKEYREJECTED && pending && cur)
		ret = cp_cert_import(c->data, c->data_len, c->format, c->password,
				     cur->key, &id);
	cp_cert_identity_put(cur);
	if (ret == -EACCES)
		snprintf(err, errlen, "MS_CERT_A_PASSWORD: wrong PKCS#12 password");
	else if (ret == -EKEYREJECTED)
		snprintf(err, errlen, "MS_CERT_A_DATA: the certificate matches neither our "
			 "key nor a key in the data");
	else if (ret)
		snprintf(err, errlen, "MS_CERT_A_DATA: not a %s certificate",
			 ms_nl_name_get(MS_NAME_CERT_FORMAT, c->format));
	if (ret)
		return ret;
	subject_of(id->cert, r->object, sizeof(r->object));
	if (X509_cmp_time(X509_get0_notAfter(id->cert), &now) < 0) {
		snprintf(err, errlen, "MS_CERT_A_DATA: the certificate has expired");
		ret = -EINVAL;
	} else {
		ret = cp_certs_replace(id, err, errlen);
	}
	cp_cert_identity_put(id);
	return ret;
}

/* One certificate from a PEM or DER blob. */
static int read_one(const struct ms_cert *c, X509 **x, STACK_OF(X509) **chain,
		    char *err, size_t errlen)
{
	if (c->format == MS_CERT_FMT_PKCS12) {
		snprintf(err, errlen, "MS_CERT_A_FORMAT: pkcs12 carries an identity; "
			 "certificates come as pem or der");
		return -EINVAL;
	}
	if (cp_cert_read(c->data, c->data_len, c->format, x, chain)) {
		snprintf(err, errlen, "MS_CERT_A_DATA: not a %s certificate",
			 ms_nl_name_get(MS_NAME_CERT_FORMAT, c->format));
		return -EINVAL;
	}
	return 0;
}

static void fp_hex(const __u8 *fp, char *out, size_t len)
{
	for (size_t i = 0; i < MS_CERT_FINGERPRINT_LEN && 2 * i + 2 < len; i++)
		snprintf(out + 2 * i, 3, "%02x", fp[i]);
}

int cp_cmd_cert_trust_add(struct ms_nl_request *r, char *err, size_t errlen)
{
	STACK_OF(X509) *chain;
	X509 *x;
	int ret;

	ret = read_one(&r->m->cert, &x, &chain, err, errlen);
	if (ret)
		return ret;
	subject_of(x, r->object, sizeof(r->object));
	if (sk_X509_num(chain)) {
		snprintf(err, errlen, "MS_CERT_A_DATA: %d certificates, the TCS takes one "
			 "at a time", sk_X509_num(chain) + 1);
		ret = -EINVAL;
	} else {
		ret = cp_cert_store_add(cp_certs_tcs(), x);
		if (ret == -EEXIST)
			snprintf(err, errlen, "MS_CERT_A_DATA: %s is already in the TCS", r->object);
		else if (ret)
			snprintf(err, errlen, "MS_CERT_A_DATA: %s", strerror(-ret));
		else
			tcs_generation++;
	}
	sk_X509_pop_free(chain, X509_free);
	X509_free(x);
	return ret;
}

int cp_cmd_cert_trust_del(struct ms_nl_request *r, char *err, size_t errlen)
{
	int ret = cp_cert_store_remove(cp_certs_tcs(), r->m->cert.fingerprint);

	/* the first 16 digits name it well enough, and fit the audit's object */
	fp_hex(r->m->cert.fingerprint, r->object, 17);
	if (ret == -ENOENT)
		snprintf(err, errlen, "MS_CERT_A_FINGERPRINT: %s... not in the TCS", r->object);
	else if (ret)
		snprintf(err, errlen, "MS_CERT_A_FINGERPRINT: %s", strerror(-ret));
	else
		tcs_generation++;
	return ret;
}

int cp_cmd_cert_trust_list(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_msg *req = r->m;
	struct cp_cert_store *tcs = cp_certs_tcs();
	size_t i = 0, n = cp_cert_store_count(tcs);
	struct ms_msg *m = malloc(sizeof(*m));
	unsigned char *der;
	int ret = 0;
	X509 *x;

	(void)err, (void)errlen;
	if (!m)
		return -ENOMEM;
	if (req->present & MS_BIT(MS_ATTR_DUMP_CURSOR))
		i = req->dump_cursor < n ? (size_t)req->dump_cursor : n;
	for (unsigned int sent = 0; !ret && i < n && sent < DUMP_BATCH; i++, sent++) {
		x = cp_cert_store_cert(tcs, i);
		if (!x)
			break;
		cert_to_msg(x, false, m, &der);
		X509_free(x);
		m->present |= MS_BIT(MS_ATTR_GENERATION);
		m->generation = tcs_generation;
		if (sent + 1 == DUMP_BATCH && i + 1 < n) {
			m->present |= MS_BIT(MS_ATTR_DUMP_CURSOR);
			m->dump_cursor = i + 1;
		}
		ret = ms_nl_reply_msg(r, m, NLM_F_MULTI);
	}
	free(m);
	return ret ?: ms_nl_reply_done(r) ?: MS_NL_REPLIED;
}

int cp_cmd_cert_check(struct ms_nl_request *r, char *err, size_t errlen)
{
	const struct ms_cert *c = &r->m->cert;
	struct cp_cert_identity *id = cp_certs_identity();
	struct cp_cert_check_policy pol = {
		.level = cp_certs_level((enum ms_cert_purpose)c->purpose),
		.peer_is_server = cp_cert_purpose_peer_is_server(c->purpose),
		.purpose = (enum ms_cert_purpose)c->purpose,
		.host = (c->present & MS_BIT(MS_CERT_A_HOST)) ? c->host : NULL,
		.tcs = cp_certs_tcs(),
		.own = id ? id->cert : NULL,
	};
	struct cp_cert_verdict v;
	STACK_OF(X509) *chain;
	X509 *x;
	int ret;

	ret = read_one(c, &x, &chain, err, errlen);
	if (!ret && cp_cert_check(x, chain, &pol, time(NULL), &v)) {
		snprintf(err, errlen, "refused at level %s for %s: %s",
			 ms_nl_name_get(MS_NAME_CERT_CHECK, pol.level),
			 ms_nl_name_get(MS_NAME_CERT_PURPOSE, c->purpose), v.text);
		ret = -EKEYREJECTED;
	}
	if (x) {
		sk_X509_pop_free(chain, X509_free);
		X509_free(x);
	}
	cp_cert_identity_put(id);
	return ret;
}
