/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * deny and allow: the same grammar on two lists, so one implementation
 * driven by a table of the commands each list maps to.
 *
 *   deny add PREFIX [ expires SECONDS ]
 *   deny del PREFIX
 *   deny show [ PREFIX ]
 *   deny flush
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include "args.h"
#include "conn.h"
#include "nl_msg.h"
#include "objects.h"
#include "prefix.h"
#include "print.h"

struct list_cmds {
	const char *object;	/* "deny" */
	__u8 add, del, get, flush;
};

static const struct list_cmds deny_cmds = {
	"deny", MS_CMD_DENY_ADD, MS_CMD_DENY_DEL, MS_CMD_DENY_GET, MS_CMD_DENY_FLUSH
};
static const struct list_cmds allow_cmds = {
	"allow", MS_CMD_ALLOW_ADD, MS_CMD_ALLOW_DEL, MS_CMD_ALLOW_GET, MS_CMD_ALLOW_FLUSH
};

static int print_entry(const struct ms_msg *m, void *arg)
{
	const struct ms_prefix *p = &m->prefix;
	char text[CP_PREFIX_TEXT_MAX];

	(void)arg;
	if (!(m->present & MS_BIT(MS_ATTR_PREFIX)))
		return 0;
	cp_prefix_format(p, text, sizeof(text));
	print_open_object(NULL);
	print_string("prefix", "%s", text);
	print_uint("expires", p->expires ? " expires %llus" : NULL, p->expires);
	if (!p->expires && ctl_opts.details)
		print_text(" expires never");
	print_bool("dynamic", " dynamic", p->flags & MS_PREFIX_F_DYNAMIC);
	if (p->present & MS_BIT(MS_PREFIX_A_HITS))
		print_uint("hits", ctl_opts.details ? " hits %llu" : NULL, p->hits);
	print_text("\n");
	print_close_object();
	return 0;
}

/* PREFIX [ expires SECONDS ]; expires only where allowed. */
static void parse_entry(int argc, char **argv, struct ms_msg *m, bool with_expiry)
{
	bool have_prefix = false, have_expires = false;
	uint32_t expires = 0;

	m->present |= MS_BIT(MS_ATTR_PREFIX);
	for (; argc > 0; argc--, argv++) {
		if (with_expiry && matches(*argv, "expires")) {
			if (have_expires)
				duparg("expires");
			if (argc < 2)
				usage_error("\"expires\" needs SECONDS");
			argc--, argv++;
			if (get_u32(&expires, *argv))
				invarg("expires", *argv, "expected seconds, 0..4294967295");
			have_expires = true;
		} else if (!have_prefix) {
			get_prefix(&m->prefix, *argv);
			have_prefix = true;
		} else {
			usage_error("unexpected \"%s\"", *argv);
		}
	}
	if (!have_prefix)
		usage_error("PREFIX missing");
	/* after get_prefix(), which starts the struct afresh */
	if (have_expires) {
		m->prefix.expires = expires;
		m->prefix.present |= MS_BIT(MS_PREFIX_A_EXPIRES);
	}
}

static int list_do(const struct list_cmds *c, int argc, char **argv)
{
	struct ms_msg *m = calloc(1, sizeof(*m));
	const char *verb = argc > 0 ? argv[0] : "show";
	int ret;

	if (!m)
		return ctl_fail("out of memory");
	if (argc > 0)
		argc--, argv++;
	if (matches(verb, "add")) {
		m->cmd = c->add;
		parse_entry(argc, argv, m, true);
		m->nl_flags = NLM_F_ACK;
		ret = ctl_run(m, NULL, NULL);
	} else if (matches(verb, "del")) {
		m->cmd = c->del;
		parse_entry(argc, argv, m, false);
		m->nl_flags = NLM_F_ACK;
		ret = ctl_run(m, NULL, NULL);
	} else if (matches(verb, "show")) {
		m->cmd = c->get;
		if (argc > 0)
			parse_entry(argc, argv, m, false);
		else
			m->nl_flags = NLM_F_DUMP;
		print_open_array(NULL);
		ret = ctl_run(m, print_entry, NULL);
	} else if (matches(verb, "flush")) {
		if (argc > 0)
			usage_error("unexpected \"%s\"", argv[0]);
		m->cmd = c->flush;
		m->nl_flags = NLM_F_ACK;
		ret = ctl_run(m, NULL, NULL);
	} else {
		usage_error("unknown command \"%s\", expected add, del, show or flush", verb);
	}
	ms_nl_msg_clear(m);
	free(m);
	return ret;
}

int do_deny(int argc, char **argv)
{
	return list_do(&deny_cmds, argc, argv);
}

int do_allow(int argc, char **argv)
{
	return list_do(&allow_cmds, argc, argv);
}
