"""The SNMP poller against a real net-snmp agent on loopback: v2c and v3 reads, each failure's message, a restart.

The agent reads the machine's own interfaces; `lo` counts every loopback byte twice (sent and received), so a test
that sends known bytes over loopback sees both counters move by at least that much. Other processes use loopback
too, so the tests assert "at least", never "exactly". net-snmp refreshes its interface counters every few seconds:
a test waiting for its bytes polls until they show.
"""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

from pantau.domain.snmp_config import SnmpInterface, SnmpVersion
from pantau.domain.traffic import CounterReading, GapReason, OperStatus, RateGap, TrafficRate, rate_between
from pantau.probing.snmp import SnmpCredentials, SnmpFailure, SnmpFailureKind, SnmpPoller
from tests.snmp_agent import (
    COMMUNITY,
    COMMUNITY_32BIT,
    COMMUNITY_BARE,
    V3_AUTH_KEY,
    V3_PRIV_KEY,
    V3_USER,
    SnmpAgent,
    free_udp_port,
)

V2C = SnmpCredentials(community=COMMUNITY)
V3 = SnmpCredentials(auth_key=V3_AUTH_KEY, priv_key=V3_PRIV_KEY)
# Short, so failures that wait for a timeout keep the file quick; loopback answers in milliseconds.
TIMEOUT_S = 0.5


def v2c(agent_port: int, interface: str = "lo") -> SnmpInterface:
    return SnmpInterface(host="127.0.0.1", port=agent_port, interface=interface, community_secret="snmp.ro")


def v3(agent_port: int, interface: str = "lo", user: str = V3_USER) -> SnmpInterface:
    return SnmpInterface(host="127.0.0.1", port=agent_port, interface=interface, version=SnmpVersion.V3,
                         user=user, auth_secret="snmp.auth", priv_secret="snmp.priv")


def read(interface: SnmpInterface, credentials: SnmpCredentials,
         poller: SnmpPoller | None = None) -> CounterReading | SnmpFailure:
    async def once() -> CounterReading | SnmpFailure:
        used = poller or SnmpPoller(timeout_s=TIMEOUT_S, retries=0)
        try:
            return await used.read(interface, credentials)
        finally:
            if poller is None:
                used.close()
    return asyncio.run(once())


def reading(result: CounterReading | SnmpFailure) -> CounterReading:
    assert isinstance(result, CounterReading), result
    return result


def failure(result: CounterReading | SnmpFailure) -> SnmpFailure:
    assert isinstance(result, SnmpFailure), result
    return result


