#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Keeps the kernel's BPF run-time statistics on while it runs.

Holds the fd of BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): the kernel counts the
holders, so a concurrent user (or the sysctl kernel.bpf_stats_enabled) is
left as it was, and statistics stop when this process ends. Prints "on"
once they are on, then waits for a signal.
"""
import ctypes
import os
import signal
import sys

NR_BPF = {"x86_64": 321, "aarch64": 280}
BPF_ENABLE_STATS = 32


def main():
    nr = NR_BPF.get(os.uname().machine)
    if nr is None:
        sys.exit("bpf_stats.py: no bpf(2) number known for " + os.uname().machine)
    attr = (ctypes.c_uint32 * 4)()  # type 0: BPF_STATS_RUN_TIME
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.syscall(nr, BPF_ENABLE_STATS, attr, ctypes.sizeof(attr)) < 0:
        sys.exit("bpf_stats.py: BPF_ENABLE_STATS: " + os.strerror(ctypes.get_errno()))
    print("on", flush=True)
    signal.pause()


if __name__ == "__main__":
    main()
