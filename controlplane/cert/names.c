/* SPDX-License-Identifier: BSD-3-Clause */
/* Subject and SAN strings, the extensions of our certificates, events. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>

#include "internal.h"

void emit(const struct cp_cert_events *ev, enum ms_event_type type,
	  enum ms_event_severity sev, const char *fmt, ...)
{
	struct cp_cert_event e = { .type = type, .severity = sev };
	va_list ap;

	if (!ev || !ev->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(e.text, sizeof(e.text), fmt, ap);
	va_end(ap);
	ev->fn(&e, ev->arg);
}

/* "K=V,K=V" with backslash escapes (RFC 4514, without hex pairs). */
X509_NAME *name_parse(const char *subject)
{
	char buf[MS_CERT_SUBJECT_MAX], *key = buf, *val = NULL, *w = buf;
	X509_NAME *name;
	const char *r;

	if (!subject || !*subject || strlen(subject) >= sizeof(buf))
		return NULL;
	name = X509_NAME_new();
	if (!name)
		return NULL;
	for (r = subject;; r++) {
		if (*r == '\\' && r[1]) {
			*w++ = *++r;
			continue;
		}
		if (*r == '=' && !val) {
			*w++ = '\0';
			val = w;
			continue;
		}
		if (*r != ',' && *r != '\0') {
			*w++ = *r;
			continue;
		}
		*w++ = '\0';
		if (!val || !*key || !*val ||
		    !X509_NAME_add_entry_by_txt(name, key, MBSTRING_UTF8,
						(unsigned char *)val, -1, -1, 0))
			goto err;
		if (!*r)
			return name;
		key = w;
		val = NULL;
	}
err:
	X509_NAME_free(name);
	return NULL;
}

static GENERAL_NAME *san_one(const char *s)
{
	GENERAL_NAME *gn = NULL;
	ASN1_OCTET_STRING *ip;
	ASN1_IA5STRING *str;
	int type;

	if (!strncmp(s, "IP:", 3)) {
		ip = a2i_IPADDRESS(s + 3);
		if (!ip)
			return NULL;
		gn = GENERAL_NAME_new();
		if (!gn) {
			ASN1_OCTET_STRING_free(ip);
			return NULL;
		}
		GENERAL_NAME_set0_value(gn, GEN_IPADD, ip);
		return gn;
	}
	if (!strncmp(s, "DNS:", 4))
		type = GEN_DNS, s += 4;
	else if (!strncmp(s, "URI:", 4))
		type = GEN_URI, s += 4;
	else
		return NULL;
	if (!*s || strlen(s) >= MS_CERT_SAN_MAX)
		return NULL;
	str = ASN1_IA5STRING_new();
	gn = GENERAL_NAME_new();
	if (!str || !gn || !ASN1_STRING_set(str, s, -1))
		goto err;
	GENERAL_NAME_set0_value(gn, type, str);
	return gn;
err:
	ASN1_IA5STRING_free(str);
	GENERAL_NAME_free(gn);
	return NULL;
}

GENERAL_NAMES *sans_parse(const char *const *sans, size_t n)
{
	GENERAL_NAMES *gens;
	GENERAL_NAME *gn;
	size_t i;

	if (n > MS_CERT_SANS_MAX)
		return NULL;
	gens = GENERAL_NAMES_new();
	for (i = 0; gens && i < n; i++) {
		gn = san_one(sans[i]);
		if (!gn || !sk_GENERAL_NAME_push(gens, gn)) {
			GENERAL_NAME_free(gn);
			GENERAL_NAMES_free(gens);
			return NULL;
		}
	}
	return gens;
}

int cp_cert_params_check(const struct cp_cert_params *p, char *err, size_t errlen)
{
	X509_NAME *name = name_parse(p->subject);
	GENERAL_NAME *gn;
	size_t i;

	X509_NAME_free(name);
	if (!name) {
		snprintf(err, errlen, "subject \"%s\": expected KEY=VALUE[,KEY=VALUE]... "
			 "with known keys (CN, O, OU, C, ...)", p->subject ? p->subject : "");
		return -EINVAL;
	}
	if (p->nsans > MS_CERT_SANS_MAX) {
		snprintf(err, errlen, "%zu SANs, at most %d", p->nsans, MS_CERT_SANS_MAX);
		return -EINVAL;
	}
	for (i = 0; i < p->nsans; i++) {
		gn = san_one(p->sans[i]);
		GENERAL_NAME_free(gn);
		if (!gn) {
			snprintf(err, errlen, "SAN \"%s\": expected DNS:NAME, IP:ADDRESS or URI:URI",
				 p->sans[i]);
			return -EINVAL;
		}
	}
	if (p->days > MS_CERT_DAYS_MAX) {
		snprintf(err, errlen, "%u days, at most %d", p->days, MS_CERT_DAYS_MAX);
		return -EINVAL;
	}
	if ((unsigned int)p->key_type > MS_CERT_KEY_MAX) {
		snprintf(err, errlen, "key type %u unknown", (unsigned int)p->key_type);
		return -EINVAL;
	}
	return 0;
}

static int ext_push(STACK_OF(X509_EXTENSION) **sk, X509_EXTENSION *ext)
{
	if (!ext)
		return -EINVAL;
	if (!X509v3_add_ext(sk, ext, -1)) {
		X509_EXTENSION_free(ext);
		return -ENOMEM;
	}
	X509_EXTENSION_free(ext);
	return 0;
}

int exts_add(STACK_OF(X509_EXTENSION) **sk, EVP_PKEY *key, GENERAL_NAMES *gens)
{
	const char *ku = EVP_PKEY_is_a(key, "RSA") ?
		"digitalSignature,keyEncipherment" : "digitalSignature,keyAgreement";
	int ret;

	ret = ext_push(sk, X509V3_EXT_conf_nid(NULL, NULL, NID_basic_constraints,
					       "critical,CA:FALSE"));
	if (!ret)
		ret = ext_push(sk, X509V3_EXT_conf_nid(NULL, NULL, NID_key_usage, ku));
	if (!ret)
		ret = ext_push(sk, X509V3_EXT_conf_nid(NULL, NULL, NID_ext_key_usage,
						       "serverAuth,clientAuth"));
	if (!ret && gens && sk_GENERAL_NAME_num(gens) > 0)
		ret = ext_push(sk, X509V3_EXT_i2d(NID_subject_alt_name, 0, gens));
	return ret;
}

/* Written beside the target and renamed over it: never half a file. */
int write_file(const char *path, mode_t mode, int (*fn)(BIO *, const void *),
	       const void *arg)
{
	char tmp[4096];
	BIO *bio = NULL;
	int fd, ret = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, mode) < 0) {
		ret = -errno;
		close(fd);
		goto out;
	}
	bio = BIO_new_fd(fd, BIO_CLOSE);
	if (!bio) {
		close(fd);
		ret = -ENOMEM;
		goto out;
	}
	if (!fn(bio, arg) || BIO_flush(bio) != 1)
		ret = -EIO;
	BIO_free(bio);
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
out:
	if (ret)
		unlink(tmp);
	return ret;
}
