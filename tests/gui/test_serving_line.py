"""The window names one line per office (`domain.links`): the table's link and contract columns, the map's tooltip
and the contracts panel's timeline when the office is selected all agree, also with a superseded line left in the
file before the one under contract."""

from __future__ import annotations

import time
from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pantau.domain.contract_risk import RiskLevel
from pantau.domain.inventory import Contract, Link, LinkMedium, Network
from pantau.domain.timezones import local_date
from pantau.ui.main_window import MainWindow
from pantau.ui.site_model import Column
from tests.gui.test_main_window import small_network


def network_with_a_superseded_line() -> Network:
    network = small_network()
    today = local_date(time.time(), network.timezone)
    network.contracts = [
        Contract("c-radio", "PT Radio Lama", "R/1", "intranet", 512, today - timedelta(days=900),
                 today - timedelta(days=400), 1000),
        Contract("c-fiber", "PT Telkom", "K/9", "intranet", 2048, today - timedelta(days=30),
                 today + timedelta(days=200), 1000),
    ]
    # The old radio line is written first and its contract lapsed long ago; the fiber line serves the office now.
    network.links.insert(0, Link("link-waru-radio", "hub", "camat-waru", "PT Radio Lama", LinkMedium.WIRELESS, 512,
                                 contracts=["c-radio"]))
    next(link for link in network.links if link.id == "link-waru").contracts = ["c-fiber"]
    return network


def test_table_map_and_contracts_panel_name_the_line_under_contract(qtbot: QtBot) -> None:
    window = MainWindow(network_with_a_superseded_line())
    qtbot.addWidget(window)
    model = window.site_table.model
    row = model.row_of("camat-waru")
    assert row is not None
    assert model.index(row, Column.LINK).data(Qt.ItemDataRole.DisplayRole) == "PT Telkom · fiber"
    assert "K/9" in str(model.index(row, Column.CONTRACT).data(Qt.ItemDataRole.ToolTipRole))
    risk = window.session.contract_risks["camat-waru"]
    assert risk.level is RiskLevel.OK and risk.link_id == "link-waru"
    assert "PT Telkom" in window.map_view.site_tooltip("camat-waru")
    assert "Radio Lama" not in window.map_view.site_tooltip("camat-waru")
    window.select_site("camat-waru")
    assert window.contracts.link_choice.currentData() == "link-waru"
