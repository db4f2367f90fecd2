/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * docs/netlink.md's command table is the rule table of lib/nl_cmd.c for
 * humans: each row is regenerated here and must appear in the page verbatim,
 * so a rule change without a docs change fails the build's tests.
 * argv[1] is the path of docs/netlink.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nl_cmd.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "nl_schema.h"

static const char *doc_path;

/* "`_A`, `_B`" from the attribute names in mask, without prefix; "–" if none */
static void attrs(char *out, size_t len, const struct ms_nl_set *set, __u64 mask,
		  const char *prefix)
{
	size_t n = strlen(out);
	bool first = true;

	for (int t = 1; t <= set->maxtype; t++) {
		if (!(mask & MS_BIT(t)))
			continue;
		n += snprintf(out + n, len - n, "%s`%s`", first ? "" : ", ",
			      ms_nl_attr_name(set, t) + strlen(prefix));
		first = false;
	}
	if (first)
		snprintf(out + n, len - n, "–");
}

static void row(char *out, size_t len, const struct ms_nl_cmd *c)
{
	const struct ms_nl_set *ns = c->nest ? ms_nl_set_top.fields[c->nest].nest : NULL;
	__u64 req = ns ? c->nest_required | ns->required : 0;

	snprintf(out, len, "| `%s` | %s | %s | ", c->name + strlen("MS_CMD_"),
		 (c->flags & MS_NL_CMD_F_NOTIFY) ? "(notification)" :
		 ms_nl_name_get(MS_NAME_ROLE, c->min_role),
		 (c->flags & MS_NL_CMD_F_DUMP_ONLY) ? "only" :
		 (c->flags & MS_NL_CMD_F_DUMP) ? "yes" : "–");
	if (ns) {
		__u64 top = c->required & ~MS_BIT(c->nest);

		snprintf(out + strlen(out), len - strlen(out), "%s`%s` { ",
			 (c->required & MS_BIT(c->nest)) ? "" : "(optional) ",
			 ms_nl_attr_name(&ms_nl_set_top, c->nest));
		attrs(out, len, ns, req, ns->name);
		snprintf(out + strlen(out), len - strlen(out), " }");
		if (top) {
			snprintf(out + strlen(out), len - strlen(out), ", ");
			attrs(out, len, &ms_nl_set_top, top, "");
		}
	} else {
		attrs(out, len, &ms_nl_set_top, c->required, "");
	}
	snprintf(out + strlen(out), len - strlen(out), " | ");
	if (ns) {
		__u64 top_opt = c->allowed & ~c->required & ~MS_BIT(c->nest);

		attrs(out, len, ns, c->nest_allowed & ~req, ns->name);
		if (top_opt) {
			snprintf(out + strlen(out), len - strlen(out), ", ");
			attrs(out, len, &ms_nl_set_top, top_opt, "");
		}
	} else
		attrs(out, len, &ms_nl_set_top, c->allowed & ~c->required, "");
	snprintf(out + strlen(out), len - strlen(out), " |\n");
}

static void test_command_table_documented(void **state)
{
	FILE *f = fopen(doc_path, "r");
	static char doc[128 * 1024];
	size_t n;

	(void)state;
	if (!f)
		fail_msg("cannot open %s", doc_path);
	n = fread(doc, 1, sizeof(doc) - 1, f);
	doc[n] = '\0';
	fclose(f);
	for (unsigned int cmd = 1; cmd <= MS_CMD_MAX; cmd++) {
		char r[1024] = "";

		row(r, sizeof(r), ms_nl_cmd_get(cmd));
		if (!strstr(doc, r))
			fail_msg("docs/netlink.md lacks or differs from this row:\n%s", r);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_table_documented),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s docs/netlink.md\n", argv[0]);
		return 2;
	}
	doc_path = argv[1];
	return cmocka_run_group_tests_name("netlink-docs", tests, NULL, NULL);
}
