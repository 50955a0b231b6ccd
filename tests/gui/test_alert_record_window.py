"""The window's side of the alerts: with no channel configured, the alerts the real engine's outage raises are listed
in the Alerts tab (and still are after a restart), in the window's language; a cut of many offices is one tray
balloon; the tray's tooltip names the worst offices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pantau.alerts.service import AlertService
from pantau.domain.alerts import AlertRules
from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.probing.engine import ProbeEngine
from pantau.reporting.alert_text import ALERT_SENTENCES
from pantau.storage.workspace import Workspace
from pantau.ui.alert_log import AlertLogView
from pantau.ui.main_window import MainWindow
from pantau.ui.tray import worst_offices
from tests.gui.test_live_window import FAST, live_network
from tests.gui.test_main_window import COMPLEX
from tests.servers import TcpListener, free_port


@pytest.fixture
def listener() -> Iterator[TcpListener]:
    with TcpListener("127.0.0.1") as server:
        yield server


def open_window(qtbot: QtBot, network: Network, workspace: Workspace, rules: AlertRules,
                tray: bool = False) -> MainWindow:
    def alerts(monitored: Network) -> AlertService:
        return AlertService(monitored, workspace, rules, [], wording=ALERT_SENTENCES, lang="en", tick_s=0.05)

    window = MainWindow(network, workspace, tray=tray, alert_factory=alerts,
                        engine_factory=lambda n: ProbeEngine(n, sink=workspace, settings=FAST))
    qtbot.addWidget(window)
    window.set_language("en")
    return window


def record_texts(view: AlertLogView) -> list[str]:
    view.refresh()
    return [view.record_table.item(row, 4).text() for row in range(view.record_table.rowCount())]


def test_alerts_with_no_channel_are_listed_in_the_alerts_tab_also_after_a_restart(
        qtbot: QtBot, tmp_path: Path, listener: TcpListener) -> None:
    network = live_network(listener.port, free_port("127.0.0.2"))
    path = tmp_path / "ws.sqlite3"
    rules = AlertRules(contract_warnings=False, storm_settle_seconds=0.2, storm_settle_max_seconds=1.0)
    with Workspace.open(path) as workspace:
        workspace.replace_network(network)
        window = open_window(qtbot, network, workspace, rules)
        try:
            assert window.start_monitoring()
            view = window.alert_log
            assert view is not None
            # kantor-a refuses: its DOWN alert is listed, though no Telegram or e-mail is set up.
            qtbot.waitUntil(lambda: any(text.startswith("DOWN: Kantor Camat Waru since")
                                        for text in record_texts(view)), timeout=15_000)
            row = record_texts(view).index(next(t for t in record_texts(view) if t.startswith("DOWN: Kantor")))
            assert view.record_table.item(row, 1).text() == "Down"
            assert view.record_table.item(row, 2).text() == "Raised"
            assert view.record_table.item(row, 3).text() == "window only (no channel set up)"
        finally:
            window.shutdown()
    with Workspace.open(path) as workspace:
        view = AlertLogView(workspace, lang="id", refresh_ms=50)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: any(text.startswith("GANGGUAN: Kantor Camat Waru DOWN sejak")
                                    for text in record_texts(view)), timeout=5000)
        view.shutdown()


def cut_regency(server_port: int, offices: int) -> Network:
    """A data centre that answers and `offices` offices behind it, each on its own line, all refusing: the
    provider's access network is cut (no parent is DOWN, so the alert service raises one alert per office)."""
    lat, lon = COMPLEX
    sites = [Site("hub", "Pusat Data", SiteKind.DATACENTER, "Penajam", lat, lon)]
    targets = [Target("srv", "hub", "127.0.0.1", TargetRole.SERVER, [f"tcp:{server_port}"], interval_s=0.3)]
    for index in range(offices):
        host = f"127.0.0.{10 + index}"
        sites.append(Site(f"kantor-{index}", f"Kantor Desa {chr(65 + index)}", SiteKind.DESA, "Waru",
                          lat + 0.01 * index, lon, parent="hub"))
        targets.append(Target(f"rtr-{index}", f"kantor-{index}", host, TargetRole.OFFICE_ROUTER,
                              [f"tcp:{free_port(host)}"], interval_s=0.3))
    return Network("Regency cut", sites=sites, targets=targets)


def test_a_regency_wide_cut_is_one_balloon_and_the_tooltip_names_the_worst_offices(
        qtbot: QtBot, tmp_path: Path, listener: TcpListener) -> None:
    network = cut_regency(listener.port, 8)
    rules = AlertRules(contract_warnings=False, storm_settle_seconds=2.0, storm_settle_max_seconds=20.0)
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.replace_network(network)
        window = open_window(qtbot, network, workspace, rules, tray=True)
        tray = window.tray
        assert tray is not None
        balloons: list[tuple[str, str]] = []
        tray.messageShown.connect(lambda title, body: balloons.append((title, body)))
        try:
            assert window.start_monitoring()
            qtbot.waitUntil(lambda: bool(balloons), timeout=20_000)
            qtbot.wait(3000)  # a second balloon would come within the storm window
            [(title, body)] = balloons
            assert title == "8 offices down"
            named, more = body.split(" and ")
            assert more == "3 more" and len(set(named.split(", "))) == 5 and named.startswith("Kantor Desa ")
            assert "Down: Kantor Desa A, Kantor Desa B (+6)" in tray.tooltip().splitlines()
        finally:
            window.shutdown()


def test_the_tooltip_puts_the_office_with_most_offices_behind_it_first(qtbot: QtBot) -> None:
    network = cut_regency(free_port(), 3)
    parents = {site.id: site.parent for site in network.sites}
    parents["kantor-1"] = "kantor-2"  # Kantor Desa B is reached through Kantor Desa C
    names = {site.id: site.name for site in network.sites}
    states = {"hub": HealthState.UP, "kantor-0": HealthState.DOWN, "kantor-1": HealthState.UNREACHABLE,
              "kantor-2": HealthState.DOWN}
    assert worst_offices(states, names, parents) == "Down: Kantor Desa C, Kantor Desa A"
    degraded = {**states, "kantor-0": HealthState.DEGRADED, "kantor-2": HealthState.UP, "kantor-1": HealthState.UP}
    assert worst_offices(degraded, names, parents) == "Degraded: Kantor Desa A"
    assert worst_offices({"hub": HealthState.UP}, names, parents) == ""
