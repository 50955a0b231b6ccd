"""The main window's docks working together: the table's selection drives the graphs (one office, or several
compared), the real engine feeds the live graph through the bridge, and the alert service's storm-free alerts reach
the tray."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from pantau.alerts.delivery import AlertDelivery
from pantau.alerts.service import AlertService, senders_for
from pantau.alerts.settings import RULES_KEY, load_rules, save_rules
from pantau.domain.alerts import AlertPlanner, AlertRules
from pantau.domain.contract_risk import RiskLevel
from pantau.domain.inventory import AlertChannels, Network, TargetRole, TelegramChannel
from pantau.domain.states import HealthState, StateChange
from pantau.probing.engine import ProbeEngine
from pantau.reporting.alert_text import ALERT_SENTENCES
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from pantau.ui.main_window import MAX_COMPARED_SITES, MainWindow
from pantau.ui.site_model import SITE_ID_ROLE, Column
from tests.gui.test_live_window import FAST, live_network
from tests.servers import TcpListener, free_port


def sample() -> Network:
    return load_network_file(sample_network_path())


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = Workspace.open(tmp_path / "ws.sqlite3")
    yield opened
    opened.close()


def _select_rows(window: MainWindow, site_ids: list[str]) -> None:
    """Select these sites' rows as Ctrl+click would, the last one current."""
    view = window.site_table.view
    selection = view.selectionModel()
    proxy = window.site_table.proxy
    selection.clearSelection()
    for site_id in site_ids:
        row = window.site_table.model.row_of(site_id)
        assert row is not None
        index = proxy.mapFromSource(window.site_table.model.index(row, 0))
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.Select
                                  | QItemSelectionModel.SelectionFlag.Rows)


def test_graphs_start_on_the_server_and_follow_the_map_and_the_table(qtbot: QtBot) -> None:
    network = sample()
    window = MainWindow(network, tray=False)
    qtbot.addWidget(window)
    server_site = next(t.site for t in network.targets if t.role is TargetRole.SERVER)
    assert window.graph_sites() == [server_site]
    office = next(s.id for s in network.sites if s.id != server_site and network.targets_of(s.id))
    window.map_view.siteSelected.emit(office)
    assert window.graph_sites() == [office]
    assert window.site_table.selected_site() == office


def test_ctrl_selecting_offices_in_the_table_compares_them_current_first(qtbot: QtBot) -> None:
    network = sample()
    window = MainWindow(network, tray=False)
    qtbot.addWidget(window)
    measured = [s.id for s in network.sites if network.targets_of(s.id)]
    assert len(measured) >= 3
    picked = measured[:3]
    _select_rows(window, picked)
    assert window.site_table.selected_sites()[0] == picked[-1]
    assert sorted(window.graph_sites()) == sorted(picked)
    assert window.graph_sites()[0] == picked[-1]
    # The map follows the current office, and the table keeps all three selected.
    assert window.map_view.selected_site() == picked[-1]
    assert len(window.site_table.view.selectionModel().selectedRows()) == 3
    assert all(str(i.data(SITE_ID_ROLE)) in picked for i in window.site_table.view.selectionModel().selectedRows())


def test_comparison_is_capped(qtbot: QtBot) -> None:
    network = sample()
    window = MainWindow(network, tray=False)
    qtbot.addWidget(window)
    measured = [s.id for s in network.sites if network.targets_of(s.id)]
    window.show_graphs(measured * 3)
    assert len(window.graph_sites()) <= MAX_COMPARED_SITES


def test_engine_results_reach_the_live_graph_and_an_alert_reaches_the_tray(
        qtbot: QtBot, workspace: Workspace) -> None:
    with TcpListener("127.0.0.1") as listener:
        network: Network = live_network(listener.port, free_port("127.0.0.2"))
        workspace.replace_network(network)
        rules = AlertRules(storm_settle_seconds=0.5, storm_settle_max_seconds=2.0)

        def alerts(monitored: Network) -> AlertService:
            return AlertService(monitored, workspace, rules, [], wording=ALERT_SENTENCES, lang="en", tick_s=0.1)

        window = MainWindow(network, workspace, tray=True, alert_factory=alerts,
                            engine_factory=lambda n: ProbeEngine(n, sink=workspace, settings=FAST))
        qtbot.addWidget(window)
        assert window.tray is not None
        try:
            assert window.start_monitoring()
            qtbot.waitUntil(lambda: window.alert_service() is not None, timeout=5000)
            # kantor-a refuses: one DOWN alert, in the tray, in the window's language.
            qtbot.waitUntil(lambda: window.tray is not None and window.tray.last_message is not None
                            and "Kantor Camat Waru" in window.tray.last_message[1], timeout=15_000)
            # The live buffer has the server's rounds; the graphs (on the server's site) draw them.
            server = next(t for t in network.targets if t.site == "hub")
            qtbot.waitUntil(lambda: window.live.keys().count((server.id, server.checks[0])) == 1, timeout=5000)
            window.select_site("hub")
            window.graphs.set_range("live")
            qtbot.waitUntil(lambda: window.graphs.curve_data(0)[0].size > 0, timeout=5000)
        finally:
            window.shutdown()
        assert window.alert_service() is None
        rows = workspace.events(subject="kantor-a")
        assert any(row.state == "DOWN" for row in rows)


