/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The trusted certificate store: a directory of CA and pinned leaf
 * certificates, one per file (PEM or DER; CRLs as *.crl), named by the
 * SHA-256 of the certificate when added at run time.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "internal.h"

struct entry {
	X509 *cert;
	uint8_t fp[MS_CERT_FINGERPRINT_LEN];
	char file[NAME_MAX + 1];
};

struct cp_cert_store {
	pthread_mutex_t lock;
	char *dir;
	struct entry *e;
	size_t n, cap;
	STACK_OF(X509_CRL) *crls;
};

int cp_cert_fingerprint(X509 *cert, uint8_t fp[MS_CERT_FINGERPRINT_LEN])
{
	unsigned int n;

	return X509_digest(cert, EVP_sha256(), fp, &n) && n == MS_CERT_FINGERPRINT_LEN ?
		0 : -EINVAL;
}

static ssize_t find(const struct cp_cert_store *s, const uint8_t *fp)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!memcmp(s->e[i].fp, fp, MS_CERT_FINGERPRINT_LEN))
			return (ssize_t)i;
	return -1;
}

static int push(struct cp_cert_store *s, X509 *cert, const char *file)
{
	struct entry *e;
	uint8_t fp[MS_CERT_FINGERPRINT_LEN];

	if (cp_cert_fingerprint(cert, fp))
		return -EINVAL;
	if (find(s, fp) >= 0)
		return -EEXIST;
	if (s->n == s->cap) {
		e = realloc(s->e, (s->cap ? s->cap * 2 : 64) * sizeof(*e));
		if (!e)
			return -ENOMEM;
		s->e = e;
		s->cap = s->cap ? s->cap * 2 : 64;
	}
	e = &s->e[s->n++];
	X509_up_ref(cert);
	e->cert = cert;
	memcpy(e->fp, fp, sizeof(fp));
	snprintf(e->file, sizeof(e->file), "%s", file);
	return 0;
}

static void load_one(struct cp_cert_store *s, const char *name)
{
	char path[PATH_MAX];
	X509_CRL *crl;
	X509 *x;
	BIO *b;

	if (snprintf(path, sizeof(path), "%s/%s", s->dir, name) >= (int)sizeof(path))
		return;
	b = BIO_new_file(path, "rb");
	if (!b)
		return;
	if (strstr(name, ".crl")) {
		crl = PEM_read_bio_X509_CRL(b, NULL, NULL, NULL);
		if (!crl && BIO_reset(b) == 0)
			crl = d2i_X509_CRL_bio(b, NULL);
		if (crl && !sk_X509_CRL_push(s->crls, crl))
			X509_CRL_free(crl);
	} else {
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
		if (!x && BIO_reset(b) == 0)
			x = d2i_X509_bio(b, NULL);
		if (x)
			push(s, x, name);
		X509_free(x);
	}
	BIO_free(b);
	ERR_clear_error();
}

struct cp_cert_store *cp_cert_store_open(const char *dir)
{
	struct cp_cert_store *s = calloc(1, sizeof(*s));
	struct dirent *d;
	DIR *dh;

	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	s->dir = strdup(dir);
	s->crls = sk_X509_CRL_new_null();
	dh = opendir(dir);
	if (!s->dir || !s->crls || !dh) {
		if (dh)
			closedir(dh);
		cp_cert_store_free(s);
		return NULL;
	}
	while ((d = readdir(dh)))
		if (d->d_name[0] != '.' && !strstr(d->d_name, ".tmp"))
			load_one(s, d->d_name);
	closedir(dh);
	return s;
}

