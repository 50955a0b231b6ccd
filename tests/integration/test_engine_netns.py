"""The probe engine against namespace test hosts: real cuts, loss, delay and a rate-limited line."""

from __future__ import annotations

import socket
import statistics
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


@pytest.fixture
def net() -> Iterator[NamespaceLab]:
    with namespace_lab() as made:
        yield made


def single_host_network(address: str, interval_s: float = 0.5, **monitoring: float) -> Network:
    return Network(
        "t",
        sites=[Site("pop", "POP", SiteKind.ISP_POP), Site("dc", "DC", SiteKind.DATACENTER, parent="pop")],
        targets=[
            Target("gw", "pop", address, TargetRole.ISP_GATEWAY, ["icmp"], interval_s=interval_s),
            Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, ["icmp"], interval_s=interval_s),
        ],
        monitoring=MonitoringSettings(**monitoring),
    )  # type: ignore[arg-type]


def start(
    network: Network, settings: EngineSettings, workspace: Workspace | None = None
) -> tuple[ProbeEngine, Recorder]:
    recorder = Recorder()
    engine = ProbeEngine(network, sink=workspace, settings=settings)
    engine.subscribe(recorder)
    engine.start()
    return engine, recorder


def test_a_cut_link_goes_down_fast_and_recovers_only_after_m_successes(net: NamespaceLab, tmp_path: Path) -> None:
    host = net.add_host("isp")
    network = single_host_network(host.address, interval_s=1.0, up_after=3)
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        engine, recorder = start(network, EngineSettings(), workspace)
        try:
            wait_until(lambda: recorder.site("pop") is HealthState.UP, 5, "pop UP")
            host.cut("far")
            elapsed = wait_until(lambda: recorder.site("pop") is HealthState.DOWN, 8, "pop DOWN after the cut")
            assert elapsed <= 6.0
            assert recorder.site("dc") is HealthState.UP, "the data centre answers: it is not unreachable"
            host.restore()
            wait_until(lambda: recorder.site("pop") is HealthState.UP, 10, "pop UP after restore")
            up = [c for c in recorder.changes_of("gw") if c.current is HealthState.UP][-1]
            with recorder.lock:
                rounds = [r for b in recorder.batches for r in b.results if r.target == "gw" and r.ts <= up.ts]
            last_failure = max(r.ts for r in rounds if not r.ok)
            answered = [r for r in rounds if r.ts > last_failure]
            assert len(answered) >= 3, "recovery needs up_after=3 successful rounds"
        finally:
            engine.stop()
        workspace.flush()
        outage = [e for e in workspace.events(subject="gw") if e.state is HealthState.DOWN]
        assert outage and outage[0].ended is not None and outage[0].first_error.startswith("timeout")


def test_thirty_percent_loss_is_degraded(net: NamespaceLab) -> None:
    host = net.add_host("lossy")
    host.drop_echo_requests(30)
    engine, recorder = start(
        single_host_network(host.address, interval_s=0.2, window=20),
        EngineSettings(icmp_timeout_s=0.3, publish_interval_s=0.1),
    )
    try:
        wait_until(lambda: recorder.site("pop") is HealthState.DEGRADED, 15, "pop DEGRADED at 30 % loss")
    finally:
        engine.stop()
    assert not [c for c in recorder.changes_of("pop") if c.current is HealthState.DOWN]


def test_eight_hundred_ms_delay_is_degraded(net: NamespaceLab) -> None:
    host = net.add_host("slow")
    host.delay_echo_replies(800, lifetime_s=40)
    engine, recorder = start(
        single_host_network(host.address, interval_s=0.5),
        EngineSettings(icmp_timeout_s=2.0, icmp_packet_interval_s=0.0, publish_interval_s=0.1),
    )
    try:
        wait_until(lambda: recorder.site("pop") is HealthState.DEGRADED, 20, "pop DEGRADED at 800 ms")
        with recorder.lock:
            rtts = [rtt for b in recorder.batches for r in b.results if r.target == "gw" for rtt in r.rtts_ms]
        assert 780 <= statistics.median(rtts) <= 1000
    finally:
        engine.stop()


def test_a_saturated_100_kbit_line_shows_a_latency_rise(net: NamespaceLab) -> None:
    host = net.add_host("thin")
    host.rate_limit(100)
    engine, recorder = start(
        single_host_network(host.address, interval_s=0.3), EngineSettings(icmp_timeout_s=2.0, publish_interval_s=0.1)
    )

    def gw_rtts(since: float) -> list[float]:
        with recorder.lock:
            return [
                rtt
                for b in recorder.batches
                for r in b.results
                if r.target == "gw" and r.ts >= since
                for rtt in r.rtts_ms
            ]

    try:
        quiet_from = time.time()
        wait_until(lambda: len(gw_rtts(quiet_from)) >= 9, 10, "quiet samples")
        quiet = statistics.median(gw_rtts(quiet_from))
        stop = threading.Event()

        def flood() -> None:
            # ~400 kbit/s of UDP toward the host: four times what the line carries, for a bounded time.
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                end = time.monotonic() + 8
                while not stop.is_set() and time.monotonic() < end:
                    sock.sendto(b"x" * 1000, (host.address, 9))
                    time.sleep(0.02)

        loader = threading.Thread(target=flood)
        loader.start()
        try:
            time.sleep(1.0)
            loaded_from = time.time()
            wait_until(lambda: len(gw_rtts(loaded_from)) >= 9, 10, "samples under load")
            loaded = statistics.median(gw_rtts(loaded_from))
        finally:
            stop.set()
            loader.join()
    finally:
        engine.stop()
    assert quiet < 5
    assert loaded > quiet + 50, f"rtt under load {loaded:.1f} ms vs quiet {quiet:.1f} ms"


def test_a_total_outage_of_timeouts_stays_within_the_thread_budget(net: NamespaceLab) -> None:
    hosts = [net.add_host(f"h{i}") for i in range(6)]
    targets = []
    for i, host in enumerate(hosts):
        host.cut("far")
        targets.append(
            Target(f"r{i}", "dc", host.address, TargetRole.OFFICE_ROUTER, ["icmp", "tcp:80"], interval_s=0.3)
        )
    network = Network("t", sites=[Site("dc", "DC", SiteKind.DATACENTER)], targets=targets)
    settings = EngineSettings(workers=3, icmp_timeout_s=0.5, tcp_timeout_s=0.5, publish_interval_s=0.1)
    before = threading.active_count()
    engine, recorder = start(network, settings)
    try:
        peak = before
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            peak = max(peak, threading.active_count())
            time.sleep(0.01)
        wait_until(lambda: recorder.site("dc") is HealthState.DOWN, 10, "dc DOWN")
        assert peak - before <= settings.workers + 2
        assert engine.stats().late_rounds > 0, "3 workers cannot keep up with 6 timing-out TCP checks"
    finally:
        engine.stop()
