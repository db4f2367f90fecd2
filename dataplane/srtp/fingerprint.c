/* SPDX-License-Identifier: BSD-3-Clause */
/* Key fingerprints: what logs and CLIs show instead of a key. */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "srtp.h"

void dp_srtp_key_fingerprint(const struct dp_srtp_master_key *mk,
			     const struct ms_suite_info *si, char out[17])
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
