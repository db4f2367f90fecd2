/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Known-answer tests of the native SRTP engine: RFC 3711 B.2 (AES-CM
 * keystream) and B.3 (key derivation), RFC 6188 §7.2 (AES-256 KDF), RFC 7714
 * §16-17 (AEAD packets), and the packets of libsrtp's own self-test
 * (srtp_validate*), which pin the SRTCP layout and first index.
 * Run once per crypto backend (see meson.build).
 */
#include <stdlib.h>

#include "util.h"

struct kat_packet {
	const char *name;
	enum ms_srtp_suite suite;
	uint32_t flags;
	const char *key, *salt;		/* master key, or session key if session */
	bool session;
	uint32_t rtcp_index;		/* SRTCP: index the packet must carry */
	bool rtcp;
	const char *plain, *protected;
};

static const char *const rfc7714_rtp =
	"8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973"
	"20646976 69736120 696e2070 61727465 73207472 6573";
static const char *const rfc7714_rtcp =
	"81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930"
	"4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";
static const char *const libsrtp_rtp =
	"800f1234 decafbad cafebabe abababab abababab abababab abababab";
static const char *const libsrtp_rtcp =
	"81c8000b cafebabe abababab abababab abababab abababab";

static const struct kat_packet kats[] = {
	{ "RFC 7714 16.1 AEAD_AES_128_GCM SRTP", MS_SUITE_AEAD_AES_128_GCM, 0,
	  "000102030405060708090a0b0c0d0e0f", "517569642070726f2071756f", true, 0, false,
	  rfc7714_rtp,
	  "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f"
	  "42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce" },
	{ "RFC 7714 16.2 AEAD_AES_256_GCM SRTP", MS_SUITE_AEAD_AES_256_GCM, 0,
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "517569642070726f2071756f", true, 0, false,
	  rfc7714_rtp,
	  "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3"
	  "b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13" },
	{ "RFC 7714 17.1 AEAD_AES_128_GCM SRTCP", MS_SUITE_AEAD_AES_128_GCM, 0,
	  "000102030405060708090a0b0c0d0e0f", "517569642070726f2071756f", true, 0x5d4, true,
	  rfc7714_rtcp,
	  "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1"
	  "730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4" },
	{ "RFC 7714 17.2 AEAD_AES_256_GCM SRTCP", MS_SUITE_AEAD_AES_256_GCM, 0,
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  "517569642070726f2071756f", true, 0x5d4, true,
	  rfc7714_rtcp,
	  "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1"
	  "110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4" },
	{ "libsrtp AES_CM_128_HMAC_SHA1_80 SRTP", MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0,
	  "e1f97a0d3e018be0d64fa32c06de4139", "0ec675ad498afeebb6960b3aabe6", false, 0, false,
	  libsrtp_rtp,
	  "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb" },
	{ "libsrtp AES_CM_128_HMAC_SHA1_80 SRTCP", MS_SUITE_AES_CM_128_HMAC_SHA1_80, 0,
	  "e1f97a0d3e018be0d64fa32c06de4139", "0ec675ad498afeebb6960b3aabe6", false, 1, true,
	  libsrtp_rtcp,
	  "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798" },
	{ "libsrtp AES_256_CM_HMAC_SHA1_80 SRTP", MS_SUITE_AES_256_CM_HMAC_SHA1_80, 0,
	  "f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6",
	  "3b04803de51ee7c96423ab5b78d2", false, 0, false,
	  libsrtp_rtp,
	  "800f1234decafbadcafebabef1d9de17ff251ff1aa007774b0b4b40da08d9d9a5b3a55d8873b" },
	{ "libsrtp NULL_HMAC_SHA1_80 SRTP", MS_SUITE_NULL_HMAC_SHA1_80, 0,
	  "e1f97a0d3e018be0d64fa32c06de4139", "0ec675ad498afeebb6960b3aabe6", false, 0, false,
	  libsrtp_rtp,
	  "800f1234decafbadcafebabeababababababababababababababababab"
	  "a136270b679134ce9b" },
	{ "libsrtp AEAD_AES_128_GCM SRTP (KDF, 12-byte salt)", MS_SUITE_AEAD_AES_128_GCM, 0,
	  "000102030405060708090a0b0c0d0e0f", "a0a1a2a3a4a5a6a7a8a9aaab", false, 0, false,
	  libsrtp_rtp,
	  "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201"
	  "df3131a127e8a392" },
	{ "libsrtp AEAD_AES_128_GCM SRTCP (first index 1)", MS_SUITE_AEAD_AES_128_GCM, 0,
	  "000102030405060708090a0b0c0d0e0f", "a0a1a2a3a4a5a6a7a8a9aaab", false, 1, true,
	  libsrtp_rtcp,
	  "81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123b"
	  "a88ce61e80000001" },
};

