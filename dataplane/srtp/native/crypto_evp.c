/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OpenSSL EVP backend, for CPUs without AES-NI (and for tests, forced with
 * MEDIASEC_SRTP_CRYPTO=evp). One packet at a time with per-thread EVP
 * contexts re-keyed per packet: OpenSSL re-keys without allocating.
 */
#include <errno.h>
#include <pthread.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "native.h"

struct evp_thread {
	EVP_CIPHER_CTX *cipher;
	EVP_MAC_CTX *hmac;
};

static __thread struct evp_thread th;

static EVP_CIPHER *ctr128, *ctr256, *gcm128, *gcm256;
static EVP_MAC *hmac;
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;
static pthread_key_t th_key;
static bool th_key_ok;

/* A thread that ran bursts exits: free its EVP contexts. */
static void thread_exit(void *arg)
{
	struct evp_thread *t = arg;

	EVP_CIPHER_CTX_free(t->cipher);
	EVP_MAC_CTX_free(t->hmac);
	t->cipher = NULL;
	t->hmac = NULL;
}

static void fetch(void)
{
	th_key_ok = pthread_key_create(&th_key, thread_exit) == 0;
	ctr128 = EVP_CIPHER_fetch(NULL, "AES-128-CTR", NULL);
	ctr256 = EVP_CIPHER_fetch(NULL, "AES-256-CTR", NULL);
	gcm128 = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
	gcm256 = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
	hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
}

/* EVP keys itself per packet from the raw session keys: nothing to store. */
static size_t prep_size(const struct ms_suite_info *si)
{
	(void)si;
	return 0;
}

static int thread_init(void)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA1", 0),
		OSSL_PARAM_construct_end(),
	};

	pthread_once(&fetch_once, fetch);
	if (!ctr128 || !ctr256 || !gcm128 || !gcm256 || !hmac)
		return -ENOTSUP;
	if (!th.cipher)
		th.cipher = EVP_CIPHER_CTX_new();
	if (!th.hmac) {
		th.hmac = EVP_MAC_CTX_new(hmac);
		if (th.hmac && !EVP_MAC_CTX_set_params(th.hmac, params)) {
			EVP_MAC_CTX_free(th.hmac);
			th.hmac = NULL;
		}
	}
	if (th_key_ok)
		pthread_setspecific(th_key, &th);
	return th.cipher && th.hmac ? 0 : -ENOMEM;
}

static bool ctr(struct crypto_op *op)
{
	uint8_t *p = op->buf + op->cipher_off;
	int len;

	if (!op->key_len || !op->cipher_len)
		return true;
	return EVP_EncryptInit_ex2(th.cipher, op->key_len == 32 ? ctr256 : ctr128,
				   op->enc, op->iv, NULL) == 1 &&
	       EVP_EncryptUpdate(th.cipher, p, &len, p, (int)op->cipher_len) == 1;
}

static bool hmac_sha1(struct crypto_op *op, uint8_t *out)
{
	size_t len;

	if (!op->auth_len)
		return true;
	return EVP_MAC_init(th.hmac, op->auth, SRTP_AUTH_KEY_LEN, NULL) == 1 &&
	       EVP_MAC_update(th.hmac, op->buf, op->auth_len) == 1 &&
	       EVP_MAC_final(th.hmac, out, &len, 20) == 1;
}

static bool gcm(struct crypto_op *op, bool enc)
{
	EVP_CIPHER *c = op->key_len == 32 ? gcm256 : gcm128;
	uint8_t *p = op->buf + op->cipher_off;
	int len;

	if (EVP_CipherInit_ex2(th.cipher, c, op->enc, op->iv, enc, NULL) != 1 ||
	    EVP_CipherUpdate(th.cipher, NULL, &len, op->aad, (int)op->aad_len) != 1 ||
	    (op->cipher_len &&
	     EVP_CipherUpdate(th.cipher, p, &len, p, (int)op->cipher_len) != 1))
		return false;
	if (enc)
		return EVP_CipherFinal_ex(th.cipher, p, &len) == 1 &&
		       EVP_CIPHER_CTX_ctrl(th.cipher, EVP_CTRL_GCM_GET_TAG,
					   SRTP_GCM_TAG_LEN,
					   op->tag_out ? op->tag_out : op->tag) == 1;
	/* OpenSSL compares the tag itself, in constant time. */
	return EVP_CIPHER_CTX_ctrl(th.cipher, EVP_CTRL_GCM_SET_TAG,
				   SRTP_GCM_TAG_LEN, op->tag) == 1 &&
	       EVP_CipherFinal_ex(th.cipher, p, &len) == 1;
}

static void run_one(struct crypto_op *op)
{
	switch (op->kind) {
	case OP_CM_PROTECT:
		op->ok = ctr(op) && hmac_sha1(op, op->tag);
		break;
	case OP_CM_UNPROTECT:
		op->ok = hmac_sha1(op, op->calc) && ctr(op);
		if (op->ok && op->tag_len)
			dp_srtp_crypto_verify(op);
		break;
	case OP_GCM_PROTECT:
		op->ok = gcm(op, true);
		break;
	case OP_GCM_UNPROTECT:
		op->ok = gcm(op, false);
		break;
	}
}

static void run(struct crypto_op *ops, unsigned int n)
{
	bool ready = (th.cipher && th.hmac) || thread_init() == 0;

	for (unsigned int i = 0; i < n; i++) {
		ops[i].ok = 0;
		if (ready)
			run_one(&ops[i]);
	}
}

const struct crypto_backend dp_srtp_crypto_evp = {
	.name = "evp",
	.prep_size = prep_size,
	.thread_init = thread_init,
	.run = run,
};
