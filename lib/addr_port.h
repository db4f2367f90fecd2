/* SPDX-License-Identifier: BSD-3-Clause */
/* Media endpoints as command lines write them: IPV4:PORT or [IPV6]:PORT. */
#ifndef MEDIASEC_LIB_ADDR_PORT_H
#define MEDIASEC_LIB_ADDR_PORT_H

#include <stddef.h>

struct ms_addr;

/* Longest text ms_addr_port_format() writes, NUL included. */
#define MS_ADDR_PORT_TEXT_MAX 56

/*
 * text into a (family, address, port; present bits set). 0, or -EINVAL
 * with the reason in why.
 */
int ms_addr_port_parse(const char *text, struct ms_addr *a, char *why, size_t whylen);
/* The same form back: "203.0.113.1:20000", "[fd00::1]:20000". */
void ms_addr_port_format(const struct ms_addr *a, char *buf, size_t len);

#endif /* MEDIASEC_LIB_ADDR_PORT_H */
