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
from pantau.domain.inventory import Network
from pantau.probing.engine import ProbeEngine
from pantau.storage.workspace import Workspace
from pantau.ui.alert_log import AlertLogView
from pantau.ui.main_window import MainWindow
from tests.gui.test_live_window import FAST, live_network
from tests.servers import TcpListener, free_port


@pytest.fixture
def listener() -> Iterator[TcpListener]:
    with TcpListener("127.0.0.1") as server:
        yield server


def open_window(qtbot: QtBot, network: Network, workspace: Workspace, rules: AlertRules,
                tray: bool = False) -> MainWindow:
    def alerts(monitored: Network) -> AlertService:
        return AlertService(monitored, workspace, rules, [], lang="en", tick_s=0.05)

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
