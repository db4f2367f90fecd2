/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srtp-peer: an SRTP endpoint for tests, independent of mediasec's engines.
 * SRTP is libsrtp2's alone (the suite -> policy mapping below is written
 * here on purpose, not shared with dataplane/srtp), sockets are plain UDP.
 *
 *   srtp-peer --bind ADDR:PORT [--to ADDR:PORT] [--send N] [--pps R]
 *             [--payload BYTES] [--ssrc X] [--suite SUITE --key-file F | --plain]
 *             [--recv N] [--timeout S] [--wait S] [--tamper K] [--replay K]
 *             [--reply] [-j]
 *
 * Sent RTP carries a payload derived from (SSRC, sequence number), so the
 * receiver checks that what arrives is what was sent, bit for bit, whatever
 * was decrypted and re-encrypted on the way. Received packets are counted as
 * ok, auth failures, replays, payload mismatches, duplicates or other.
 *
 * --wait S delays the first packet (receiving meanwhile), so that two peers
 * started together both listen before either sends.
 * --tamper K flips a payload byte of every Kth packet after protection,
 * --replay K sends every Kth packet twice; --reply answers each good packet
 * with one of ours to its source. Exit 0 when --recv N good packets arrived
 * with no mismatch (or, without --recv, when everything was sent), 1 when
 * not, 2 on a bad command line.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <srtp2/srtp.h>

#include "addr_port.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "parse_num.h"
#include "sdes_key.h"
#include "suite.h"

#define RTP_HDR 12
#define PKT_MAX 1500

struct opts {
	struct sockaddr_storage bind, to;
	bool have_to, plain, reply, json;
	unsigned long send, pps, payload, ssrc, recv, timeout, wait, tamper, replay;
	unsigned int suite;
	const char *key_file;
};

struct counts {
	unsigned long sent, ok, auth, replay, mismatch, dup, other;
};

static __attribute__((noreturn, format(printf, 1, 2))) void usage_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "srtp-peer: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nUsage: srtp-peer --bind ADDR:PORT [--to ADDR:PORT] [--send N] "
		"[--pps R] [--payload BYTES] [--ssrc X]\n"
		"       [--suite SUITE --key-file FILE | --plain] [--recv N] [--timeout S]\n"
		"       [--wait S] [--tamper K] [--replay K] [--reply] [-j]\n");
	exit(2);
}

/* ADDR:PORT or [IPV6]:PORT */
static void parse_sockaddr(const char *arg, struct sockaddr_storage *ss)
{
	struct ms_addr a;
	char why[64];

	if (ms_addr_port_parse(arg, &a, why, sizeof(why)))
		usage_fail("invalid address \"%s\": %s", arg, why);
	memset(ss, 0, sizeof(*ss));
	if (a.family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(a.port);
		memcpy(&s4->sin_addr, a.in4, sizeof(a.in4));
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(a.port);
		memcpy(&s6->sin6_addr, a.in6, sizeof(a.in6));
	}
}

