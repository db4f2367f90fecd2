/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * intel-ipsec-mb backend: AES-CTR + HMAC-SHA1 and AES-GCM through the job
 * API. A burst is submitted whole and collected after one flush, so the
 * multi-buffer code hashes and ciphers several packets in parallel lanes.
 *
 * SRTP key schedules (AES round keys, HMAC ipad/opad states, GCM key data)
 * are computed at ctx create. SRTCP ones are not stored: RTCP is about 1% of
 * the packets, so they are expanded per packet into per-thread scratch, which
 * keeps a context ~1 KiB smaller for GCM.
 *
 * Jobs go in with IMB_SUBMIT_JOB_NOCHECK: every field is set below from
 * lengths that prepare() has already checked against the packet.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>

#include "native.h"

#ifdef MS_HAVE_IPSEC_MB
#include <intel-ipsec-mb.h>

#define HMAC_SHA1_TAG_LEN	12	/* shortest output ipsec-mb allows */
#define SHA1_BLOCK		64
#define SCRATCH_SLOT		sizeof(struct gcm_key_data)
#define SCRATCH_SLOTS		32	/* the engine's chunk */

/*
 * AES-CM/HMAC schedule: the 11 (AES-128) or 15 (AES-256) round keys, 16-byte
 * aligned, then the HMAC-SHA1 inner and outer states right after them (no
 * padding: prep_size() bytes are stored, not sizeof this).
 */
struct cm_prep {
	uint8_t enc_keys[15 * 16] __attribute__((aligned(16)));
};

static size_t round_keys_len(unsigned int key_len)
{
	return key_len == 32 ? 15 * 16 : 11 * 16;
}

static uint8_t *cm_ipad(const struct cm_prep *cm, unsigned int key_len)
{
	return (uint8_t *)cm + round_keys_len(key_len);
}

static uint8_t *cm_opad(const struct cm_prep *cm, unsigned int key_len)
{
	return cm_ipad(cm, key_len) + 20;
}

/* Per thread, in key-safe (non-dumped) memory: it sees key material. */
struct mb_thread {
	IMB_MGR *mgr;
	uint8_t *scratch;		/* SCRATCH_SLOTS SRTCP key schedules */
};

static __thread struct mb_thread th;

/* A manager for key setup on the control path; its helpers keep no state. */
static IMB_MGR *ctl_mgr;
static pthread_once_t ctl_once = PTHREAD_ONCE_INIT;

static IMB_MGR *mgr_new(void)
{
	void *mem = dp_srtp_pool_alloc(imb_get_mb_mgr_size());
	IMB_MGR *m;

	if (!mem)
		return NULL;
	m = imb_set_pointers_mb_mgr(mem, 0, 1);
	init_mb_mgr_auto(m, NULL);
	return m;
}

static void ctl_init(void)
{
	ctl_mgr = mgr_new();
}

static bool usable(void)
{
	return (imb_get_feature_flags() & IMB_FEATURE_AESNI) != 0;
}

/*
 * GCM: the whole gcm_key_data; the VAES/AVX-512 path reads its hash key
 * powers up to the last byte even for short packets (tried: any truncation
 * fails), so none of it can go.
 */
static size_t prep_size(const struct ms_suite_info *si)
{
	return si->aead ? sizeof(struct gcm_key_data) :
			  round_keys_len(si->key_len) + 2 * 20;
}

static void hmac_state(IMB_MGR *m, const uint8_t *key, uint8_t pad, uint8_t *out)
{
	uint8_t block[SHA1_BLOCK];

	memset(block, pad, sizeof(block));
	for (unsigned int i = 0; i < SRTP_AUTH_KEY_LEN; i++)
		block[i] ^= key[i];
	IMB_SHA1_ONE_BLOCK(m, block, out);
	OPENSSL_cleanse(block, sizeof(block));
}

/*
 * key_len 0: NULL cipher, HMAC states only. mac_len is where the HMAC
 * states go (the suite's key length; differs from key_len for NULL).
 * auth NULL: leave the HMAC states as they are.
 */
static void expand(IMB_MGR *m, bool aead, unsigned int key_len,
		   unsigned int mac_len, const uint8_t *enc, const uint8_t *auth,
		   void *out)
{
	uint8_t dec_keys[15 * 16] __attribute__((aligned(16)));
	struct cm_prep *cm = out;

	if (aead) {
		if (key_len == 32)
			IMB_AES256_GCM_PRE(m, enc, out);
		else
			IMB_AES128_GCM_PRE(m, enc, out);
		return;
	}
	if (key_len == 32)
		IMB_AES_KEYEXP_256(m, enc, cm->enc_keys, dec_keys);
	else if (key_len)
		IMB_AES_KEYEXP_128(m, enc, cm->enc_keys, dec_keys);
	OPENSSL_cleanse(dec_keys, sizeof(dec_keys));
	if (auth) {
		hmac_state(m, auth, 0x36, cm_ipad(cm, mac_len));
		hmac_state(m, auth, 0x5c, cm_opad(cm, mac_len));
	}
}

static int prepare(const struct ms_suite_info *si, const uint8_t *enc,
		   const uint8_t *auth, void *prep)
{
	pthread_once(&ctl_once, ctl_init);
	if (!ctl_mgr)
		return -ENOMEM;
	expand(ctl_mgr, si->aead, si->null_cipher ? 0 : si->key_len, si->key_len,
	       enc, auth, prep);
	return 0;
}

