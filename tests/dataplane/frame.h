/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test helpers for the dataplane: EAL set-up, frames built from fields
 * (never hex blobs), RTP/RTCP payloads, legs from the control schema, and
 * checksums computed here, independently of DPDK's.
 */
#ifndef MEDIASEC_TESTS_DATAPLANE_FRAME_H
#define MEDIASEC_TESTS_DATAPLANE_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/nl_msg.h"

struct rte_mbuf;
struct rte_mempool;

/*
 * EAL on lcores ("0"), no hugepages, no PCI; a pool of 2 KiB mbufs. Exits
 * on failure. 256 MiB of EAL memory, or mem_mb (the filter's LPM tables
 * take 64 MiB each and more).
 */
struct rte_mempool *test_eal_init(const char *prog, const char *lcores);
struct rte_mempool *test_eal_init_mem(const char *prog, const char *lcores,
				      unsigned int mem_mb);

struct frame_spec {
	int family;		/* AF_INET or AF_INET6 */
	const char *src, *dst;	/* addresses as text */
	uint16_t sport, dport;
	bool vlan;
	uint16_t vlan_tci;
	uint8_t tos;
	const uint8_t *payload;
	uint16_t payload_len;
};

/* Offsets into a built frame, for tests that break one field. */
struct frame_layout {
	uint16_t l3, l4, payload, len;
};

/* A valid frame with correct checksums; fails the test on no mbuf. */
struct rte_mbuf *frame_build(struct rte_mempool *mp, const struct frame_spec *fs,
			     struct frame_layout *lo);

/* Recompute the IPv4 header checksum after a test edited the header. */
void frame_fix_ip4_cksum(struct rte_mbuf *m, uint16_t l3);

/* RFC 1071 sum, independent of rte_raw_cksum. */
uint16_t inet_cksum(const void *data, size_t len, uint32_t seed);

/*
 * Check an output frame: Ethernet (optional tag) + IP + UDP with the given
 * ends, correct lengths and checksums. Returns the UDP payload and its length.
 */
const uint8_t *frame_check(const struct rte_mbuf *m, int family, const char *src,
			   uint16_t sport, const char *dst, uint16_t dport,
			   bool vlan, uint16_t *payload_len);

/* RTP v2 header (PT 0) + n bytes of 0xab; RTCP SR header + n bytes. */
uint16_t rtp_make(uint8_t *buf, uint32_t ssrc, uint16_t seq, uint16_t n);
uint16_t rtcp_make(uint8_t *buf, uint32_t ssrc, uint16_t n);

/* A leg as a parsed MS_CMD_LEG_NEW would give it. remote may be NULL. */
struct ms_leg leg_msg(uint32_t id, uint32_t peer, int family, const char *local,
		      uint16_t lport, const char *remote, uint16_t rport,
		      enum ms_leg_mode mode, uint32_t flags);
/* Give ml an SRTP direction (in or out) with a key made of byte key_byte. */
void leg_msg_srtp(struct ms_leg *ml, bool in, enum ms_srtp_suite suite,
		  uint8_t key_byte);
/* The dp_srtp_policy matching leg_msg_srtp(), for the far end's engine. */
struct dp_srtp_policy;
void far_policy(struct dp_srtp_policy *pol, enum ms_srtp_suite suite,
		uint8_t key_byte);

#endif /* MEDIASEC_TESTS_DATAPLANE_FRAME_H */
