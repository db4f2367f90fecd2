/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The input format of the SRTP fuzz targets: selector bytes (each target
 * says how many and what they mean), then a burst of packets as records
 *
 *   [length, 16 bits big-endian][length bytes] ...
 *
 * A length running past the end takes what is left, so any byte string is
 * a valid input: a plain blob is a burst of one packet, and the fuzzer can
 * still learn to cut it into several. Bursts are longer than the native
 * engine's chunk of 32 so that chunk edges are fuzzed too.
 */
#ifndef MEDIASEC_TESTS_FUZZ_SRTP_INPUT_H
#define MEDIASEC_TESTS_FUZZ_SRTP_INPUT_H

#include <stddef.h>
#include <stdint.h>

#define FZ_BURST_MAX	40

struct fz_span {
	const uint8_t *p;
	uint32_t len;
};

/* Cut data into at most max packets; returns how many. Nothing is copied. */
uint16_t fz_input_split(const uint8_t *data, size_t size, struct fz_span *out,
			uint16_t max);

/*
 * For the corpus generator: append one record at buf + *off. Returns 0, or
 * -1 when it does not fit in cap (nothing written).
 */
int fz_input_put(uint8_t *buf, size_t *off, size_t cap, const uint8_t *pkt,
		 uint32_t len);

#endif /* MEDIASEC_TESTS_FUZZ_SRTP_INPUT_H */
