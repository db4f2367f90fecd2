/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The schema as data: one descriptor per attribute set, tying the libnl
 * policy (lengths, lib/nl_policy.c) to attribute names, value ranges and
 * where each value lives in the structs of nl_msg.h (lib/nl_schema.c).
 * The builder and the parser are generic walkers over these tables.
 */
#ifndef MEDIASEC_LIB_NL_SCHEMA_H
#define MEDIASEC_LIB_NL_SCHEMA_H

#include <stddef.h>
#include <linux/types.h>

struct nla_policy;

enum ms_nl_kind {
	MS_NL_NONE,	/* no such attribute */
	MS_NL_U8,
	MS_NL_U16,
	MS_NL_U32,
	MS_NL_U64,
	MS_NL_FLAGS,	/* __u32, bits outside max rejected */
	MS_NL_BIN,	/* copied: size bytes at off, __u16 length at len_off */
	MS_NL_STR,	/* NUL-terminated, copied into char[size] */
	MS_NL_REF,	/* not copied: const void * at off, __u32 at len_off */
	MS_NL_NEST,	/* struct of set nest at off */
	MS_NL_LIST,	/* members type 0, each a nest; array at off,
			 * __u16 count at len_off */
	MS_NL_STRLIST,	/* members type 0, each a string; char[max][size] */
};

struct ms_nl_set;

struct ms_nl_field {
	const char *name;
	__u8 kind;		/* enum ms_nl_kind */
	__u32 min, max;		/* integer range (max 0: any); flag mask */
	__u16 off;		/* offset in the set's struct */
	__u16 size;		/* BIN/STR capacity; LIST element size */
	__u16 len_off;		/* BIN/REF length; LIST/STRLIST count */
	__u16 max_elems;	/* LIST/STRLIST */
	const struct ms_nl_set *nest;	/* NEST, LIST */
	__u64 nest_required;	/* extra mandatory attributes in nest */
	__u64 nest_forbidden;	/* attributes not allowed in nest here */
};

struct ms_nl_set {
	const char *name;	/* prefix used for unknown attributes */
	int maxtype;
	const struct nla_policy *policy;	/* indexed by type */
	const struct ms_nl_field *fields;	/* indexed by type */
	__u64 required;		/* mandatory wherever the nest appears */
	/* Checks across attributes, after each one passed on its own. */
	int (*check)(const void *obj, char *err, size_t errlen);
};

extern const struct ms_nl_set ms_nl_set_top;
extern const struct ms_nl_set ms_nl_set_session;
extern const struct ms_nl_set ms_nl_set_leg;
extern const struct ms_nl_set ms_nl_set_addr;
extern const struct ms_nl_set ms_nl_set_srtp;
extern const struct ms_nl_set ms_nl_set_key;
extern const struct ms_nl_set ms_nl_set_prefix;
extern const struct ms_nl_set ms_nl_set_counters;
extern const struct ms_nl_set ms_nl_set_drops;
extern const struct ms_nl_set ms_nl_set_accepts;
extern const struct ms_nl_set ms_nl_set_filter;
extern const struct ms_nl_set ms_nl_set_event;
extern const struct ms_nl_set ms_nl_set_policy;
extern const struct ms_nl_set ms_nl_set_cert;
extern const struct ms_nl_set ms_nl_set_status;
extern const struct ms_nl_set ms_nl_set_packet;

/* Write a message naming the attribute; returns -EINVAL. */
int ms_nl_err_set(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Name of attribute type in set, or NULL. */
const char *ms_nl_attr_name(const struct ms_nl_set *set, int type);

#endif /* MEDIASEC_LIB_NL_SCHEMA_H */
