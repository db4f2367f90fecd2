/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session key derivation (RFC 3711 §4.3, RFC 6188 §5.1, RFC 7714 §11) with a
 * key derivation rate of 0, so it runs once per master key at ctx create.
 * Control path: OpenSSL EVP is fast enough here and is the same code whichever
 * packet-path backend runs.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "native.h"

enum {
	LABEL_RTP_ENC = 0, LABEL_RTP_AUTH, LABEL_RTP_SALT,
	LABEL_RTCP_ENC, LABEL_RTCP_AUTH, LABEL_RTCP_SALT,
};

/* AES-CM keystream of out_len bytes from the 16-byte initial counter iv16. */
int dp_srtp_kdf_prf(const uint8_t *key, unsigned int key_len, const uint8_t *iv16,
		    uint8_t *out, unsigned int out_len)
{
	const EVP_CIPHER *c = key_len == 32 ? EVP_aes_256_ctr() : EVP_aes_128_ctr();
	EVP_CIPHER_CTX *ctx;
	int len, ret = -EINVAL;

	if (key_len != 16 && key_len != 32)
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	memset(out, 0, out_len);
	if (EVP_EncryptInit_ex(ctx, c, NULL, key, iv16) == 1 &&
	    EVP_EncryptUpdate(ctx, out, &len, out, (int)out_len) == 1)
		ret = 0;
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

/*
 * x = label << 48 XOR master salt (r = 0), the PRF input is x * 2^16. A
 * 12-byte GCM master salt is zero-padded to 14 bytes, as libsrtp does.
 */
int dp_srtp_kdf_derive(const uint8_t *mkey, unsigned int mkey_len,
		       const uint8_t *msalt, unsigned int msalt_len,
		       uint8_t label, uint8_t *out, unsigned int out_len)
{
	uint8_t iv[16] = { 0 };

	if (msalt_len > SRTP_SALT_LEN)
		return -EINVAL;
	memcpy(iv, msalt, msalt_len);
	iv[7] ^= label;
	return dp_srtp_kdf_prf(mkey, mkey_len, iv, out, out_len);
}

static int derive_set(const struct ms_suite_info *si,
		      const struct dp_srtp_master_key *mk, uint8_t base,
		      struct session_raw *sk)
{
	/* GCM has no auth key and a 12-byte session salt (RFC 7714 §11). */
	unsigned int salt_len = si->aead ? 12 : SRTP_SALT_LEN;
	int err;

	err = dp_srtp_kdf_derive(mk->key, si->key_len, mk->salt, si->salt_len,
				 base + LABEL_RTP_ENC, sk->enc, si->key_len);
	if (!err)
		err = dp_srtp_kdf_derive(mk->key, si->key_len, mk->salt, si->salt_len,
					 base + LABEL_RTP_SALT, sk->salt, salt_len);
	if (!err && !si->aead)
		err = dp_srtp_kdf_derive(mk->key, si->key_len, mk->salt, si->salt_len,
					 base + LABEL_RTP_AUTH, sk->auth,
					 SRTP_AUTH_KEY_LEN);
	return err;
}

int dp_srtp_kdf_session(const struct ms_suite_info *si,
			const struct dp_srtp_master_key *mk, struct session_raw *rtp,
			struct session_raw *rtcp)
{
	int err;

	memset(rtp, 0, sizeof(*rtp));
	memset(rtcp, 0, sizeof(*rtcp));
	err = derive_set(si, mk, LABEL_RTP_ENC, rtp);
	if (!err)
		err = derive_set(si, mk, LABEL_RTCP_ENC, rtcp);
	return err;
}