def send_over_loopback(total: int) -> None:
    """`total` bytes of UDP payload to a socket of our own on 127.0.0.1, which reads them all."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as source:
        sink.bind(("127.0.0.1", 0))
        sink.settimeout(2)
        chunk = b"x" * 1400
        sent = 0
        while sent < total:
            source.sendto(chunk, sink.getsockname())
            sink.recv(2048)
            sent += len(chunk)


def read_until_moved(interface: SnmpInterface, credentials: SnmpCredentials, before: CounterReading,
                     octets: int, within_s: float = 10.0) -> CounterReading:
    deadline = time.monotonic() + within_s
    while True:
        after = reading(read(interface, credentials))
        if after.in_octets - before.in_octets >= octets or time.monotonic() > deadline:
            return after
        time.sleep(0.5)


def test_v2c_reads_lo_by_name_and_its_counters_carry_the_bytes_sent(snmp_agent: SnmpAgent) -> None:
    before = reading(read(v2c(snmp_agent.port), V2C))
    assert before.counter_bits == 64
    assert before.oper_status is OperStatus.UP
    assert before.uptime_ticks >= 0
    assert abs(before.at - time.time()) < 5
    sent = 3_000_000
    send_over_loopback(sent)
    after = read_until_moved(v2c(snmp_agent.port), V2C, before, sent)
    # lo counts each datagram once as sent and once as received (UDP and IP headers add to both).
    assert after.in_octets - before.in_octets >= sent
    assert after.out_octets - before.out_octets >= sent
    rate = rate_between(before, after)
    assert isinstance(rate, TrafficRate)
    assert rate.in_bps >= sent * 8 / rate.seconds


def test_v2c_reads_lo_by_index(snmp_agent: SnmpAgent) -> None:
    # net-snmp on Linux gives each interface its kernel index as ifIndex.
    index = socket.if_nametoindex("lo")
    by_name = reading(read(v2c(snmp_agent.port), V2C))
    by_index = reading(read(v2c(snmp_agent.port, str(index)), V2C))
    assert by_index.counter_bits == 64
    assert by_index.in_octets >= by_name.in_octets
    assert by_index.oper_status is OperStatus.UP


def test_v3_auth_priv_read(snmp_agent: SnmpAgent) -> None:
    result = reading(read(v3(snmp_agent.port), V3))
    assert result.counter_bits == 64
    assert result.in_octets > 0


def test_an_agent_without_the_64_bit_counters_gives_32_bit_readings_found_by_ifdescr(snmp_agent: SnmpAgent) -> None:
    # This community's view has no ifXTable: no ifName (the name is found in ifDescr) and no ifHCInOctets.
    result = reading(read(v2c(snmp_agent.port), SnmpCredentials(community=COMMUNITY_32BIT)))
    assert result.counter_bits == 32
    assert result.in_octets < 2**32


def test_an_agent_without_counters_is_a_missing_object(snmp_agent: SnmpAgent) -> None:
    result = failure(read(v2c(snmp_agent.port), SnmpCredentials(community=COMMUNITY_BARE)))
    assert result.kind is SnmpFailureKind.MISSING_OBJECT
    index = socket.if_nametoindex("lo")
    assert result.message == (f"SNMP: 127.0.0.1:{snmp_agent.port} (v2c) has no ifHCInOctets or ifInOctets for "
                              f"ifIndex {index}")


def test_wrong_community_looks_like_no_answer_and_says_so(snmp_agent: SnmpAgent) -> None:
    started = time.monotonic()
    result = failure(read(v2c(snmp_agent.port), SnmpCredentials(community="not-the-community")))
    assert result.kind is SnmpFailureKind.NO_ANSWER
    assert result.message == f"SNMP: no answer from 127.0.0.1:{snmp_agent.port} (v2c): wrong community or agent down"
    assert time.monotonic() - started < TIMEOUT_S * 4


def test_wrong_v3_auth_key_is_an_authentication_failure_naming_host_and_user(snmp_agent: SnmpAgent) -> None:
    result = failure(read(v3(snmp_agent.port), SnmpCredentials(auth_key="not-the-auth-key", priv_key=V3_PRIV_KEY)))
    assert result.kind is SnmpFailureKind.AUTH
    assert result.message.startswith(f"SNMP: authentication failed on 127.0.0.1:{snmp_agent.port} (v3 user pantau)")
    assert "wrong authentication key" in result.message


def test_unknown_v3_user_is_an_authentication_failure(snmp_agent: SnmpAgent) -> None:
    result = failure(read(v3(snmp_agent.port, user="stranger"), V3))
    assert result.kind is SnmpFailureKind.AUTH
    assert result.message == (f"SNMP: authentication failed on 127.0.0.1:{snmp_agent.port} (v3 user stranger): "
                              "the agent has no such user")


def test_unknown_interface_name_lists_the_agents_interfaces(snmp_agent: SnmpAgent) -> None:
    result = failure(read(v2c(snmp_agent.port, "ether9"), V2C))
    assert result.kind is SnmpFailureKind.UNKNOWN_INTERFACE
    assert result.message.startswith(f"SNMP: no interface named 'ether9' on 127.0.0.1:{snmp_agent.port} (v2c); "
                                     "it has: lo")
    for name in sorted(socket.if_nameindex())[:5]:
        assert name[1] in result.message


def test_unknown_interface_index(snmp_agent: SnmpAgent) -> None:
    result = failure(read(v2c(snmp_agent.port, "999999"), V2C))
    assert result.kind is SnmpFailureKind.UNKNOWN_INTERFACE
    assert result.message == f"SNMP: no interface with ifIndex 999999 on 127.0.0.1:{snmp_agent.port} (v2c)"


def test_no_agent_is_no_answer() -> None:
    port = free_udp_port()
    result = failure(read(v2c(port), V2C))
    assert result.kind is SnmpFailureKind.NO_ANSWER
    assert f"127.0.0.1:{port} (v2c)" in result.message
    result = failure(read(v3(port), V3))
    assert result.kind is SnmpFailureKind.NO_ANSWER
    assert result.message == f"SNMP: no answer from 127.0.0.1:{port} (v3 user pantau): agent down or wrong privacy key"


def test_agent_restart_between_two_reads_is_a_restart_gap_and_v3_recovers(snmp_agent: SnmpAgent) -> None:
    async def scenario() -> tuple[list[CounterReading | SnmpFailure], list[CounterReading | SnmpFailure]]:
        poller = SnmpPoller(timeout_s=TIMEOUT_S, retries=1)
        try:
            # Let sysUpTime grow past what it will be right after the restart.
            await asyncio.sleep(1.5)
            first = [await poller.read(v2c(snmp_agent.port), V2C), await poller.read(v3(snmp_agent.port), V3)]
            await asyncio.to_thread(snmp_agent.restart)
            second = [await poller.read(v2c(snmp_agent.port), V2C), await poller.read(v3(snmp_agent.port), V3)]
            return first, second
        finally:
            poller.close()

    first, second = asyncio.run(scenario())
    for before, after in zip(first, second, strict=True):
        gap = rate_between(reading(before), reading(after))
        assert isinstance(gap, RateGap)
        assert gap.reason is GapReason.RESTART
    assert snmp_agent.starts == 2


def test_a_name_is_looked_up_again_when_its_index_stops_answering(snmp_agent: SnmpAgent) -> None:
    async def scenario() -> tuple[CounterReading | SnmpFailure, CounterReading | SnmpFailure]:
        poller = SnmpPoller(timeout_s=TIMEOUT_S, retries=0)
        try:
            first = await poller.read(v2c(snmp_agent.port), V2C)
            # As if the interface had come back under another index: the remembered one answers nothing.
            key = next(iter(poller._indexes))
            poller._indexes[key] = 999_999
            return first, await poller.read(v2c(snmp_agent.port), V2C)
        finally:
            poller.close()

    first, second = asyncio.run(scenario())
    assert reading(second).in_octets >= reading(first).in_octets


def test_two_agents_with_the_same_v3_user_and_different_keys_are_both_read(snmp_agent: SnmpAgent,
                                                                          tmp_path: Path) -> None:
    other_keys = SnmpCredentials(auth_key="another-auth-key", priv_key="another-priv-key")
    with SnmpAgent(tmp_path / "other", auth_key=other_keys.auth_key, priv_key=other_keys.priv_key) as other:
        async def interleaved() -> list[CounterReading | SnmpFailure]:
            poller = SnmpPoller(timeout_s=TIMEOUT_S, retries=0)
            try:
                reads = [poller.read(v3(snmp_agent.port), V3), poller.read(v3(other.port), other_keys)] * 3
                return list(await asyncio.gather(*reads))
            finally:
                poller.close()

        for result in asyncio.run(interleaved()):
            reading(result)
