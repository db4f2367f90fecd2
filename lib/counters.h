/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef MEDIASEC_LIB_COUNTERS_H
#define MEDIASEC_LIB_COUNTERS_H

#include "nl_msg.h"

/* sum += c: packets, bytes and drops by reason; present bits untouched. */
void ms_counters_add(struct ms_counters *sum, const struct ms_counters *c);

/* Drops with a zero count stay off the wire, as for legs: present = nonzero. */
void ms_drops_mark_present(struct ms_counters *c);

#endif /* MEDIASEC_LIB_COUNTERS_H */
