// SPDX-License-Identifier: BSD-3-Clause
/*
 * Packet filter tests, XDP build: the program under BPF_PROG_TEST_RUN.
 *
 * The program is loaded (not attached) with its maps pinned in a private
 * pin dir, the shared policy (cases.c) is installed through the pf_
 * helpers, and the shared case table and truncations run through the
 * runner. Then XDP-only checks: a reopen must find the pinned state and
 * config again, and a real attach to lo in a private netns must filter
 * live traffic and detach cleanly.
 *
 * Exit 0 all passed, 1 a failure, 77 skipped (no BPF rights or no bpffs).
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/magic.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pf_loader.h"
#include "runner.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif

#define SKIP 77

struct xdp_env {
	struct pf *pf;
	struct ring_buffer *rb;
	unsigned int *events;	/* where on_event counts, during a drain */
	char mnt[64];		/* private bpffs when /sys/fs/bpf is none */
	char pin_dir[128];
	int xsk_fd;
};

/* ---- the backend ---- */

static int xdp_configure(void *ctx, const struct ms_pf_config *cfg, int xsk)
{
	struct xdp_env *e = ctx;
	int fd = pf_xsks_fd(e->pf), err;
	__u32 q = 0;

	err = pf_config_set(e->pf, cfg);
	if (err)
		return err;
	if (!xsk) {
		if (bpf_map_delete_elem(fd, &q) && errno != ENOENT)
			return -errno;
		return 0;
	}
	/* An unbound AF_XDP socket is enough for the XSKMAP and the redirect. */
	if (e->xsk_fd < 0) {
		e->xsk_fd = socket(AF_XDP, SOCK_RAW, 0);
		if (e->xsk_fd < 0)
			return -errno;
	}
	if (bpf_map_update_elem(fd, &q, &e->xsk_fd, 0))
		return -errno;
	return 0;
}

static int xdp_counters(void *ctx, struct ms_pf_counter stat[MS_PF_STAT_MAX])
{
	struct xdp_env *e = ctx;
	struct pf_counters c;
	int err = pf_counters_read(e->pf, &c);

	if (!err)
		memcpy(stat, c.stat, sizeof(c.stat));
	return err;
}

static int xdp_run(void *ctx, const uint8_t *frame, size_t len,
		   unsigned int repeat, int *verdict)
{
	struct xdp_env *e = ctx;
	LIBBPF_OPTS(bpf_test_run_opts, o,
		.data_in = frame,
		.data_size_in = len,
		.repeat = repeat);

	if (bpf_prog_test_run_opts(pf_prog_fd(e->pf), &o))
		return -errno;
	switch (o.retval) {
	case XDP_PASS:
		*verdict = MS_PF_PASS;
		break;
	case XDP_REDIRECT:
		*verdict = MS_PF_REDIRECT;
		break;
	case XDP_DROP:
		*verdict = MS_PF_DROP;
		break;
	default:
		*verdict = -(int)o.retval - 1;	/* never a verdict */
	}
	return 0;
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct xdp_env *e = ctx;
	const struct ms_pf_event *ev = data;

	if (size >= sizeof(*ev) && ev->kind < __MS_PF_EV_MAX)
		e->events[ev->kind]++;
	else
		e->events[MS_PF_EV_NONE]++;	/* garbage: always a failure */
	return 0;
}

static void xdp_events(void *ctx, unsigned int count[__MS_PF_EV_MAX])
{
	struct xdp_env *e = ctx;

	e->events = count;
	ring_buffer__consume(e->rb);
	e->events = NULL;
}

/* ---- setup ---- */

