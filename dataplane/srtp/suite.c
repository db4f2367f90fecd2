/* SPDX-License-Identifier: BSD-3-Clause */
/* Suite facts, verdict names and key fingerprints shared by every engine. */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "srtp.h"

static const struct dp_srtp_suite_info suites[] = {
	{ MS_SUITE_AES_CM_128_HMAC_SHA1_80, "AES_CM_128_HMAC_SHA1_80", 16, 14, 10, 10, false, false },
	{ MS_SUITE_AES_CM_128_HMAC_SHA1_32, "AES_CM_128_HMAC_SHA1_32", 16, 14, 4, 10, false, false },
	{ MS_SUITE_AES_256_CM_HMAC_SHA1_80, "AES_256_CM_HMAC_SHA1_80", 32, 14, 10, 10, false, false },
	{ MS_SUITE_AES_256_CM_HMAC_SHA1_32, "AES_256_CM_HMAC_SHA1_32", 32, 14, 4, 10, false, false },
	{ MS_SUITE_AEAD_AES_128_GCM, "AEAD_AES_128_GCM", 16, 12, 16, 16, true, false },
	{ MS_SUITE_AEAD_AES_256_GCM, "AEAD_AES_256_GCM", 32, 12, 16, 16, true, false },
	{ MS_SUITE_NULL_HMAC_SHA1_80, "NULL_HMAC_SHA1_80", 16, 14, 10, 10, false, true },
	{ MS_SUITE_NULL_HMAC_SHA1_32, "NULL_HMAC_SHA1_32", 16, 14, 4, 10, false, true },
};

const struct dp_srtp_suite_info *dp_srtp_suite_info(enum ms_srtp_suite suite)
{
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (suites[i].suite == suite)
			return &suites[i];
	return NULL;
}

enum ms_srtp_suite dp_srtp_suite_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (strcmp(suites[i].name, name) == 0)
			return suites[i].suite;
	return MS_SUITE_UNSPEC;
}

const char *dp_srtp_verdict_name(enum dp_srtp_verdict v)
{
	static const char *const names[__DP_SRTP_VERDICT_MAX] = {
		[DP_SRTP_OK] = "ok",
		[DP_SRTP_AUTH_FAIL] = "auth-failure",
		[DP_SRTP_REPLAY_DUP] = "replay-duplicate",
		[DP_SRTP_REPLAY_OLD] = "replay-old",
		[DP_SRTP_BAD_HEADER] = "bad-header",
		[DP_SRTP_TOO_SHORT] = "too-short",
		[DP_SRTP_NO_ROOM] = "no-room",
		[DP_SRTP_KEY_EXHAUSTED] = "key-exhausted",
		[DP_SRTP_UNKNOWN_MKI] = "unknown-mki",
		[DP_SRTP_NO_STREAM] = "no-stream",
	};

	if ((unsigned int)v >= __DP_SRTP_VERDICT_MAX)
		return "invalid";
	return names[v];
}

void dp_srtp_key_fingerprint(const struct dp_srtp_master_key *mk,
			     const struct dp_srtp_suite_info *si, char out[17])
{
	uint8_t buf[MS_SRTP_MASTER_KEY_MAX + MS_SRTP_MASTER_SALT_MAX];
	uint8_t md[SHA256_DIGEST_LENGTH];

	memcpy(buf, mk->key, si->key_len);
	memcpy(buf + si->key_len, mk->salt, si->salt_len);
	SHA256(buf, si->key_len + si->salt_len, md);
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	OPENSSL_cleanse(buf, sizeof(buf));
	OPENSSL_cleanse(md, sizeof(md));
}
