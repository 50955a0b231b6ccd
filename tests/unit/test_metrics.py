"""The agent's Prometheus gauges follow the engine's events: a state set per subject, the latest RTT only while the
host answers, loss as a ratio, line use from SNMP news and gone on a gap; and --metrics takes only IP literals."""

from __future__ import annotations

import pytest

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.results import ProbeResult
from pantau.domain.samples import ErrorKind
from pantau.domain.states import HealthState, StateChange
from pantau.domain.traffic import TrafficInterval
from pantau.metrics import ListenAddress, MetricsAddressError, MonitorMetrics, parse_listen_address
from pantau.probing.engine import SampleBatch, StateChanges
from pantau.probing.link_poller import LinkUse

NETWORK = Network("n", sites=[Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN)],
                  targets=[Target("rtr", "waru", "127.0.0.1", TargetRole.OFFICE_ROUTER)])


def value(metrics: MonitorMetrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_states_start_unknown_and_follow_changes() -> None:
    metrics = MonitorMetrics(NETWORK, "diskominfo")
    assert value(metrics, "pantau_site_state", site="waru", vantage="diskominfo", state="UNKNOWN") == 1
    assert value(metrics, "pantau_site_state", site="waru", vantage="diskominfo", state="UP") == 0
    metrics.on_event(StateChanges((StateChange("waru", "site", HealthState.UNKNOWN, HealthState.DOWN, 1.0),
                                   StateChange("rtr", "target", HealthState.UNKNOWN, HealthState.DOWN, 1.0)),
                                  {"waru": HealthState.DOWN}))
    assert value(metrics, "pantau_site_state", site="waru", vantage="diskominfo", state="DOWN") == 1
    assert value(metrics, "pantau_site_state", site="waru", vantage="diskominfo", state="UNKNOWN") == 0
    assert value(metrics, "pantau_target_state", target="rtr", site="waru", vantage="diskominfo", state="DOWN") == 1


def test_rtt_is_the_latest_answered_round_and_a_silent_round_removes_it() -> None:
    metrics = MonitorMetrics(NETWORK, "diskominfo")
    labels = {"target": "rtr", "method": "icmp", "vantage": "diskominfo"}
    metrics.on_event(SampleBatch((ProbeResult("rtr", "icmp", 10.0, 3, 2, (4.0, 8.0), None),)))
    assert value(metrics, "pantau_target_rtt_milliseconds", **labels) == 6.0
    assert value(metrics, "pantau_target_loss_ratio", **labels) == pytest.approx(1 / 3)
    metrics.on_event(SampleBatch((ProbeResult("rtr", "icmp", 11.0, 3, 0, (), ErrorKind.TIMEOUT),)))
    assert value(metrics, "pantau_target_rtt_milliseconds", **labels) is None
    assert value(metrics, "pantau_target_loss_ratio", **labels) == 1.0
    assert value(metrics, "pantau_target_last_round_timestamp_seconds", **labels) == 11.0


def test_line_use_is_a_share_of_the_contract_and_a_gap_removes_it() -> None:
    metrics = MonitorMetrics(NETWORK, "diskominfo")
    metrics.on_link_use(LinkUse("l", 100.0, 10_000, TrafficInterval("l", 70.0, 100.0, 9_000_000, 1_000_000)))
    assert value(metrics, "pantau_link_utilisation_ratio", link="l", direction="in") == 0.9
    metrics.on_link_use(LinkUse("l", 130.0, 10_000, TrafficInterval("l", 100.0, 130.0, None, None, problem="x")))
    assert value(metrics, "pantau_link_utilisation_ratio", link="l", direction="in") is None


def test_a_new_network_starts_unknown_and_drops_what_it_no_longer_holds() -> None:
    metrics = MonitorMetrics(NETWORK, "diskominfo")
    metrics.on_event(StateChanges((StateChange("waru", "site", HealthState.UNKNOWN, HealthState.UP, 1.0),),
                                  {"waru": HealthState.UP}))
    metrics.on_event(SampleBatch((ProbeResult("rtr", "icmp", 10.0, 3, 3, (4.0,), None),)))
    renamed = Network("n", sites=[Site("api", "Kantor Desa Api-Api", SiteKind.DESA)],
                      targets=[Target("api-rtr", "api", "127.0.0.2", TargetRole.OFFICE_ROUTER)])
    metrics.set_network(renamed)
    assert value(metrics, "pantau_site_state", site="waru", vantage="diskominfo", state="UP") is None
    assert value(metrics, "pantau_target_rtt_milliseconds", target="rtr", method="icmp", vantage="diskominfo") is None
    assert value(metrics, "pantau_site_state", site="api", vantage="diskominfo", state="UNKNOWN") == 1
    metrics.on_event(StateChanges((StateChange("api-rtr", "target", HealthState.UNKNOWN, HealthState.UP, 2.0),),
                                  {}))
    assert value(metrics, "pantau_target_state", target="api-rtr", site="api", vantage="diskominfo",
                 state="UP") == 1


@pytest.mark.parametrize(("text", "expected"), [("127.0.0.1:9108", ListenAddress("127.0.0.1", 9108)),
                                                ("[::1]:9108", ListenAddress("::1", 9108))])
def test_listen_addresses(text: str, expected: ListenAddress) -> None:
    assert parse_listen_address(text) == expected


@pytest.mark.parametrize("text", ["9108", "localhost:9108", "127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:x"])
def test_bad_listen_addresses_are_refused(text: str) -> None:
    with pytest.raises(MetricsAddressError, match="--metrics"):
        parse_listen_address(text)
