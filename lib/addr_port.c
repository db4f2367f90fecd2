/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "addr_port.h"
#include "nl_msg.h"
#include "parse_num.h"

int ms_addr_port_parse(const char *text, struct ms_addr *a, char *why, size_t whylen)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *start = text, *colon;
	unsigned long port;
	size_t len;

	memset(a, 0, sizeof(*a));
	if (*text == '[') {
		const char *close = strchr(text, ']');

		if (!close || close[1] != ':') {
			snprintf(why, whylen, "expected [IPV6]:PORT");
			return -EINVAL;
		}
		start++;
		len = (size_t)(close - start);
		colon = close + 1;
	} else {
		colon = strchr(text, ':');
		if (!colon || strrchr(text, ':') != colon) {
			snprintf(why, whylen, "expected IPV4:PORT or [IPV6]:PORT");
			return -EINVAL;
		}
		len = (size_t)(colon - text);
	}
	if (len == 0 || len >= sizeof(host)) {
		snprintf(why, whylen, "bad address");
		return -EINVAL;
	}
	memcpy(host, start, len);
	host[len] = '\0';
	if (start == text && inet_pton(AF_INET, host, a->in4) == 1) {
		a->family = AF_INET;
		a->present = MS_BIT(MS_ADDR_A_IN4);
	} else if (start != text && inet_pton(AF_INET6, host, a->in6) == 1) {
		a->family = AF_INET6;
		a->present = MS_BIT(MS_ADDR_A_IN6);
	} else {
		snprintf(why, whylen, "bad %s address", start == text ? "IPv4" : "IPv6");
		return -EINVAL;
	}
	if (ms_parse_ulong(colon + 1, 10, 1, 65535, &port)) {
		memset(a, 0, sizeof(*a));
		snprintf(why, whylen, "expected a port, 1..65535");
		return -EINVAL;
	}
	a->port = (__u16)port;
	a->present |= MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_PORT);
	return 0;
}

void ms_addr_port_format(const struct ms_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->family == AF_INET6) {
		inet_ntop(AF_INET6, a->in6, ip, sizeof(ip));
		snprintf(buf, len, "[%s]:%u", ip, a->port);
	} else {
		inet_ntop(AF_INET, a->in4, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, a->port);
	}
}
