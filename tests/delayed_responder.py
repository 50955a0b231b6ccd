"""Answer ICMP echo requests after a fixed delay; run inside a test namespace whose kernel replies are off.

Usage: delayed_responder.py DELAY_MS LIFETIME_S. Prints "ready" once listening, exits by itself after LIFETIME_S
(or on SIGTERM), so a failed test can never leave it running for long.
"""

from __future__ import annotations

import heapq
import select
import signal
import socket
import struct
import sys
import time


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def main(delay_ms: float, lifetime_s: float) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    print("ready", flush=True)
    end = time.monotonic() + lifetime_s
    pending: list[tuple[float, int, bytes, str]] = []
    order = 0
    while time.monotonic() < end:
        timeout = max(0.0, min(end, pending[0][0] if pending else end) - time.monotonic())
        readable, _, _ = select.select([sock], [], [], timeout)
        if readable:
            packet, (source, _) = sock.recvfrom(65535)
            header_length = (packet[0] & 0x0F) * 4
            icmp = packet[header_length:]
            if len(icmp) >= 8 and icmp[0] == 8:  # an echo request
                reply = b"\0\0\0\0" + icmp[4:]
                reply = reply[:2] + struct.pack("!H", checksum(reply)) + reply[4:]
                order += 1
                heapq.heappush(pending, (time.monotonic() + delay_ms / 1000, order, reply, source))
        while pending and pending[0][0] <= time.monotonic():
            _, _, reply, source = heapq.heappop(pending)
            sock.sendto(reply, (source, 0))


if __name__ == "__main__":
    main(float(sys.argv[1]), float(sys.argv[2]))
