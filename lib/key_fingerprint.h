/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What logs and CLIs show instead of an SRTP master key: the first 8 bytes
 * of SHA-256(key || salt), as 16 hex digits. Not reversible; the same key
 * gives the same fingerprint in mediasecctl, mediasecd and mediasec-dp.
 */
#ifndef MEDIASEC_LIB_KEY_FINGERPRINT_H
#define MEDIASEC_LIB_KEY_FINGERPRINT_H

#include "nl_msg.h"

#define MS_KEY_FINGERPRINT_LEN	17	/* with the NUL */

void ms_srtp_key_fingerprint(const struct ms_srtp_key *k, char out[MS_KEY_FINGERPRINT_LEN]);

#endif /* MEDIASEC_LIB_KEY_FINGERPRINT_H */
