/* SPDX-License-Identifier: BSD-3-Clause */
/* Strict number parsing for command lines and config values (iproute2's get_u32). */
#ifndef MEDIASEC_LIB_PARSE_NUM_H
#define MEDIASEC_LIB_PARSE_NUM_H

/*
 * s as an unsigned number in base (10, 16, or 0 for C-style 0x/0 prefixes),
 * within [min, max]. Rejects an empty string, a sign or leading space,
 * trailing characters and overflow: 0, or -EINVAL (not a number) or
 * -ERANGE (out of range). *out is written only on success.
 */
int ms_parse_ulong(const char *s, int base, unsigned long min, unsigned long max,
		   unsigned long *out);

#endif /* MEDIASEC_LIB_PARSE_NUM_H */
