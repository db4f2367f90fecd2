// SPDX-License-Identifier: BSD-3-Clause
/*
 * The packet filter's test data: one policy, one table of frames with what
 * every build of the filter must answer, and the frames to truncate.
 */
#include <netinet/in.h>

#include "cases.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define SRC4		"198.51.100.1"
#define SRC6		"2001:db8:1::1"
#define LATCHED4	"198.51.100.7"
#define ALLOWED4	"203.0.113.9"	/* also denylisted: the allowlist wins */
#define ALLOWED6	"2001:db8:a110::9"
#define DENIED4		"192.0.2.66"
#define DENIED6		"2001:db8:bad::1"	/* expires in the future */
#define EXPIRED4	"192.0.2.200"	/* in a /25 that expired */
#define REOPEN4		"192.0.2.99"	/* only hit after the reopen */

/* ---- the policy ---- */

const struct policy_ports policy_ports[] = {
	{ IPPROTO_UDP, 10000, 10999, MS_PF_PORT_MEDIA, 1 },
	{ IPPROTO_UDP, 20000, 20099, MS_PF_PORT_MEDIA, 2 },
	{ IPPROTO_UDP, 5060, 5060, MS_PF_PORT_SIGNALLING, 0 },
	{ IPPROTO_TCP, 5060, 5061, MS_PF_PORT_SIGNALLING, 0 },
	{ IPPROTO_TCP, 22, 22, MS_PF_PORT_MGMT, 0 },
};
const size_t policy_ports_n = ARRAY_SIZE(policy_ports);

const struct policy_deny policy_deny[] = {
	{ DENIED4 "/32", 0 },
	{ "192.0.2.128/25", -1 },
	{ "2001:db8:bad::/48", 1 },
	{ ALLOWED4 "/32", 0 },
	{ REOPEN4 "/32", 0 },
};
const size_t policy_deny_n = ARRAY_SIZE(policy_deny);

const char *const policy_allow[] = { "203.0.113.0/24", "2001:db8:a110::/48" };
const size_t policy_allow_n = ARRAY_SIZE(policy_allow);

/* 10002 not latched yet, 10004 latched (v4, port too), 10006 (v6 /48). */
const struct policy_pinhole policy_pinholes[] = {
	{ IPPROTO_UDP, 10002, NULL, 0 },
	{ IPPROTO_UDP, 10004, LATCHED4, 40000 },
	{ IPPROTO_UDP, 10006, "2001:db8:77::/48", 0 },
};
const size_t policy_pinholes_n = ARRAY_SIZE(policy_pinholes);

/* ---- configurations ---- */

#define BASE_FLAGS	(MS_PF_F_PINHOLE_REQUIRED | MS_PF_F_ALLOW_PING)

const struct case_cfg case_cfg_base = { .flags = BASE_FLAGS };
static const struct case_cfg cfg_no_pinhole = { .flags = MS_PF_F_ALLOW_PING };
static const struct case_cfg cfg_no_ping = { .flags = MS_PF_F_PINHOLE_REQUIRED };
static const struct case_cfg cfg_af_xdp_nosock = { .flags = BASE_FLAGS | MS_PF_F_AF_XDP };
static const struct case_cfg cfg_af_xdp = { .flags = BASE_FLAGS | MS_PF_F_AF_XDP, .xsk = 1 };
static const struct case_cfg cfg_drop_options = { .flags = BASE_FLAGS | MS_PF_F_DROP_IP_OPTIONS };
static const struct case_cfg cfg_pass_fragments = { .flags = BASE_FLAGS | MS_PF_F_PASS_FRAGMENTS };
static const struct case_cfg cfg_pass_fragments_xdp = {
	.flags = BASE_FLAGS | MS_PF_F_PASS_FRAGMENTS | MS_PF_F_AF_XDP, .xsk = 1 };
static const struct case_cfg cfg_rate = { .flags = BASE_FLAGS, .rate_pps = 1, .rate_burst = 3 };
static const struct case_cfg cfg_scan = {
	.flags = BASE_FLAGS, .scan_threshold = 4, .scan_window_ms = 10000 };

