/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libnl attribute policies, one per attribute set of netlink.h. Lengths
 * are exact (minlen == maxlen) for every fixed-size attribute: libnl 3.7
 * checks only a minimum unless maxlen is set.
 */
#ifndef MEDIASEC_LIB_NL_POLICY_H
#define MEDIASEC_LIB_NL_POLICY_H

#include <netlink/attr.h>

#include "mediasec/netlink.h"

extern const struct nla_policy ms_nl_policy_top[MS_ATTR_MAX + 1];
extern const struct nla_policy ms_nl_policy_session[MS_SESSION_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_leg[MS_LEG_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_addr[MS_ADDR_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_srtp[MS_SRTP_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_key[MS_KEY_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_prefix[MS_PREFIX_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_counters[MS_COUNTERS_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_drops[MS_DROP_MAX + 1];
extern const struct nla_policy ms_nl_policy_accepts[MS_PF_ACCEPT_MAX + 1];
extern const struct nla_policy ms_nl_policy_filter[MS_FILTER_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_event[MS_EVENT_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_policy[MS_POLICY_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_cert[MS_CERT_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_status[MS_STATUS_A_MAX + 1];
extern const struct nla_policy ms_nl_policy_packet[MS_PACKET_A_MAX + 1];

#endif /* MEDIASEC_LIB_NL_POLICY_H */
