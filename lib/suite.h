/* SPDX-License-Identifier: BSD-3-Clause */
/* SRTP suite facts needed to validate keys; names are in nl_names.c. */
#ifndef MEDIASEC_LIB_SUITE_H
#define MEDIASEC_LIB_SUITE_H

#include <linux/types.h>

struct ms_suite_info {
	__u8 key_len;		/* master key, bytes */
	__u8 salt_len;		/* master salt, bytes */
	__u8 tag_len;		/* SRTP auth tag, bytes */
};

/* Facts of suite, or NULL when out of range or MS_SUITE_UNSPEC. */
const struct ms_suite_info *ms_suite_info_get(unsigned int suite);

#endif /* MEDIASEC_LIB_SUITE_H */