void case_config(const struct case_cfg *c, struct ms_pf_config *out)
{
	if (!c)
		c = &case_cfg_base;
	*out = (struct ms_pf_config){
		.flags = c->flags,
		.rate_burst = c->rate_burst,
		.rate_interval_ns = c->rate_pps ? NS_PER_S / c->rate_pps : 0,
		.scan_threshold = c->scan_threshold,
		.scan_window_ns = c->scan_window_ms * 1000000ULL,
		.event_interval_ns = NS_PER_S,
	};
}

/* ---- the case table ---- */

#define UDP_TO(p)	.proto = IPPROTO_UDP, .sport = 40000, .dport = (p), .payload = 12
#define TCP_TO(p)	.proto = IPPROTO_TCP, .sport = 40000, .dport = (p)
#define ICMP4(t)	.proto = IPPROTO_ICMP, .icmp_type = (t)
#define ICMP6(t)	.proto = IPPROTO_ICMPV6, .icmp_type = (t)
#define DROP(r)		.verdict = MS_PF_DROP, .reason = MS_DROP_##r
#define PASS(r)		.verdict = MS_PF_PASS, .reason = MS_PF_ACCEPT_##r
#define REDIRECT(r)	.verdict = MS_PF_REDIRECT, .reason = MS_PF_ACCEPT_##r
#define V6_FRAG(off, m)	((uint16_t)((off) << 3 | (m)))

