/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Behaviour of the native SRTP engine: index estimation across wraps, replay
 * windows, streams, MKI, key lifetime, malformed input, every suite and flag.
 * Run once per crypto backend (see meson.build).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>

#include "util.h"

static const char *const mkey = "e1f97a0d3e018be0d64fa32c06de4139";
static const char *const msalt = "0ec675ad498afeebb6960b3aabe6";

static struct dp_srtp_ctx *ctx_new(enum ms_srtp_suite suite, uint32_t flags,
				   uint32_t window)
{
	struct dp_srtp_policy pol = policy_hex(suite, "00112233445566778899aabbccddeeff"
					       "00112233445566778899aabbccddeeff",
					       "0102030405060708090a0b0c0d0e");
	struct dp_srtp_ctx *ctx;

	pol.flags = flags;
	pol.replay_window = window;
	ctx = dp_srtp_engine_native.ctx_create(&pol);
	assert_non_null(ctx);
	return ctx;
}

static void free2(struct dp_srtp_ctx *a, struct dp_srtp_ctx *b)
{
	dp_srtp_engine_native.ctx_free(a);
	dp_srtp_engine_native.ctx_free(b);
}

/* Protect seq on tx, unprotect on rx; returns rx's verdict. */
static uint8_t send_recv(struct dp_srtp_ctx *tx, struct dp_srtp_ctx *rx,
			 uint32_t ssrc, uint16_t seq)
{
	uint8_t buf[PKT_ROOM];
	uint32_t len = rtp_make(buf, ssrc, seq, 160);

	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_OK);
	return one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len);
}

struct guess {
	uint64_t local;
	uint16_t seq;
	uint64_t est;
	int32_t delta;
};

static void test_index_estimate(void **state)
{
	static const struct guess g[] = {
		{ 0, 0, 0, 0 },
		{ 0, 40000, 40000, 40000 },		/* young stream: ROC 0 */
		{ 30000, 100, 100, -29900 },
		{ 65535, 0, 0x10000, 1 },		/* wrap */
		{ 65530, 3, 0x10003, 9 },
		{ 0x10002, 65534, 65534, -4 },		/* late, before the wrap */
		{ 0x10000 | 40000, 2000, 0x20000 | 2000, 27536 },
		{ 0x50000 | 100, 60000, 0x40000 | 60000, -5636 },
		{ 0x8001, 0, 0x10000, 32767 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		uint64_t est;
		int32_t d = dp_srtp_index_estimate(g[i].local, g[i].seq, &est);

		assert_int_equal(est, g[i].est);
		assert_int_equal(d, g[i].delta);
	}
}

static void test_roc_wrap(void **state)
{
	struct dp_srtp_ctx *tx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0);
	struct dp_srtp_ctx *rx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0);
	uint64_t index;

	(void)state;
	for (uint32_t s = 65530; s < 65536 + 6; s++)
		assert_int_equal(send_recv(tx, rx, 7, (uint16_t)s), DP_SRTP_OK);
	assert_int_equal(dp_srtp_native_test_get_index(rx, htonl(7), &index), 0);
	assert_int_equal(index, 0x10005);
	assert_int_equal(dp_srtp_native_test_get_index(tx, htonl(7), &index), 0);
	assert_int_equal(index, 0x10005);
	free2(tx, rx);
}

/*
 * A burst whose first packet moves a new stream past 2^15 changes the ROC
 * guess of the next one: the burst must give what one-at-a-time gives.
 */
