#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""UDP with sequence numbers, for the XDP filter test (xdp.sh).

  udp_seq.py send SRC DST PORT PPS SECONDS
      sends from SRC to DST:PORT at PPS packets per second for SECONDS,
      payload b"seq" + 8-byte sequence number; prints the count sent.
  udp_seq.py listen PORT ADDR...
      receives on ADDR:PORT (IPv4 and IPv6 addresses) until SIGTERM and
      writes one line per packet: "ARRIVAL_NS SRC SEQ", arrival in
      CLOCK_REALTIME nanoseconds (the clock of `date +%s%N`).
"""
import select
import signal
import socket
import struct
import sys
import time

MAGIC = b"seq"


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def send(src, dst, port, pps, seconds):
    s = socket.socket(family(src), socket.SOCK_DGRAM)
    s.bind((src, 0))
    gap = 1.0 / pps
    start = time.monotonic()
    n = 0
    # paced against the start, so a late wake-up does not slow the rate
    while time.monotonic() - start < seconds:
        s.sendto(MAGIC + struct.pack("!Q", n), (dst, port))
        n += 1
        delay = start + n * gap - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print(n)


def listen(port, addrs):
    socks = []
    for a in addrs:
        s = socket.socket(family(a), socket.SOCK_DGRAM)
        s.bind((a, port))
        socks.append(s)
    out = sys.stdout
    running = [True]
    signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
    print("listening", flush=True)
    while running[0]:
        try:
            ready, _, _ = select.select(socks, [], [], 0.05)
        except InterruptedError:
            continue
        for s in ready:
            data, peer = s.recvfrom(2048)
            now = time.time_ns()
            if len(data) == 11 and data[:3] == MAGIC:
                out.write("%d %s %d\n" % (now, peer[0], struct.unpack("!Q", data[3:])[0]))
    out.flush()


def main(argv):
    if len(argv) == 6 and argv[0] == "send":
        send(argv[1], argv[2], int(argv[3]), int(argv[4]), float(argv[5]))
    elif len(argv) >= 3 and argv[0] == "listen":
        listen(int(argv[1]), argv[2:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
