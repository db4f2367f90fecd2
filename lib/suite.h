/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRTP suite facts, the one table every userspace component uses (netlink
 * validation, the SRTP engines, the tools). Names are in nl_names.c.
 */
#ifndef MEDIASEC_LIB_SUITE_H
#define MEDIASEC_LIB_SUITE_H

#include <stdbool.h>

#include <linux/types.h>

#include "nl_names.h"

struct ms_suite_info {
	__u8 key_len;		/* master key, bytes */
	__u8 salt_len;		/* master salt, bytes */
	__u8 tag_len;		/* SRTP auth tag, bytes */
	__u8 rtcp_tag_len;	/* SRTCP tag: the _32 suites still use 80 bits */
	bool aead;		/* RFC 7714 AES-GCM */
	bool null_cipher;	/* authentication only */
};

/* Facts of suite, or NULL when out of range or MS_SUITE_UNSPEC. */
const struct ms_suite_info *ms_suite_info_get(unsigned int suite);

/* The suite's RFC name, e.g. "AES_CM_128_HMAC_SHA1_80"; NULL when unknown. */
static inline const char *ms_suite_name(unsigned int suite)
{
	return ms_nl_name_get(MS_NAME_SUITE, suite);
}

#endif /* MEDIASEC_LIB_SUITE_H */