static void test_burst_equals_sequential(void **state)
{
	static const uint16_t seqs[] = { 40000, 100, 101, 7, 102 };
	enum { N = sizeof(seqs) / sizeof(seqs[0]) };
	struct dp_srtp_ctx *a = ctx_new(MS_SUITE_AEAD_AES_128_GCM, 0, 0);
	struct dp_srtp_ctx *b = ctx_new(MS_SUITE_AEAD_AES_128_GCM, 0, 0);
	struct dp_srtp_ctx *rx = ctx_new(MS_SUITE_AEAD_AES_128_GCM, 0, 0);
	static uint8_t burst_buf[N][PKT_ROOM], seq_buf[N][PKT_ROOM];
	uint64_t index;
	struct dp_srtp_pkt p[N];
	uint8_t v[N], v1[N];
	uint32_t len;

	(void)state;
	for (unsigned int i = 0; i < N; i++) {
		len = rtp_make(burst_buf[i], 9, seqs[i], 160);
		rtp_make(seq_buf[i], 9, seqs[i], 160);
		p[i] = (struct dp_srtp_pkt){ burst_buf[i], len, PKT_ROOM, a };
		v1[i] = one(b, DP_SRTP_PROTECT_RTP, seq_buf[i], &len);
	}
	assert_int_equal(dp_srtp_engine_native.burst(DP_SRTP_PROTECT_RTP, p, N, v), N);
	for (unsigned int i = 0; i < N; i++) {
		assert_int_equal(v[i], v1[i]);
		assert_int_equal(p[i].len, 160 + 12 + 16);
		assert_memory_equal(burst_buf[i], seq_buf[i], p[i].len);
		p[i].ctx = rx;
	}
	assert_int_equal(dp_srtp_engine_native.burst(DP_SRTP_UNPROTECT_RTP, p, N, v), N);
	assert_int_equal(dp_srtp_native_test_get_index(rx, htonl(9), &index), 0);
	assert_int_equal(index, 0x10066);
	free2(a, b);
	dp_srtp_engine_native.ctx_free(rx);
}

static void test_replay(void **state)
{
	struct dp_srtp_ctx *tx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_32, 0, 0);
	struct dp_srtp_ctx *rx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_32, 0, 0);
	uint8_t saved[PKT_ROOM], buf[PKT_ROOM];
	uint32_t len = rtp_make(buf, 5, 1000, 20), saved_len;

	(void)state;
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_OK);
	memcpy(saved, buf, sizeof(buf));
	saved_len = len;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_OK);
	memcpy(buf, saved, sizeof(buf));
	len = saved_len;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_REPLAY_DUP);
	/* Protecting an index twice is refused too, as libsrtp does. */
	len = rtp_make(buf, 5, 1000, 20);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_REPLAY_DUP);

	assert_int_equal(send_recv(tx, rx, 5, 1200), DP_SRTP_OK);
	/* Window 128: 1200-127 is its last slot, 1200-128 is old. */
	assert_int_equal(send_recv(tx, rx, 5, 1073), DP_SRTP_OK);
	len = rtp_make(buf, 5, 1072, 20);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_REPLAY_OLD);
	/* Out of order inside the window is fine, once. */
	assert_int_equal(send_recv(tx, rx, 5, 1199), DP_SRTP_OK);
	free2(tx, rx);
}

static void test_replay_32768(void **state)
{
	struct dp_srtp_ctx *tx = ctx_new(MS_SUITE_AEAD_AES_256_GCM, 0, 32768);
	struct dp_srtp_ctx *rx = ctx_new(MS_SUITE_AEAD_AES_256_GCM, 0, 32768);
	uint8_t held[2][PKT_ROOM];
	uint32_t held_len[2];

	(void)state;
	assert_int_equal(rx->window, 32768);
	/* Protected now, delivered after 40000: 32768 and 32767 behind it. */
	for (int i = 0; i < 2; i++) {
		held_len[i] = rtp_make(held[i], 3, (uint16_t)(7232 + i), 40);
		assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, held[i], &held_len[i]),
				 DP_SRTP_OK);
	}
	assert_int_equal(send_recv(tx, rx, 3, 40000), DP_SRTP_OK);
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, held[1], &held_len[1]), DP_SRTP_OK);
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, held[0], &held_len[0]),
			 DP_SRTP_REPLAY_OLD);
	assert_int_equal(send_recv(tx, rx, 3, 40001), DP_SRTP_OK);
	free2(tx, rx);
}

