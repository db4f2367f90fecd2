/* SPDX-License-Identifier: BSD-3-Clause */
/* Network-order stores for the tests' packet builders (no alignment needed). */
#ifndef MEDIASEC_TESTS_WIRE_H
#define MEDIASEC_TESTS_WIRE_H

#include <stdint.h>

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

#endif /* MEDIASEC_TESTS_WIRE_H */
