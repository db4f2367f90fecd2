/* SPDX-License-Identifier: BSD-3-Clause */
/* Before timing anything: native and libsrtp2 agree on a few packets per suite. */
#ifndef MEDIASEC_BENCH_SRTP_SELFCHECK_H
#define MEDIASEC_BENCH_SRTP_SELFCHECK_H

#include "opts.h"

/* 0 when they agree on every selected suite; -1 with the reason on stderr. */
int bench_selfcheck(const struct bench_opts *o);

#endif /* MEDIASEC_BENCH_SRTP_SELFCHECK_H */
