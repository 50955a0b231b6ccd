"""The link poller against a real net-snmp agent on loopback: rates to the sink, failures as gaps with their
reason, secrets from the lookup only, the latest load for the diagnosis, and a prompt stop."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from pantau.domain.inventory import Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.snmp_config import SnmpInterface, SnmpVersion
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.probing.link_poller import LinkPoller, LinkUse
from tests.snmp_agent import COMMUNITY, V3_AUTH_KEY, V3_PRIV_KEY, V3_USER, SnmpAgent

SECRETS = {"snmp/ro": COMMUNITY, "snmp/auth": V3_AUTH_KEY, "snmp/priv": V3_PRIV_KEY}


def network(port: int) -> Network:
    v2c = SnmpInterface("127.0.0.1", "lo", port=port, community_secret="snmp/ro", interval_s=1.0)
    v3 = SnmpInterface("127.0.0.1", "1", SnmpVersion.V3, port, user=V3_USER, auth_secret="snmp/auth",
                       priv_secret="snmp/priv", interval_s=1.0)
    missing = SnmpInterface("127.0.0.1", "lo", port=port, community_secret="snmp/missing", interval_s=1.0)
    return Network("n", sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("k", "K", SiteKind.KECAMATAN)],
                   links=[Link("l-v2c", "dc", "internet", "Telkom", LinkMedium.FIBER, 100, snmp=v2c),
                          Link("l-v3", "dc", "k", "Telkom", LinkMedium.FIBER, 1000, snmp=v3),
                          Link("l-missing", "k", "internet", "Telkom", LinkMedium.FIBER, 100, snmp=missing),
                          Link("l-none", "k", "dc", "Telkom", LinkMedium.FIBER, 100)])


class Collected:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stored: list[TrafficInterval] = []
        self.heard: list[LinkUse] = []

    def sink(self, rows: Sequence[TrafficInterval]) -> None:
        with self.lock:
            self.stored.extend(rows)

    def of(self, link: str) -> list[TrafficInterval]:
        with self.lock:
            return [row for row in self.stored if row.link == link]

    def wait_for(self, check: object, timeout_s: float = 15.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if callable(check) and check():
                return
            time.sleep(0.1)
        raise AssertionError("timed out waiting")


def test_rates_gaps_and_loads_from_a_real_agent(snmp_agent: SnmpAgent) -> None:
    collected = Collected()
    poller = LinkPoller(network(snmp_agent.port), collected.sink, SECRETS.get, timeout_s=0.5, retries=0)
    poller.subscribe(collected.heard.append)
    assert poller.link_ids == ["l-v2c", "l-v3", "l-missing"]
    poller.start()
    try:
        collected.wait_for(lambda: len([r for r in collected.of("l-v2c") if not r.is_gap]) >= 2
                           and any(not r.is_gap for r in collected.of("l-v3")))
        rate = next(r for r in collected.of("l-v2c") if not r.is_gap)
        assert rate.in_bps is not None and rate.in_bps >= 0 and rate.oper_status is OperStatus.UP
        assert 0.5 < rate.end - rate.start < 3.0
        missing = collected.of("l-missing")
        assert missing and all(r.is_gap for r in missing)
        assert missing[0].problem == ("SNMP: the keyring has no value for 'snmp/missing' (link l-missing); "
                                      "store it with `pantau secret set snmp/missing`")
        loads = poller.line_loads()
        assert loads["l-v2c"].oper_status is OperStatus.UP and loads["l-v2c"].use_percent is not None
        assert loads["l-missing"].use_percent is None
        assert "l-none" not in poller.latest()

        snmp_agent.stop()
        collected.wait_for(lambda: any(r.is_gap and r.problem and "no answer" in r.problem
                                       for r in collected.of("l-v2c")))
        gap = next(r for r in collected.of("l-v2c") if r.is_gap)
        assert gap.in_bps is None and gap.out_bps is None  # a failed poll is a gap, never a zero
        assert poller.line_loads()["l-v2c"].use_percent is None
    finally:
        started = time.monotonic()
        poller.stop()
        stopped_in = time.monotonic() - started
    assert stopped_in < 3.0
    assert all(use.link != "l-none" for use in collected.heard)


def test_a_lookup_that_raises_is_a_gap_naming_the_keyring_and_polling_goes_on(snmp_agent: SnmpAgent) -> None:
    def broken(key: str) -> str | None:
        raise RuntimeError("no recommended backend was available")

    collected = Collected()
    poller = LinkPoller(network(snmp_agent.port), collected.sink, broken, timeout_s=0.5, retries=0)
    poller.start()
    try:
        collected.wait_for(lambda: len(collected.of("l-v2c")) >= 2)
    finally:
        poller.stop()
    row = collected.of("l-v2c")[0]
    assert row.problem == ("SNMP: the keyring could not give 'snmp/ro' for link l-v2c: "
                           "no recommended backend was available")


def test_a_network_without_snmp_starts_no_thread() -> None:
    plain = Network("n", sites=[Site("dc", "DC", SiteKind.DATACENTER)])
    poller = LinkPoller(plain, None, SECRETS.get)
    before = threading.active_count()
    poller.start()
    assert threading.active_count() == before and poller.link_ids == []
    poller.stop()
