/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replay windows with libsrtp's semantics, stored for speed.
 *
 * SRTP (libsrtp rdbx): the window holds the highest accepted index and the
 * window-1 indices below it. It is kept as a ring of ring_bits (a power of two
 * >= window) bits addressed by index, so advancing by one clears one bit
 * instead of shifting the whole bitmap; the window edge is checked
 * arithmetically, so the ring size never changes what is accepted.
 *
 * SRTCP (libsrtp rdb): a fixed 128-bit window starting at rtcp_start; any
 * index at or beyond its end is new.
 */
#include "native.h"

static inline bool ring_test(const uint64_t *bits, uint32_t mask, uint64_t i)
{
	i &= mask;
	return bits[i / 64] >> (i % 64) & 1;
}

static inline void ring_set(uint64_t *bits, uint32_t mask, uint64_t i)
{
	i &= mask;
	bits[i / 64] |= 1ULL << (i % 64);
}

static inline void ring_clear(uint64_t *bits, uint32_t mask, uint64_t i)
{
	i &= mask;
	bits[i / 64] &= ~(1ULL << (i % 64));
}

enum dp_srtp_verdict dp_srtp_replay_check(struct dp_srtp_ctx *ctx,
					  struct stream *s, int32_t delta)
{
	if (delta > 0)
		return DP_SRTP_OK;
	if ((int64_t)ctx->window - 1 + delta < 0)
		return DP_SRTP_REPLAY_OLD;
	if (ring_test(stream_ring(ctx, s), ctx->ring_bits - 1, s->index + (int64_t)delta))
		return DP_SRTP_REPLAY_DUP;
	return DP_SRTP_OK;
}

void dp_srtp_replay_add(struct dp_srtp_ctx *ctx, struct stream *s,
			int32_t delta)
{
	uint32_t mask = ctx->ring_bits - 1;
	uint64_t *ring = stream_ring(ctx, s);

	if (delta > 0) {
		if ((uint32_t)delta >= ctx->ring_bits) {
			for (uint32_t w = 0; w < ctx->ring_bits / 64; w++)
				ring[w] = 0;
		} else {
			for (int32_t d = 1; d <= delta; d++)
				ring_clear(ring, mask, s->index + (uint64_t)d);
		}
		s->index += (uint64_t)delta;
		ring_set(ring, mask, s->index);
	} else {
		ring_set(ring, mask, s->index + (int64_t)delta);
	}
}

enum dp_srtp_verdict dp_srtp_replay_rtcp_check(const struct stream *s,
					       uint32_t index)
{
	uint32_t off;

	if ((uint64_t)index >= (uint64_t)s->rtcp_start + RTCP_WINDOW)
		return DP_SRTP_OK;
	if (index < s->rtcp_start)
		return DP_SRTP_REPLAY_OLD;
	off = index - s->rtcp_start;
	if (s->rtcp_bits[off / 64] >> (off % 64) & 1)
		return DP_SRTP_REPLAY_DUP;
	return DP_SRTP_OK;
}

/* Slide so that index becomes the window's last bit, as libsrtp does. */
static void rtcp_slide(struct stream *s, uint32_t shift)
{
	uint64_t lo = s->rtcp_bits[0], hi = s->rtcp_bits[1];

	if (shift >= RTCP_WINDOW) {
		lo = hi = 0;
	} else if (shift >= 64) {
		lo = hi >> (shift - 64);
		hi = 0;
	} else if (shift) {
		lo = lo >> shift | hi << (64 - shift);
		hi >>= shift;
	}
	s->rtcp_bits[0] = lo;
	s->rtcp_bits[1] = hi;
	s->rtcp_start += shift;
}

void dp_srtp_replay_rtcp_add(struct stream *s, uint32_t index)
{
	uint32_t off;

	if (index < s->rtcp_start)
		return;
	off = index - s->rtcp_start;
	if (off >= RTCP_WINDOW) {
		rtcp_slide(s, off - (RTCP_WINDOW - 1));
		off = RTCP_WINDOW - 1;
	}
	s->rtcp_bits[off / 64] |= 1ULL << (off % 64);
}
