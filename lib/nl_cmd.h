/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The rules of each command: who may send it, which attributes it needs and
 * which it may carry. Receivers enforce them through ms_nl_msg_parse();
 * docs/netlink.md is the same table for humans.
 */
#ifndef MEDIASEC_LIB_NL_CMD_H
#define MEDIASEC_LIB_NL_CMD_H

#include <stddef.h>
#include <linux/types.h>

struct ms_msg;

#define MS_NL_CMD_F_DUMP	(1U << 0)	/* NLM_F_DUMP allowed */
#define MS_NL_CMD_F_DUMP_ONLY	(1U << 1)	/* NLM_F_DUMP required */
#define MS_NL_CMD_F_NOTIFY	(1U << 2)	/* never a request */

struct ms_nl_cmd {
	const char *name;	/* "MS_CMD_LEG_NEW" */
	__u8 min_role;		/* enum ms_role */
	__u8 flags;		/* MS_NL_CMD_F_* */
	__u64 required;		/* top-level attributes, MS_BIT(MS_ATTR_*) */
	__u64 allowed;		/* top-level attributes, required included */
	__u16 nest;		/* the command's object nest, MS_ATTR_* or 0 */
	__u64 nest_required;	/* in nest, unless NLM_F_DUMP */
	__u64 nest_allowed;	/* in nest, required included */
	__u64 nest_one_of;	/* in nest, at least one of these */
	/* Rules deeper than the object nest; NULL when there are none. */
	int (*check)(const struct ms_msg *m, char *err, size_t errlen);
};

/* Rules of cmd, or NULL when cmd is out of range. */
const struct ms_nl_cmd *ms_nl_cmd_get(unsigned int cmd);

#endif /* MEDIASEC_LIB_NL_CMD_H */
