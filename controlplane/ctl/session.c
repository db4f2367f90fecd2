/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * session: calls as mediasecd holds them. Legs are added with the leg
 * object (mediasecctl leg add ... session ID).
 *
 *   session add [ id ID ] label LABEL
 *   session del ID
 *   session show ID
 *   session list
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include "args.h"
#include "conn.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "objects.h"
#include "print.h"

static const char *name_or_num(enum ms_name_kind k, unsigned int v)
{
	return ms_nl_name_get(k, v) ?: "?";
}

static int print_session(const struct ms_msg *m, void *arg)
{
	const struct ms_session *s = &m->session;

	(void)arg;
	if (!(m->present & MS_BIT(MS_ATTR_SESSION)))
		return 0;
	print_open_object(NULL);
	print_uint("id", "session %llu", s->id);
	print_string("label", " label %s", s->label);
	print_uint("nlegs", " legs %llu", s->nlegs);
	print_text("\n");
	print_open_array("legs");
	for (unsigned int i = 0; i < s->nlegs; i++) {
		const struct ms_leg *l = &s->legs[i];

		print_open_object(NULL);
		print_uint("id", "    leg %llu", l->id);
		print_string("side", " %s", name_or_num(MS_NAME_SIDE, l->side));
		print_string("mode", " %s", name_or_num(MS_NAME_MODE, l->mode));
		if (l->present & MS_BIT(MS_LEG_A_PEER_ID))
			print_uint("peer", " peer %llu", l->peer_id);
		if (l->present & MS_BIT(MS_LEG_A_SRTP_IN))
			print_string("suite_in", " in %s",
				     name_or_num(MS_NAME_SUITE, l->in.suite));
		if (l->present & MS_BIT(MS_LEG_A_SRTP_OUT))
			print_string("suite_out", " out %s",
				     name_or_num(MS_NAME_SUITE, l->out.suite));
		print_text("\n");
		print_close_object();
	}
	print_close_array();
	print_close_object();
	return 0;
}

static void get_id(struct ms_msg *m, const char *arg)
{
	if (get_u32(&m->session.id, arg) || m->session.id == 0)
		invarg("session id", arg, "expected 1..4294967295");
	m->session.present |= MS_BIT(MS_SESSION_A_ID);
}

/* [ id ID ] label LABEL */
static void parse_add(int argc, char **argv, struct ms_msg *m)
{
	bool have_id = false, have_label = false;

	for (; argc > 0; argc--, argv++) {
		if (argc < 2 && (matches(*argv, "id") || matches(*argv, "label")))
			usage_error("\"%s\" needs a value", *argv);
		if (matches(*argv, "id")) {
			if (have_id)
				duparg("id");
			get_id(m, *++argv);
			argc--;
			have_id = true;
		} else if (matches(*argv, "label")) {
			if (have_label)
				duparg("label");
			argc--, argv++;
			if (strlen(*argv) >= MS_LABEL_MAX)
				invarg("label", *argv, "longer than 63 bytes");
			snprintf(m->session.label, sizeof(m->session.label), "%s", *argv);
			m->session.present |= MS_BIT(MS_SESSION_A_LABEL);
			have_label = true;
		} else {
			usage_error("unexpected \"%s\"", *argv);
		}
	}
	if (!have_label)
		usage_error("label LABEL missing");
}

static int one_id(int argc, char **argv, struct ms_msg *m)
{
	if (argc < 1)
		usage_error("session ID missing");
	if (argc > 1)
		usage_error("unexpected \"%s\"", argv[1]);
	get_id(m, argv[0]);
	return 0;
}

int do_session(int argc, char **argv)
{
	struct ms_msg *m = calloc(1, sizeof(*m));
	const char *verb = argc > 0 ? argv[0] : "list";
	int ret;

	if (!m)
		return ctl_fail("out of memory");
	if (argc > 0)
		argc--, argv++;
	m->present = MS_BIT(MS_ATTR_SESSION);
	if (matches(verb, "add")) {
		m->cmd = MS_CMD_SESSION_NEW;
		parse_add(argc, argv, m);
		/* The reply names the id the daemon chose. */
		m->nl_flags = NLM_F_ECHO;
		print_open_array(NULL);
		ret = ctl_run(m, print_session, NULL);
	} else if (matches(verb, "del")) {
		m->cmd = MS_CMD_SESSION_DEL;
		one_id(argc, argv, m);
		m->nl_flags = NLM_F_ACK;
		ret = ctl_run(m, NULL, NULL);
	} else if (matches(verb, "show")) {
		m->cmd = MS_CMD_SESSION_GET;
		one_id(argc, argv, m);
		print_open_array(NULL);
		ret = ctl_run(m, print_session, NULL);
	} else if (matches(verb, "list")) {
		if (argc > 0)
			usage_error("unexpected \"%s\"", argv[0]);
		m->cmd = MS_CMD_SESSION_GET;
		m->present = 0;
		m->nl_flags = NLM_F_DUMP;
		print_open_array(NULL);
		ret = ctl_run(m, print_session, NULL);
	} else {
		usage_error("unknown command \"%s\", expected add, del, show or list", verb);
	}
	ms_nl_msg_clear(m);
	free(m);
	return ret;
}
