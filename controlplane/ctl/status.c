/* SPDX-License-Identifier: BSD-3-Clause */
/* status [ show ]: what mediasecd (or mediasec-dp) says about itself, and the caller's role. */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "conn.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "objects.h"
#include "print.h"

static const struct {
	__u32 bit;
	const char *name;
} datapaths[] = {
	{ MS_STATUS_DP_DPDK, "dpdk" },
	{ MS_STATUS_DP_KMOD, "kmod" },
	{ MS_STATUS_DP_XDP, "xdp" },
};

static int print_status(const struct ms_msg *m, void *arg)
{
	const struct ms_status *s = &m->status;
	const char *role = ms_nl_name_get(MS_NAME_ROLE, s->role);
	bool any = false;

	(void)arg;
	print_open_object(NULL);
	print_text(ctl_peer());
	print_string("version", " %s", s->version);
	print_uint("uptime", " up %llus\n", s->uptime);
	print_string("role", "role %s\n", role ? role : "none");
	print_uint("sessions", "sessions %llu", s->sessions);
	print_uint("legs", " legs %llu", s->legs);
	print_uint("deny_entries", " denylist %llu\n", s->deny_entries);
	print_text("datapaths");
	print_open_array("datapaths");
	for (size_t i = 0; i < sizeof(datapaths) / sizeof(datapaths[0]); i++)
		if (s->datapaths & datapaths[i].bit) {
			print_string(NULL, " %s", datapaths[i].name);
			any = true;
		}
	print_close_array();
	print_text(any ? "\n" : " none\n");
	if (s->present & MS_BIT(MS_STATUS_A_CERT_NOT_AFTER))
		print_uint("cert_not_after", ctl_opts.details ? "certificate until %llu\n" : NULL,
			   s->cert_not_after);
	print_close_object();
	return 0;
}

int do_status(int argc, char **argv)
{
	struct ms_msg *m;
	int ret;

	if (argc > 0 && matches(argv[0], "show"))
		argc--, argv++;
	if (argc > 0)
		usage_error("unexpected \"%s\"", argv[0]);
	m = calloc(1, sizeof(*m));
	if (!m)
		return ctl_fail("out of memory");
	m->cmd = MS_CMD_STATUS_GET;
	ret = ctl_run(m, print_status, NULL);
	free(m);
	return ret;
}