static void test_rtcp(void **state)
{
	struct dp_srtp_ctx *tx = ctx_new(MS_SUITE_AES_256_CM_HMAC_SHA1_32, 0, 0);
	struct dp_srtp_ctx *rx = ctx_new(MS_SUITE_AES_256_CM_HMAC_SHA1_32, 0, 0);
	uint8_t buf[PKT_ROOM], saved[PKT_ROOM];
	uint32_t len = rtcp_make(buf, 11, 20), saved_len;
	struct dp_srtp_ctx_stats st;

	(void)state;
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTCP, buf, &len), DP_SRTP_OK);
	/* E flag and index 1 (libsrtp pre-increments), then the 80-bit tag. */
	assert_int_equal(len, 28 + 4 + 10);
	assert_int_equal(rd32(buf + 28), 0x80000001u);
	memcpy(saved, buf, sizeof(buf));
	saved_len = len;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTCP, buf, &len), DP_SRTP_OK);
	assert_int_equal(len, 28);
	memcpy(buf, saved, sizeof(buf));
	len = saved_len;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTCP, buf, &len), DP_SRTP_REPLAY_DUP);
	len = rtcp_make(buf, 11, 20);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTCP, buf, &len), DP_SRTP_OK);
	buf[10] ^= 1;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTCP, buf, &len), DP_SRTP_AUTH_FAIL);
	/* Too short for header + E/index + tag. */
	len = 8 + 4 + 9;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTCP, saved, &len), DP_SRTP_TOO_SHORT);
	dp_srtp_engine_native.ctx_stats(rx, &st);
	assert_int_equal(st.rtcp_packets, 1);
	assert_int_equal(st.n_streams, 1);
	free2(tx, rx);
}

static void test_mki(void **state)
{
	struct dp_srtp_policy pol = policy_hex(MS_SUITE_AES_CM_128_HMAC_SHA1_80, mkey, msalt);
	struct dp_srtp_ctx *tx, *rx, *rx0;
	uint8_t buf[PKT_ROOM], saved[PKT_ROOM];
	uint32_t len, saved_len;

	(void)state;
	pol.n_keys = 2;
	pol.keys[0].mki_len = pol.keys[1].mki_len = 2;
	pol.keys[0].mki[1] = 1;
	pol.keys[1].mki[1] = 2;
	unhex("00112233445566778899aabbccddeeff", pol.keys[1].key);
	pol.tx_key = 1;
	tx = dp_srtp_engine_native.ctx_create(&pol);
	pol.tx_key = 0;
	rx = dp_srtp_engine_native.ctx_create(&pol);
	assert_non_null(tx);
	assert_non_null(rx);

	len = rtp_make(buf, 1, 1, 32);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_OK);
	assert_int_equal(len, 44 + 2 + 10);
	assert_int_equal(buf[44], 0);
	assert_int_equal(buf[45], 2);	/* MKI before the tag */
	memcpy(saved, buf, sizeof(buf));
	saved_len = len;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_OK);
	assert_int_equal(len, 44);

	/* Key 1 only: the packet verifies only if its MKI picked key 1. */
	pol.n_keys = 1;
	pol.keys[0] = pol.keys[1];
	rx0 = dp_srtp_engine_native.ctx_create(&pol);
	memcpy(buf, saved, sizeof(buf));
	len = saved_len;
	assert_int_equal(one(rx0, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_OK);
	len = rtp_make(buf, 1, 2, 32);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_OK);
	buf[45] = 9;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_UNKNOWN_MKI);

	/* SRTCP carries the MKI after E/index. */
	len = rtcp_make(buf, 1, 8);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTCP, buf, &len), DP_SRTP_OK);
	assert_int_equal(len, 16 + 4 + 2 + 10);
	assert_int_equal(buf[21], 2);
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTCP, buf, &len), DP_SRTP_OK);
	free2(tx, rx);
	dp_srtp_engine_native.ctx_free(rx0);
}

static void test_key_lifetime(void **state)
{
	struct dp_srtp_ctx *tx = ctx_new(MS_SUITE_AEAD_AES_128_GCM, 0, 0);
	struct dp_srtp_ctx_stats st;
	uint8_t buf[PKT_ROOM];
	uint32_t len;

	(void)state;
	dp_srtp_engine_native.ctx_stats(tx, &st);
	assert_false(st.key_near_exhaustion);
	dp_srtp_native_test_set_used(tx, 0, (1ULL << 48) - 1, (1ULL << 31) - 1);
	dp_srtp_engine_native.ctx_stats(tx, &st);
	assert_true(st.key_near_exhaustion);
	len = rtp_make(buf, 1, 1, 10);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_OK);
	len = rtp_make(buf, 1, 2, 10);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_KEY_EXHAUSTED);
	len = rtcp_make(buf, 1, 8);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTCP, buf, &len), DP_SRTP_OK);
	len = rtcp_make(buf, 1, 8);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTCP, buf, &len), DP_SRTP_KEY_EXHAUSTED);
	dp_srtp_engine_native.ctx_free(tx);
}

