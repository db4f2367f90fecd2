/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The packet filter's test data, shared by every build of the filter under
 * test: the policy to install, the case table (frame, configuration,
 * expected verdict, reason and event) and the frames to truncate.
 */
#ifndef MEDIASEC_TESTS_BPF_CASES_H
#define MEDIASEC_TESTS_BPF_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "filter_abi.h"
#include "pkt_build.h"

#define NS_PER_S	1000000000ULL

/* Policy, installed once before the cases. */
struct policy_ports {
	uint8_t proto;
	uint16_t lo, hi;
	enum ms_pf_port_class cls;
	uint16_t realm;
};

struct policy_deny {
	const char *prefix;
	int expiry;		/* < 0 in the past, 0 permanent, > 0 in a minute */
};

/* How far in the past an expiry < 0 lies: more than the tick by which the
 * filter's coarse clock (pf_env_now_coarse()) may lag CLOCK_MONOTONIC. */
#define CASE_EXPIRED_AGO	NS_PER_S

struct policy_pinhole {
	uint8_t proto;
	uint16_t port;
	const char *remote;	/* NULL: not latched */
	uint16_t remote_port;
};

extern const struct policy_ports policy_ports[];
extern const size_t policy_ports_n;
extern const struct policy_deny policy_deny[];
extern const size_t policy_deny_n;
extern const char *const policy_allow[];
extern const size_t policy_allow_n;
extern const struct policy_pinhole policy_pinholes[];
extern const size_t policy_pinholes_n;

/* Configuration a case runs with; NULL in a case means case_cfg_base. */
struct case_cfg {
	uint32_t flags;		/* MS_PF_F_* */
	uint32_t rate_pps, rate_burst;
	uint32_t scan_threshold, scan_window_ms;
	int xsk;		/* an AF_XDP socket on rx queue 0 */
};

extern const struct case_cfg case_cfg_base;

struct tcase {
	const char *name;
	const struct case_cfg *cfg;
	struct pkt_spec pkt;
	unsigned int repeat;	/* 0 = 1 */
	int verdict;		/* enum ms_pf_verdict */
	int reason;		/* ms_drop_reason for drops, ms_pf_accept else */
	int event;		/* kind expected exactly once; NONE: no event */
};

extern const struct tcase cases[];
extern const size_t cases_n;

/* Every cut of these frames must drop as malformed; whole, they pass. */
extern const struct pkt_spec truncated[];
extern const size_t truncated_n;

/* The deny entry only hit after a reopen (XDP: pins survive). */
extern const struct tcase case_after_reopen;
/* The policy's allowlist removed, then added again (XDP: MS_PF_F_ALLOWLIST). */
extern const struct tcase case_allowlist_emptied;
extern const struct tcase case_allowlist_back;

void case_config(const struct case_cfg *c, struct ms_pf_config *out);

#endif /* MEDIASEC_TESTS_BPF_CASES_H */
