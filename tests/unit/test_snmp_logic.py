"""The SNMP poller's pure parts: answers to readings, the speed, and the wording of each failure."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pantau.domain.snmp_config import SnmpInterface, SnmpVersion
from pantau.domain.traffic import CounterReading, OperStatus
from pantau.probing.snmp import (
    IF_HC_IN_OCTETS,
    IF_HC_OUT_OCTETS,
    IF_HIGH_SPEED,
    IF_IN_OCTETS,
    IF_OPER_STATUS,
    IF_OUT_OCTETS,
    IF_SPEED,
    POLL_COLUMNS,
    SnmpCredentials,
    SnmpFailure,
    SnmpFailureKind,
    failure_from_indication,
    failure_from_status,
    find_if_index,
    reading_from_values,
    speed_from,
    unknown_interface,
)

AGENT = SnmpInterface(host="10.0.0.1", interface="ether1", community_secret="k")
AGENT_V3 = SnmpInterface(host="10.0.0.1", interface="ether1", version=SnmpVersion.V3, user="pantau",
                         auth_secret="a", priv_secret="p")


def values(**given: int | None) -> dict[str, int | None]:
    names = {"hc_in": IF_HC_IN_OCTETS, "hc_out": IF_HC_OUT_OCTETS, "in32": IF_IN_OCTETS, "out32": IF_OUT_OCTETS,
             "oper": IF_OPER_STATUS, "high": IF_HIGH_SPEED, "speed": IF_SPEED}
    found: dict[str, int | None] = dict.fromkeys(POLL_COLUMNS)
    for key, value in given.items():
        found[names[key]] = value
    return found


def test_64_bit_counters_are_preferred() -> None:
    result = reading_from_values(AGENT, 3, 12345, values(hc_in=5_000_000_000, hc_out=7, in32=705_032_704, out32=7,
                                                         oper=1, high=100, speed=100_000_000), at=1000.0)
    assert result == CounterReading(at=1000.0, uptime_ticks=12345, in_octets=5_000_000_000, out_octets=7,
                                    counter_bits=64, oper_status=OperStatus.UP, speed_bps=100_000_000)


def test_32_bit_fallback_when_the_hc_objects_are_missing() -> None:
    result = reading_from_values(AGENT, 3, 1, values(in32=10, out32=20, oper=2, speed=100_000), at=5.0)
    assert isinstance(result, CounterReading)
    assert (result.in_octets, result.out_octets, result.counter_bits) == (10, 20, 32)
    assert result.oper_status is OperStatus.DOWN
    assert result.speed_bps == 100_000


def test_half_an_hc_pair_falls_back_too() -> None:
    result = reading_from_values(AGENT, 3, 1, values(hc_in=10, in32=10, out32=20), at=5.0)
    assert isinstance(result, CounterReading)
    assert result.counter_bits == 32
    assert result.oper_status is OperStatus.UNKNOWN


@pytest.mark.parametrize(("given", "missing"), [
    ({"oper": 1}, "ifHCInOctets or ifInOctets"),
    ({"hc_in": 1, "in32": 1, "oper": 1}, "ifHCOutOctets or ifOutOctets"),
])
def test_missing_counters_are_named(given: dict[str, int], missing: str) -> None:
    result = reading_from_values(AGENT, 3, 1, values(**given), at=5.0)
    assert result == SnmpFailure(SnmpFailureKind.MISSING_OBJECT,
                                 f"SNMP: 10.0.0.1 (v2c) has no {missing} for ifIndex 3")


def test_missing_uptime_is_named() -> None:
    result = reading_from_values(AGENT, 3, None, values(hc_in=1, hc_out=1), at=5.0)
    assert result == SnmpFailure(SnmpFailureKind.MISSING_OBJECT, "SNMP: 10.0.0.1 (v2c) has no sysUpTime")


def test_an_index_that_answers_nothing_is_none() -> None:
    assert reading_from_values(AGENT, 3, 1, values(), at=5.0) is None


@pytest.mark.parametrize(("if_speed", "high", "expected"), [
    (100_000, 0, 100_000),  # a 100 kbps line: ifHighSpeed rounds it to 0 Mbps
    (1_544_000, 2, 1_544_000),  # ifSpeed is exact where ifHighSpeed rounds
    (4_294_967_295, 10_000, 10_000_000_000),  # ifSpeed saturated: ifHighSpeed says 10 Gbps
    (None, 1000, 1_000_000_000),
    (0, 0, None),
    (None, None, None),
])
def test_speed(if_speed: int | None, high: int | None, expected: int | None) -> None:
    assert speed_from(if_speed, high) == expected


def test_find_if_index_takes_the_exact_name_and_the_lowest_duplicate() -> None:
    names = {1: "lo", 7: "ether1", 3: "ether1", 4: "Ether10"}
    assert find_if_index(names, "ether1") == 3
    assert find_if_index(names, "ether10") is None


def test_unknown_interface_lists_names_in_index_order_and_cuts_a_long_list() -> None:
    names = {index: f"vlan{index}" for index in range(20, 0, -1)}
    message = unknown_interface(AGENT, names).message
    assert message.startswith("SNMP: no interface named 'ether1' on 10.0.0.1 (v2c); it has: vlan1, vlan2, ")
    assert message.endswith("vlan12 and 8 more")
    assert unknown_interface(AGENT, {}).message.endswith("it has: no interfaces in IF-MIB")


def test_no_answer_wording_differs_by_version() -> None:
    assert failure_from_indication(AGENT, "RequestTimedOut", "x") == SnmpFailure(
        SnmpFailureKind.NO_ANSWER, "SNMP: no answer from 10.0.0.1 (v2c): wrong community or agent down")
    assert failure_from_indication(AGENT_V3, "RequestTimedOut", "x").message == \
        "SNMP: no answer from 10.0.0.1 (v3 user pantau): agent down or wrong privacy key"


@pytest.mark.parametrize(("indication", "why"), [
    ("WrongDigest", "wrong authentication key or protocol"),
    ("UnknownUserName", "the agent has no such user"),
    ("DecryptionError", "wrong privacy key or protocol"),
])
def test_authentication_failures_name_host_and_user(indication: str, why: str) -> None:
    assert failure_from_indication(AGENT_V3, indication, "x") == SnmpFailure(
        SnmpFailureKind.AUTH, f"SNMP: authentication failed on 10.0.0.1 (v3 user pantau): {why}")


def test_other_indications_and_statuses_keep_their_detail() -> None:
    assert failure_from_indication(AGENT, "TooBig", "Response exceeds buffer size") == SnmpFailure(
        SnmpFailureKind.ERROR, "SNMP: 10.0.0.1 (v2c): Response exceeds buffer size")
    assert failure_from_status(AGENT, "genErr", 2, ["1.3", "1.3.6"]) == SnmpFailure(
        SnmpFailureKind.ERROR, "SNMP: 10.0.0.1 (v2c) answered genErr for 1.3.6")
    assert failure_from_status(AGENT, "authorizationError", 0, []).kind is SnmpFailureKind.AUTH


def test_credentials_never_show_their_values() -> None:
    shown = repr(SnmpCredentials(community="s3cret-community", auth_key="auth-k3y", priv_key="priv-k3y"))
    assert "s3cret" not in shown and "k3y" not in shown


def test_importing_the_poller_does_not_import_pysnmp() -> None:
    # The window imports probing modules at launch; pysnmp (~0.1 s) must wait for the first poll.
    check = "import sys, pantau.probing.snmp; print(sorted(m for m in sys.modules if m.startswith('pysnmp')))"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"