static void test_streams(void **state)
{
	struct dp_srtp_ctx *tx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0);
	struct dp_srtp_ctx *rx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0);
	struct dp_srtp_ctx_stats st;
	uint8_t buf[PKT_ROOM];
	uint32_t len;

	(void)state;
	for (uint32_t ssrc = 1; ssrc <= DP_SRTP_MAX_STREAMS; ssrc++)
		assert_int_equal(send_recv(tx, rx, ssrc, 1), DP_SRTP_OK);
	len = rtp_make(buf, 99, 1, 10);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_NO_STREAM);
	dp_srtp_engine_native.ctx_stats(rx, &st);
	assert_int_equal(st.n_streams, DP_SRTP_MAX_STREAMS);
	assert_int_equal(st.packets, DP_SRTP_MAX_STREAMS);
	free2(tx, rx);

	/* A new SSRC that fails authentication does not take a slot. */
	rx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0);
	len = rtp_make(buf, 1, 1, 10) + 10;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_AUTH_FAIL);
	dp_srtp_engine_native.ctx_stats(rx, &st);
	assert_int_equal(st.n_streams, 0);
	dp_srtp_engine_native.ctx_free(rx);
}

static void test_malformed(void **state)
{
	struct dp_srtp_ctx *ctx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0);
	uint8_t buf[PKT_ROOM];
	uint32_t len;
	struct dp_srtp_pkt p;
	uint8_t v;

	(void)state;
	len = 11;
	assert_int_equal(one(ctx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_TOO_SHORT);
	len = rtp_make(buf, 1, 1, 10);
	buf[0] = 0x40;
	assert_int_equal(one(ctx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_BAD_HEADER);
	len = rtp_make(buf, 1, 1, 10);
	buf[0] = 0x85;			/* five CSRCs do not fit */
	assert_int_equal(one(ctx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_BAD_HEADER);
	len = rtp_make(buf, 1, 1, 10);
	buf[0] = 0x90;			/* extension of 0xffff words */
	buf[14] = buf[15] = 0xff;
	assert_int_equal(one(ctx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_BAD_HEADER);
	len = rtp_make(buf, 1, 1, 10);
	buf[0] = 0x90;			/* extension header cut off */
	len = 14;
	assert_int_equal(one(ctx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_BAD_HEADER);
	len = rtp_make(buf, 1, 1, 10);
	p = (struct dp_srtp_pkt){ buf, len, len + 9, ctx };
	dp_srtp_engine_native.burst(DP_SRTP_PROTECT_RTP, &p, 1, &v);
	assert_int_equal(v, DP_SRTP_NO_ROOM);
	len = rtp_make(buf, 1, 1, 0) + 9;	/* header + less than a tag */
	assert_int_equal(one(ctx, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_TOO_SHORT);
	len = 7;
	assert_int_equal(one(ctx, DP_SRTP_PROTECT_RTCP, buf, &len), DP_SRTP_TOO_SHORT);
	len = rtcp_make(buf, 1, 8);
	buf[0] = 0x01;
	assert_int_equal(one(ctx, DP_SRTP_UNPROTECT_RTCP, buf, &len), DP_SRTP_BAD_HEADER);
	dp_srtp_engine_native.ctx_free(ctx);
}

/* An extension header: authenticated and in the AAD, never encrypted. */
static void test_extension(void **state)
{
	struct dp_srtp_ctx *tx = ctx_new(MS_SUITE_AEAD_AES_128_GCM, 0, 0);
	struct dp_srtp_ctx *rx = ctx_new(MS_SUITE_AEAD_AES_128_GCM, 0, 0);
	uint8_t buf[PKT_ROOM], plain[PKT_ROOM];
	uint32_t len = rtp_make(buf, 1, 1, 40);

	(void)state;
	buf[0] = 0x90;
	buf[12] = 0xbe;
	buf[13] = 0xde;
	buf[14] = 0;
	buf[15] = 1;			/* one word of extension */
	memcpy(plain, buf, sizeof(buf));
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_OK);
	assert_memory_equal(buf, plain, 20);
	assert_memory_not_equal(buf + 20, plain + 20, 32);
	buf[17] ^= 1;
	assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_AUTH_FAIL);
	free2(tx, rx);
}

/* Every suite and flag combination round-trips and rejects a flipped bit. */
static void test_suites(void **state)
{
	static const uint32_t flag_sets[] = {
		0, MS_SRTP_F_UNENCRYPTED_SRTCP, MS_SRTP_F_UNENCRYPTED_SRTP,
		MS_SRTP_F_UNAUTHENTICATED_SRTP,
		MS_SRTP_F_UNENCRYPTED_SRTP | MS_SRTP_F_UNAUTHENTICATED_SRTP,
	};

	(void)state;
	for (int s = 1; s <= MS_SUITE_MAX; s++) {
		const struct ms_suite_info *si = ms_suite_info_get(s);

		for (size_t f = 0; f < sizeof(flag_sets) / sizeof(flag_sets[0]); f++) {
			uint32_t flags = flag_sets[f];
			struct dp_srtp_policy pol = policy_hex(s, mkey, msalt);
			struct dp_srtp_ctx *tx, *rx;
			uint8_t buf[PKT_ROOM], plain[PKT_ROOM];
			uint32_t len, plain_len;
			bool auth = !(flags & MS_SRTP_F_UNAUTHENTICATED_SRTP);

			pol.flags = flags;
			if (si->aead && (flags & (MS_SRTP_F_UNENCRYPTED_SRTP |
						  MS_SRTP_F_UNAUTHENTICATED_SRTP))) {
				errno = 0;
				assert_null(dp_srtp_engine_native.ctx_create(&pol));
				assert_int_equal(errno, EINVAL);
				continue;
			}
			tx = dp_srtp_engine_native.ctx_create(&pol);
			rx = dp_srtp_engine_native.ctx_create(&pol);
			assert_non_null(tx);
			assert_non_null(rx);

			for (unsigned int seq = 65534; seq < 65539; seq++) {
				plain_len = len = rtp_make(buf, 0x1234, (uint16_t)seq, 77);
				memcpy(plain, buf, len);
				assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_OK);
				assert_int_equal(len, plain_len + (auth ? si->tag_len : 0));
				assert_int_equal(!memcmp(buf + 12, plain + 12, 77),
						 si->null_cipher ||
						 (flags & MS_SRTP_F_UNENCRYPTED_SRTP));
				if (auth && seq == 65536) {
					buf[12] ^= 0x80;
					assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len),
							 DP_SRTP_AUTH_FAIL);
					continue;
				}
				assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_OK);
				assert_int_equal(len, plain_len);
				assert_memory_equal(buf, plain, len);
			}

			plain_len = len = rtcp_make(buf, 0x1234, 44);
			memcpy(plain, buf, len);
			assert_int_equal(one(tx, DP_SRTP_PROTECT_RTCP, buf, &len), DP_SRTP_OK);
			assert_int_equal(len, plain_len + 4 + si->rtcp_tag_len);
			assert_int_equal(!(flags & MS_SRTP_F_UNENCRYPTED_SRTCP) &&
					 !si->null_cipher,
					 buf[len - 4 - (si->aead ? 0 : si->rtcp_tag_len)] >> 7);
			assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTCP, buf, &len), DP_SRTP_OK);
			assert_int_equal(len, plain_len);
			assert_memory_equal(buf, plain, len);
			free2(tx, rx);
		}
	}
}