static int install_policy(struct pf *pf)
{
	uint64_t now = pf_now_ns();
	struct pf_prefix p;
	size_t i;
	int err = 0;

	for (i = 0; i < policy_ports_n && !err; i++)
		err = pf_ports_set(pf, policy_ports[i].proto, policy_ports[i].lo,
				   policy_ports[i].hi, policy_ports[i].cls,
				   policy_ports[i].realm);
	for (i = 0; i < policy_deny_n && !err; i++) {
		int x = policy_deny[i].expiry;
		uint64_t exp = x < 0 ? now - CASE_EXPIRED_AGO : x > 0 ? now + 60 * NS_PER_S : 0;

		err = pf_prefix_parse(&p, policy_deny[i].prefix) ?:
		      pf_deny_add(pf, &p, exp, MS_PF_DENY_F_DYNAMIC);
	}
	for (i = 0; i < policy_allow_n && !err; i++)
		err = pf_prefix_parse(&p, policy_allow[i]) ?: pf_allow_add(pf, &p);
	for (i = 0; i < policy_pinholes_n && !err; i++) {
		const struct policy_pinhole *ph = &policy_pinholes[i];

		if (ph->remote)
			err = pf_prefix_parse(&p, ph->remote);
		if (!err)
			err = pf_pinhole_add(pf, ph->proto, ph->port,
					     ph->remote ? &p : NULL, ph->remote_port);
	}
	return err;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !getenv("MS_TEST_VERBOSE"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int open_events(struct xdp_env *e)
{
	ring_buffer__free(e->rb);
	e->rb = ring_buffer__new(pf_events_fd(e->pf), on_event, e, NULL);
	return e->rb ? 0 : -errno;
}

/* A pin dir on a bpffs: /sys/fs/bpf if it is one, else a private mount. */
static int make_pin_dir(struct xdp_env *e)
{
	struct statfs st;

	/* No '.' in the name: bpffs refuses dots (kept for its own files). */
	if (!statfs("/sys/fs/bpf", &st) && st.f_type == BPF_FS_MAGIC) {
		snprintf(e->pin_dir, sizeof(e->pin_dir), "/sys/fs/bpf/mediasec-test-%d",
			 (int)getpid());
		return 0;
	}
	snprintf(e->mnt, sizeof(e->mnt), "/tmp/mediasec-bpffs.XXXXXX");
	if (!mkdtemp(e->mnt)) {
		e->mnt[0] = '\0';
		return -errno;
	}
	if (mount("bpf", e->mnt, "bpf", 0, "mode=0700")) {
		int err = -errno;

		rmdir(e->mnt);
		e->mnt[0] = '\0';
		return err;
	}
	snprintf(e->pin_dir, sizeof(e->pin_dir), "%s/mediasec", e->mnt);
	return 0;
}

static void cleanup(struct xdp_env *e)
{
	ring_buffer__free(e->rb);
	if (e->pf) {
		pf_unpin(e->pf);
		pf_close(e->pf);
	}
	if (e->xsk_fd >= 0)
		close(e->xsk_fd);
	if (e->mnt[0]) {
		umount(e->mnt);
		rmdir(e->mnt);
	}
}

static void print_prog_info(struct xdp_env *e)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (!bpf_obj_get_info_by_fd(pf_prog_fd(e->pf), &info, &len))
		printf("# program: %u bytes xlated, %u bytes jited, %u insns verified\n",
		       info.xlated_prog_len, info.jited_prog_len, info.verified_insns);
}

/* ---- XDP only: restart, attach ---- */

/* Closes the loader and opens the pins again, as a restarted daemon does. */
static int reopen(struct xdp_env *e)
{
	int err;

	ring_buffer__free(e->rb);
	e->rb = NULL;
	pf_close(e->pf);
	e->pf = NULL;
	err = pf_open(&e->pf, e->pin_dir);
	return err ?: open_events(e);
}

/* A daemon restart: reopen must reuse the pins, state and config included. */
static void run_reopen(struct runner *r, struct xdp_env *e)
{
	struct ms_pf_config cfg, got;
	int failures = r->failures, err;

	case_config(NULL, &cfg);
	cfg.flags |= MS_PF_F_DROP_IP_OPTIONS;
	cfg.scan_threshold = 7;
	check(r, !pf_config_set(e->pf, &cfg), "config set");
	err = reopen(e);
	check(r, !err, "reopen: %s", strerror(-err));
	if (err) {
		report(r, failures, "reopen");
		return;
	}
	check(r, !pf_config_get(e->pf, &got) && got.flags == cfg.flags &&
		 got.scan_threshold == 7, "config not kept over the reopen");
	report(r, failures, "reopen keeps the config");
	run_case(r, &case_after_reopen);
}

/* MS_PF_F_ALLOWLIST as the program sees it in the pinned config: 1, 0, or
 * -errno; @clear: clear it there first, as pins of an older loader have. */
static int allowlist_flag(struct xdp_env *e, int clear)
{
	struct ms_pf_config cfg;
	char path[192];
	__u32 k = 0;
	int fd, ret;

	snprintf(path, sizeof(path), "%s/pf_config", e->pin_dir);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	if (bpf_map_lookup_elem(fd, &k, &cfg)) {
		ret = -errno;
	} else {
		ret = !!(cfg.flags & MS_PF_F_ALLOWLIST);
		cfg.flags &= ~MS_PF_F_ALLOWLIST;
		if (clear && bpf_map_update_elem(fd, &k, &cfg, BPF_ANY))
			ret = -errno;
	}
	close(fd);
	return ret;
}

static int allowlist_edit(struct pf *pf, int add)
{
	struct pf_prefix p;
	size_t i;
	int err = 0;

	for (i = 0; i < policy_allow_n && !err; i++)
		err = pf_prefix_parse(&p, policy_allow[i]) ?:
		      (add ? pf_allow_add(pf, &p) : pf_allow_del(pf, &p));
	return err;
}

/*
 * The XDP build skips the allowlist while MS_PF_F_ALLOWLIST is clear: the
 * loader must keep it equal to "the tries have an entry" through config
 * writes (every case above made one), allowlist edits and a reopen of
 * pins that lack it.
 */
static void run_allowlist_flag(struct runner *r, struct xdp_env *e)
{
	struct ms_pf_config cfg;
	int failures = r->failures, err;

	check(r, allowlist_flag(e, 0) == 1, "flag clear with an allowlist");
	check(r, !pf_config_get(e->pf, &cfg) && !(cfg.flags & MS_PF_F_ALLOWLIST),
	      "pf_config_get shows the loader's flag");
	check(r, !allowlist_edit(e->pf, 0), "allowlist removal");
	check(r, allowlist_flag(e, 0) == 0, "flag set on an empty allowlist");
	run_case(r, &case_allowlist_emptied);
	check(r, !allowlist_edit(e->pf, 1), "allowlist re-added");
	check(r, allowlist_flag(e, 0) == 1, "flag clear after the allowlist came back");
	run_case(r, &case_allowlist_back);
	check(r, allowlist_flag(e, 1) == 1, "flag clear before the reopen");
	err = reopen(e);
	check(r, !err, "reopen: %s", strerror(-err));
	check(r, allowlist_flag(e, 0) == 1, "reopen left pins without the flag");
	report(r, failures, "allowlist flag follows the tries");
	if (!err)
		run_case(r, &case_allowlist_back);
}

/* The typed helpers refuse what they cannot represent. */
static void run_helpers(struct runner *r, struct xdp_env *e)
{
	static const struct {
		const char *text;
		int err;
		unsigned int len;
	} prefixes[] = {
		{ "192.0.2.0/24", 0, 24 }, { "192.0.2.1", 0, 32 }, { "2001:db8::/32", 0, 32 },
		{ "::1", 0, 128 }, { "192.0.2.0/33", -EINVAL, 0 }, { "2001:db8::/129", -EINVAL, 0 },
		{ "192.0.2.0/", -EINVAL, 0 }, { "192.0.2.0/+8", -EINVAL, 0 },
		{ "192.0.2.0/8x", -EINVAL, 0 }, { "192.0.2", -EINVAL, 0 }, { "", -EINVAL, 0 },
		{ "example.com/8", -EINVAL, 0 },
	};
	struct ms_pf_config cfg;
	struct pf_prefix p;
	int failures = r->failures, err;
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		err = pf_prefix_parse(&p, prefixes[i].text);
		check(r, err == prefixes[i].err && (err || p.len == prefixes[i].len),
		      "pf_prefix_parse(\"%s\") = %d, len %u", prefixes[i].text, err, p.len);
	}
	check(r, pf_ports_set(e->pf, IPPROTO_UDP, 20, 10, MS_PF_PORT_MEDIA, 0) == -EINVAL,
	      "ports lo > hi");
	check(r, pf_ports_set(e->pf, IPPROTO_ICMP, 1, 1, MS_PF_PORT_MEDIA, 0) == -EINVAL,
	      "ports for icmp");
	check(r, pf_ports_set(e->pf, IPPROTO_UDP, 1, 1, __MS_PF_PORT_MAX, 0) == -EINVAL,
	      "unknown port class");
	check(r, pf_pinhole_add(e->pf, IPPROTO_ICMP, 1, NULL, 0) == -EINVAL, "icmp pinhole");
	check(r, pf_pinhole_del(e->pf, IPPROTO_UDP, 1) == -ENOENT, "absent pinhole");
	pf_prefix_parse(&p, "198.51.100.0/24");
	check(r, pf_deny_add(e->pf, &p, 0, 1U << 7) == -EINVAL, "unknown deny flag");
	check(r, pf_deny_del(e->pf, &p) == -ENOENT, "absent deny entry");
	case_config(NULL, &cfg);
	cfg.flags |= 1U << 31;
	check(r, pf_config_set(e->pf, &cfg) == -EINVAL, "unknown config flag");
	report(r, failures, "helpers refuse bad input");
}

