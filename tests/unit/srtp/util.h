/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers shared by the native SRTP engine's unit tests. */
#ifndef MEDIASEC_TESTS_UNIT_SRTP_UTIL_H
#define MEDIASEC_TESTS_UNIT_SRTP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "native/native.h"

#define PKT_ROOM 2048

/* Hex digits, whitespace ignored, into out; returns the byte count. */
static inline size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;

		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

static inline struct dp_srtp_policy policy_hex(enum ms_srtp_suite suite,
					       const char *key, const char *salt)
{
	struct dp_srtp_policy pol = { .suite = suite, .n_keys = 1 };

	unhex(key, pol.keys[0].key);
	unhex(salt, pol.keys[0].salt);
	return pol;
}

/* One packet through one burst call; returns the verdict, updates *len. */
static inline uint8_t one(struct dp_srtp_ctx *ctx, enum dp_srtp_op op,
			  uint8_t *buf, uint32_t *len)
{
	struct dp_srtp_pkt p = { .data = buf, .len = *len, .room = PKT_ROOM, .ctx = ctx };
	uint8_t v = 0xee;
	uint16_t ok = dp_srtp_engine_native.burst(op, &p, 1, &v);

	assert_int_equal(ok, v == DP_SRTP_OK);
	if (v == DP_SRTP_OK)
		*len = p.len;
	return v;
}

/* A 12-byte RTP header plus payload_len bytes of 0xab. */
static inline uint32_t rtp_make(uint8_t *buf, uint32_t ssrc, uint16_t seq,
				uint32_t payload_len)
{
	memset(buf, 0, PKT_ROOM);
	buf[0] = 0x80;
	buf[1] = 0x0f;
	buf[2] = (uint8_t)(seq >> 8);
	buf[3] = (uint8_t)seq;
	buf[4] = 0xde;
	buf[8] = (uint8_t)(ssrc >> 24);
	buf[9] = (uint8_t)(ssrc >> 16);
	buf[10] = (uint8_t)(ssrc >> 8);
	buf[11] = (uint8_t)ssrc;
	memset(buf + 12, 0xab, payload_len);
	return 12 + payload_len;
}

static inline uint32_t rtcp_make(uint8_t *buf, uint32_t ssrc, uint32_t payload_len)
{
	memset(buf, 0, PKT_ROOM);
	buf[0] = 0x81;
	buf[1] = 0xc8;
	buf[3] = (uint8_t)((8 + payload_len) / 4 - 1);
	buf[4] = (uint8_t)(ssrc >> 24);
	buf[5] = (uint8_t)(ssrc >> 16);
	buf[6] = (uint8_t)(ssrc >> 8);
	buf[7] = (uint8_t)ssrc;
	memset(buf + 8, 0xab, payload_len);
	return 8 + payload_len;
}

#endif /* MEDIASEC_TESTS_UNIT_SRTP_UTIL_H */
