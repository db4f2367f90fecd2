#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""ICMP echo without ping(8), for the AF_XDP test (afxdp.sh).

  icmp_echo.py SRC DST COUNT
      sends COUNT echo requests from SRC to DST (IPv4 or IPv6), 0.1 s
      apart, and prints how many replies came back within 1 s of the last.
"""
import os
import select
import socket
import struct
import sys
import time

ECHO_REQUEST = {socket.AF_INET: 8, socket.AF_INET6: 128}
ECHO_REPLY = {socket.AF_INET: 0, socket.AF_INET6: 129}


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def collect(s, fam, ident, seen, until):
    """Echo replies to ident until the monotonic time until."""
    while True:
        left = until - time.monotonic()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            return
        data = s.recv(2048)
        if fam == socket.AF_INET:	# raw IPv4 sockets see the IP header
            data = data[(data[0] & 0x0F) * 4:]
        typ, _, _, rid, rseq = struct.unpack("!BBHHH", data[:8])
        if typ == ECHO_REPLY[fam] and rid == ident:
            seen.add(rseq)


def main():
    src, dst, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    proto = socket.IPPROTO_ICMPV6 if fam == socket.AF_INET6 else socket.IPPROTO_ICMP
    s = socket.socket(fam, socket.SOCK_RAW, proto)
    s.bind((src, 0))
    ident = os.getpid() & 0xFFFF
    seen = set()
    for seq in range(count):
        msg = struct.pack("!BBHHH", ECHO_REQUEST[fam], 0, 0, ident, seq) + b"mediasec"
        if fam == socket.AF_INET:	# the kernel sums ICMPv6 itself
            msg = msg[:2] + struct.pack("!H", checksum(msg)) + msg[4:]
        s.sendto(msg, (dst, 0))
        collect(s, fam, ident, seen, time.monotonic() + 0.1)
    collect(s, fam, ident, seen, time.monotonic() + 1.0)
    print(len(seen))


if __name__ == "__main__":
    main()