const struct tcase cases[] = {
	/* L2 */
	{ "arp passes", NULL, { .ethertype = 0x0806 }, 0, PASS(L2), 0 },
	{ "arp in vlan passes", NULL, { .vlan = { 100 }, .ethertype = 0x0806 }, 0, PASS(L2), 0 },
	{ "lldp dropped", NULL, { .ethertype = 0x88cc }, 0, DROP(PROTOCOL), 0 },
	{ "three vlan tags dropped", NULL,
	  { .vlan = { 10, 20, 30 }, .src = SRC4, UDP_TO(5060) }, 0, DROP(PROTOCOL), 0 },

	/* signalling and management ports */
	{ "v4 udp sip", NULL, { .src = SRC4, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "v6 udp sip", NULL, { .src = SRC6, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "v4 tcp sips", NULL, { .src = SRC4, TCP_TO(5061) }, 0, PASS(SIGNALLING), 0 },
	{ "v6 tcp ssh mgmt", NULL, { .src = SRC6, TCP_TO(22) }, 0, PASS(MGMT), 0 },
	{ "v4 udp 22 is not tcp 22", NULL, { .src = SRC4, UDP_TO(22) }, 0, DROP(FILTERED), 0 },
	{ "v4 802.1q sip", NULL, { .vlan = { 100 }, .src = SRC4, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "v6 q-in-q sip", NULL, { .vlan = { 10, 100 }, .src = SRC6, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },

	/* closed ports and protocols */
	{ "v4 udp closed", NULL, { .src = SRC4, UDP_TO(9999) }, 0, DROP(FILTERED), 0 },
	{ "v4 tcp closed", NULL, { .src = SRC4, TCP_TO(80) }, 0, DROP(FILTERED), 0 },
	{ "v6 udp closed", NULL, { .src = SRC6, UDP_TO(9999) }, 0, DROP(FILTERED), 0 },
	{ "v4 sctp dropped", NULL, { .src = SRC4, .proto = IPPROTO_SCTP, .payload = 12 }, 0, DROP(PROTOCOL), 0 },
	{ "v6 no-next-header dropped", NULL, { .src = SRC6, .proto = 59 }, 0, DROP(PROTOCOL), 0 },

	/* media: port range, pinholes, AF_XDP */
	{ "media port without leg", NULL, { .src = SRC4, UDP_TO(10010) }, 0, DROP(NO_LEG), 0 },
	{ "media port, pinholes optional", &cfg_no_pinhole,
	  { .src = SRC4, UDP_TO(10010) }, 0, PASS(MEDIA), 0 },
	{ "media port range of realm 2", &cfg_no_pinhole,
	  { .src = SRC6, UDP_TO(20050) }, 0, PASS(MEDIA), 0 },
	{ "media tcp not in range", &cfg_no_pinhole,
	  { .src = SRC4, TCP_TO(10010) }, 0, DROP(FILTERED), 0 },
	{ "pinhole not latched", NULL, { .src = SRC4, UDP_TO(10002) }, 0, PASS(PINHOLE), 0 },
	{ "pinhole latched, right source", NULL,
	  { .src = LATCHED4, UDP_TO(10004) }, 0, PASS(PINHOLE), 0 },
	{ "pinhole latched, wrong address", NULL,
	  { .src = "198.51.100.8", UDP_TO(10004) }, 0, DROP(BAD_SOURCE), 0 },
	{ "pinhole latched, wrong port", NULL,
	  { .src = LATCHED4, .proto = IPPROTO_UDP, .sport = 40001, .dport = 10004 },
	  0, DROP(BAD_SOURCE), 0 },
	{ "v6 pinhole in latched /48", NULL,
	  { .src = "2001:db8:77:1::5", UDP_TO(10006) }, 0, PASS(PINHOLE), 0 },
	{ "v6 pinhole outside /48", NULL,
	  { .src = "2001:db8:78::5", UDP_TO(10006) }, 0, DROP(BAD_SOURCE), 0 },
	{ "v4 source on a v6 pinhole", NULL,
	  { .src = SRC4, UDP_TO(10006) }, 0, DROP(BAD_SOURCE), 0 },
	{ "af_xdp without socket", &cfg_af_xdp_nosock, { .src = SRC4, UDP_TO(10002) }, 0, PASS(NO_XSK), 0 },
	{ "af_xdp redirect to socket", &cfg_af_xdp,
	  { .src = SRC4, UDP_TO(10002) }, 0, REDIRECT(PINHOLE), 0 },
	{ "af_xdp: signalling still to the stack", &cfg_af_xdp,
	  { .src = SRC4, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },

	/* ICMP */
	{ "v4 echo", NULL, { .src = SRC4, ICMP4(8) }, 0, PASS(ICMP), 0 },
	{ "v4 echo, ping off", &cfg_no_ping, { .src = SRC4, ICMP4(8) }, 0, DROP(FILTERED), 0 },
	{ "v4 unreachable, ping off", &cfg_no_ping, { .src = SRC4, ICMP4(3) }, 0, PASS(ICMP), 0 },
	{ "v4 timestamp", NULL, { .src = SRC4, ICMP4(13) }, 0, DROP(FILTERED), 0 },
	{ "v6 neighbour solicitation", NULL, { .src = SRC6, ICMP6(135) }, 0, PASS(ND), 0 },
	{ "v6 packet too big", &cfg_no_ping, { .src = SRC6, ICMP6(2) }, 0, PASS(ICMP), 0 },
	{ "v6 echo", NULL, { .src = SRC6, ICMP6(128) }, 0, PASS(ICMP), 0 },
	{ "v6 type 200", NULL, { .src = SRC6, ICMP6(200) }, 0, DROP(FILTERED), 0 },

	/* IPv4 options, IPv6 extension headers */
	{ "v4 options", NULL, { .src = SRC4, .ip_opts = 8, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "v4 40 bytes of options", NULL, { .src = SRC4, .ip_opts = 40, TCP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "v4 options refused", &cfg_drop_options,
	  { .src = SRC4, .ip_opts = 4, UDP_TO(5060) }, 0, DROP(IP_OPTIONS), 0 },
	{ "v6 hop-by-hop, routing, dest opts", NULL,
	  { .src = SRC6, .ext = { IPPROTO_HOPOPTS, IPPROTO_ROUTING, IPPROTO_DSTOPTS }, .n_ext = 3,
	    UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "v6 AH", NULL, { .src = SRC6, .ext = { IPPROTO_AH }, .n_ext = 1, TCP_TO(22) }, 0, PASS(MGMT), 0 },
	{ "v6 six extension headers", NULL,
	  { .src = SRC6, .ext = { 0, 60, 43, 60, 43, 60 }, .n_ext = 6, UDP_TO(5060) },
	  0, PASS(SIGNALLING), 0 },
	{ "v6 seven extension headers", NULL,
	  { .src = SRC6, .ext = { 0, 60, 43, 60, 43, 60, 43 }, .n_ext = 7, UDP_TO(5060) },
	  0, DROP(MALFORMED), 0 },
	{ "v6 ND behind hop-by-hop", NULL,
	  { .src = SRC6, .ext = { IPPROTO_HOPOPTS }, .n_ext = 1, ICMP6(143) }, 0, PASS(ND), 0 },

	/* fragments */
	{ "v4 first fragment", NULL, { .src = SRC4, .frag = 0x2000, UDP_TO(5060) }, 0, DROP(FRAGMENT), 0 },
	{ "v4 later fragment", NULL, { .src = SRC4, .frag = 185, UDP_TO(5060) }, 0, DROP(FRAGMENT), 0 },
	{ "v4 DF is no fragment", NULL, { .src = SRC4, .frag = 0x4000, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "v6 first fragment", NULL,
	  { .src = SRC6, .ext = { IPPROTO_FRAGMENT }, .n_ext = 1, .frag = V6_FRAG(0, 1), UDP_TO(5060) },
	  0, DROP(FRAGMENT), 0 },
	{ "v6 atomic fragment", NULL,
	  { .src = SRC6, .ext = { IPPROTO_FRAGMENT }, .n_ext = 1, .frag = V6_FRAG(0, 0), UDP_TO(5060) },
	  0, PASS(SIGNALLING), 0 },
	{ "pass fragments: v4 first to sip", &cfg_pass_fragments,
	  { .src = SRC4, .frag = 0x2000, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "pass fragments: v4 first to closed", &cfg_pass_fragments,
	  { .src = SRC4, .frag = 0x2000, UDP_TO(9999) }, 0, DROP(FILTERED), 0 },
	{ "pass fragments: v4 later", &cfg_pass_fragments,
	  { .src = SRC4, .frag = 185, UDP_TO(5060) }, 0, PASS(FRAGMENT), 0 },
	{ "pass fragments: v6 later behind dest opts", &cfg_pass_fragments,
	  { .src = SRC6, .ext = { IPPROTO_DSTOPTS, IPPROTO_FRAGMENT }, .n_ext = 2,
	    .frag = V6_FRAG(100, 0), UDP_TO(5060) }, 0, PASS(FRAGMENT), 0 },
	{ "pass fragments: media never to the socket", &cfg_pass_fragments_xdp,
	  { .src = SRC4, .frag = 0x2000, UDP_TO(10002) }, 0, PASS(FRAGMENT), 0 },
	{ "pass fragments: later icmp", &cfg_pass_fragments,
	  { .src = SRC4, .frag = 0x2010, ICMP4(8) }, 0, PASS(FRAGMENT), 0 },

	/* malformed headers (truncations are swept separately) */
	{ "v4 ihl 4", NULL, { .src = SRC4, .defect = PKT_BAD_IHL, UDP_TO(5060) }, 0, DROP(MALFORMED), 0 },
	{ "v4 version 6", NULL, { .src = SRC4, .defect = PKT_BAD_VERSION, UDP_TO(5060) }, 0, DROP(MALFORMED), 0 },
	{ "v6 version 4", NULL, { .src = SRC6, .defect = PKT_BAD_VERSION, UDP_TO(5060) }, 0, DROP(MALFORMED), 0 },
	{ "tcp doff 4", NULL, { .src = SRC4, .defect = PKT_BAD_TCP_DOFF, TCP_TO(5060) }, 0, DROP(MALFORMED), 0 },
	{ "udp length 7", NULL, { .src = SRC6, .defect = PKT_BAD_UDP_LEN, UDP_TO(5060) }, 0, DROP(MALFORMED), 0 },

	/* denylist, expiry, sampled events, allowlist precedence */
	{ "v4 denylisted", NULL, { .src = DENIED4, UDP_TO(5060) }, 0, DROP(DENYLISTED), MS_PF_EV_DENY_HIT },
	{ "v4 denylisted again: event sampled", NULL,
	  { .src = DENIED4, UDP_TO(5060) }, 5, DROP(DENYLISTED), 0 },
	{ "v6 denylisted /48, expires later", NULL,
	  { .src = DENIED6, TCP_TO(22) }, 0, DROP(DENYLISTED), MS_PF_EV_DENY_HIT },
	{ "v4 expired deny entry", NULL, { .src = EXPIRED4, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "allowlisted and denylisted", NULL, { .src = ALLOWED4, UDP_TO(5060) }, 0, PASS(SIGNALLING), 0 },
	{ "allowlisted to a closed port", NULL, { .src = ALLOWED4, UDP_TO(9999) }, 0, PASS(ALLOWLIST), 0 },
	{ "allowlisted on a latched pinhole", NULL,
	  { .src = ALLOWED4, UDP_TO(10004) }, 0, PASS(ALLOWLIST), 0 },
	{ "v6 allowlisted sctp", NULL,
	  { .src = ALLOWED6, .proto = IPPROTO_SCTP }, 0, PASS(ALLOWLIST), 0 },

	/* rate limit: 3 in a burst, then the 4th is dropped; the allowlist is exempt */
	{ "rate: burst passes", &cfg_rate,
	  { .src = "198.51.100.50", UDP_TO(5060) }, 3, PASS(SIGNALLING), 0 },
	{ "rate: one more is limited", &cfg_rate,
	  { .src = "198.51.100.50", UDP_TO(5060) }, 0, DROP(RATE_LIMITED), 0 },
	{ "rate: another source has its own bucket", &cfg_rate,
	  { .src = "2001:db8:50::50", UDP_TO(5060) }, 3, PASS(SIGNALLING), 0 },
	{ "rate: allowlist exempt", &cfg_rate,
	  { .src = "203.0.113.50", UDP_TO(5060) }, 10, PASS(SIGNALLING), 0 },

	/* port scan: the 4th distinct closed port reports the source, once */
	{ "scan: port 1", &cfg_scan, { .src = "198.51.100.60", UDP_TO(7001) }, 0, DROP(FILTERED), 0 },
	{ "scan: port 2", &cfg_scan, { .src = "198.51.100.60", TCP_TO(7002) }, 0, DROP(FILTERED), 0 },
	{ "scan: port 2 again", &cfg_scan, { .src = "198.51.100.60", UDP_TO(7002) }, 0, DROP(FILTERED), 0 },
	{ "scan: port 3", &cfg_scan, { .src = "198.51.100.60", UDP_TO(7003) }, 0, DROP(FILTERED), 0 },
	{ "scan: port 4 reported", &cfg_scan,
	  { .src = "198.51.100.60", UDP_TO(10500) }, 0, DROP(NO_LEG), MS_PF_EV_PORT_SCAN },
	{ "scan: port 5 not again", &cfg_scan,
	  { .src = "198.51.100.60", UDP_TO(7005) }, 0, DROP(FILTERED), 0 },
};
const size_t cases_n = ARRAY_SIZE(cases);

const struct tcase case_after_reopen = {
	"denylist survives a reopen", NULL, { .src = REOPEN4, UDP_TO(5060) },
	0, DROP(DENYLISTED), MS_PF_EV_DENY_HIT,
};

const struct tcase case_allowlist_emptied = {
	"allowlist emptied: its denied source drops", NULL, { .src = ALLOWED4, UDP_TO(5060) },
	0, DROP(DENYLISTED), MS_PF_EV_DENY_HIT,
};

const struct tcase case_allowlist_back = {
	"allowlist back: its denied source passes", NULL, { .src = ALLOWED4, UDP_TO(5060) },
	0, PASS(SIGNALLING), 0,
};

/* ---- frames to truncate ---- */

const struct pkt_spec truncated[] = {
	{ .src = SRC4, UDP_TO(5060) },
	{ .src = SRC4, .ip_opts = 12, TCP_TO(5060) },
	{ .vlan = { 10, 100 }, .src = SRC4, ICMP4(8) },
	{ .vlan = { 100 }, .src = SRC6,
	  .ext = { IPPROTO_HOPOPTS, IPPROTO_DSTOPTS, IPPROTO_ROUTING, IPPROTO_AH }, .n_ext = 4,
	  UDP_TO(5060) },
	{ .src = SRC6, .ext = { IPPROTO_FRAGMENT }, .n_ext = 1, .frag = V6_FRAG(0, 0), TCP_TO(22) },
	{ .src = SRC6, ICMP6(135) },
};
const size_t truncated_n = ARRAY_SIZE(truncated);