static void test_policy(void **state)
{
	struct dp_srtp_policy pol = policy_hex(MS_SUITE_AES_CM_128_HMAC_SHA1_80, mkey, msalt);
	struct dp_srtp_ctx *ctx;

	(void)state;
	pol.replay_window = 32;
	assert_null(dp_srtp_engine_native.ctx_create(&pol));
	pol.replay_window = 32769;
	assert_null(dp_srtp_engine_native.ctx_create(&pol));
	pol.replay_window = 0;
	pol.n_keys = 2;
	assert_null(dp_srtp_engine_native.ctx_create(&pol));	/* no MKI */
	pol.n_keys = 1;
	pol.flags = 1U << 7;
	assert_null(dp_srtp_engine_native.ctx_create(&pol));
	pol.flags = 0;
	pol.suite = MS_SUITE_UNSPEC;
	assert_null(dp_srtp_engine_native.ctx_create(&pol));
	dp_srtp_engine_native.ctx_free(NULL);

	pol.suite = MS_SUITE_AES_CM_128_HMAC_SHA1_80;
	ctx = dp_srtp_engine_native.ctx_create(&pol);
	print_message("ctx bytes, default policy: AES_CM_128 %zu (struct %zu)\n",
		      dp_srtp_native_ctx_size(ctx), sizeof(*ctx));
	dp_srtp_engine_native.ctx_free(ctx);
	pol.suite = MS_SUITE_AEAD_AES_128_GCM;
	ctx = dp_srtp_engine_native.ctx_create(&pol);
	print_message("ctx bytes, default policy: AEAD_AES_128_GCM %zu\n",
		      dp_srtp_native_ctx_size(ctx));
	dp_srtp_engine_native.ctx_free(ctx);
}

