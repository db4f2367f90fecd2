/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CIDR prefixes as text, for mediasecd's configuration and mediasecctl's
 * arguments: one strict parser, so both refuse the same things.
 */
#ifndef MEDIASEC_CONTROLPLANE_COMMON_PREFIX_H
#define MEDIASEC_CONTROLPLANE_COMMON_PREFIX_H

#include <stdbool.h>
#include <stddef.h>

struct ms_prefix;

/* Longest text cp_prefix_format() writes: an IPv6 address, '/', 3 digits. */
#define CP_PREFIX_TEXT_MAX 50

/*
 * "192.0.2.0/24", "2001:db8::/32" or a bare address (full length). Fills the
 * address and length of p (present bits set). Refuses a missing or
 * non-decimal length, trailing junk, a length beyond the family and host
 * bits set beyond the length; err says which. Returns 0 or -EINVAL.
 */
int cp_prefix_parse(const char *text, struct ms_prefix *p, char *err, size_t errlen);
void cp_prefix_format(const struct ms_prefix *p, char *buf, size_t len);
/* Same family, length and address. */
bool cp_prefix_equal(const struct ms_prefix *a, const struct ms_prefix *b);

#endif /* MEDIASEC_CONTROLPLANE_COMMON_PREFIX_H */
