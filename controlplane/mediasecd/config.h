/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasec.conf (libconfig syntax; docs/mediasec.conf.5). Read at start
 * and on SIGHUP (reload.c): every error names the file and line, and the
 * daemon refuses to start (or to reload) on any of them rather than run
 * half-configured.
 */
#ifndef MEDIASEC_MEDIASECD_CONFIG_H
#define MEDIASEC_MEDIASECD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "nl_msg.h"

#define CP_REALMS_MAX		16
#define CP_REALM_NAME_MAX	MS_REALM_NAME_MAX
#define CP_ROLE_IDS_MAX		32	/* users, and groups, per role */
#define CP_STATIC_MAX		1024	/* static entries per list */
#define CP_PATH_MAX		256
#define CP_STATE_DIR		"/var/lib/mediasec"	/* identity and TCS */

struct cp_realm {
	char name[CP_REALM_NAME_MAX];
	__u8 side;		/* enum ms_leg_side */
	__u8 mode;		/* enum ms_leg_mode, the realm's default */
	__u16 port_lo;		/* media port range */
	__u16 port_hi;
};

/* Who holds a role: uids and gids, resolved from names when read. */
struct cp_role_map {
	uid_t uids[CP_ROLE_IDS_MAX];
	unsigned int nuids;
	gid_t gids[CP_ROLE_IDS_MAX];
	unsigned int ngids;
};

/* The identity certificate and the trust policy (mediasec.conf(5) "cert"). */
struct cp_cert_conf {
	char key_file[CP_PATH_MAX];
	char cert_file[CP_PATH_MAX];	/* the certificate, then its chain */
	char trust_dir[CP_PATH_MAX];	/* the TCS */
	char subject[MS_CERT_SUBJECT_MAX];	/* "" = "CN=" the host name */
	char sans[MS_CERT_SANS_MAX][MS_CERT_SAN_MAX];
	unsigned int nsans;		/* 0 = "DNS:" the host name */
	__u8 key_type;			/* enum ms_cert_key_type */
	unsigned int days;
	__u8 check[__MS_CERT_PURPOSE_MAX];	/* enum ms_cert_check per class */
};

/*
 * The XDP filter's rate limit and scan detection, and the dynamic denylist
 * a scan or too many security failures lead to (mediasec.conf(5) "filter"
 * and "failures"). Defaults: REQUIREMENTS.md 4, 10 closed ports or 10
 * failures in 60 s block the source for 600 s, doubled for each repeat
 * within a day, at most a day. mediasecd runs with a copy the control API
 * may change (deny_policy.h).
 */
struct cp_filter_conf {
	__u32 rate_pps;		/* per source; 0 = no rate limit */
	__u32 rate_burst;	/* packets back to back */
	__u32 scan_ports;	/* distinct closed ports; 0 = no scan detection */
	__u32 scan_window_ms;
	__u32 block_s;		/* first block of an offending source */
	__u32 block_max_s;	/* cap of the doubling; 0 = no cap */
	__u32 repeat_s;		/* an offence within this of the last block doubles it */
	__u32 fail_threshold;	/* security failures of a source that block it */
	__u32 fail_window_s;	/* ... within this */
};

/* libbpf's default pin root: where the af_xdp PMD's copy of the filter pins. */
#define CP_AF_XDP_PIN_DIR	"/sys/fs/bpf"

#define CP_SCAN_PORTS_MAX	128	/* of the filter's 256-bit hashed port set */
#define CP_RATE_MAX		10000000U
#define CP_BLOCK_MAX_S		(366U * 86400)	/* a timed block; longer: no cap */
#define CP_FAIL_THRESHOLD_MAX	1000000U
#define CP_FAIL_WINDOW_MAX_S	86400U

/* Capacity of the session store (limits { ... }); memory is taken as legs come. */
#define CP_LEGS_DEFAULT		(1U << 20)
#define CP_LEGS_MAX		(4U << 20)
#define CP_SESSIONS_DEFAULT	(1U << 19)

struct cp_config {
	char path[CP_PATH_MAX];
	struct cp_realm realms[CP_REALMS_MAX];
	unsigned int nrealms;
	struct cp_role_map roles[__MS_ROLE_MAX];	/* [MS_ROLE_NONE] unused */
	struct ms_prefix deny[CP_STATIC_MAX];
	unsigned int ndeny;
	struct ms_prefix allow[CP_STATIC_MAX];
	unsigned int nallow;
	bool filter;			/* "filter" section present: use XDP maps */
	char pin_dir[CP_PATH_MAX];
	char interface[32];		/* attach there; "" = maps only */
	bool af_xdp;			/* media to mediasec-dp's AF_XDP sockets */
	struct cp_filter_conf pf;
	char syslog_ident[32];
	int syslog_facility;		/* LOG_DAEMON, LOG_LOCAL0, ... */
	struct cp_cert_conf cert;
	unsigned int max_sessions;	/* limits { sessions = N; } */
	unsigned int max_legs;		/* limits { legs = N; } */
};

/*
 * Read path into cfg. Returns 0, or -EINVAL with "FILE:LINE: message" in
 * err (-errno and "FILE: reason" when the file cannot be read).
 */
int cp_config_load(struct cp_config *cfg, const char *path, char *err, size_t errlen);

#endif /* MEDIASEC_MEDIASECD_CONFIG_H */
