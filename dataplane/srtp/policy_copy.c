/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Copies of SRTP policies, master keys included, in the native engine's
 * key memory (MADV_DONTDUMP, native/pool.c) whichever engine runs: what a
 * leg keeps so that its keys can be handed back to the daemon
 * (MS_GET_F_KEYS, include/mediasec/netlink.h).
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "native/native.h"
#include "srtp.h"

struct dp_srtp_policy *dp_srtp_policy_dup(const struct dp_srtp_policy *pol)
{
	struct dp_srtp_policy *copy = dp_srtp_pool_alloc(sizeof(*copy));

	if (copy)
		memcpy(copy, pol, sizeof(*copy));
	return copy;
}

void dp_srtp_policy_free(struct dp_srtp_policy *pol)
{
	if (!pol)
		return;
	OPENSSL_cleanse(pol, sizeof(*pol));
	dp_srtp_pool_free(pol, sizeof(*pol));
}
