/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command rules. Roles follow REQUIREMENTS.md 5: monitor reads, operator
 * runs sessions and the denylist, admin does everything else. The
 * allowlist is admin only: an entry there exempts a source from every
 * dynamic block, which is policy rather than operations.
 */
#include <stddef.h>

#include "mediasec/netlink.h"
#include "nl_cmd.h"
#include "nl_msg.h"
#include "nl_schema.h"

#define B MS_BIT

/* MS_CMD_KEY_SET exists to install keys: a suite alone changes nothing. */
static int key_set_check(const struct ms_msg *m, char *err, size_t errlen)
{
	const struct ms_srtp_dir *dirs[] = { &m->leg.in, &m->leg.out };
	static const char *const names[] = { "MS_LEG_A_SRTP_IN", "MS_LEG_A_SRTP_OUT" };
	static const int attrs[] = { MS_LEG_A_SRTP_IN, MS_LEG_A_SRTP_OUT };

	for (int i = 0; i < 2; i++)
		if ((m->leg.present & B(attrs[i])) &&
		    !(dirs[i]->present & B(MS_SRTP_A_KEYS)))
			return ms_nl_err_set(err, errlen,
					     "MS_SRTP_A_KEYS: missing in %s of MS_CMD_KEY_SET",
					     names[i]);
	return 0;
}

static int cert_import_check(const struct ms_msg *m, char *err, size_t errlen)
{
	if ((m->cert.present & B(MS_CERT_A_PASSWORD)) && m->cert.format != MS_CERT_FMT_PKCS12)
		return ms_nl_err_set(err, errlen,
				     "MS_CERT_A_PASSWORD: only with MS_CERT_A_FORMAT pkcs12");
	return 0;
}

/* A command about one object nest: what it needs and what it may carry. */
#define OBJ(cmd, role, fl, attr, req, opt, ...) \
	[cmd] = { .name = #cmd, .min_role = (role), .flags = (fl), \
		  .required = B(attr), .allowed = B(attr), .nest = (attr), \
		  .nest_required = (req), .nest_allowed = (req) | (opt), __VA_ARGS__ }
/* The same, with the object nest itself optional. */
#define OBJ_OPT(cmd, role, fl, attr, req, opt) \
	[cmd] = { .name = #cmd, .min_role = (role), .flags = (fl), \
		  .allowed = B(attr), .nest = (attr), \
		  .nest_required = (req), .nest_allowed = (req) | (opt) }
/* An object command that also takes top-level attributes (top). */
#define OBJ_TOP(cmd, role, fl, attr, req, opt, top) \
	[cmd] = { .name = #cmd, .min_role = (role), .flags = (fl), \
		  .required = B(attr), .allowed = B(attr) | (top), .nest = (attr), \
		  .nest_required = (req), .nest_allowed = (req) | (opt) }
/* A command whose attributes are all top level. */
#define TOP(cmd, role, fl, req, opt) \
	[cmd] = { .name = #cmd, .min_role = (role), .flags = (fl), \
		  .required = (req), .allowed = (req) | (opt) }

#define LEG_CONF (B(MS_LEG_A_PEER_ID) | B(MS_LEG_A_SIDE) | B(MS_LEG_A_MODE) | \
		  B(MS_LEG_A_FLAGS) | B(MS_LEG_A_LOCAL) | B(MS_LEG_A_REMOTE) | \
		  B(MS_LEG_A_SRTP_IN) | B(MS_LEG_A_SRTP_OUT))
#define LEG_KEYS (B(MS_LEG_A_SRTP_IN) | B(MS_LEG_A_SRTP_OUT))
#define PREFIX_KEY (B(MS_PREFIX_A_ADDR) | B(MS_PREFIX_A_LEN))
#define POLICY_ALL (((B(MS_POLICY_A_MAX) << 1) - 1) & ~B(0))
#define PACKET_ALL (((B(MS_PACKET_A_MAX) << 1) - 1) & ~B(0))
#define CERT_NEW (B(MS_CERT_A_SUBJECT) | B(MS_CERT_A_SANS) | B(MS_CERT_A_KEY_TYPE) | \
		  B(MS_CERT_A_DAYS))
#define CERT_BLOB (B(MS_CERT_A_FORMAT) | B(MS_CERT_A_DATA))

#define MON MS_ROLE_MONITOR
#define OPR MS_ROLE_OPERATOR
#define ADM MS_ROLE_ADMIN
#define DUMP MS_NL_CMD_F_DUMP