/*
 * Memory per live leg (PERFORMANCE.md: <= 1 KiB) is two contexts plus about
 * 150 bytes of dataplane tables, so a context with the default policy (one
 * key, no MKI, window 128) must stay within these pool sizes. GCM cannot:
 * ipsec-mb's VAES code reads all 1008 bytes of struct gcm_key_data.
 */
struct budget {
	enum ms_srtp_suite suite;
	size_t ipsecmb, evp;
};

static void test_ctx_budget(void **state)
{
	static const struct budget b[] = {
		{ MS_SUITE_AES_CM_128_HMAC_SHA1_80, 384, 256 },
		{ MS_SUITE_AES_CM_128_HMAC_SHA1_32, 384, 256 },
		{ MS_SUITE_NULL_HMAC_SHA1_80, 384, 256 },
		{ MS_SUITE_AEAD_AES_128_GCM, 1216, 192 },
	};
	bool evp = !strcmp(dp_srtp_native_backend()->name, "evp");

	(void)state;
	/* The header and stream 0 share one cache line. */
	assert_true(sizeof(struct dp_srtp_ctx) <= 64);
	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		struct dp_srtp_policy pol = policy_hex(b[i].suite, mkey, msalt);
		struct dp_srtp_ctx *ctx = dp_srtp_engine_native.ctx_create(&pol);
		size_t size;

		assert_non_null(ctx);
		size = dp_srtp_native_ctx_size(ctx);
		print_message("%s: %zu bytes per context\n", ms_suite_name(b[i].suite), size);
		assert_true(size <= (evp ? b[i].evp : b[i].ipsecmb));
		dp_srtp_engine_native.ctx_free(ctx);
	}
}

/* A packet of a new SSRC that fails authentication (tag bytes are junk). */
static uint32_t rtp_bad(uint8_t *buf, uint32_t ssrc, uint16_t seq)
{
	return rtp_make(buf, ssrc, seq, 10) + 10;
}

/*
 * Streams beyond the first come from the overflow pool and go back to it
 * when their packets all fail and when the context is freed.
 */
static void test_overflow_streams(void **state)
{
	struct dp_srtp_ctx *tx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0);
	struct dp_srtp_ctx *rx = ctx_new(MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0);
	unsigned int free0 = dp_srtp_native_test_streams_free(128);
	static uint8_t bufs[8][PKT_ROOM];
	struct dp_srtp_pkt pkts[8];
	struct dp_srtp_ctx_stats st;
	uint8_t v[8], buf[PKT_ROOM];
	uint32_t len;

	(void)state;
	assert_int_equal(send_recv(tx, rx, 1, 1), DP_SRTP_OK);
	for (uint32_t ssrc = 100; ssrc < 1100; ssrc++) {
		len = rtp_bad(buf, ssrc, 1);
		assert_int_equal(one(rx, DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_AUTH_FAIL);
	}
	assert_int_equal(dp_srtp_native_test_streams_free(128), free0);

	/* One burst: a new SSRC, all packets failing, then one that passes. */
	for (unsigned int i = 0; i < 8; i++) {
		pkts[i] = (struct dp_srtp_pkt){ .data = bufs[i], .room = PKT_ROOM, .ctx = rx };
		pkts[i].len = rtp_bad(bufs[i], 200, (uint16_t)(i + 1));
	}
	assert_int_equal(dp_srtp_engine_native.burst(DP_SRTP_UNPROTECT_RTP, pkts, 8, v), 0);
	assert_int_equal(dp_srtp_native_test_streams_free(128), free0);
	len = rtp_make(bufs[7], 300, 9, 160);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, bufs[7], &len), DP_SRTP_OK);
	pkts[7].len = len;
	for (unsigned int i = 0; i < 7; i++)
		pkts[i].len = rtp_bad(bufs[i], 300, (uint16_t)(i + 1));
	assert_int_equal(dp_srtp_engine_native.burst(DP_SRTP_UNPROTECT_RTP, pkts, 8, v), 1);
	assert_int_equal(v[7], DP_SRTP_OK);
	/* tx holds 300 too. */
	assert_int_equal(dp_srtp_native_test_streams_free(128), free0 - 2);
	dp_srtp_engine_native.ctx_stats(rx, &st);
	assert_int_equal(st.n_streams, 2);

	assert_int_equal(send_recv(tx, rx, 2, 1), DP_SRTP_OK);
	assert_int_equal(send_recv(tx, rx, 3, 1), DP_SRTP_OK);
	assert_int_equal(dp_srtp_native_test_streams_free(128), free0 - 6);
	len = rtp_make(buf, 4, 1, 10);
	assert_int_equal(one(tx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_NO_STREAM);
	/* Every stream keeps its own state. */
	for (uint16_t seq = 2; seq < 40; seq++)
		for (uint32_t ssrc = 1; ssrc <= 3; ssrc++)
			assert_int_equal(send_recv(tx, rx, ssrc, seq), DP_SRTP_OK);
	dp_srtp_engine_native.ctx_stats(rx, &st);
	assert_int_equal(st.n_streams, 4);
	free2(tx, rx);
	assert_int_equal(dp_srtp_native_test_streams_free(128), free0);
}