static int thread_init(void)
{
	if (!th.mgr)
		th.mgr = mgr_new();
	if (!th.scratch)
		th.scratch = dp_srtp_pool_alloc(SCRATCH_SLOT * SCRATCH_SLOTS);
	return th.mgr && th.scratch ? 0 : -ENOMEM;
}

static bool is_protect(const struct crypto_op *op)
{
	return op->kind == OP_CM_PROTECT || op->kind == OP_GCM_PROTECT;
}

static void fill_cm(IMB_JOB *job, struct crypto_op *op, const struct cm_prep *cm)
{
	unsigned int mac_len = op->mac_len;

	job->cipher_mode = op->key_len && op->cipher_len ? IMB_CIPHER_CNTR :
							  IMB_CIPHER_NULL;
	job->enc_keys = cm->enc_keys;
	job->dec_keys = cm->enc_keys;	/* CTR only ever encrypts */
	job->key_len_in_bytes = op->key_len;
	job->iv = op->iv;
	job->iv_len_in_bytes = 16;
	if (op->auth_len) {
		job->hash_alg = IMB_AUTH_HMAC_SHA_1;
		job->hash_start_src_offset_in_bytes = 0;
		job->msg_len_to_hash_in_bytes = op->auth_len;
		job->auth_tag_output = is_protect(op) ? op->tag : op->calc;
		job->auth_tag_output_len_in_bytes = HMAC_SHA1_TAG_LEN;
		job->u.HMAC._hashed_auth_key_xor_ipad = cm_ipad(cm, mac_len);
		job->u.HMAC._hashed_auth_key_xor_opad = cm_opad(cm, mac_len);
	} else {
		job->hash_alg = IMB_AUTH_NULL;
	}
}

static void fill_gcm(IMB_JOB *job, struct crypto_op *op, const void *gcm)
{
	job->cipher_mode = IMB_CIPHER_GCM;
	job->hash_alg = IMB_AUTH_AES_GMAC;
	job->enc_keys = gcm;
	job->dec_keys = gcm;
	job->key_len_in_bytes = op->key_len;
	job->iv = op->iv;
	job->iv_len_in_bytes = 12;
	job->u.GCM.aad = op->aad;
	job->u.GCM.aad_len_in_bytes = op->aad_len;
	job->hash_start_src_offset_in_bytes = op->cipher_off;
	job->msg_len_to_hash_in_bytes = op->cipher_len;
	job->auth_tag_output = !is_protect(op) ? op->calc :
			       op->tag_out ? op->tag_out : op->tag;
	job->auth_tag_output_len_in_bytes = SRTP_GCM_TAG_LEN;
}

static void complete(IMB_JOB *job)
{
	struct crypto_op *op = job->user_data;

	if (job->status != IMB_STATUS_COMPLETED)
		op->ok = 0;
	else if (is_protect(op) || !op->tag_len)
		op->ok = 1;
	else
		dp_srtp_crypto_verify(op);
}

static void submit(IMB_MGR *m, struct crypto_op *op, const void *prep)
{
	IMB_JOB *job = IMB_GET_NEXT_JOB(m);

	job->src = op->buf;
	job->dst = op->buf + op->cipher_off;
	job->cipher_start_src_offset_in_bytes = op->cipher_off;
	job->msg_len_to_cipher_in_bytes = op->cipher_len;
	job->cipher_direction = is_protect(op) ? IMB_DIR_ENCRYPT : IMB_DIR_DECRYPT;
	/* Protect: hash the ciphertext; unprotect: before decrypting it. */
	job->chain_order = is_protect(op) ? IMB_ORDER_CIPHER_HASH :
					    IMB_ORDER_HASH_CIPHER;
	job->user_data = op;
	if (op->kind >= OP_GCM_PROTECT)
		fill_gcm(job, op, prep);
	else
		fill_cm(job, op, prep);
	for (job = IMB_SUBMIT_JOB_NOCHECK(m); job; job = IMB_GET_COMPLETED_JOB(m))
		complete(job);
}

static void run(struct crypto_op *ops, unsigned int n)
{
	IMB_JOB *job;

	if (!th.mgr && thread_init() != 0) {
		for (unsigned int i = 0; i < n; i++)
			ops[i].ok = 0;
		return;
	}
	for (unsigned int i = 0; i < n; i++) {
		struct crypto_op *op = &ops[i];
		const void *prep = op->prep;

		if (op->kind <= OP_CM_UNPROTECT && !op->auth_len &&
		    !(op->key_len && op->cipher_len)) {
			op->ok = 1;	/* NULL cipher without auth: nothing to do */
			continue;
		}
		if (!prep) {
			prep = th.scratch + i * SCRATCH_SLOT;
			expand(th.mgr, op->kind >= OP_GCM_PROTECT, op->key_len,
			       op->mac_len, op->enc, op->auth,
			       th.scratch + i * SCRATCH_SLOT);
		}
		submit(th.mgr, op, prep);
	}
	while ((job = IMB_FLUSH_JOB(th.mgr)))
		complete(job);
}

const struct crypto_backend dp_srtp_crypto_ipsecmb = {
	.name = "ipsec-mb",
	.usable = usable,
	.prep_size = prep_size,
	.prepare = prepare,
	.thread_init = thread_init,
	.run = run,
};

#else /* !MS_HAVE_IPSEC_MB */

static bool usable(void)
{
	return false;
}

const struct crypto_backend dp_srtp_crypto_ipsecmb = {
	.name = "ipsec-mb",
	.usable = usable,
};

#endif
