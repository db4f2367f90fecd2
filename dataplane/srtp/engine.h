/* SPDX-License-Identifier: BSD-3-Clause */
/* The engines behind dp_srtp_engine_find(); one file each. */
#ifndef MEDIASEC_DATAPLANE_SRTP_ENGINE_H
#define MEDIASEC_DATAPLANE_SRTP_ENGINE_H

#include "srtp.h"

extern const struct dp_srtp_engine dp_srtp_engine_native;	/* native/ */
extern const struct dp_srtp_engine dp_srtp_engine_libsrtp2;	/* engine_libsrtp2.c */

#endif /* MEDIASEC_DATAPLANE_SRTP_ENGINE_H */
