/* SPDX-License-Identifier: BSD-3-Clause */
/* The objects mediasecctl manages: one file each, one entry in main.c. */
#ifndef MEDIASEC_CTL_OBJECTS_H
#define MEDIASEC_CTL_OBJECTS_H

#include <stdbool.h>

/* Global options every object sees. */
struct ctl_opts {
	bool details;	/* -s */
};

extern struct ctl_opts ctl_opts;

/* Each returns the exit code; argv starts after the object word. */
int do_deny(int argc, char **argv);
int do_allow(int argc, char **argv);
int do_status(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_leg(int argc, char **argv);
int do_stats(int argc, char **argv);
int do_cert(int argc, char **argv);
int do_session(int argc, char **argv);
int do_policy(int argc, char **argv);

struct ms_counters;
/* rx/tx packets and bytes, then drops by reason (stats, leg show -s). */
void print_counters(const struct ms_counters *c);

/* Print err as "mediasecctl: CMDLINE: err" and return 1. */
int ctl_fail(const char *err);

#endif /* MEDIASEC_CTL_OBJECTS_H */
