/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transport the daemons rely on, on a real kernel: a NETLINK_USERSOCK
 * socket bound to a fixed port id above the PID range receives a request
 * from an autobound socket, and the kernel stamps it with the sender's
 * SCM_CREDENTIALS (pid, uid, gid) -- the only identity a receiver may use to
 * pick a role. The reply travels back the same way, and the client checks
 * its credentials too. All through libnl, as mediasecd and mediasecctl do.
 *
 * Exits 77 (skipped) and says why when the kernel refuses NETLINK_USERSOCK.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <cmocka.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "nl_msg.h"
#include "samples.h"

/* Not MS_NL_PORT_DAEMON: a real mediasecd may run on this host. */
static __u32 test_port(void)
{
	return 0x4D53E000U | (getpid() & 0xfff);
}

struct pair {
	struct nl_sock *daemon;	/* bound at test_port(), SO_PASSCRED */
	struct nl_sock *client;	/* autobound, SO_PASSCRED for replies */
};

static int pair_open(struct pair *p)
{
	int ret;

	p->daemon = nl_socket_alloc();
	p->client = nl_socket_alloc();
	if (!p->daemon || !p->client)
		return -NLE_NOMEM;
	nl_socket_set_local_port(p->daemon, test_port());
	ret = nl_connect(p->daemon, NETLINK_USERSOCK);
	if (ret < 0)
		return ret;
	ret = nl_connect(p->client, NETLINK_USERSOCK);
	if (ret < 0)
		return ret;
	nl_socket_set_peer_port(p->client, test_port());
	if (nl_socket_set_passcred(p->daemon, 1) < 0 || nl_socket_set_passcred(p->client, 1) < 0)
		return -NLE_FAILURE;
	return 0;
}

static void pair_close(struct pair *p)
{
	nl_socket_free(p->daemon);
	nl_socket_free(p->client);
}

static int setup(void **state)
{
	static struct pair p;

	if (pair_open(&p) < 0)
		return -1;
	*state = &p;
	return 0;
}

static int teardown(void **state)
{
	pair_close(*state);
	return 0;
}

static const struct sample *sample_get(const char *name)
{
	for (size_t i = 0; i < nsamples; i++)
		if (strcmp(samples[i].name, name) == 0)
			return &samples[i];
	return NULL;
}

static void test_request_carries_credentials(void **state)
{
	struct pair *p = *state;
	struct ms_msg *want = sample_new(sample_get("key-set"));
	struct ms_msg *got = calloc(1, sizeof(*got));
	struct sockaddr_nl from;
	struct ucred *creds = NULL;
	unsigned char *buf = NULL;
	struct nl_msg *msg;
	char err[256];
	int n;

	want->portid = 0;	/* nl_send_auto() fills in the client's port */
	assert_int_equal(ms_nl_msg_build(want, &msg), 0);
	assert_true(nl_send_auto(p->client, msg) > 0);
	ms_nl_msg_free(msg);

	n = nl_recv(p->daemon, &from, &buf, &creds);
	assert_true(n > 0);
	/* the kernel, not the sender, vouches for these */
	assert_non_null(creds);
	assert_int_equal(creds->pid, getpid());
	assert_int_equal(creds->uid, getuid());
	assert_int_equal(creds->gid, getgid());
	/* and the source port is the client's, whatever nlmsg_pid says */
	assert_int_equal(from.nl_pid, nl_socket_get_local_port(p->client));

	assert_int_equal(ms_nl_msg_parse(buf, n, got, err, sizeof(err)), 0);
	assert_int_equal(got->cmd, MS_CMD_KEY_SET);
	assert_int_equal(got->portid, from.nl_pid);
	assert_true(got->nl_flags & NLM_F_REQUEST);
	assert_int_equal(got->leg.id, want->leg.id);
	assert_int_equal(got->leg.out.nkeys, 4);
	assert_memory_equal(got->leg.in.keys[0].key, want->leg.in.keys[0].key, 16);

	ms_nl_msg_clear(want);
	ms_nl_msg_clear(got);
	free(want);
	free(got);
	free(buf);
	free(creds);
}

static void test_error_reply_carries_credentials(void **state)
{
	struct pair *p = *state;
	struct ms_msg *req = sample_new(sample_get("leg-new"));
	struct sockaddr_nl from;
	struct ucred *creds = NULL;
	unsigned char *buf = NULL;
	struct ms_msg *got = calloc(1, sizeof(*got));
	struct nl_msg *msg, *reply;
	char err[256], text[MS_ERROR_MSG_MAX];
	int n, error = 0;

	/* a bad request: the daemon refuses it and says why */
	req->leg.local.present &= ~MS_BIT(MS_ADDR_A_PORT);
	req->portid = 0;
	assert_int_equal(ms_nl_msg_build(req, &msg), 0);
	assert_true(nl_send_auto(p->client, msg) > 0);
	ms_nl_msg_free(msg);

	n = nl_recv(p->daemon, &from, &buf, &creds);
	assert_true(n > 0);
	assert_int_equal(ms_nl_msg_parse(buf, n, got, err, sizeof(err)), -EINVAL);
	assert_int_equal(ms_nl_error_build((struct nlmsghdr *)buf, test_port(), -EINVAL, err,
					   &reply), 0);
	free(buf);
	free(creds);
	buf = NULL;
	creds = NULL;

	/* reply to the port the kernel reported, not the one claimed */
	nl_socket_set_peer_port(p->daemon, from.nl_pid);
	assert_true(nl_send(p->daemon, reply) > 0);
	nlmsg_free(reply);

	n = nl_recv(p->client, &from, &buf, &creds);
	assert_true(n > 0);
	assert_int_equal(from.nl_pid, test_port());
	assert_non_null(creds);
	/* a client accepts replies only from root or the daemon's uid */
	assert_int_equal(creds->uid, getuid());
	assert_int_equal(ms_nl_error_parse(buf, n, &error, text, sizeof(text)), 0);
	assert_int_equal(error, -EINVAL);
	assert_string_equal(text, "MS_ADDR_A_PORT: missing in MS_LEG_A_LOCAL");

	free(buf);
	free(creds);
	free(got);
	ms_nl_msg_clear(req);
	free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_carries_credentials),
		cmocka_unit_test(test_error_reply_carries_credentials),
	};
	struct pair probe;
	int ret = pair_open(&probe);

	pair_close(&probe);
	if (ret < 0) {
		printf("skipped: NETLINK_USERSOCK sockets unavailable here: %s\n",
		       nl_geterror(ret));
		return 77;
	}
	return cmocka_run_group_tests_name("netlink-usersock", tests, setup, teardown);
}
