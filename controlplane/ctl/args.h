/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Strict argument parsing, iproute2 style: full words only, numbers with
 * no sign, junk or overflow, and errors that name the argument. Exit
 * codes: 1 for a value that is wrong, 2 for a command line that is.
 */
#ifndef MEDIASEC_CTL_ARGS_H
#define MEDIASEC_CTL_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "nl_names.h"

#define EXIT_USAGE 2

struct ms_prefix;

/* The command words so far ("deny add"), for messages. */
extern const char *ctl_cmdline;

/* Exit 2: "mediasecctl: deny add: what". */
__attribute__((noreturn, format(printf, 1, 2)))
void usage_error(const char *fmt, ...);
/* Exit 1: "mediasecctl: deny add: invalid WHAT \"arg\": why". */
__attribute__((noreturn))
void invarg(const char *what, const char *arg, const char *why);
/* Exit 2: a keyword given twice. */
__attribute__((noreturn))
void duparg(const char *key);

bool matches(const char *arg, const char *word);	/* full word, exact */
/* Decimal u32: digits only, no overflow. 0 or -EINVAL. */
int get_u32(uint32_t *out, const char *arg);
/* The argument after keyword **argv, stepping over it; usage_error() if none. */
char *next_arg(int *argc, char ***argv, const char *what);
/* A word of a name table (lib/nl_names.h); invarg() naming what otherwise. */
unsigned int get_name(enum ms_name_kind kind, const char *what, const char *arg);
/* Decimal u32 in min..max; invarg() naming what ("expected MIN..MAX") otherwise. */
uint32_t get_u32_range(const char *what, const char *arg, uint32_t min, uint32_t max);
/* A prefix argument; invarg() with the parser's reason on error. */
void get_prefix(struct ms_prefix *p, const char *arg);

#endif /* MEDIASEC_CTL_ARGS_H */
