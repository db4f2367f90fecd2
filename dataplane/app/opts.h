/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec-dp's own options, the ones after EAL's "--". Parsed strictly
 * (iproute2 style): every error names the argument it is about.
 */
#ifndef MEDIASEC_DATAPLANE_APP_OPTS_H
#define MEDIASEC_DATAPLANE_APP_OPTS_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define DP_OPT_PORTS_MAX	32
#define DP_OPT_ADDRS_MAX	8
#define DP_OPT_FILTER_MAX	64	/* --filter-deny, --filter-allow, --filter-open each */

enum dp_side {
	DP_SIDE_OUTSIDE,	/* untrusted */
	DP_SIDE_INSIDE,		/* trusted */
};

/* An IPv4 or IPv6 address, with a prefix length where one was given. */
struct dp_opt_addr {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t prefix_len;
	uint8_t addr[16];	/* network order; IPv4 in the first 4 bytes */
};

struct dp_opt_port {
	uint16_t id;			/* DPDK port id */
	enum dp_side side;
	uint8_t n_addrs;
	struct dp_opt_addr addrs[DP_OPT_ADDRS_MAX];
	struct dp_opt_addr gw[2];	/* per family; family 0: none */
	bool vlan;
	uint16_t vlan_id;
	bool static_next_hop;
	uint8_t next_hop[6];
	bool tap;			/* the exception path; "no-tap" clears it */
	char tap_name[IFNAMSIZ];
};

struct dp_opts {
	uint16_t n_ports;
	struct dp_opt_port ports[DP_OPT_PORTS_MAX];
	uint16_t media_lo, media_hi;
	uint32_t legs;
	const char *engine;
	uint32_t nl_port;
	uid_t daemon_uid;		/* (uid_t)-1: root only */
	unsigned int stats_interval;	/* seconds; 0: off */
	bool json;
	const char *filter;		/* filter_rte.bpf.o; NULL: no rx filter */
	uint32_t filter_prefixes;	/* per list and address family */
	uint16_t n_filter_deny, n_filter_allow, n_filter_open;
	struct dp_opt_addr filter_deny[DP_OPT_FILTER_MAX];
	struct dp_opt_addr filter_allow[DP_OPT_FILTER_MAX];
	struct {
		uint16_t lo, hi;
	} filter_open[DP_OPT_FILTER_MAX];	/* UDP and TCP ports for the host */
};

/*
 * Parse argv (argv[0] is the program name). 0 on success; 1 after --help
 * (printed on stdout); -EINVAL after printing the error to stderr.
 */
int dp_opts_parse(int argc, char **argv, struct dp_opts *o);

void dp_opts_usage(const char *prog);

/* Is addr within one of the port's prefixes (same family)? */
bool dp_opt_port_on_link(const struct dp_opt_port *p, uint8_t family,
			 const uint8_t *addr);

#endif /* MEDIASEC_DATAPLANE_APP_OPTS_H */
