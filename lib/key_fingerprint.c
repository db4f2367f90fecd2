/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "key_fingerprint.h"

void ms_srtp_key_fingerprint(const struct ms_srtp_key *k, char out[MS_KEY_FINGERPRINT_LEN])
{
	uint8_t buf[MS_SRTP_MASTER_KEY_MAX + MS_SRTP_MASTER_SALT_MAX];
	uint8_t md[SHA256_DIGEST_LENGTH];
	size_t key_len = k->key_len < sizeof(k->key) ? k->key_len : sizeof(k->key);
	size_t salt_len = k->salt_len < sizeof(k->salt) ? k->salt_len : sizeof(k->salt);

	memcpy(buf, k->key, key_len);
	memcpy(buf + key_len, k->salt, salt_len);
	SHA256(buf, key_len + salt_len, md);
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	OPENSSL_cleanse(buf, sizeof(buf));
	OPENSSL_cleanse(md, sizeof(md));
}
