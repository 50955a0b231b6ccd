"""The probe engine with real traffic on loopback: states, dependencies, outage log, history, threads."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pantau.domain.inventory import (
    Link,
    LinkMedium,
    LinkRole,
    MonitoringSettings,
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
)
from pantau.domain.states import HealthState, StateChange
from pantau.probing.engine import EngineEvent, EngineFailed, EngineSettings, ProbeEngine, SampleBatch, StateChanges
from pantau.storage.workspace import Workspace
from tests.privilege import requires_icmp
from tests.servers import HttpTestServer, StalledTcpListener, TcpListener

FAST = EngineSettings(icmp_timeout_s=0.5, tcp_timeout_s=0.5, retry_interval_s=0.2, publish_interval_s=0.05)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Recorder:
    """Collects what the engine publishes, for assertions from the test thread."""

    def __init__(self) -> None:
        self.changes: list[StateChange] = []
        self.batches: list[SampleBatch] = []
        self.failures: list[EngineFailed] = []
        self.site_states: dict[str, HealthState] = {}
        self.lock = threading.Lock()

    def __call__(self, event: EngineEvent) -> None:
        with self.lock:
            if isinstance(event, StateChanges):
                self.changes.extend(event.changes)
                self.site_states = dict(event.site_states)
            elif isinstance(event, SampleBatch):
                self.batches.append(event)
            else:
                self.failures.append(event)

    def site(self, site_id: str) -> HealthState:
        with self.lock:
            return self.site_states.get(site_id, HealthState.UNKNOWN)

    def changes_of(self, subject: str) -> list[StateChange]:
        with self.lock:
            return [c for c in self.changes if c.subject == subject]


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str) -> float:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout_s:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.02)
    return time.monotonic() - start


def office(site_id: str, parent: str | None = None) -> Site:
    return Site(site_id, site_id.title(), SiteKind.SKPD, parent=parent)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = Workspace.open(tmp_path / "ws.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def run_engine(workspace: Workspace) -> Iterator[Callable[..., tuple[ProbeEngine, Recorder]]]:
    engines: list[ProbeEngine] = []

    def start(network: Network, settings: EngineSettings = FAST) -> tuple[ProbeEngine, Recorder]:
        recorder = Recorder()
        engine = ProbeEngine(network, sink=workspace, settings=settings)
        engine.subscribe(recorder)
        engine.start()
        engines.append(engine)
        return engine, recorder

    yield start
    for engine in engines:
        engine.stop()


@requires_icmp
def test_loopback_sites_come_up_and_a_refused_service_goes_down(
    run_engine: Callable[..., tuple[ProbeEngine, Recorder]], workspace: Workspace
) -> None:
    with TcpListener("127.0.0.2") as listener:
        network = Network(
            "t",
            sites=[office("dc"), office("dinkes", parent="dc"), office("dishub", parent="dc")],
            targets=[
                Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, ["icmp"], interval_s=0.3),
                Target(
                    "r1",
                    "dinkes",
                    "127.0.0.2",
                    TargetRole.OFFICE_ROUTER,
                    ["icmp", f"tcp:{listener.port}"],
                    interval_s=0.3,
                ),
                Target("r2", "dishub", "127.0.0.3", TargetRole.OFFICE_ROUTER, [f"tcp:{closed_port()}"], interval_s=0.3),
            ],
        )
        engine, recorder = run_engine(network)
        wait_until(
            lambda: recorder.site("dc") is HealthState.UP and recorder.site("dinkes") is HealthState.UP,
            5,
            "dc and dinkes UP",
        )
        wait_until(lambda: recorder.site("dishub") is HealthState.DOWN, 5, "dishub DOWN (refused)")
    down = [c for c in recorder.changes_of("r2") if c.current is HealthState.DOWN]
    assert "refused" in down[0].reason
    engine.stop()
    workspace.flush()
    events = workspace.events(subject="r2")
    assert any(e.state is HealthState.DOWN and "refused" in e.first_error for e in events)
    assert workspace.latest_sample_per_target()["srv"].ok


@requires_icmp
def test_offices_behind_a_silent_office_are_unreachable_not_down(
    run_engine: Callable[..., tuple[ProbeEngine, Recorder]],
) -> None:
    with StalledTcpListener() as silent:
        if not silent.stalled:
            pytest.skip("this kernel accepted every connection: no silent TCP port on loopback")
        network = Network(
            "t",
            sites=[office("dc"), office("kec", parent="dc"), office("desa", parent="kec"),
                   office("backup", parent="kec")],
            links=[Link("backup-line", "backup", "dc", "ISP", LinkMedium.CELLULAR_4G, 1000, LinkRole.BACKUP)],
            targets=[
                Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, ["icmp"], interval_s=0.3),
                Target("r-kec", "kec", silent.host, TargetRole.OFFICE_ROUTER, [f"tcp:{silent.port}"],
                       interval_s=0.3),
                Target("r-desa", "desa", silent.host, TargetRole.OFFICE_ROUTER, [f"tcp:{silent.port}"],
                       interval_s=0.3),
                Target("r-backup", "backup", "127.0.0.4", TargetRole.OFFICE_ROUTER, ["icmp"], interval_s=0.3),
            ],
        )
        _, recorder = run_engine(network)
        wait_until(lambda: recorder.site("kec") is HealthState.DOWN
                   and recorder.site("desa") is HealthState.UNREACHABLE, 8, "kec DOWN, desa UNREACHABLE")
    assert recorder.site("backup") is HealthState.UP, "a site that answers (backup line) stays UP"
    assert recorder.site("dc") is HealthState.UP
    assert not [c for c in recorder.changes_of("desa") if c.current is HealthState.DOWN]
    unreachable = [c for c in recorder.changes_of("desa") if c.current is HealthState.UNREACHABLE]
    assert "passes kec, which is silent" in unreachable[0].reason


@requires_icmp
def test_a_refused_service_is_a_down_service_of_a_host_that_answers_and_hides_nothing(
    run_engine: Callable[..., tuple[ProbeEngine, Recorder]],
) -> None:
    """Item 1 of the truth issue: a failing service on the central server must not make offices UNREACHABLE."""
    with StalledTcpListener() as silent:
        if not silent.stalled:
            pytest.skip("this kernel accepted every connection: no silent TCP port on loopback")
        network = Network(
            "t",
            sites=[office("dc"), office("dinkes", parent="dc"), office("desa", parent="dinkes")],
            targets=[
                Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, ["icmp", f"tcp:{closed_port()}"],
                       interval_s=0.3),
                Target("r-dinkes", "dinkes", silent.host, TargetRole.OFFICE_ROUTER, [f"tcp:{silent.port}"],
                       interval_s=0.3),
                Target("r-desa", "desa", silent.host, TargetRole.OFFICE_ROUTER, [f"tcp:{silent.port}"],
                       interval_s=0.3),
            ],
        )
        _, recorder = run_engine(network)
        wait_until(lambda: recorder.site("dc") is HealthState.DOWN and recorder.site("dinkes") is HealthState.DOWN
                   and recorder.site("desa") is HealthState.UNREACHABLE, 8,
                   "dc DOWN (service), dinkes DOWN (its own), desa UNREACHABLE (behind dinkes)")
    dc_down = next(c for c in recorder.changes_of("dc") if c.current is HealthState.DOWN)
    assert "srv: host up" in dc_down.reason and "tcp:" in dc_down.reason
    assert not [c for c in recorder.changes_of("dinkes") if c.current is HealthState.UNREACHABLE]


@requires_icmp
def test_stop_records_every_subject_unknown_and_flushes_history(
    run_engine: Callable[..., tuple[ProbeEngine, Recorder]], workspace: Workspace
) -> None:
    network = Network(
        "t",
        sites=[office("dc")],
        targets=[Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, ["icmp"], interval_s=0.2)],
    )
    engine, recorder = run_engine(network)
    wait_until(lambda: recorder.site("dc") is HealthState.UP, 5, "dc UP")
    engine.stop()
    workspace.flush()
    open_events = workspace.open_events(subject_kind="site")
    assert open_events["dc"].state is HealthState.UNKNOWN
    assert open_events["dc"].reason == "monitoring stopped"
    assert workspace.sample_count() >= 1
    sample = workspace.latest_sample_per_target()["srv"]
    assert sample.sent == 3 and sample.lost == 0


@requires_icmp
def test_pause_makes_everything_unknown_and_resume_brings_it_back(
    run_engine: Callable[..., tuple[ProbeEngine, Recorder]],
) -> None:
    network = Network(
        "t",
        sites=[office("dc")],
        targets=[Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, ["icmp"], interval_s=0.2)],
    )
    engine, recorder = run_engine(network)
    wait_until(lambda: recorder.site("dc") is HealthState.UP, 5, "dc UP")
    engine.pause()
    wait_until(lambda: recorder.site("dc") is HealthState.UNKNOWN, 2, "dc UNKNOWN after pause")
    engine.resume()
    wait_until(lambda: recorder.site("dc") is HealthState.UP, 5, "dc UP after resume")


def test_every_check_failing_costs_no_more_threads_than_the_pool(
    run_engine: Callable[..., tuple[ProbeEngine, Recorder]],
) -> None:
    """40 targets all refused at a fast interval: the pool stays bounded (timeouts: see test_engine_netns)."""
    settings = EngineSettings(
        workers=4, icmp_timeout_s=0.3, tcp_timeout_s=0.3, retry_interval_s=0.1, publish_interval_s=0.05
    )
    dead = closed_port()
    targets = [
        Target(f"t{i}", "dc", f"127.0.3.{i + 1}", TargetRole.OFFICE_ROUTER, [f"tcp:{dead}"], interval_s=0.2)
        for i in range(40)
    ]
    network = Network("t", sites=[office("dc")], targets=targets, monitoring=MonitoringSettings(down_after=2))
    before = threading.active_count()
    engine, recorder = run_engine(network, settings)
    peak = 0
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        peak = max(peak, threading.active_count())
        time.sleep(0.01)
    # engine thread + pinger receiver + at most `workers` probe threads
    assert peak - before <= settings.workers + 2
    assert recorder.site("dc") is HealthState.DOWN
    assert engine.stats().rounds > 40


def test_rounds_this_computer_may_not_send_are_no_data_not_loss(
    run_engine: Callable[..., tuple[ProbeEngine, Recorder]], workspace: Workspace,
) -> None:
    """Without an ICMP privilege nothing is sent: the office is UNKNOWN with the reason, no sample says 100 % loss
    (the office table showed Loss 100 for such offices), and the history holds a gap, not an outage."""
    from pantau.probing.icmp import IcmpPinger

    network = Network("t", sites=[office("dc")],
                      targets=[Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, ["icmp"], interval_s=0.2)])
    with IcmpPinger(modes=()) as pinger:
        recorder = Recorder()
        engine = ProbeEngine(network, sink=workspace, settings=FAST, pinger=pinger)
        engine.subscribe(recorder)
        engine.start()
        try:
            wait_until(lambda: engine.stats().rounds >= 5, 5, "five rounds tried")
        finally:
            engine.stop()
    workspace.flush()
    assert recorder.site("dc") is HealthState.UNKNOWN
    with recorder.lock:
        assert not [r for b in recorder.batches for r in b.results if r.target == "srv"]
    assert workspace.sample_count() == 0


def test_a_round_that_overruns_its_interval_is_followed_at_once_not_an_interval_later(
    run_engine: Callable[..., tuple[ProbeEngine, Recorder]],
) -> None:
    """A round that succeeds after longer than its interval (a 1 s ICMP check whose later packets were lost waits
    out its 1 s timeout) made the round due meanwhile skip a whole interval: a cut just after the first answer
    showed a second late. An HTTP page that answers after 1.3 s, checked every second, is such a round."""
    with HttpTestServer(slow_s=1.3) as server:
        network = Network("t", sites=[office("dc")],
                          targets=[Target("t", "dc", "127.0.0.1", TargetRole.SERVER, [server.url("/slow")],
                                          interval_s=1.0)])
        engine, recorder = run_engine(network, EngineSettings(http_timeout_s=3.0, publish_interval_s=0.05))

        def starts() -> list[float]:
            with recorder.lock:
                return sorted(r.ts for b in recorder.batches for r in b.results if r.target == "t" and r.ok)

        wait_until(lambda: len(starts()) >= 4, 15, "four answered rounds")
    gaps = [b - a for a, b in itertools.pairwise(starts())]
    assert all(gap < 1.6 for gap in gaps), f"rounds {gaps} s apart: the overdue round waited an extra interval"
    assert engine.stats().late_rounds >= 1


def test_an_engine_that_fails_says_why_at_once_and_leaves_nothing_green(tmp_path: Path) -> None:
    """A history that refuses every write (a read-only workspace as the sink) stops the engine at its first
    publish: the listeners hear the reason at once, and every site they were told of is UNKNOWN, not UP."""
    path = tmp_path / "ws.sqlite3"
    Workspace.open(path).close()
    with TcpListener("127.0.0.1") as listener, Workspace.open(path, read_only=True) as read_only:
        network = Network("t", sites=[office("dc")],
                          targets=[Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, [f"tcp:{listener.port}"],
                                          interval_s=0.3)])
        recorder = Recorder()
        engine = ProbeEngine(network, sink=read_only, settings=FAST)
        engine.subscribe(recorder)
        engine.start()
        try:
            wait_until(lambda: bool(recorder.failures), 5, "the failure is told")
        finally:
            engine.stop()
    failure = recorder.failures[0]
    assert "WorkspaceError" in failure.reason and "read-only" in failure.reason
    assert engine.failure == failure
    assert recorder.site("dc") is HealthState.UNKNOWN
    assert all(change.current is HealthState.UNKNOWN for change in recorder.changes_of("dc")[-1:])