static struct dp_srtp_ctx *kat_ctx(const struct kat_packet *k)
{
	struct dp_srtp_policy pol = { .suite = k->suite, .flags = k->flags, .n_keys = 1 };
	uint8_t key[32], salt[14] = { 0 };
	struct dp_srtp_ctx *ctx;

	if (!k->session)
		pol = policy_hex(k->suite, k->key, k->salt);
	pol.flags = k->flags;
	ctx = dp_srtp_engine_native.ctx_create(&pol);
	assert_non_null(ctx);
	if (k->session) {
		unhex(k->key, key);
		unhex(k->salt, salt);
		assert_int_equal(dp_srtp_native_test_set_session(ctx, k->rtcp, key,
								 salt, NULL), 0);
	}
	return ctx;
}

static void test_kat_packets(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(kats) / sizeof(kats[0]); i++) {
		const struct kat_packet *k = &kats[i];
		uint8_t buf[PKT_ROOM] = { 0 }, plain[256], prot[256];
		uint32_t plain_len = (uint32_t)unhex(k->plain, plain);
		uint32_t prot_len = (uint32_t)unhex(k->protected, prot), len;
		struct dp_srtp_ctx *tx = kat_ctx(k), *rx = kat_ctx(k);

		print_message("%s\n", k->name);
		if (k->rtcp_index > 1) {
			uint32_t ssrc;

			memcpy(&ssrc, plain + 4, 4);
			assert_int_equal(dp_srtp_native_test_set_rtcp_index(
					 tx, ssrc, k->rtcp_index - 1), 0);
		}
		memcpy(buf, plain, plain_len);
		len = plain_len;
		assert_int_equal(one(tx, k->rtcp ? DP_SRTP_PROTECT_RTCP :
					 DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_OK);
		assert_int_equal(len, prot_len);
		assert_memory_equal(buf, prot, prot_len);

		memset(buf, 0, sizeof(buf));
		memcpy(buf, prot, prot_len);
		len = prot_len;
		assert_int_equal(one(rx, k->rtcp ? DP_SRTP_UNPROTECT_RTCP :
					 DP_SRTP_UNPROTECT_RTP, buf, &len), DP_SRTP_OK);
		assert_int_equal(len, plain_len);
		assert_memory_equal(buf, plain, plain_len);

		dp_srtp_engine_native.ctx_free(tx);
		dp_srtp_engine_native.ctx_free(rx);
	}
}