static const struct ms_nl_cmd cmds[__MS_CMD_MAX] = {
	OBJ(MS_CMD_SESSION_NEW, OPR, 0, MS_ATTR_SESSION,
	    B(MS_SESSION_A_LABEL), B(MS_SESSION_A_ID)),
	OBJ(MS_CMD_SESSION_SET, OPR, 0, MS_ATTR_SESSION,
	    B(MS_SESSION_A_ID), B(MS_SESSION_A_LABEL),
	    .nest_one_of = B(MS_SESSION_A_LABEL)),
	OBJ(MS_CMD_SESSION_DEL, OPR, 0, MS_ATTR_SESSION, B(MS_SESSION_A_ID), 0),
	OBJ(MS_CMD_SESSION_GET, MON, DUMP, MS_ATTR_SESSION, B(MS_SESSION_A_ID), 0),

	OBJ(MS_CMD_LEG_NEW, OPR, 0, MS_ATTR_LEG,
	    B(MS_LEG_A_SESSION_ID) | B(MS_LEG_A_SIDE) | B(MS_LEG_A_MODE) | B(MS_LEG_A_LOCAL),
	    B(MS_LEG_A_ID) | LEG_CONF),
	OBJ(MS_CMD_LEG_SET, OPR, 0, MS_ATTR_LEG, B(MS_LEG_A_ID), LEG_CONF,
	    .nest_one_of = LEG_CONF),
	OBJ(MS_CMD_LEG_DEL, OPR, 0, MS_ATTR_LEG, B(MS_LEG_A_ID), 0),
	/* dump filter: the legs of one session; MS_GET_F_* extras */
	OBJ_TOP(MS_CMD_LEG_GET, MON, DUMP, MS_ATTR_LEG, B(MS_LEG_A_ID), B(MS_LEG_A_SESSION_ID),
		B(MS_ATTR_GET_FLAGS)),
	OBJ(MS_CMD_KEY_SET, OPR, 0, MS_ATTR_LEG, B(MS_LEG_A_ID), LEG_KEYS,
	    .nest_one_of = LEG_KEYS, .check = key_set_check),

	OBJ(MS_CMD_DENY_ADD, OPR, 0, MS_ATTR_PREFIX, PREFIX_KEY,
	    B(MS_PREFIX_A_EXPIRES) | B(MS_PREFIX_A_FLAGS)),
	OBJ(MS_CMD_DENY_DEL, OPR, 0, MS_ATTR_PREFIX, PREFIX_KEY, 0),
	OBJ(MS_CMD_DENY_GET, MON, DUMP, MS_ATTR_PREFIX, PREFIX_KEY, 0),
	TOP(MS_CMD_DENY_FLUSH, OPR, 0, 0, 0),
	OBJ(MS_CMD_ALLOW_ADD, ADM, 0, MS_ATTR_PREFIX, PREFIX_KEY, B(MS_PREFIX_A_EXPIRES)),
	OBJ(MS_CMD_ALLOW_DEL, ADM, 0, MS_ATTR_PREFIX, PREFIX_KEY, 0),
	OBJ(MS_CMD_ALLOW_GET, MON, DUMP, MS_ATTR_PREFIX, PREFIX_KEY, 0),
	TOP(MS_CMD_ALLOW_FLUSH, ADM, 0, 0, 0),

	/* without MS_ATTR_LEG: the global counters; dumped: per port and realm */
	OBJ_OPT(MS_CMD_STATS_GET, MON, DUMP, MS_ATTR_LEG, B(MS_LEG_A_ID), 0),
	TOP(MS_CMD_EVENT_SUBSCRIBE, MON, 0, 0,
	    B(MS_ATTR_EVENT_MASK) | B(MS_ATTR_SEVERITY_MIN)),
	TOP(MS_CMD_EVENT, MON, MS_NL_CMD_F_NOTIFY, B(MS_ATTR_EVENT), 0),

	TOP(MS_CMD_POLICY_GET, MON, 0, 0, 0),
	OBJ(MS_CMD_POLICY_SET, ADM, 0, MS_ATTR_POLICY, 0, POLICY_ALL,
	    .nest_one_of = POLICY_ALL),

	TOP(MS_CMD_CERT_SHOW, MON, 0, 0, 0),
	OBJ_OPT(MS_CMD_CERT_GENERATE, ADM, 0, MS_ATTR_CERT, 0, CERT_NEW),
	OBJ(MS_CMD_CERT_CSR, ADM, 0, MS_ATTR_CERT, B(MS_CERT_A_SUBJECT),
	    B(MS_CERT_A_SANS) | B(MS_CERT_A_KEY_TYPE)),
	OBJ(MS_CMD_CERT_IMPORT, ADM, 0, MS_ATTR_CERT, CERT_BLOB, B(MS_CERT_A_PASSWORD),
	    .check = cert_import_check),
	OBJ(MS_CMD_CERT_TRUST_ADD, ADM, 0, MS_ATTR_CERT, CERT_BLOB, 0),
	OBJ(MS_CMD_CERT_TRUST_DEL, ADM, 0, MS_ATTR_CERT, B(MS_CERT_A_FINGERPRINT), 0),
	TOP(MS_CMD_CERT_TRUST_LIST, MON, DUMP | MS_NL_CMD_F_DUMP_ONLY, 0, 0),
	OBJ(MS_CMD_CERT_CHECK, MON, 0, MS_ATTR_CERT, CERT_BLOB | B(MS_CERT_A_PURPOSE),
	    B(MS_CERT_A_HOST)),

	TOP(MS_CMD_STATUS_GET, MON, 0, 0, 0),

	/* Between mediasecd and mediasec-dp only: receivers also check the
	 * sender's port id and uid, not just the role. */
	OBJ(MS_CMD_PUNT, ADM, 0, MS_ATTR_PACKET, 0, PACKET_ALL),
	OBJ(MS_CMD_INJECT, ADM, 0, MS_ATTR_PACKET, 0, PACKET_ALL),
};

const struct ms_nl_cmd *ms_nl_cmd_get(unsigned int cmd)
{
	if (cmd == MS_CMD_UNSPEC || cmd > MS_CMD_MAX || !cmds[cmd].name)
		return NULL;
	return &cmds[cmd];
}