/* One datagram to 127.0.0.1:@port; returns 0 if it arrived on @rx. */
static int udp_roundtrip(int rx, uint16_t port)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	char msg[16] = "mediasec", got[16];
	int tx = socket(AF_INET, SOCK_DGRAM, 0), err = 0;

	if (tx < 0)
		return -errno;
	if (sendto(tx, msg, sizeof(msg), 0, (struct sockaddr *)&to, sizeof(to)) < 0 ||
	    recv(rx, got, sizeof(got), 0) < 0)
		err = -errno;
	close(tx);
	return err;
}

static int lo_up_with_listener(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct timeval tmo = { .tv_usec = 300000 };
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return -errno;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) ||
	    (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tmo, sizeof(tmo))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/*
 * Attach for real, in a private network namespace: lo has no native XDP,
 * so this is also the fallback to generic mode. Signalling arrives, a
 * closed port does not, and the detach leaves nothing behind.
 */
static void run_attach(struct runner *r, struct xdp_env *e)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct ms_pf_counter before[MS_PF_STAT_MAX], after[MS_PF_STAT_MAX];
	enum pf_attach_mode mode = PF_ATTACH_NATIVE;
	int failures = r->failures, err, rx, lo;
	struct ms_pf_config cfg;

	if (unshare(CLONE_NEWNET)) {
		printf("ok %d - attach # SKIP unshare(CLONE_NEWNET): %s\n", ++r->n,
		       strerror(errno));
		return;
	}
	lo = if_nametoindex("lo");
	rx = lo_up_with_listener(5060);
	check(r, rx >= 0, "lo up: %s", strerror(-rx));
	case_config(NULL, &cfg);
	check(r, !pf_config_set(e->pf, &cfg), "config");
	err = pf_attach(e->pf, lo, &mode);
	check(r, !err, "attach: %s", strerror(-err));
	check(r, mode == PF_ATTACH_GENERIC, "lo attached natively?");
	if (!err && rx >= 0) {
		check(r, !xdp_counters(e, before), "counters");
		check(r, !udp_roundtrip(rx, 5060), "sip datagram lost");
		check(r, udp_roundtrip(rx, 5999) == -EAGAIN, "closed port answered");
		check(r, !xdp_counters(e, after), "counters");
		check(r, after[MS_PF_STAT_ACCEPT(MS_PF_ACCEPT_SIGNALLING)].packets -
			 before[MS_PF_STAT_ACCEPT(MS_PF_ACCEPT_SIGNALLING)].packets == 1,
		      "signalling not counted once");
		check(r, after[MS_PF_STAT_DROP(MS_DROP_FILTERED)].packets -
			 before[MS_PF_STAT_DROP(MS_DROP_FILTERED)].packets == 1,
		      "closed port not counted once");
	}
	err = pf_detach(e->pf, lo);
	check(r, !err, "detach: %s", strerror(-err));
	check(r, !bpf_xdp_query(lo, 0, &q) && q.attach_mode == XDP_ATTACHED_NONE,
	      "still attached after detach");
	if (rx >= 0)
		close(rx);
	report(r, failures, "attach to lo (generic fallback), live traffic, detach");
}

