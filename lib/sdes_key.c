/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "nl_msg.h"
#include "parse_num.h"
#include "sdes_key.h"
#include "suite.h"

#define INLINE_PREFIX "inline:"
/* base64 of the longest key || salt, with room to spare for a bad one */
#define B64_MAX 128

/* Decode exactly len bytes of base64 into out; -EINVAL otherwise. */
static int b64_decode(const char *s, size_t slen, unsigned char *out, size_t outmax,
		      size_t *len)
{
	unsigned char buf[B64_MAX / 4 * 3];
	size_t pad = 0;
	int n;

	if (slen == 0 || slen % 4 || slen > B64_MAX)
		return -EINVAL;
	if (s[slen - 1] == '=')
		pad++;
	if (s[slen - 2] == '=')
		pad++;
	/* EVP_DecodeBlock counts the padding as zero bytes: take it off */
	n = EVP_DecodeBlock(buf, (const unsigned char *)s, (int)slen);
	if (n < 0 || (size_t)n < pad || (size_t)n - pad > outmax) {
		OPENSSL_cleanse(buf, sizeof(buf));
		return -EINVAL;
	}
	*len = (size_t)n - pad;
	memcpy(out, buf, *len);
	OPENSSL_cleanse(buf, sizeof(buf));
	return 0;
}

/* "2^31" or a number: RFC 4568 allows both; we check it and use none. */
static int parse_lifetime(const char *s, char *why, size_t whylen)
{
	unsigned long v;

	if (!strncmp(s, "2^", 2) ? ms_parse_ulong(s + 2, 10, 1, 63, &v) == 0 :
				   ms_parse_ulong(s, 10, 1, ~0UL, &v) == 0)
		return 0;
	snprintf(why, whylen, "bad lifetime \"%s\", expected 2^N or a number", s);
	return -EINVAL;
}

/* "MKI:LEN": the value, big-endian in LEN bytes. */
static int parse_mki(const char *s, struct ms_srtp_key *k, char *why, size_t whylen)
{
	const char *colon = strchr(s, ':');
	unsigned long v, len;
	__u8 be[sizeof(k->mki)];	/* v, big-endian, in the widest MKI */
	char num[24];

	if (!colon || (size_t)(colon - s) >= sizeof(num))
		goto bad;
	memcpy(num, s, (size_t)(colon - s));
	num[colon - s] = '\0';
	/* the parser bounds len; the memcpy below relies on it, so say it here */
	if (ms_parse_ulong(colon + 1, 10, 1, MS_SRTP_MKI_MAX, &len) || len > sizeof(k->mki) ||
	    ms_parse_ulong(num, 10, 0, ~0UL, &v))
		goto bad;
	if (len < sizeof(v) && v >> (8 * len)) {
		snprintf(why, whylen, "MKI %lu does not fit in %lu bytes", v, len);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < sizeof(k->mki); i++)
		be[sizeof(k->mki) - 1 - i] = (__u8)(v >> (8 * i));
	memcpy(k->mki, be + sizeof(k->mki) - len, len);
	k->mki_len = (__u16)len;
	k->present |= MS_BIT(MS_KEY_A_MKI);
	return 0;
bad:
	snprintf(why, whylen, "bad MKI \"%s\", expected VALUE:LENGTH with LENGTH 1..%d",
		 s, MS_SRTP_MKI_MAX);
	return -EINVAL;
}

