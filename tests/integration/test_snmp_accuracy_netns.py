"""Utilisation accuracy end to end: the rate Pantau reads over SNMP matches the traffic sent within ±5 %.

A namespace host runs snmpd on its own address; its veth carries a `tbf` limit; a UDP sender in the root namespace
sends a known, steady rate (below the limit, so nothing is dropped) to the host for a minute. Pantau reads the host's
interface counters from the root namespace every 10 s. net-snmp refreshes interface counters only about every 3 s,
so one 10 s rate can be off by 10-20 % with nothing wrong (measured: -10 % and +20 % in turn); only the minute-long
rate is held to ±5 % (the issue's goal). Both are printed (pytest -s).
"""

from __future__ import annotations

import asyncio
import itertools
import re
import socket
import threading
import time
from pathlib import Path

import pytest

from pantau.domain.snmp_config import SnmpInterface, SnmpVersion
from pantau.domain.traffic import CounterReading, TrafficRate, rate_between
from pantau.probing.snmp import SnmpCredentials, SnmpPoller
from tests.netns import namespace_lab, run_checked
from tests.snmp_agent import COMMUNITY, V3_AUTH_KEY, V3_PRIV_KEY, V3_USER, SnmpAgent, snmpd_missing_reason

pytestmark = [pytest.mark.netns, pytest.mark.slow]

PAYLOAD = 1000
# What the far veth counts per datagram: the payload and its UDP (8), IPv4 (20) and Ethernet (14) headers.
FRAME = PAYLOAD + 8 + 20 + 14
SEND_KBPS = 800
LIMIT_KBIT = 2000
READ_EVERY_S = 10.0
READS = 7  # six 10 s intervals: one minute
TOLERANCE = 0.05


class PacedSender(threading.Thread):
    """UDP datagrams at a fixed frame rate, each sent at its own scheduled instant; keeps (time, frames) so the
    bytes sent between any two instants can be told."""

    def __init__(self, address: str, port: int, kbps: int, lifetime_s: float) -> None:
        super().__init__(name="paced-sender")
        self.target = (address, port)
        self.interval = FRAME * 8 / (kbps * 1000)
        self.lifetime_s = lifetime_s
        self.sent_at: list[float] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        payload = b"p" * PAYLOAD
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            start = time.time()
            index = 0
            while not self.stopping.is_set() and time.time() - start < self.lifetime_s:
                due = start + index * self.interval
                delay = due - time.time()
                if delay > 0:
                    time.sleep(delay)
                sender.sendto(payload, self.target)
                self.sent_at.append(time.time())
                index += 1

    def bytes_between(self, start: float, end: float) -> int:
        return sum(1 for moment in self.sent_at if start < moment <= end) * FRAME


def test_snmp_rate_matches_the_traffic_sent_within_five_percent(tmp_path: Path) -> None:
    reason = snmpd_missing_reason()
    if reason:
        pytest.skip(reason)
    with namespace_lab() as net:
        host = net.add_host("snmp")
        host.rate_limit(LIMIT_KBIT)
        agent = SnmpAgent(tmp_path / "snmpd", address=host.address, port=1161, namespace=host.namespace)
        agent.start()
        sender = PacedSender(host.address, 9, SEND_KBPS, lifetime_s=READ_EVERY_S * (READS + 2))
        try:
            interface = SnmpInterface(host=host.address, port=1161, interface=host.far_device,
                                      community_secret="snmp.ro")
            sender.start()
            readings = asyncio.run(_read_every(interface, SnmpCredentials(community=COMMUNITY)))
            v3 = asyncio.run(_read_once(SnmpInterface(
                host=host.address, port=1161, interface=host.far_device, version=SnmpVersion.V3, user=V3_USER,
                auth_secret="snmp.auth", priv_secret="snmp.priv"),
                SnmpCredentials(auth_key=V3_AUTH_KEY, priv_key=V3_PRIV_KEY)))
            # The limit only shapes: below its rate nothing may be dropped, or "sent" would overstate what arrived.
            queue = run_checked(["tc", "-s", "qdisc", "show", "dev", host.near_device]).stdout
        finally:
            sender.stopping.set()
            sender.join()
            agent.stop()
    dropped = re.search(r"dropped (\d+)", queue)
    assert "tbf" in queue and dropped is not None and dropped.group(1) == "0", queue
    assert isinstance(v3, CounterReading), v3
    rates = [rate_between(before, after) for before, after in itertools.pairwise(readings)]
    for rate in rates:
        assert isinstance(rate, TrafficRate), rate
        sent_bps = sender.bytes_between(rate.start, rate.end) * 8 / rate.seconds
        print(f"10 s: Pantau {rate.in_bps / 1000:.1f} kbps, sent {sent_bps / 1000:.1f} kbps, "
              f"error {(rate.in_bps / sent_bps - 1) * 100:+.2f} %")
    minute = rate_between(readings[0], readings[-1])
    assert isinstance(minute, TrafficRate), minute
    assert minute.seconds >= 59  # six intervals of 10 s; the first read also looked the name up
    sent_bps = sender.bytes_between(minute.start, minute.end) * 8 / minute.seconds
    error = minute.in_bps / sent_bps - 1
    print(f"{minute.seconds:.1f} s: Pantau {minute.in_bps / 1000:.2f} kbps, sent {sent_bps / 1000:.2f} kbps "
          f"(goal {SEND_KBPS} kbps through a {LIMIT_KBIT} kbit tbf), error {error * 100:+.2f} %")
    assert sent_bps > SEND_KBPS * 1000 * 0.9, "the sender fell behind its schedule"
    assert abs(error) <= TOLERANCE


async def _read_every(interface: SnmpInterface, credentials: SnmpCredentials) -> list[CounterReading]:
    poller = SnmpPoller()
    readings: list[CounterReading] = []
    try:
        # Let the sender reach its pace before the first reading.
        await asyncio.sleep(2.0)
        start = time.monotonic()
        for index in range(READS):
            await asyncio.sleep(max(0.0, start + index * READ_EVERY_S - time.monotonic()))
            result = await poller.read(interface, credentials)
            assert isinstance(result, CounterReading), result
            readings.append(result)
    finally:
        poller.close()
    return readings


async def _read_once(interface: SnmpInterface, credentials: SnmpCredentials) -> object:
    poller = SnmpPoller()
    try:
        return await poller.read(interface, credentials)
    finally:
        poller.close()
