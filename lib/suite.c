/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>

#include "mediasec/enums.h"
#include "suite.h"

/* key, salt, SRTP tag, SRTCP tag, AEAD, NULL cipher */
static const struct ms_suite_info suites[__MS_SUITE_MAX] = {
	[MS_SUITE_AES_CM_128_HMAC_SHA1_80] = { 16, 14, 10, 10, false, false },
	[MS_SUITE_AES_CM_128_HMAC_SHA1_32] = { 16, 14, 4, 10, false, false },
	[MS_SUITE_AES_256_CM_HMAC_SHA1_80] = { 32, 14, 10, 10, false, false },
	[MS_SUITE_AES_256_CM_HMAC_SHA1_32] = { 32, 14, 4, 10, false, false },
	[MS_SUITE_AEAD_AES_128_GCM]	   = { 16, 12, 16, 16, true, false },
	[MS_SUITE_AEAD_AES_256_GCM]	   = { 32, 12, 16, 16, true, false },
	/* RFC 4568: the NULL cipher still derives a 128-bit key and salt. */
	[MS_SUITE_NULL_HMAC_SHA1_80]	   = { 16, 14, 10, 10, false, true },
	[MS_SUITE_NULL_HMAC_SHA1_32]	   = { 16, 14, 4, 10, false, true },
};

const struct ms_suite_info *ms_suite_info_get(unsigned int suite)
{
	if (suite == MS_SUITE_UNSPEC || suite > MS_SUITE_MAX)
		return NULL;
	return &suites[suite];
}