def test_july_2017_lapse_shows_in_table_map_and_tray(qtbot: QtBot) -> None:
    window = MainWindow(sample(), tray=True)
    qtbot.addWidget(window)
    assert window.tray is not None
    window.set_today(date(2017, 3, 15))
    model = window.site_table.model
    row = model.row_of("disdukcapil")
    assert row is not None
    # March: the contract runs, but a gap lies ahead: the badge, amber, and the reason in the tooltip.
    assert str(model.index(row, Column.CONTRACT).data()).startswith("⚠ ")
    assert "gap" in str(model.index(row, Column.CONTRACT).data(Qt.ItemDataRole.ToolTipRole))
    assert window.tray.tooltip().endswith("Contracts: 1 office lapsed or at risk")
    window.set_today(date(2017, 7, 10))
    assert model.index(row, Column.CONTRACT).data() == "expired"
    risk = window.map_view.contract_risk("disdukcapil")
    assert risk is not None and risk.level is RiskLevel.LAPSED and risk.days_left == -10
    window.map_view.set_color_mode("contract")
    assert window.map_view.color_mode() == "contract"


def test_alert_settings_apply_to_the_window_and_queued_alerts_show_in_the_status_bar(
        qtbot: QtBot, workspace: Workspace) -> None:
    network = sample()
    workspace.replace_network(network)
    window = MainWindow(network, workspace, tray=False)
    qtbot.addWidget(window)
    assert window.alerts_dock is not None and window.alert_log is not None
    try:
        dialog = window.open_alert_settings()
        assert dialog is not None and dialog.isVisible()
        assert window.open_alert_settings() is dialog  # a second click raises the same dialog
        changed = replace(network, alerts=AlertChannels(TelegramChannel("pantau/telegram-bot", ["-1001"],
                                                                        api_base="http://127.0.0.1:9")))
        dialog.applied.emit(changed, AlertRules(down_after_minutes=5))
        # One network from now on: the contracts panel must not save the old channels back with its next edit.
        assert window.network.alerts == changed.alerts
        assert window.contracts.network().alerts == changed.alerts
        dialog.reject()

        # An alert that could not leave (the planner queued it; no channel reachable): the status bar says so.
        planner = AlertPlanner(network, AlertRules())
        delivery = AlertDelivery(workspace, senders_for(changed.alerts), wording=ALERT_SENTENCES, lang="en")
        site = network.sites[1].id
        delivery.enqueue(planner.feed([StateChange(site, "site", HealthState.UP, HealthState.DOWN, 1.0)], 1.0))
        label = window.findChild(QLabel, "queuedAlerts")
        assert label is not None
        log_view = window.alert_log
        # refresh() is ignored while a read runs (the view's own first read may still be on its way).
        qtbot.waitUntil(lambda: log_view.refresh() or (label.isVisibleTo(window)
                                                       and label.text() == "1 alert waiting to be sent"),
                        timeout=5000)
    finally:
        window.shutdown()


def test_pinned_references_and_map_colouring_survive_a_restart(qtbot: QtBot) -> None:
    first = MainWindow(sample(), tray=False)
    qtbot.addWidget(first)
    assert first.graphs.references() == (False, False)
    first.graphs.set_references(True, False)
    first.map_view.set_color_mode("contract")
    first.save_layout()
    second = MainWindow(sample(), tray=False)
    qtbot.addWidget(second)
    assert second.graphs.references() == (True, False)
    assert second.map_view.color_mode() == "contract"


def test_saving_good_rules_turns_alerts_on_after_bad_stored_rules(qtbot: QtBot, workspace: Workspace) -> None:
    with TcpListener("127.0.0.1") as listener:
        network = live_network(listener.port, free_port("127.0.0.2"))
        workspace.replace_network(network)
        workspace.set_setting(RULES_KEY, "{not json")

        def alerts(monitored: Network) -> AlertService:
            return AlertService(monitored, workspace, load_rules(workspace), [],
                                wording=ALERT_SENTENCES, lang="en", tick_s=0.1)

        window = MainWindow(network, workspace, tray=False, alert_factory=alerts,
                            engine_factory=lambda n: ProbeEngine(n, sink=workspace, settings=FAST))
        qtbot.addWidget(window)
        try:
            assert window.start_monitoring()
            qtbot.waitUntil(lambda: "Alerts are off" in window.statusBar().currentMessage(), timeout=5000)
            assert RULES_KEY in window.statusBar().currentMessage()
            assert window.alert_service() is None
            save_rules(workspace, AlertRules(down_after_minutes=2))
            dialog = window.open_alert_settings()
            assert dialog is not None
            dialog.applied.emit(window.network, AlertRules(down_after_minutes=2))
            qtbot.waitUntil(lambda: window.alert_service() is not None, timeout=5000)
            service = window.alert_service()
            assert service is not None and service.rules.down_after_minutes == 2
            dialog.reject()
        finally:
            window.shutdown()
