/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecctl's one connection, to mediasecd (or, with -D, mediasec-dp)
 * through lib/nl_client.c; the tool only adds its warning about messages
 * from strangers.
 */
#include <errno.h>
#include <stdio.h>

#include "mediasec/netlink.h"

#include "conn.h"
#include "nl_msg.h"
#include "objects.h"
#include "print.h"
#include "nl_client.h"

#define REPLY_TIMEOUT_S 5

static struct ms_nl_client *conn;
static const char *peer = "mediasecd";

static void ignored(void *arg, __u32 port, int uid)
{
	fprintf(stderr, "mediasecctl: ignored a message from port 0x%08x, uid %d: "
		"not %s\n", port, uid, (const char *)arg);
}

const char *ctl_peer(void)
{
	return peer;
}

int ctl_open(__u32 port, char *err, size_t errlen)
{
	struct ms_nl_client_conf conf = {
		.port = port, .timeout_s = REPLY_TIMEOUT_S, .ignored = ignored,
	};

	peer = port == MS_NL_PORT_DP ? "mediasec-dp" : "mediasecd";
	conf.peer = peer;
	conf.arg = (void *)peer;

	conn = ms_nl_client_open(&conf, err, errlen);
	return conn ? 0 : -EIO;
}

void ctl_close(void)
{
	ms_nl_client_close(conn);
	conn = NULL;
}

int ctl_request(struct ms_msg *req, ctl_reply_fn fn, void *arg, char *err, size_t errlen)
{
	return ms_nl_client_request(conn, req, fn, arg, err, errlen);
}

int ctl_listen(ctl_reply_fn fn, void *arg, char *err, size_t errlen)
{
	return ms_nl_client_listen(conn, fn, arg, err, errlen);
}

int ctl_run(struct ms_msg *req, ctl_reply_fn fn, void *arg)
{
	char err[MS_ERROR_MSG_MAX + 64];

	if (ctl_request(req, fn, arg, err, sizeof(err)))
		return ctl_fail(err);
	print_flush();
	return 0;
}