void cp_cert_store_free(struct cp_cert_store *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		X509_free(s->e[i].cert);
	free(s->e);
	sk_X509_CRL_pop_free(s->crls, X509_CRL_free);
	free(s->dir);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static int cert_pem(BIO *b, const void *x)
{
	return PEM_write_bio_X509(b, (X509 *)x);
}

static int crl_pem(BIO *b, const void *x)
{
	return PEM_write_bio_X509_CRL(b, (X509_CRL *)x);
}

static void hex(char *out, const uint8_t *fp)
{
	size_t i;

	for (i = 0; i < MS_CERT_FINGERPRINT_LEN; i++)
		sprintf(out + 2 * i, "%02x", fp[i]);
}

int cp_cert_store_add(struct cp_cert_store *s, X509 *cert)
{
	char name[2 * MS_CERT_FINGERPRINT_LEN + 8], path[PATH_MAX];
	uint8_t fp[MS_CERT_FINGERPRINT_LEN];
	int ret;

	if (cp_cert_fingerprint(cert, fp))
		return -EINVAL;
	hex(name, fp);
	strcat(name, ".pem");
	if (snprintf(path, sizeof(path), "%s/%s", s->dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	pthread_mutex_lock(&s->lock);
	ret = find(s, fp) >= 0 ? -EEXIST : write_file(path, 0644, cert_pem, cert);
	if (!ret) {
		ret = push(s, cert, name);
		if (ret)
			unlink(path);
	}
	pthread_mutex_unlock(&s->lock);
	return ret;
}

int cp_cert_store_remove(struct cp_cert_store *s,
			 const uint8_t fp[MS_CERT_FINGERPRINT_LEN])
{
	char path[PATH_MAX];
	ssize_t i;
	int ret = -ENOENT;

	pthread_mutex_lock(&s->lock);
	i = find(s, fp);
	if (i < 0)
		goto out;
	snprintf(path, sizeof(path), "%s/%s", s->dir, s->e[i].file);
	if (unlink(path) < 0 && errno != ENOENT) {
		ret = -errno;
		goto out;
	}
	X509_free(s->e[i].cert);
	s->e[i] = s->e[--s->n];
	ret = 0;
out:
	pthread_mutex_unlock(&s->lock);
	return ret;
}

int cp_cert_store_crl_add(struct cp_cert_store *s, X509_CRL *crl)
{
	char name[2 * MS_CERT_FINGERPRINT_LEN + 8], path[PATH_MAX];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n;
	int ret;

	if (!X509_CRL_digest(crl, EVP_sha256(), md, &n))
		return -EINVAL;
	hex(name, md);
	name[16] = '\0';
	strcat(name, ".crl");
	snprintf(path, sizeof(path), "%s/%s", s->dir, name);
	pthread_mutex_lock(&s->lock);
	ret = write_file(path, 0644, crl_pem, crl);
	if (!ret && X509_CRL_up_ref(crl) && !sk_X509_CRL_push(s->crls, crl)) {
		X509_CRL_free(crl);
		ret = -ENOMEM;
	}
	pthread_mutex_unlock(&s->lock);
	return ret;
}

size_t cp_cert_store_count(struct cp_cert_store *s)
{
	size_t n;

	pthread_mutex_lock(&s->lock);
	n = s->n;
	pthread_mutex_unlock(&s->lock);
	return n;
}

X509 *cp_cert_store_cert(struct cp_cert_store *s, size_t i)
{
	X509 *x = NULL;

	pthread_mutex_lock(&s->lock);
	if (i < s->n && X509_up_ref(s->e[i].cert))
		x = s->e[i].cert;
	pthread_mutex_unlock(&s->lock);
	return x;
}

int cp_cert_store_info(struct cp_cert_store *s, size_t i, time_t now,
		       struct cp_cert_store_info *info)
{
	X509 *x = cp_cert_store_cert(s, i);
	const ASN1_TIME *na;
	struct tm tm;

	if (!x)
		return -ENOENT;
	memset(info, 0, sizeof(*info));
	cp_cert_fingerprint(x, info->fingerprint);
	X509_NAME_oneline(X509_get_subject_name(x), info->subject, sizeof(info->subject));
	na = X509_get0_notAfter(x);
	if (ASN1_TIME_to_tm(na, &tm))
		info->not_after = timegm(&tm);
	info->ca = X509_check_ca(x) > 0;
	info->expired = X509_cmp_time(na, &now) < 0;
	X509_free(x);
	return 0;
}

bool cp_cert_store_contains(struct cp_cert_store *s, X509 *cert)
{
	uint8_t fp[MS_CERT_FINGERPRINT_LEN];
	bool found;

	if (cp_cert_fingerprint(cert, fp))
		return false;
	pthread_mutex_lock(&s->lock);
	found = find(s, fp) >= 0;
	pthread_mutex_unlock(&s->lock);
	return found;
}

X509_STORE *cp_cert_store_x509(struct cp_cert_store *s)
{
	X509_STORE *xs = X509_STORE_new();
	size_t i;
	int j;

	if (!xs)
		return NULL;
	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->n; i++)
		X509_STORE_add_cert(xs, s->e[i].cert);
	for (j = 0; j < sk_X509_CRL_num(s->crls); j++)
		X509_STORE_add_crl(xs, sk_X509_CRL_value(s->crls, j));
	pthread_mutex_unlock(&s->lock);
	ERR_clear_error();
	return xs;
}
