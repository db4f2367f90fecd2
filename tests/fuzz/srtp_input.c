/* SPDX-License-Identifier: BSD-3-Clause */
/* Records of the SRTP fuzz inputs: see srtp_input.h. */
#include <string.h>

#include "srtp_input.h"

uint16_t fz_input_split(const uint8_t *data, size_t size, struct fz_span *out,
			uint16_t max)
{
	uint16_t n = 0;

	while (size > 0 && n < max) {
		size_t len = size;

		/* A lone last byte has no room for a length: it is a packet. */
		if (size >= 2) {
			len = (size_t)data[0] << 8 | data[1];
			data += 2;
			size -= 2;
			if (len > size)
				len = size;
		}
		out[n].p = data;
		out[n].len = (uint32_t)len;
		n++;
		data += len;
		size -= len;
	}
	return n;
}

int fz_input_put(uint8_t *buf, size_t *off, size_t cap, const uint8_t *pkt,
		 uint32_t len)
{
	if (len > 0xffff || cap < *off || cap - *off < 2 + (size_t)len)
		return -1;
	buf[*off] = (uint8_t)(len >> 8);
	buf[*off + 1] = (uint8_t)len;
	memcpy(buf + *off + 2, pkt, len);
	*off += 2 + (size_t)len;
	return 0;
}
