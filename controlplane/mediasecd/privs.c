/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "privs.h"

#define CAP_KEPT	CAP_IPC_LOCK

/* Highest capability this kernel knows; newer than our headers is possible. */
static int cap_last(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int last = CAP_LAST_CAP;

	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = CAP_LAST_CAP;
		fclose(f);
	}
	return last;
}

static int refused(char *err, size_t errlen, const char *what)
{
	int e = errno;

	snprintf(err, errlen, "dropping privileges: %s: %s", what, strerror(e));
	return -e;
}

int cp_privs_drop(char *err, size_t errlen)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { { 0 } };
	int last = cap_last();
	__u32 kept;

	if (syscall(SYS_capget, &hdr, data))
		return refused(err, errlen, "capget");
	/* Kept only if held: a daemon started without it runs without it. */
	kept = data[CAP_TO_INDEX(CAP_KEPT)].permitted & CAP_TO_MASK(CAP_KEPT);
	memset(data, 0, sizeof(data));

	/*
	 * The bounding set first: dropping from it needs CAP_SETPCAP, still
	 * held; EPERM means it is not, and then nothing can be regained anyway.
	 */
	for (int cap = 0; cap <= last; cap++)
		if (cap != CAP_KEPT && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) &&
		    errno != EINVAL && errno != EPERM)
			return refused(err, errlen, "bounding set");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL)
		return refused(err, errlen, "ambient set");
	data[CAP_TO_INDEX(CAP_KEPT)].effective = kept;
	data[CAP_TO_INDEX(CAP_KEPT)].permitted = kept;
	if (syscall(SYS_capset, &hdr, data))
		return refused(err, errlen, "capset");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return refused(err, errlen, "no_new_privs");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		return refused(err, errlen, "dumpable");
	return 0;
}