/* Two lcores taking and returning overflow streams at once. */
static void *stream_churn(void *arg)
{
	static const uint8_t tag[10];
	uint8_t bufs[4][64];
	uint8_t v[4];
	unsigned int *fails = arg;

	if (dp_srtp_engine_native.thread_init() != 0) {
		(*fails)++;
		return NULL;
	}
	for (unsigned int it = 0; it < 3000; it++) {
		struct dp_srtp_policy pol = policy_hex(MS_SUITE_AES_CM_128_HMAC_SHA1_80,
						       mkey, msalt);
		struct dp_srtp_ctx *ctx = dp_srtp_engine_native.ctx_create(&pol);
		struct dp_srtp_pkt pkts[4];
		struct dp_srtp_ctx_stats st;

		if (!ctx) {
			(*fails)++;
			continue;
		}
		for (int pass = 0; pass < 2; pass++) {
			for (uint32_t i = 0; i < 4; i++) {
				uint32_t len = 12 + 20;

				memset(bufs[i], 0, sizeof(bufs[i]));
				bufs[i][0] = 0x80;
				bufs[i][3] = 1;
				bufs[i][11] = (uint8_t)(i + 1);
				bufs[i][10] = (uint8_t)it;
				memcpy(bufs[i] + 12 + 10, tag, 10);
				pkts[i] = (struct dp_srtp_pkt){ bufs[i], pass ? 12 : len,
								sizeof(bufs[i]), ctx };
			}
			/* pass 0: four new SSRCs fail; pass 1: protect all four. */
			if (dp_srtp_engine_native.burst(pass ? DP_SRTP_PROTECT_RTP :
							DP_SRTP_UNPROTECT_RTP, pkts, 4, v) !=
			    (pass ? 4 : 0))
				(*fails)++;
		}
		dp_srtp_engine_native.ctx_stats(ctx, &st);
		if (st.n_streams != 4)
			(*fails)++;
		dp_srtp_engine_native.ctx_free(ctx);
	}
	return NULL;
}

static void test_overflow_threads(void **state)
{
	unsigned int fails[2] = { 0 }, free0 = dp_srtp_native_test_streams_free(128);
	pthread_t t[2];

	(void)state;
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, stream_churn, &fails[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(fails[0] + fails[1], 0);
	assert_true(dp_srtp_native_test_streams_free(128) >= free0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_estimate),
		cmocka_unit_test(test_roc_wrap),
		cmocka_unit_test(test_burst_equals_sequential),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_replay_32768),
		cmocka_unit_test(test_rtcp),
		cmocka_unit_test(test_mki),
		cmocka_unit_test(test_key_lifetime),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_extension),
		cmocka_unit_test(test_suites),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_ctx_budget),
		cmocka_unit_test(test_overflow_streams),
		cmocka_unit_test(test_overflow_threads),
	};

	print_message("crypto backend: %s\n", dp_srtp_native_backend()->name);
	assert_int_equal(dp_srtp_engine_native.thread_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
