/* SPDX-License-Identifier: BSD-3-Clause */
/* Crypto backend selection and what both backends share. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "native.h"

static const struct crypto_backend *selected;
static pthread_once_t select_once = PTHREAD_ONCE_INIT;

static void select_backend(void)
{
	const char *force = getenv("MEDIASEC_SRTP_CRYPTO");

	if (force && !strcmp(force, "evp"))
		selected = &dp_srtp_crypto_evp;
	else if (dp_srtp_crypto_ipsecmb.usable())
		selected = &dp_srtp_crypto_ipsecmb;
	else
		selected = &dp_srtp_crypto_evp;
}

const struct crypto_backend *dp_srtp_native_backend(void)
{
	pthread_once(&select_once, select_backend);
	return selected;
}

void dp_srtp_crypto_verify(struct crypto_op *op)
{
	op->ok = CRYPTO_memcmp(op->calc, op->tag, op->tag_len) == 0;
}