int ms_sdes_key_parse(const char *text, unsigned int suite, struct ms_srtp_key *k,
		      char *why, size_t whylen)
{
	const struct ms_suite_info *si = ms_suite_info_get(suite);
	unsigned char raw[MS_SRTP_MASTER_KEY_MAX + MS_SRTP_MASTER_SALT_MAX];
	const char *b64, *bar, *field;
	size_t len, want;
	int ret = -EINVAL;

	memset(k, 0, sizeof(*k));
	if (!si) {
		snprintf(why, whylen, "unknown suite %u", suite);
		return -EINVAL;
	}
	if (strncmp(text, INLINE_PREFIX, strlen(INLINE_PREFIX))) {
		snprintf(why, whylen, "expected \"inline:<base64>[|lifetime][|MKI:LEN]\"");
		return -EINVAL;
	}
	b64 = text + strlen(INLINE_PREFIX);
	bar = strchr(b64, '|');
	want = (size_t)si->key_len + si->salt_len;
	if (b64_decode(b64, bar ? (size_t)(bar - b64) : strlen(b64), raw, sizeof(raw), &len)) {
		snprintf(why, whylen, "key is not valid base64");
		goto out;
	}
	if (len != want) {
		snprintf(why, whylen, "key is %zu bytes, %s needs %zu (key %u + salt %u)",
			 len, ms_suite_name(suite), want, si->key_len, si->salt_len);
		goto out;
	}
	memcpy(k->key, raw, si->key_len);
	memcpy(k->salt, raw + si->key_len, si->salt_len);
	k->key_len = si->key_len;
	k->salt_len = si->salt_len;
	k->present = MS_BIT(MS_KEY_A_MASTER_KEY) | MS_BIT(MS_KEY_A_MASTER_SALT);
	/* then [|lifetime][|MKI:LEN], in that order; the MKI has the colon */
	for (field = bar; field; field = strchr(field + 1, '|')) {
		char part[32];
		const char *end = strchr(field + 1, '|');
		size_t n = end ? (size_t)(end - field - 1) : strlen(field + 1);

		if (n == 0 || n >= sizeof(part)) {
			snprintf(why, whylen, "empty or overlong field after '|'");
			goto out;
		}
		memcpy(part, field + 1, n);
		part[n] = '\0';
		if (strchr(part, ':'))
			ret = k->mki_len ? -EINVAL : parse_mki(part, k, why, whylen);
		else
			ret = k->mki_len ? -EINVAL : parse_lifetime(part, why, whylen);
		if (ret && k->mki_len) {
			snprintf(why, whylen, "nothing may follow the MKI");
			ret = -EINVAL;
		}
		if (ret)
			goto out;
	}
	ret = 0;
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	if (ret)
		OPENSSL_cleanse(k, sizeof(*k));
	return ret;
}

/* Strip the line end and surrounding blanks in place. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
		     s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int check_mkis(const struct ms_srtp_dir *dir, const char *path, char *err,
		      size_t errlen)
{
	if (dir->nkeys == 0) {
		snprintf(err, errlen, "%s: no key in the file", path);
		return -EINVAL;
	}
	if (dir->nkeys == 1)
		return 0;
	for (unsigned int i = 0; i < dir->nkeys; i++) {
		if (!dir->keys[i].mki_len) {
			snprintf(err, errlen, "%s: key %u: several keys need an MKI each",
				 path, i + 1);
			return -EINVAL;
		}
		if (dir->keys[i].mki_len != dir->keys[0].mki_len) {
			snprintf(err, errlen, "%s: key %u: every MKI must have the same length",
				 path, i + 1);
			return -EINVAL;
		}
		for (unsigned int j = 0; j < i; j++)
			if (!memcmp(dir->keys[i].mki, dir->keys[j].mki, dir->keys[i].mki_len)) {
				snprintf(err, errlen, "%s: keys %u and %u have the same MKI",
					 path, j + 1, i + 1);
				return -EINVAL;
			}
	}
	return 0;
}

int ms_sdes_key_file_read(const char *path, unsigned int suite, struct ms_srtp_dir *dir,
			  char *err, size_t errlen)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	char *line = NULL, why[160];
	size_t cap = 0;
	unsigned int lineno = 0;
	ssize_t n;
	int ret = 0;

	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return ret;
	}
	dir->nkeys = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		char *s = trim(line);

		lineno++;
		if (!*s || *s == '#')
			continue;
		if (dir->nkeys == MS_SRTP_KEYS_MAX) {
			snprintf(err, errlen, "%s:%u: more than %d keys", name, lineno,
				 MS_SRTP_KEYS_MAX);
			ret = -EINVAL;
			break;
		}
		if (ms_sdes_key_parse(s, suite, &dir->keys[dir->nkeys], why, sizeof(why))) {
			snprintf(err, errlen, "%s:%u: %s", name, lineno, why);
			ret = -EINVAL;
			break;
		}
		dir->nkeys++;
	}
	if (line) {
		OPENSSL_cleanse(line, cap);
		free(line);
	}
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "%s: read error", name);
		ret = -EIO;
	}
	if (!is_stdin)
		fclose(f);
	if (!ret)
		ret = check_mkis(dir, name, err, errlen);
	if (ret)
		return ret;
	dir->suite = (__u8)suite;
	dir->present |= MS_BIT(MS_SRTP_A_SUITE) | MS_BIT(MS_SRTP_A_KEYS);
	return 0;
}
