"""The engine's states under the regency's real faults, with default settings: red means down, nothing hidden.

Namespace test hosts (tests/netns.py) play the routers and servers that fail; loopback addresses play the ones
that keep answering. Every scenario runs the engine with `EngineSettings()` defaults and the targets' default
intervals, as the window and `pantau monitor` do.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pantau.domain.inventory import MonitoringSettings, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.probing.engine import EngineSettings, ProbeEngine
from pantau.storage.workspace import Workspace
from tests.integration.test_engine import Recorder, wait_until
from tests.netns import NamespaceLab, namespace_lab

pytestmark = [pytest.mark.netns, pytest.mark.slow]

UP, DEGRADED, DOWN = HealthState.UP, HealthState.DEGRADED, HealthState.DOWN
UNREACHABLE = HealthState.UNREACHABLE


@pytest.fixture
def net() -> Iterator[NamespaceLab]:
    with namespace_lab() as made:
        yield made


def run(network: Network, workspace: Workspace | None = None) -> tuple[ProbeEngine, Recorder]:
    recorder = Recorder()
    engine = ProbeEngine(network, sink=workspace, settings=EngineSettings())
    engine.subscribe(recorder)
    engine.start()
    return engine, recorder


def test_a_silent_pop_and_server_leave_the_data_centre_down_and_its_offices_as_they_are(
    net: NamespaceLab, tmp_path: Path,
) -> None:
    """Issue item 2: the prober sits in the data centre; its LAN answers, so nothing behind it is unreachable."""
    server, gateway, waru = net.add_host("srv"), net.add_host("isp"), net.add_host("waru")
    network = Network(
        "t",
        monitoring=MonitoringSettings(vantage="dc"),
        sites=[Site("pop", "POP", SiteKind.ISP_POP, parent="dc"), Site("dc", "DC", SiteKind.DATACENTER),
               Site("dinkes", "Dinkes", SiteKind.SKPD, parent="dc"),
               Site("waru", "Camat Waru", SiteKind.KECAMATAN, parent="dc"),
               Site("api-api", "Desa Api-api", SiteKind.DESA, parent="waru")],
        targets=[Target("gw-lan", "dc", "127.0.0.1", TargetRole.LAN_GATEWAY),
                 Target("srv", "dc", server.address, TargetRole.SERVER),
                 Target("gw-isp", "pop", gateway.address, TargetRole.ISP_GATEWAY),
                 Target("rtr-dinkes", "dinkes", "127.0.0.2", TargetRole.OFFICE_ROUTER),
                 Target("rtr-waru", "waru", waru.address, TargetRole.OFFICE_ROUTER),
                 Target("rtr-api-api", "api-api", waru.address, TargetRole.OFFICE_ROUTER)],
    )
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        engine, recorder = run(network, workspace)
        try:
            wait_until(lambda: all(recorder.site(s) is UP for s in ("pop", "dc", "dinkes", "waru", "api-api")), 10,
                       "every site UP")
            for host in (server, gateway, waru):
                host.cut("far")
            wait_until(lambda: recorder.site("dc") is DOWN and recorder.site("pop") is DOWN
                       and recorder.site("waru") is DOWN and recorder.site("api-api") is UNREACHABLE, 10,
                       "dc DOWN (server), pop DOWN, waru DOWN, api-api UNREACHABLE behind waru")
            time.sleep(3)  # anything that would flip waru to UNREACHABLE has had its chance
            assert recorder.site("dinkes") is UP, "an office that answers stays UP"
            assert recorder.site("waru") is DOWN
        finally:
            engine.stop()
        workspace.flush()
        waru_outages = [e for e in workspace.events(subject="waru") if e.state is DOWN]
        assert len(waru_outages) == 1, "one outage is logged once"
    assert not [c for c in recorder.changes_of("waru") if c.current is UNREACHABLE]
    assert not [c for c in recorder.changes_of("dc") if c.current is UNREACHABLE]
    dc_down = next(c for c in recorder.changes_of("dc") if c.current is DOWN)
    assert "srv: no answer" in dc_down.reason


@pytest.mark.parametrize("role", [TargetRole.SERVER, TargetRole.ISP_GATEWAY, TargetRole.OFFICE_ROUTER])
def test_a_cut_shows_as_down_within_five_seconds_at_default_settings(net: NamespaceLab, role: TargetRole) -> None:
    host = net.add_host("cut")
    network = Network("t", sites=[Site("a", "A", SiteKind.SKPD)],
                      targets=[Target("t", "a", host.address, role)])
    engine, recorder = run(network)
    try:
        wait_until(lambda: recorder.site("a") is UP, 10, "UP")
        time.sleep(0.3)
        host.cut("far")
        elapsed = wait_until(lambda: recorder.site("a") is DOWN, 10, "DOWN after the cut")
    finally:
        engine.stop()
    # The benchmark (benchmarks/bench_link_cut.py) measures 10 cuts per role; one cut here, with room for a busy CI.
    assert elapsed <= 5.5, f"{role.value} DOWN {elapsed:.2f} s after the cut"


def _cross_traffic(address: str, kbit: int, stop: threading.Event) -> None:
    payload = b"x" * 1000
    per_second = kbit * 1000 / 8 / len(payload)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        started = time.monotonic()
        sent = 0
        while not stop.is_set() and time.monotonic() - started < 120:
            while sent < int((time.monotonic() - started) * per_second):
                sock.sendto(payload, (address, 9))
                sent += 1
            time.sleep(0.01)


@pytest.mark.parametrize("fault", ["congested-100kbit", "loss-20-each-way"])
def test_a_bad_but_working_line_is_degraded_never_down(net: NamespaceLab, fault: str) -> None:
    """Issue items 2 and 6: a full 100 kbps line, or 20 % loss each way, is DEGRADED; never a false DOWN."""
    host = net.add_host("line")
    stop = threading.Event()
    loader: threading.Thread | None = None
    if fault == "congested-100kbit":
        host.rate_limit(100, latency_ms=700)
        loader = threading.Thread(target=_cross_traffic, args=(host.address, 130, stop), daemon=True)
        loader.start()
    else:
        host.drop_echo_requests(20)
        host.drop_echo_replies(20)
    network = Network("t", sites=[Site("pop", "POP", SiteKind.ISP_POP), Site("kec", "Kec", SiteKind.KECAMATAN)],
                      targets=[Target("gw", "pop", host.address, TargetRole.ISP_GATEWAY),
                               Target("rtr", "kec", host.address, TargetRole.OFFICE_ROUTER)])
    engine, recorder = run(network)
    try:
        wait_until(lambda: all(any(c.current is DEGRADED for c in recorder.changes_of(t)) for t in ("gw", "rtr")),
                   40, "both DEGRADED")
        time.sleep(20)
    finally:
        engine.stop()
        stop.set()
        if loader is not None:
            loader.join(timeout=2)
    # benchmarks/bench_congested_line.py runs each fault for 10 minutes.
    for target in ("gw", "rtr"):
        assert not [c for c in recorder.changes_of(target) if c.current is DOWN], f"{target} went DOWN"