static unsigned long num(const char *what, const char *arg, unsigned long min, unsigned long max)
{
	unsigned long v;

	if (ms_parse_ulong(arg, 0, min, max, &v)) {
		fprintf(stderr, "srtp-peer: invalid %s \"%s\": expected %lu..%lu\n", what, arg,
			min, max);
		exit(2);
	}
	return v;
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{ "bind", required_argument, NULL, 'b' },
		{ "to", required_argument, NULL, 't' },
		{ "send", required_argument, NULL, 'n' },
		{ "pps", required_argument, NULL, 'r' },
		{ "payload", required_argument, NULL, 'l' },
		{ "ssrc", required_argument, NULL, 's' },
		{ "suite", required_argument, NULL, 'S' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "plain", no_argument, NULL, 'p' },
		{ "recv", required_argument, NULL, 'R' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "wait", required_argument, NULL, 'w' },
		{ "tamper", required_argument, NULL, 'x' },
		{ "replay", required_argument, NULL, 'y' },
		{ "reply", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_bind = false;
	int c;

	*o = (struct opts){ .pps = 50, .payload = 160, .ssrc = 0x5eed0001, .timeout = 10 };
	while ((c = getopt_long(argc, argv, "j", longs, NULL)) != -1) {
		switch (c) {
		case 'b': parse_sockaddr(optarg, &o->bind); have_bind = true; break;
		case 't': parse_sockaddr(optarg, &o->to); o->have_to = true; break;
		case 'n': o->send = num("--send", optarg, 0, 100000000); break;
		case 'r': o->pps = num("--pps", optarg, 1, 1000000); break;
		case 'l': o->payload = num("--payload", optarg, 1, PKT_MAX - RTP_HDR - 64); break;
		case 's': o->ssrc = num("--ssrc", optarg, 0, 0xffffffffUL); break;
		case 'S':
			if (ms_nl_name_parse(MS_NAME_SUITE, optarg, &o->suite))
				usage_fail("unknown suite \"%s\"", optarg);
			break;
		case 'k': o->key_file = optarg; break;
		case 'p': o->plain = true; break;
		case 'R': o->recv = num("--recv", optarg, 0, 100000000); break;
		case 'T': o->timeout = num("--timeout", optarg, 1, 3600); break;
		case 'w': o->wait = num("--wait", optarg, 0, 3600); break;
		case 'x': o->tamper = num("--tamper", optarg, 1, 100000000); break;
		case 'y': o->replay = num("--replay", optarg, 1, 100000000); break;
		case 'a': o->reply = true; break;
		case 'j': o->json = true; break;
		default: usage_fail("bad option");
		}
	}
	if (optind < argc)
		usage_fail("unexpected \"%s\"", argv[optind]);
	if (!have_bind)
		usage_fail("--bind missing");
	if (o->plain == (o->key_file != NULL) || (o->key_file && !o->suite))
		usage_fail("give either --suite SUITE --key-file FILE, or --plain");
	if (o->send && !o->have_to)
		usage_fail("--send needs --to");
}

/* libsrtp2's own policy for our suite; see the file comment. */
static int set_crypto(srtp_crypto_policy_t *rtp, srtp_crypto_policy_t *rtcp, unsigned int suite)
{
	switch (suite) {
	case MS_SUITE_AES_CM_128_HMAC_SHA1_80:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(rtp);
		break;
	case MS_SUITE_AES_CM_128_HMAC_SHA1_32:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(rtp);
		break;
	case MS_SUITE_AES_256_CM_HMAC_SHA1_80:
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(rtp);
		break;
	case MS_SUITE_AES_256_CM_HMAC_SHA1_32:
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(rtp);
		break;
	case MS_SUITE_AEAD_AES_128_GCM:
		srtp_crypto_policy_set_aes_gcm_128_16_auth(rtp);
		break;
	case MS_SUITE_AEAD_AES_256_GCM:
		srtp_crypto_policy_set_aes_gcm_256_16_auth(rtp);
		break;
	case MS_SUITE_NULL_HMAC_SHA1_80:
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(rtp);
		break;
	case MS_SUITE_NULL_HMAC_SHA1_32:
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(rtp);
		rtp->auth_tag_len = 4;
		break;
	default:
		return -1;
	}
	/* SRTCP keeps an 80-bit tag for the _32 suites (RFC 4568) */
	*rtcp = *rtp;
	if (rtcp->auth_tag_len == 4)
		rtcp->auth_tag_len = 10;
	return 0;
}

/* One session for what we send and one for what we receive, same key. */
static void make_sessions(const struct opts *o, srtp_t *tx, srtp_t *rx)
{
	struct ms_srtp_dir *d = calloc(1, sizeof(*d));
	const struct ms_suite_info *si = ms_suite_info_get(o->suite);
	unsigned char key[MS_SRTP_MASTER_KEY_MAX + MS_SRTP_MASTER_SALT_MAX];
	srtp_policy_t p;
	char err[256];

	if (!d || srtp_init() != srtp_err_status_ok) {
		fprintf(stderr, "srtp-peer: cannot initialise libsrtp2\n");
		exit(1);
	}
	if (ms_sdes_key_file_read(o->key_file, o->suite, d, err, sizeof(err))) {
		fprintf(stderr, "srtp-peer: %s\n", err);
		exit(1);
	}
	if (d->nkeys != 1 || d->keys[0].mki_len) {
		fprintf(stderr, "srtp-peer: %s: one key without MKI expected\n", o->key_file);
		exit(1);
	}
	memcpy(key, d->keys[0].key, si->key_len);
	memcpy(key + si->key_len, d->keys[0].salt, si->salt_len);
	ms_nl_srtp_dir_clear(d);
	free(d);
	memset(&p, 0, sizeof(p));
	if (set_crypto(&p.rtp, &p.rtcp, o->suite)) {
		fprintf(stderr, "srtp-peer: suite not supported by libsrtp2\n");
		exit(1);
	}
	p.key = key;
	p.window_size = 1024;
	p.ssrc.type = ssrc_any_outbound;
	if (srtp_create(tx, &p) != srtp_err_status_ok)
		goto fail;
	p.ssrc.type = ssrc_any_inbound;
	if (srtp_create(rx, &p) != srtp_err_status_ok)
		goto fail;
	OPENSSL_cleanse(key, sizeof(key));
	return;
fail:
	OPENSSL_cleanse(key, sizeof(key));
	fprintf(stderr, "srtp-peer: libsrtp2 refused the policy\n");
	exit(1);
}

static uint8_t payload_byte(uint32_t ssrc, uint16_t seq, size_t i)
{
	return (uint8_t)((ssrc * 2654435761U) ^ (seq * 40503U) ^ (i * 131U) ^ (i >> 3));
}

/* An RTP packet, PT 0, of payload bytes; returns its length. */
static size_t build_rtp(uint8_t *pkt, uint32_t ssrc, uint16_t seq, size_t payload)
{
	uint32_t ts = (uint32_t)seq * 160;

	pkt[0] = 0x80;
	pkt[1] = 0;
	pkt[2] = (uint8_t)(seq >> 8);
	pkt[3] = (uint8_t)seq;
	for (int i = 0; i < 4; i++) {
		pkt[4 + i] = (uint8_t)(ts >> (24 - 8 * i));
		pkt[8 + i] = (uint8_t)(ssrc >> (24 - 8 * i));
	}
	for (size_t i = 0; i < payload; i++)
		pkt[RTP_HDR + i] = payload_byte(ssrc, seq, i);
	return RTP_HDR + payload;
}

static bool payload_ok(const uint8_t *pkt, size_t len)
{
	uint32_t ssrc = (uint32_t)pkt[8] << 24 | (uint32_t)pkt[9] << 16 | pkt[10] << 8 | pkt[11];
	uint16_t seq = (uint16_t)(pkt[2] << 8 | pkt[3]);

	if (len <= RTP_HDR || (pkt[0] & 0xc0) != 0x80 || (pkt[0] & 0x3f))
		return false;	/* we send no CSRC, extension or padding */
	for (size_t i = RTP_HDR; i < len; i++)
		if (pkt[i] != payload_byte(ssrc, seq, i - RTP_HDR))
			return false;
	return true;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static socklen_t ss_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

struct peer {
	const struct opts *o;
	int fd;
	srtp_t tx, rx;
	uint16_t seq;
	struct counts c;
	uint8_t seen[65536 / 8];	/* sequence numbers received, for duplicates */
};

static void send_one(struct peer *p, const struct sockaddr_storage *to)
{
	uint8_t pkt[PKT_MAX];
	int len = (int)build_rtp(pkt, (uint32_t)p->o->ssrc, p->seq, p->o->payload);
	unsigned long n = ++p->c.sent;

	p->seq++;
	if (!p->o->plain && srtp_protect(p->tx, pkt, &len) != srtp_err_status_ok) {
		p->c.other++;
		return;
	}
	if (p->o->tamper && n % p->o->tamper == 0)
		pkt[RTP_HDR] ^= 0x01;
	sendto(p->fd, pkt, (size_t)len, 0, (const struct sockaddr *)to, ss_len(to));
	if (p->o->replay && n % p->o->replay == 0)
		sendto(p->fd, pkt, (size_t)len, 0, (const struct sockaddr *)to, ss_len(to));
}

static void recv_one(struct peer *p)
{
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	uint8_t pkt[PKT_MAX];
	ssize_t n = recvfrom(p->fd, pkt, sizeof(pkt), MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
	int len = (int)n;
	uint16_t seq;

	if (n < RTP_HDR) {
		if (n >= 0)
			p->c.other++;
		return;
	}
	if (!p->o->plain) {
		srtp_err_status_t st = srtp_unprotect(p->rx, pkt, &len);

		if (st == srtp_err_status_auth_fail) {
			p->c.auth++;
			return;
		}
		if (st == srtp_err_status_replay_fail || st == srtp_err_status_replay_old) {
			p->c.replay++;
			return;
		}
		if (st != srtp_err_status_ok) {
			p->c.other++;
			return;
		}
	}
	if (!payload_ok(pkt, (size_t)len)) {
		p->c.mismatch++;
		return;
	}
	seq = (uint16_t)(pkt[2] << 8 | pkt[3]);
	if (p->seen[seq / 8] & (1U << (seq % 8))) {
		p->c.dup++;
		return;
	}
	p->seen[seq / 8] |= (uint8_t)(1U << (seq % 8));
	p->c.ok++;
	if (p->o->reply)
		send_one(p, &from);
}

static void report(const struct peer *p)
{
	const struct counts *c = &p->c;

	if (p->o->json)
		printf("{\"sent\":%lu,\"ok\":%lu,\"auth_fail\":%lu,\"replay\":%lu,"
		       "\"mismatch\":%lu,\"dup\":%lu,\"other\":%lu}\n",
		       c->sent, c->ok, c->auth, c->replay, c->mismatch, c->dup, c->other);
	else
		printf("sent %lu ok %lu auth-fail %lu replay %lu mismatch %lu dup %lu other %lu\n",
		       c->sent, c->ok, c->auth, c->replay, c->mismatch, c->dup, c->other);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct opts o;
	struct peer *p = calloc(1, sizeof(*p));
	double start, next, deadline;
	int one = 1;

	if (!p)
		return 1;
	parse_opts(argc, argv, &o);
	p->o = &o;
	if (!o.plain)
		make_sessions(&o, &p->tx, &p->rx);
	p->fd = socket(o.bind.ss_family, SOCK_DGRAM, 0);
	if (p->fd < 0 || setsockopt(p->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(p->fd, (struct sockaddr *)&o.bind, ss_len(&o.bind))) {
		perror("srtp-peer: socket/bind");
		return 1;
	}
	start = now_s();
	next = start + (double)o.wait;
	deadline = start + (double)(o.wait + o.timeout);
	for (;;) {
		double t = now_s();
		bool sending = p->c.sent < o.send;
		double wait = sending ? next - t : deadline - t;
		struct pollfd pfd = { .fd = p->fd, .events = POLLIN };

		if (t >= deadline || (!sending && p->c.ok >= o.recv && !o.reply))
			break;
		if (sending && t >= next) {
			send_one(p, &o.to);
			next += 1.0 / (double)o.pps;
			continue;
		}
		if (poll(&pfd, 1, wait > 0 ? (int)(wait * 1000) + 1 : 0) > 0)
			recv_one(p);
	}
	report(p);
	if (!o.plain) {
		srtp_dealloc(p->tx);
		srtp_dealloc(p->rx);
		srtp_shutdown();
	}
	close(p->fd);
	{
		bool good = p->c.sent == o.send && p->c.ok >= o.recv && !p->c.mismatch;

		free(p);
		return good ? 0 : 1;
	}
}