int main(void)
{
	struct xdp_env e = { .xsk_fd = -1 };
	struct backend be = {
		.ctx = &e,
		.configure = xdp_configure,
		.counters = xdp_counters,
		.run = xdp_run,
		.events = xdp_events,
	};
	struct runner r = { .be = &be };
	int err;

	libbpf_set_print(libbpf_print);
	err = make_pin_dir(&e);
	if (err) {
		printf("SKIP: no bpffs for the pins and cannot mount one: %s\n", strerror(-err));
		return SKIP;
	}
	err = pf_open(&e.pf, e.pin_dir);
	/* As root a refusal is a failure (bpffs refuses '.' in names, too). */
	if ((err == -EPERM || err == -EACCES) && geteuid() != 0) {
		printf("SKIP: loading BPF needs root or CAP_BPF+CAP_NET_ADMIN: %s\n",
		       strerror(-err));
		cleanup(&e);
		return SKIP;
	}
	if (err) {
		printf("FAIL: pf_open(%s): %s\n", e.pin_dir, strerror(-err));
		cleanup(&e);
		return 1;
	}
	err = open_events(&e) ?: install_policy(e.pf);
	if (err) {
		printf("FAIL: policy setup: %s\n", strerror(-err));
		cleanup(&e);
		return 1;
	}

	printf("# pins in %s\n", e.pin_dir);
	print_prog_info(&e);
	run_cases(&r);
	run_truncations(&r);
	run_helpers(&r, &e);
	run_reopen(&r, &e);
	run_allowlist_flag(&r, &e);
	run_attach(&r, &e);
	cleanup(&e);
	return runner_done(&r);
}