/* RFC 3711 B.2: AES-CM keystream, through the packet path (SSRC 0, index 0). */
static void test_kat_keystream(void **state)
{
	static const char *const blocks =
		"E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB"
		"41E95B3BB0A2E8DD477901E4FCA894C0";
	struct dp_srtp_policy pol = {
		.suite = MS_SUITE_AES_CM_128_HMAC_SHA1_80,
		.flags = MS_SRTP_F_UNAUTHENTICATED_SRTP, .n_keys = 1,
	};
	uint8_t key[16], salt[14], want[48], buf[PKT_ROOM];
	uint32_t len = rtp_make(buf, 0, 0, 48);
	struct dp_srtp_ctx *ctx = dp_srtp_engine_native.ctx_create(&pol);
	uint8_t *ks = malloc(65282 * 16), iv[16];

	(void)state;
	assert_non_null(ctx);
	unhex("2B7E151628AED2A6ABF7158809CF4F3C", key);
	unhex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD", salt);
	unhex(blocks, want);
	assert_int_equal(dp_srtp_native_test_set_session(ctx, false, key, salt, NULL), 0);
	memset(buf + 12, 0, 48);
	assert_int_equal(one(ctx, DP_SRTP_PROTECT_RTP, buf, &len), DP_SRTP_OK);
	assert_int_equal(len, 60);
	assert_memory_equal(buf + 12, want, 48);
	dp_srtp_engine_native.ctx_free(ctx);

	/* The whole segment through the KDF's PRF: the tail blocks of B.2. */
	assert_non_null(ks);
	memcpy(iv, salt, 14);
	iv[14] = iv[15] = 0;
	assert_int_equal(dp_srtp_kdf_prf(key, 16, iv, ks, 65282 * 16), 0);
	assert_memory_equal(ks, want, 48);
	unhex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE"
	      "6A2CC3787889374FBEB4C81B17BA6C44", want);
	assert_memory_equal(ks + 0xfeff * 16, want, 48);
	free(ks);
}

struct kdf_vector {
	enum ms_srtp_suite suite;
	const char *mkey, *msalt, *enc, *salt, *auth;
};

/*
 * RFC 3711 B.3 and RFC 6188 §7.2, checked on the session keys that context
 * creation derives (a context keeps only schedules of the SRTP ones: the
 * packet KATs check that it uses them).
 */
static void test_kat_kdf(void **state)
{
	static const struct kdf_vector v[] = {
		{ MS_SUITE_AES_CM_128_HMAC_SHA1_80, "E1F97A0D3E018BE0D64FA32C06DE4139",
		  "0EC675AD498AFEEBB6960B3AABE6", "C61E7A93744F39EE10734AFE3FF7A087",
		  "30CBBC08863D8C85D49DB34A9AE1", "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4" },
		{ MS_SUITE_AES_256_CM_HMAC_SHA1_80,
		  "f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6",
		  "3b04803de51ee7c96423ab5b78d2",
		  "5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4",
		  "fa31791685ca444a9e07c6c64e93", "fd9c32d39ed5fbb5a9dc96b30818454d1313dc05" },
	};
	static const char *const b3_auth_94 =
		"CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE"
		"E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25"
		"6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2";
	uint8_t want[94], got[94], mkey[16], msalt[14];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct dp_srtp_policy pol = policy_hex(v[i].suite, v[i].mkey, v[i].msalt);
		struct session_raw rtp, rtcp;
		size_t n;

		assert_int_equal(dp_srtp_kdf_session(ms_suite_info_get(v[i].suite),
						     &pol.keys[0], &rtp, &rtcp), 0);
		n = unhex(v[i].enc, want);
		assert_memory_equal(rtp.enc, want, n);
		n = unhex(v[i].salt, want);
		assert_memory_equal(rtp.salt, want, n);
		n = unhex(v[i].auth, want);
		assert_memory_equal(rtp.auth, want, n);
	}
	/* The PRF beyond one block: B.3's 94-byte auth key output. */
	unhex(v[0].mkey, mkey);
	unhex(v[0].msalt, msalt);
	assert_int_equal(dp_srtp_kdf_derive(mkey, 16, msalt, 14, 1, got, 94), 0);
	unhex(b3_auth_94, want);
	assert_memory_equal(got, want, 94);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kat_keystream),
		cmocka_unit_test(test_kat_kdf),
		cmocka_unit_test(test_kat_packets),
	};

	const char *force = getenv("MEDIASEC_SRTP_CRYPTO");

	print_message("crypto backend: %s\n", dp_srtp_native_backend()->name);
	/* The EVP run must really run EVP, or the backend goes untested. */
	if (force && !strcmp(force, "evp") && strcmp(dp_srtp_native_backend()->name, "evp"))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
