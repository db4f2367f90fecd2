/* SPDX-License-Identifier: BSD-3-Clause */
/* Sample messages: at least one request per command, and the replies. */
#ifndef MEDIASEC_TESTS_NETLINK_SAMPLES_H
#define MEDIASEC_TESTS_NETLINK_SAMPLES_H

#include <stddef.h>
#include <linux/types.h>

struct ms_msg;
struct nl_msg;

struct sample {
	const char *name;
	__u8 cmd;
	__u16 nl_flags;		/* NLM_F_REQUEST for requests */
	void (*fill)(struct ms_msg *m);
};

extern const struct sample samples[];
extern const size_t nsamples;

/* A zeroed message with sample s filled in and its header set. */
struct ms_msg *sample_new(const struct sample *s);
/* Serialise m; returns a malloc'd copy of the bytes and their length. */
void *sample_bytes(const struct ms_msg *m, size_t *len);

extern const __u8 sample_cert_der[];
extern const size_t sample_cert_der_len;

#endif /* MEDIASEC_TESTS_NETLINK_SAMPLES_H */
