/* SPDX-License-Identifier: BSD-3-Clause */
/* The client side of the dp-ctl test (ctl_client.h). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <cmocka.h>

#include <netlink/msg.h>

#include "dataplane/control/ctl.h"
#include "lib/nl_msg.h"
#include "ctl_client.h"

struct dp_ctl *ctl;
uint32_t srv_port;
int cli;

int client_open(void)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_USERSOCK);
	int big = 4 << 20;

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	return fd;
}

int serve_open(const struct dp_ctl_conf *conf)
{
	char err[MS_ERROR_MSG_MAX];

	srv_port = conf->nl_port;
	ctl = dp_ctl_open(conf, err, sizeof(err));
	if (!ctl) {
		fprintf(stderr, "dp_ctl_open: %s\n", err);
		return -1;
	}
	cli = client_open();
	return 0;
}

void serve_close(void)
{
	close(cli);
	dp_ctl_close(ctl);
}

void send_raw(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = srv_port };

	assert_int_equal(sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)),
			 (ssize_t)len);
}

/* Append req as a request with flags to buf at *off. */
void put_req(uint8_t *buf, size_t *off, struct ms_msg *req, uint16_t flags, uint32_t seq)
{
	struct nl_msg *nm;

	req->nl_type = MS_NL_USERSOCK_TYPE;
	req->nl_flags = NLM_F_REQUEST | flags;
	req->seq = seq;
	assert_int_equal(ms_nl_msg_build(req, &nm), 0);
	memcpy(buf + *off, nlmsg_hdr(nm), nlmsg_hdr(nm)->nlmsg_len);
	*off += NLMSG_ALIGN(nlmsg_hdr(nm)->nlmsg_len);
	ms_nl_msg_free(nm);
}

/* Everything waiting on fd (the server has answered before we read). */
void collect(int fd, struct replies *r)
{
	static uint8_t buf[1 << 20];
	static struct ms_msg m;
	char why[MS_ERROR_MSG_MAX];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		int left = (int)n, err;
		struct nlmsghdr *nlh;

		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, left); nlh = nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				char text[MS_ERROR_MSG_MAX];

				assert_int_equal(ms_nl_error_parse(nlh, nlh->nlmsg_len, &err, text,
								   sizeof(text)), 0);
				if (!err) {
					r->acks++;
				} else if (!r->errors++) {
					r->error = err;
					snprintf(r->text, sizeof(r->text), "%s", text);
				}
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				r->done++;
			} else {
				if (ms_nl_msg_parse(nlh, nlh->nlmsg_len, &m, why, sizeof(why)))
					fail_msg("malformed reply: %s", why);
				r->data++;
				if (m.present & MS_BIT(MS_ATTR_DUMP_CURSOR)) {
					r->more = true;
					r->cursor = m.dump_cursor;
				}
				if (r->fn)
					r->fn(&m, r->arg);
			}
		}
		assert_int_equal(left, 0);
	}
}

struct replies ask_with(struct ms_msg *req, uint16_t flags, struct replies r)
{
	static uint8_t buf[MS_NL_MSG_MAX];
	size_t off = 0;

	put_req(buf, &off, req, flags, 1);
	send_raw(cli, buf, off);
	dp_ctl_process(ctl);
	collect(cli, &r);
	return r;
}

struct replies ask(struct ms_msg *req, uint16_t flags)
{
	return ask_with(req, flags, (struct replies){ 0 });
}

void expect_error_at(struct replies r, int error, const char *words, int line)
{
	if (r.errors != 1 || r.error != error)
		fail_msg("line %d: %u errors, the first %d \"%s\"; expected %d", line,
			 r.errors, r.error, r.text, error);
	if (!strstr(r.text, words))
		fail_msg("line %d: error text \"%s\" lacks \"%s\"", line, r.text, words);
}

void expect_ack_at(struct replies r, int line)
{
	if (r.errors)
		fail_msg("line %d: unexpected error %d: %s", line, r.error, r.text);
	assert_int_equal(r.acks, 1);
}

unsigned int dump_all(struct ms_msg *(*request)(void *arg), void *arg, struct replies each)
{
	unsigned int parts = 0;
	uint64_t cursor = 0;
	struct replies r;

	do {
		struct ms_msg *m = request(arg);

		if (parts) {
			m->present |= MS_BIT(MS_ATTR_DUMP_CURSOR);
			m->dump_cursor = cursor;
		}
		r = ask_with(m, NLM_F_DUMP, each);
		assert_int_equal(r.errors, 0);
		assert_int_equal(r.done, 1);
		cursor = r.cursor;
		parts++;
	} while (r.more);
	return parts;
}
