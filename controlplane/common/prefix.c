/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nl_msg.h"
#include "prefix.h"

static int fail(char *err, size_t errlen, const char *text, const char *why)
{
	if (err && errlen)
		snprintf(err, errlen, "\"%s\": %s", text, why);
	return -EINVAL;
}

/* Decimal 0..max, digits only: no sign, no spaces, no hex, no junk. */
static int parse_len(const char *s, unsigned int max, unsigned int *out)
{
	unsigned int v = 0;

	if (!*s || strlen(s) > 3)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned int)(*s - '0');
	}
	if (v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static bool host_bits_set(const unsigned char *a, unsigned int bytes, unsigned int len)
{
	for (unsigned int i = 0; i < bytes; i++) {
		unsigned int bit = i * 8;
		unsigned char mask = bit >= len ? 0xff :
				     bit + 8 <= len ? 0 : (unsigned char)(0xff >> (len - bit));

		if (a[i] & mask)
			return true;
	}
	return false;
}

int cp_prefix_parse(const char *text, struct ms_prefix *p, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN + 1], why[64];
	const char *slash = strchr(text, '/');
	size_t alen = slash ? (size_t)(slash - text) : strlen(text);
	unsigned int max, len;
	unsigned char *bytes;

	memset(p, 0, sizeof(*p));
	if (alen == 0 || alen >= sizeof(addr))
		return fail(err, errlen, text, "not an IPv4 or IPv6 address");
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, p->addr.in4) == 1) {
		p->addr.family = AF_INET;
		p->addr.present = MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_IN4);
		bytes = p->addr.in4;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, p->addr.in6) == 1) {
		p->addr.family = AF_INET6;
		p->addr.present = MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_IN6);
		bytes = p->addr.in6;
		max = 128;
	} else {
		return fail(err, errlen, text, "not an IPv4 or IPv6 address");
	}
	len = max;
	if (slash && parse_len(slash + 1, max, &len)) {
		snprintf(why, sizeof(why), "prefix length must be 0..%u", max);
		return fail(err, errlen, text, why);
	}
	if (host_bits_set(bytes, max / 8, len)) {
		snprintf(why, sizeof(why), "address has host bits set beyond /%u", len);
		return fail(err, errlen, text, why);
	}
	p->len = (__u8)len;
	p->present = MS_BIT(MS_PREFIX_A_ADDR) | MS_BIT(MS_PREFIX_A_LEN);
	return 0;
}

void cp_prefix_format(const struct ms_prefix *p, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	const void *src = p->addr.family == AF_INET ? (const void *)p->addr.in4 :
						     (const void *)p->addr.in6;

	if (!inet_ntop(p->addr.family, src, addr, sizeof(addr)))
		snprintf(addr, sizeof(addr), "?");
	snprintf(buf, len, "%s/%u", addr, p->len);
}

bool cp_prefix_equal(const struct ms_prefix *a, const struct ms_prefix *b)
{
	if (a->addr.family != b->addr.family || a->len != b->len)
		return false;
	if (a->addr.family == AF_INET)
		return memcmp(a->addr.in4, b->addr.in4, 4) == 0;
	return memcmp(a->addr.in6, b->addr.in6, 16) == 0;
}
