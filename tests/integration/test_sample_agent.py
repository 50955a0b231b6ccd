"""The sample's SNMP agent (pantau.sample_agent) answering real SNMPv2c on loopback, read with pysnmp's own client
and, where Debian's `snmp` package is installed, with net-snmp's snmpget/snmpwalk as an independent check.

The agent runs on the bundled sample network with its snmp blocks moved to free ports, so a Pantau running the
sample on this machine (on 16161/16162) does not collide with the tests.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    bulk_cmd,
    get_cmd,
    walk_cmd,
)

from pantau.domain.inventory import Link, Network, SiteKind
from pantau.domain.timezones import zone
from pantau.domain.traffic import CounterReading, TrafficRate, rate_between
from pantau.resources import sample_network_path
from pantau.sample_agent import (
    IN,
    OUT,
    SAMPLE_COMMUNITY,
    SAMPLE_COMMUNITY_KEY,
    SampleAgent,
    SampleAgentError,
    octets_between,
)
from pantau.storage.networkfile import load_network_file

SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
IF_TABLE = "1.3.6.1.2.1.2.2"
IF_ENTRY = "1.3.6.1.2.1.2.2.1"
IFX_ENTRY = "1.3.6.1.2.1.31.1.1.1"
IF_NAME, IF_DESCR, IF_OPER, IF_SPEED = f"{IFX_ENTRY}.1", f"{IF_ENTRY}.2", f"{IF_ENTRY}.8", f"{IF_ENTRY}.5"
IF_HIGH_SPEED, HC_IN, HC_OUT = f"{IFX_ENTRY}.15", f"{IFX_ENTRY}.6", f"{IFX_ENTRY}.10"
IN_32, OUT_32 = f"{IF_ENTRY}.10", f"{IF_ENTRY}.16"
# The columns of ifTable the agent has, in the order a walk meets them.
IF_TABLE_COLUMNS = [1, 2, 3, 5, 7, 8, 10, 16]


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def with_snmp(network: Network, **changes: Any) -> Network:
    """The network with every snmp block changed (the same change for each, but its own free port)."""
    links = [dataclasses.replace(link, snmp=dataclasses.replace(link.snmp, **{"port": free_udp_port(), **changes}))
             if link.snmp else link for link in network.links]
    return dataclasses.replace(network, links=links)


def measured(network: Network) -> list[Link]:
    return [link for link in network.links if link.snmp is not None]


@pytest.fixture
def network() -> Network:
    return with_snmp(load_network_file(sample_network_path()))


@pytest.fixture
def agent(network: Network) -> Iterator[SampleAgent]:
    running = SampleAgent(network)
    running.start()
    yield running
    running.stop()


def snmp(command: Any, port: int, *oids: str, community: str = SAMPLE_COMMUNITY, **options: Any) -> Any:
    """One pysnmp command against the agent: (errorIndication, errorStatus, errorIndex, varBinds)."""
    async def run() -> Any:
        engine = SnmpEngine()
        try:
            target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1.0, retries=0)
            objects = [ObjectType(ObjectIdentity(oid)) for oid in oids]
            if command is walk_cmd:
                return [row async for row in walk_cmd(engine, CommunityData(community, mpModel=1), target,
                                                      ContextData(), *objects, lookupMib=False, **options)]
            return await command(engine, CommunityData(community, mpModel=1), target, ContextData(),
                                 *options.pop("bulk", ()), *objects, lookupMib=False, **options)
        finally:
            engine.close_dispatcher()
    return asyncio.run(run())


def get(port: int, *oids: str) -> dict[str, Any]:
    error, status, _, binds = snmp(get_cmd, port, *oids)
    assert error is None and not status, (error, status)
    return {str(oid): value for oid, value in binds}


def test_the_sample_measures_the_uplink_and_one_kecamatan_line() -> None:
    sample = load_network_file(sample_network_path())
    links = measured(sample)
    assert [link.id for link in links] == ["link-internet", "link-camat-sepaku"]
    assert links[0].b == "internet"
    site = sample.site(links[1].a)
    assert site is not None and site.kind is SiteKind.KECAMATAN
    for link in links:
        assert link.snmp is not None
        assert link.snmp.host == "127.0.0.1" and link.snmp.community_secret == SAMPLE_COMMUNITY_KEY
    assert SampleAgent(sample).endpoints == [("127.0.0.1", 16161), ("127.0.0.1", 16162)]


def test_names_speeds_status_and_uptime(agent: SampleAgent, network: Network) -> None:
    for link, (_, port) in zip(measured(network), agent.endpoints, strict=True):
        values = get(port, SYS_UPTIME, f"{IF_NAME}.1", f"{IF_DESCR}.1", f"{IF_OPER}.1", f"{IF_HIGH_SPEED}.1",
                     f"{IF_SPEED}.1")
        assert str(values[f"{IF_NAME}.1"]) == str(values[f"{IF_DESCR}.1"]) == "ether1"
        assert int(values[f"{IF_OPER}.1"]) == 1
        speed_mbps = int(values[f"{IF_HIGH_SPEED}.1"])
        assert speed_mbps * 1000 >= 2 * link.bandwidth_kbps
        assert int(values[f"{IF_SPEED}.1"]) == min(speed_mbps * 10**6, 2**32 - 1)
        assert 0 <= int(values[SYS_UPTIME]) < 60 * 100
    # The uptime counts from the agent's start, in hundredths of a second.
    _, port = agent.endpoints[0]
    before = int(get(port, SYS_UPTIME)[SYS_UPTIME])
    time.sleep(0.3)
    assert 25 <= int(get(port, SYS_UPTIME)[SYS_UPTIME]) - before <= 200


def read_counters(port: int) -> tuple[float, float, dict[str, int]]:
    started = time.time()
    values = get(port, SYS_UPTIME, f"{HC_IN}.1", f"{HC_OUT}.1", f"{IN_32}.1", f"{OUT_32}.1")
    return started, time.time(), {oid: int(value) for oid, value in values.items()}


@pytest.mark.parametrize("which", [0, 1])
def test_counters_grow_by_the_integral_of_the_rate(agent: SampleAgent, network: Network, which: int) -> None:
    link, (_, port) = measured(network)[which], agent.endpoints[which]
    tz = zone(network.timezone)
    a_sent, a_back, first = read_counters(port)
    time.sleep(1.2)
    b_sent, b_back, second = read_counters(port)
    for reading in (first, second):
        assert reading[f"{IN_32}.1"] == reading[f"{HC_IN}.1"] % 2**32
        assert reading[f"{OUT_32}.1"] == reading[f"{HC_OUT}.1"] % 2**32
    for direction, oid in ((IN, f"{HC_IN}.1"), (OUT, f"{HC_OUT}.1")):
        grown = second[oid] - first[oid]
        # The agent read its clock somewhere inside each request's round trip.
        least = octets_between(link, direction, a_back, b_sent, tz)
        most = octets_between(link, direction, a_sent, b_back, tz)
        assert least - 1 <= grown <= most + 1, (direction, least, grown, most)
    # Pantau's own counter arithmetic gives the same rate from the 32-bit counters as from the 64-bit ones.
    rates = []
    for bits, in_oid, out_oid in ((64, HC_IN, HC_OUT), (32, IN_32, OUT_32)):
        before, after = (CounterReading(at=at, uptime_ticks=r[SYS_UPTIME], in_octets=r[f"{in_oid}.1"],
                                        out_octets=r[f"{out_oid}.1"], counter_bits=bits)
                         for at, r in ((a_sent, first), (b_sent, second)))
        rate = rate_between(before, after)
        assert isinstance(rate, TrafficRate)
        assert 0 < rate.out_bps < rate.in_bps <= link.bandwidth_kbps * 1000 * 1.1
        rates.append(rate)
    assert rates[0].in_bps == rates[1].in_bps and rates[0].out_bps == rates[1].out_bps


def test_a_wrong_community_gets_no_answer(agent: SampleAgent) -> None:
    _, port = agent.endpoints[0]
    started = time.monotonic()
    error, _, _, binds = snmp(get_cmd, port, SYS_UPTIME, community="public")
    assert type(error).__name__ == "RequestTimedOut"
    assert time.monotonic() - started >= 0.9 and not binds
    assert int(get(port, SYS_UPTIME)[SYS_UPTIME]) >= 0, "the right community is still answered"


def test_getnext_walks_the_iftable_in_order_and_ends(agent: SampleAgent) -> None:
    _, port = agent.endpoints[1]
    rows = snmp(walk_cmd, port, IF_TABLE, lexicographicMode=False)
    assert all(error is None and not status for error, status, _, _ in rows)
    oids = [tuple(oid) for _, _, _, binds in rows for oid, _ in binds]
    assert oids == [(1, 3, 6, 1, 2, 1, 2, 2, 1, column, 1) for column in IF_TABLE_COLUMNS]
    # The whole MIB, to its end: strictly increasing, and the walk stops without an error.
    everything = snmp(walk_cmd, port, "1.3.6")
    assert all(error is None and not status for error, status, _, _ in everything)
    names = [tuple(oid) for _, _, _, binds in everything for oid, _ in binds]
    assert names == sorted(set(names)) and len(names) == 3 + len(IF_TABLE_COLUMNS) + 5
    assert names[0] == (1, 3, 6, 1, 2, 1, 1, 1, 0) and names[-1] == (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18, 1)


def test_getbulk_gives_the_non_repeaters_once_then_rows_to_the_end(agent: SampleAgent) -> None:
    _, port = agent.endpoints[0]
    error, status, _, binds = snmp(bulk_cmd, port, "1.3.6.1.2.1.1.3", IF_NAME, HC_IN, bulk=(1, 30))
    assert error is None and not status
    assert str(binds[0][0]) == SYS_UPTIME
    assert [str(oid) for oid, _ in binds[1:3]] == [f"{IF_NAME}.1", f"{HC_IN}.1"]
    assert str(binds[1][1]) == "ether1"
    # Each repeater's column goes on in order until the MIB ends, then says endOfMibView at its last name.
    for column in (binds[1::2], binds[2::2]):
        ended = [type(value).__name__ == "EndOfMibView" for _, value in column]
        assert ended[-1] and ended == sorted(ended)
        found = [tuple(oid) for (oid, _), end in zip(column, ended, strict=True) if not end]
        assert found == sorted(set(found)) and tuple(column[-1][0]) == found[-1]
    # The agent stops once both repeaters reached the end of its MIB, well before 30 rows.
    assert len(binds) < 1 + 2 * 30


def test_a_port_in_use_is_named_and_nothing_is_left_running(network: Network) -> None:
    _, taken_port = SampleAgent(network).endpoints[1]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as blocker:
        blocker.bind(("127.0.0.1", taken_port))
        with pytest.raises(SampleAgentError, match=f"UDP port {taken_port} on 127.0.0.1 is already in use"):
            SampleAgent(network).start()
    # The port bound before the failure was let go again.
    first_port = SampleAgent(network).endpoints[0][1]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as again:
        again.bind(("127.0.0.1", first_port))


@pytest.mark.parametrize(("changes", "message"), [
    ({"host": "192.0.2.10"}, "loopback only .* not on '192.0.2.10'"),
    ({"host": "localhost"}, "loopback only .* not on 'localhost'"),
    ({"host": "::1"}, "IPv4 loopback only"),
])
def test_any_other_host_is_refused_before_anything_is_bound(network: Network, changes: dict[str, str],
                                                            message: str) -> None:
    with pytest.raises(SampleAgentError, match=message):
        SampleAgent(with_snmp(network, **changes)).start()


def test_stop_lets_the_ports_go(network: Network) -> None:
    running = SampleAgent(network)
    running.start()
    running.stop()
    for host, port in running.endpoints:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind((host, port))


def net_snmp(tmp_path: Path, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    # No user or system snmp.conf may change what the tool asks: its configuration is an empty directory.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "SNMPCONFPATH": str(tmp_path),
           "MIBS": ""}
    return subprocess.run([tool, "-v2c", "-On", "-t", "1", "-r", "0", *args], capture_output=True, text=True,
                          timeout=30, check=False, env=env)


def test_net_snmp_tools_read_the_same(agent: SampleAgent, tmp_path: Path) -> None:
    missing = [tool for tool in ("snmpget", "snmpwalk") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"net-snmp's {', '.join(missing)} not installed (Debian package `snmp`)")
    _, port = agent.endpoints[0]
    where = f"127.0.0.1:{port}"
    got = net_snmp(tmp_path, "snmpget", "-c", SAMPLE_COMMUNITY, where, f"{IF_NAME}.1", f"{HC_IN}.1", f"{IF_OPER}.1")
    assert got.returncode == 0, got.stderr
    lines = got.stdout.splitlines()
    assert lines[0] == f'.{IF_NAME}.1 = STRING: "ether1"'
    assert lines[1].startswith(f".{HC_IN}.1 = Counter64: ")
    assert lines[2] == f".{IF_OPER}.1 = INTEGER: 1"
    walked = net_snmp(tmp_path, "snmpwalk", "-c", SAMPLE_COMMUNITY, where, IF_TABLE)
    assert walked.returncode == 0, walked.stderr
    assert [line.split(" = ")[0] for line in walked.stdout.splitlines()] == [
        f".{IF_ENTRY}.{column}.1" for column in IF_TABLE_COLUMNS]
    refused = net_snmp(tmp_path, "snmpget", "-c", "public", where, SYS_UPTIME)
    assert refused.returncode != 0 and "Timeout" in refused.stdout + refused.stderr
