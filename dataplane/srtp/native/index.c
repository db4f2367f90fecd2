/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet index estimation (RFC 3711 §3.3.1 and Appendix A) and the per-packet
 * IVs (RFC 3711 §4.1.1, RFC 7714 §8.1 and §9.1).
 */
#include <endian.h>
#include <string.h>

#include "native.h"

#define SEQ_MEDIAN	0x8000
#define SEQ_MAX		0x10000

/*
 * Guess the 48-bit index of seq from the highest index seen so far; returns
 * the distance from it. Like libsrtp's rdbx, a stream whose index is still
 * at most 2^15 is assumed to be in ROC 0, so the very first packets never
 * guess ROC -1.
 */
int32_t dp_srtp_index_estimate(uint64_t local, uint16_t seq, uint64_t *est)
{
	uint32_t roc = (uint32_t)(local >> 16);
	uint16_t lseq = (uint16_t)local;
	int32_t delta;

	if (local <= SEQ_MEDIAN) {
		*est = seq;
		return (int32_t)seq - (int32_t)lseq;
	}
	if (lseq < SEQ_MEDIAN) {
		if ((int32_t)seq - lseq > SEQ_MEDIAN) {
			roc--;
			delta = (int32_t)seq - lseq - SEQ_MAX;
		} else {
			delta = (int32_t)seq - lseq;
		}
	} else {
		if (lseq - SEQ_MEDIAN > seq) {
			roc++;
			delta = (int32_t)seq - lseq + SEQ_MAX;
		} else {
			delta = (int32_t)seq - lseq;
		}
	}
	*est = (uint64_t)roc << 16 | seq;
	return delta;
}

/*
 * IV = (salt << 16) XOR (SSRC << 64) XOR (index << 16); SRTCP passes its
 * index. Built as two big-endian words: this runs once per packet.
 */
void dp_srtp_iv_cm(uint8_t iv[16], const uint8_t salt[SRTP_SALT_STORE],
		   uint32_t ssrc_be, uint64_t index)
{
	uint64_t hi, lo;

	memcpy(&hi, salt, 8);
	memcpy(&lo, salt + 8, 8);	/* bytes 14 and 15 are the zero padding */
	hi ^= htobe64(be32toh(ssrc_be));
	lo ^= htobe64(index << 16);
	memcpy(iv, &hi, 8);
	memcpy(iv + 8, &lo, 8);
}

/*
 * IV = (00 00 || SSRC || index field) XOR salt. The 48-bit field is ROC || SEQ
 * for SRTP, and 0 || 0-bit || 31-bit index for SRTCP: the caller passes the
 * value that lands in bytes 6..11.
 */
void dp_srtp_iv_gcm(uint8_t iv[12], const uint8_t salt[12], uint32_t ssrc_be,
		    uint64_t index_field)
{
	memcpy(iv, salt, 12);
	iv[2] ^= (uint8_t)ssrc_be;
	iv[3] ^= (uint8_t)(ssrc_be >> 8);
	iv[4] ^= (uint8_t)(ssrc_be >> 16);
	iv[5] ^= (uint8_t)(ssrc_be >> 24);
	for (int i = 0; i < 6; i++)
		iv[11 - i] ^= (uint8_t)(index_field >> (8 * i));
}
