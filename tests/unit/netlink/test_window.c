/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/nl_window on a real kernel: a forked server bound at a test port
 * answers each datagram of requests in reverse order, refusing every third
 * session with its own text; every request must be answered exactly once,
 * with its own result, however small the window. A silent server and an
 * absent one answer every request with the transport's error.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <cmocka.h>

#include "nl_client.h"
#include "nl_msg.h"
#include "nl_window.h"

#define N	300

/* Not a daemon's port: those may run on this host. */
static __u32 test_port(void)
{
	return 0x4D53D000U | (getpid() & 0xfff);
}

/* Answer one request: ACK, or an error for sessions whose id is a multiple of 3. */
static size_t answer(const struct nlmsghdr *req, unsigned char *out, size_t room)
{
	struct ms_msg *m = calloc(1, sizeof(*m));
	char text[MS_ERROR_MSG_MAX] = "";
	int error = 0;
	int len;

	if (ms_nl_msg_parse(req, req->nlmsg_len, m, text, sizeof(text)) == 0 &&
	    m->session.id % 3 == 0) {
		error = -EEXIST;
		snprintf(text, sizeof(text), "session %u refused", m->session.id);
	}
	len = ms_nl_error_put(out, room, req, req->nlmsg_pid, error, text);
	ms_nl_msg_clear(m);
	free(m);
	return len > 0 ? (size_t)len : 0;
}

/* The forked server: reverse order per datagram; silent: reads, never answers. */
static void serve(int fd, bool silent)
{
	static unsigned char in[1 << 17], out[1 << 17];

	for (;;) {
		struct sockaddr_nl from;
		socklen_t fl = sizeof(from);
		const struct nlmsghdr *reqs[1024];
		int n = (int)recvfrom(fd, in, sizeof(in), 0, (struct sockaddr *)&from, &fl);
		unsigned int k = 0;
		size_t len = 0;

		if (n <= 0)
			_exit(0);
		for (struct nlmsghdr *h = (struct nlmsghdr *)in; NLMSG_OK(h, (unsigned int)n) &&
		     k < 1024; h = NLMSG_NEXT(h, n))
			reqs[k++] = h;
		if (silent)
			continue;
		while (k--)
			len += NLMSG_ALIGN(answer(reqs[k], out + len, sizeof(out) - len));
		sendto(fd, out, len, 0, (struct sockaddr *)&from, sizeof(from));
	}
}

static pid_t server_start(bool silent)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_pid = test_port() };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_USERSOCK);
	pid_t pid;

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		serve(fd, silent);
	close(fd);
	return pid;
}

static void server_stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

struct answers {
	int calls[N];
	int ret[N];
	char text[N][64];
};

static void done(void *arg, __u64 tag, int ret, const char *text)
{
	struct answers *a = arg;

	assert_true(tag < N);
	a->calls[tag]++;
	a->ret[tag] = ret;
	snprintf(a->text[tag], sizeof(a->text[tag]), "%s", text);
}

static void session(struct ms_msg *m, __u32 id)
{
	memset(m, 0, sizeof(*m));
	m->cmd = MS_CMD_SESSION_NEW;
	m->present = MS_BIT(MS_ATTR_SESSION);
	m->session.present = MS_BIT(MS_SESSION_A_ID) | MS_BIT(MS_SESSION_A_LABEL);
	m->session.id = id;
	snprintf(m->session.label, sizeof(m->session.label), "window-test-%u", id);
}

/* N sessions through a window of max; the flush's result. */
static int run(unsigned int max, struct answers *a, char *err, size_t errlen)
{
	const struct ms_nl_client_conf conf = { .port = test_port(), .peer = "test server",
						.timeout_s = 1, .trust_own_uid = true,
						.rcvbuf = 1 << 20 };
	struct ms_nl_client *c = ms_nl_client_open(&conf, err, errlen);
	struct ms_nl_window *w;
	struct ms_msg m;
	int ret = 0;

	assert_non_null(c);
	w = ms_nl_window_open(c, max, done, a);
	assert_non_null(w);
	memset(a, 0, sizeof(*a));
	for (__u32 i = 0; i < N && !ret; i++) {
		session(&m, i + 1);
		ret = ms_nl_window_add(w, &m, i, err, errlen);
	}
	ret = ret ?: ms_nl_window_flush(w, err, errlen);
	assert_int_equal(ms_nl_window_pending(w), 0);
	ms_nl_window_close(w);
	ms_nl_client_close(c);
	return ret;
}

static void test_each_request_its_answer(void **state)
{
	static struct answers a;
	static const unsigned int windows[] = { 1, 7, 64, 4096 };
	char err[256];

	(void)state;
	for (size_t k = 0; k < sizeof(windows) / sizeof(windows[0]); k++) {
		pid_t pid = server_start(false);

		assert_int_equal(run(windows[k], &a, err, sizeof(err)), 0);
		server_stop(pid);
		for (unsigned int i = 0; i < N; i++) {
			char want[64] = "";

			if ((i + 1) % 3 == 0)
				snprintf(want, sizeof(want), "session %u refused", i + 1);
			assert_int_equal(a.calls[i], 1);
			assert_int_equal(a.ret[i], *want ? -EEXIST : 0);
			assert_string_equal(a.text[i], want);
		}
	}
}

static void test_silent_server_times_out(void **state)
{
	static struct answers a;
	pid_t pid = server_start(true);
	char err[256];

	(void)state;
	assert_int_equal(run(64, &a, err, sizeof(err)), -ETIMEDOUT);
	server_stop(pid);
	/* the first 64 were in flight when time ran out; none is answered twice */
	for (unsigned int i = 0; i < 64; i++) {
		assert_int_equal(a.calls[i], 1);
		assert_int_equal(a.ret[i], -ETIMEDOUT);
	}
	for (unsigned int i = 64; i < N; i++)
		assert_int_equal(a.calls[i], 0);
	assert_string_equal(a.text[0], "no reply from test server within 1 s");
}

static void test_absent_server_refused(void **state)
{
	static struct answers a;
	char err[256];

	(void)state;
	assert_int_equal(run(8, &a, err, sizeof(err)), -ECONNREFUSED);
	for (unsigned int i = 0; i < 8; i++) {
		assert_int_equal(a.calls[i], 1);
		assert_int_equal(a.ret[i], -ECONNREFUSED);
	}
	assert_int_equal(a.calls[8], 0);
	assert_non_null(strstr(err, "is not running"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_request_its_answer),
		cmocka_unit_test(test_silent_server_times_out),
		cmocka_unit_test(test_absent_server_refused),
	};
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_USERSOCK);

	if (fd < 0) {
		printf("SKIP: NETLINK_USERSOCK refused: %s\n", strerror(errno));
		return 77;
	}
	close(fd);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
