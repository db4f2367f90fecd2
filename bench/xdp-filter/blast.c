/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xdp-blast: sends one IPv4/UDP frame, over and over, for a bounded time,
 * as fast as an AF_PACKET TX ring with PACKET_QDISC_BYPASS goes: the
 * traffic generator of bench/xdp-filter/run.sh (the kernel's pktgen needs
 * a module this machine cannot load).
 *
 *   xdp-blast IFNAME SRC DST DST_MAC PORT SECONDS
 *
 * The frame (frame.h) goes from IFNAME's MAC to DST_MAC, SRC -> DST:PORT.
 * Prints "offered N seconds S cpu C" when done: frames put in the ring
 * (how many the veth took is the receiver's count), wall and CPU seconds.
 * The CPU time includes the softirq work done in this process's context:
 * veth's NAPI poll, thus the XDP program, when it runs on our transmit.
 * Exit 0, 1 on a system error, 2 on a bad command line.
 */
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"

#define RING_FRAMES	1024
#define RING_FRAME_SZ	2048	/* TPACKET_ALIGN'd header + frame, a power of two */
#define RING_BLOCK_SZ	(64 * 1024)

struct ring {
	int fd;
	uint8_t *map;
	size_t size;
};

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static int parse_mac(const char *s, uint8_t mac[ETH_ALEN])
{
	unsigned int b[ETH_ALEN];
	char end;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5], &end) != ETH_ALEN)
		return -EINVAL;
	for (int i = 0; i < ETH_ALEN; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static int ring_open(struct ring *r, const char *ifname, uint8_t mac[ETH_ALEN])
{
	struct tpacket_req req = {
		.tp_block_size = RING_BLOCK_SZ,
		.tp_block_nr = RING_FRAMES * RING_FRAME_SZ / RING_BLOCK_SZ,
		.tp_frame_size = RING_FRAME_SZ,
		.tp_frame_nr = RING_FRAMES,
	};
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int v2 = TPACKET_V2, one = 1;
	struct ifreq ifr = { 0 };

	/* protocol 0: this socket receives nothing */
	r->fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (r->fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll.sll_ifindex || ioctl(r->fd, SIOCGIFHWADDR, &ifr))
		return -ENODEV;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	if (setsockopt(r->fd, SOL_PACKET, PACKET_VERSION, &v2, sizeof(v2)) ||
	    setsockopt(r->fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) ||
	    setsockopt(r->fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)))
		return -errno;
	r->size = (size_t)req.tp_block_size * req.tp_block_nr;
	r->map = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (r->map == MAP_FAILED)
		return -errno;
	sll.sll_protocol = htons(ETH_P_IP);
	if (bind(r->fd, (struct sockaddr *)&sll, sizeof(sll)))
		return -errno;
	return 0;
}

static struct tpacket2_hdr *slot(const struct ring *r, unsigned int i)
{
	return (struct tpacket2_hdr *)(r->map + (size_t)i * RING_FRAME_SZ);
}

/*
 * Keeps every free slot of the ring filled and has the kernel send them.
 * A full veth ring (the XDP side is slower than us: the case being
 * measured) makes send() fail with ENOBUFS for the frame it could not
 * place; that frame is handed back and offered again. Returns the frames
 * offered, or -errno.
 */
static long long blast(const struct ring *r, const uint8_t *frame, double seconds,
		       double *elapsed, double *cpu)
{
	const size_t off = TPACKET_ALIGN(sizeof(struct tpacket2_hdr));
	double cpu_start = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	double start = now_s();
	long long offered = 0;

	for (unsigned int i = 0; i < RING_FRAMES; i++)
		memcpy((uint8_t *)slot(r, i) + off, frame, FRAME_LEN);
	do {
		for (unsigned int i = 0; i < RING_FRAMES; i++) {
			struct tpacket2_hdr *h = slot(r, i);

			if (h->tp_status == TP_STATUS_WRONG_FORMAT)
				return -EINVAL;
			if (h->tp_status != TP_STATUS_AVAILABLE)
				continue;
			h->tp_len = FRAME_LEN;
			h->tp_status = TP_STATUS_SEND_REQUEST;
			offered++;
		}
		if (send(r->fd, NULL, 0, 0) < 0 && errno != ENOBUFS)
			return -errno;
	} while (now_s() - start < seconds);
	*elapsed = now_s() - start;
	*cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
	return offered;
}

int main(int argc, char **argv)
{
	uint8_t src_mac[ETH_ALEN], dst_mac[ETH_ALEN], frame[FRAME_LEN];
	struct frame_flow fl;
	struct ring r = { .fd = -1 };
	double seconds, elapsed = 0, cpu = 0;
	long long offered;
	char *end;
	int ret;

	if (argc != 7) {
		fprintf(stderr, "usage: xdp-blast IFNAME SRC DST DST_MAC PORT SECONDS\n");
		return 2;
	}
	if (frame_flow_parse(&fl, "xdp-blast", argv[2], argv[3], argv[5]))
		return 2;
	if (parse_mac(argv[4], dst_mac)) {
		fprintf(stderr, "xdp-blast: invalid MAC \"%s\"\n", argv[4]);
		return 2;
	}
	seconds = strtod(argv[6], &end);
	if (*end || end == argv[6] || !(seconds > 0 && seconds <= 600)) {
		fprintf(stderr, "xdp-blast: invalid seconds \"%s\" (0..600)\n", argv[6]);
		return 2;
	}
	ret = ring_open(&r, argv[1], src_mac);
	if (ret) {
		fprintf(stderr, "xdp-blast: %s: TX ring: %s\n", argv[1], strerror(-ret));
		return 1;
	}
	frame_build(frame, src_mac, dst_mac, &fl);
	offered = blast(&r, frame, seconds, &elapsed, &cpu);
	if (offered < 0) {
		fprintf(stderr, "xdp-blast: %s: send: %s\n", argv[1], strerror((int)-offered));
		return 1;
	}
	printf("offered %lld seconds %.3f cpu %.3f\n", offered, elapsed, cpu);
	return 0;
}
