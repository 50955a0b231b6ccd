"""The monitoring session without a window: the real engine on loopback into a real workspace, states and figures
through typed signals, one edit path that reaches the contract risks, a refused import that changes nothing, a
good import that replaces the engine, pause, and a shutdown that flushes."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pantau.domain.contract_risk import RiskLevel
from pantau.domain.inventory import Contract, Network
from pantau.domain.states import HealthState
from pantau.domain.timezones import local_date
from pantau.probing.engine import ProbeEngine
from pantau.storage.networkfile import dump_network
from pantau.storage.workspace import Workspace
from pantau.ui.session import MonitorSession
from pantau.ui.site_model import SiteMetrics
from tests.gui.test_live_window import FAST, live_network
from tests.gui.test_main_window import small_network
from tests.servers import TcpListener, free_port


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = Workspace.open(tmp_path / "ws.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def listener() -> Iterator[TcpListener]:
    with TcpListener("127.0.0.1") as server:
        yield server


def monitoring_session(network: Network, workspace: Workspace) -> MonitorSession:
    workspace.replace_network(network)
    return MonitorSession(network, workspace,
                          engine_factory=lambda n: ProbeEngine(n, sink=workspace, settings=FAST))


def test_live_states_and_figures_arrive_as_typed_signals(qtbot: QtBot, workspace: Workspace,
                                                         listener: TcpListener) -> None:
    session = monitoring_session(live_network(listener.port, free_port()), workspace)
    states: dict[str, HealthState] = {}
    metrics: dict[str, SiteMetrics] = {}
    session.statesChanged.connect(states.update)
    session.metricsChanged.connect(metrics.update)
    assert session.states == dict.fromkeys(("hub", "kantor-a", "kantor-b"), HealthState.UNKNOWN)
    try:
        assert session.start_monitoring()
        assert not session.start_monitoring(), "one engine at a time"
        qtbot.waitUntil(lambda: states.get("kantor-a") == HealthState.DOWN and states.get("hub") == HealthState.UP
                        and states.get("kantor-b") == HealthState.UP, timeout=15000)
        assert all(isinstance(state, HealthState) for state in states.values()), "no enum turned into a string"
        qtbot.waitUntil(lambda: "hub" in metrics, timeout=5000)
        assert isinstance(metrics["hub"], SiteMetrics)
        assert session.states["kantor-a"] == HealthState.DOWN, "what the signals said is what the session holds"
        assert session.live_view() is not None
        with qtbot.waitSignal(session.monitoringChanged):
            assert session.set_paused(True)
        assert not session.set_paused(True), "pausing twice changes nothing"
        assert session.paused
    finally:
        session.shutdown()
    assert session.engine is None and session.live_view() is None
    assert workspace.open_events(), "the outage reached the workspace before shutdown returned"


def test_a_contract_edit_reaches_the_risks_without_touching_monitoring(qtbot: QtBot, workspace: Workspace,
                                                                       listener: TcpListener) -> None:
    network = live_network(listener.port, free_port())
    session = monitoring_session(network, workspace)
    today = local_date(time.time(), network.timezone)
    assert session.contract_risks["kantor-a"].level == RiskLevel.NO_CONTRACT
    try:
        assert session.start_monitoring()
        engine = session.engine
        edited = dataclasses.replace(network, contracts=[
            Contract("k1", "PT Telkom", "K/1", "intranet", 2048, today - timedelta(days=360), today - timedelta(days=3),
                     1_800_000_000)])
        edited.links[0] = dataclasses.replace(network.links[0], contracts=["k1"])
        with qtbot.waitSignals([session.networkEdited, session.contractRisksChanged]), \
                qtbot.assertNotEmitted(session.networkChanged):
            session.apply_edit(edited)
        assert session.network is edited and session.engine is engine, "the engine runs on"
        risk = session.contract_risks["kantor-a"]
        assert risk.level == RiskLevel.LAPSED and risk.days_left == -3 and risk.link_id == "link-a"
    finally:
        session.shutdown()


def test_a_refused_import_changes_nothing_and_a_good_one_replaces_the_engine(
        qtbot: QtBot, workspace: Workspace, listener: TcpListener, tmp_path: Path) -> None:
    network = live_network(listener.port, free_port())
    session = monitoring_session(network, workspace)
    try:
        assert session.start_monitoring()
        first_engine = session.engine
        bad = tmp_path / "bad.toml"
        bad.write_text("[[sites]]\nid = 'x'\nname = \n", encoding="utf-8")
        with qtbot.waitSignal(session.importFinished, timeout=10000) as refused:
            assert session.import_network(bad)
        assert refused.args[0] == bad and isinstance(refused.args[1], Exception)
        assert "bad.toml" in str(refused.args[1]), "the message names the file"
        assert session.network is network and session.engine is first_engine
        assert {site.id for site in (workspace.load_network() or network).sites} == {"hub", "kantor-a", "kantor-b"}

        good = tmp_path / "good.toml"
        good.write_text(dump_network(small_network()), encoding="utf-8")
        with qtbot.waitSignals([session.networkChanged, session.importFinished], timeout=10000):
            assert session.import_network(good)
        assert session.network.name == "Test network"
        assert set(session.states) == {site.id for site in small_network().sites}
        assert all(state == HealthState.UNKNOWN for state in session.states.values()), "a new network starts unknown"
        qtbot.waitUntil(lambda: session.engine is not None and session.engine is not first_engine, timeout=15000)
        assert {site.id for site in (workspace.load_network() or network).sites} == set(session.states)
    finally:
        session.shutdown()


def test_watching_another_monitor_refuses_imports_and_shows_what_it_records(qtbot: QtBot, tmp_path: Path) -> None:
    session = MonitorSession(small_network())
    session.set_watching(True)
    good = tmp_path / "good.toml"
    good.write_text(dump_network(small_network()), encoding="utf-8")
    assert not session.import_network(good), "the other monitor owns the workspace"
    with qtbot.waitSignal(session.statesChanged) as changed:
        session.set_site_states({"camat-waru": HealthState.DOWN, "no-such-site": HealthState.UP})
    assert changed.args == [{"camat-waru": HealthState.DOWN}], "a site the network lacks is not shown"
    assert not session.can_monitor and not session.start_monitoring()
    session.shutdown()
    session.shutdown()


def test_an_engine_failure_is_shown_at_once_with_the_reason_and_monitoring_restarts(
        qtbot: QtBot, workspace: Workspace, listener: TcpListener, tmp_path: Path) -> None:
    """The first engine writes into a read-only copy of the workspace and dies at its first write; the window says
    so in red with the reason, every office is Unknown, and "Restart monitoring" brings a working engine."""
    from pantau.ui.main_window import MainWindow

    network = live_network(listener.port, free_port())
    workspace.replace_network(network)
    workspace.flush()
    broken = Workspace.open(workspace.path, read_only=True)
    sinks = iter([broken, workspace])
    window = MainWindow(network, workspace, tray=False,
                        engine_factory=lambda n: ProbeEngine(n, sink=next(sinks), settings=FAST))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert window.start_monitoring()
        qtbot.waitUntil(window.failure_banner.isVisible, timeout=10000)
        text = window.failure_banner.text.text()
        assert "Monitoring stopped on an error" in text and "read-only" in text
        assert window.session.failure and set(window.session.states.values()) == {HealthState.UNKNOWN}
        qtbot.mouseClick(window.failure_banner.restart_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.session.states["hub"] == HealthState.UP, timeout=15000)
        assert not window.failure_banner.isVisible() and window.session.failure == ""
    finally:
        window.shutdown()
        broken.close()
