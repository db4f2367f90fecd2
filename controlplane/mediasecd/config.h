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
#define CP_REALM_NAME_MAX	32
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
