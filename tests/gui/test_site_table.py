"""The office table (issue 16, part 2 item 9): worst offices first by default, sort order remembered, and names and
links shown whole where the window has the room."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QModelRoleData, QModelRoleDataSpan, QPersistentModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.ui.main_window import MainWindow
from pantau.ui.site_columns import CELL_PADDING_PX, TEXT_MIN_PX
from pantau.ui.site_model import SITE_ID_ROLE, Column, SiteMetrics, SiteTableModel, two_lines
from pantau.ui.site_table import SiteTable
from pantau.ui.state_style import state_label
from tests.gui.test_main_window import small_network

WORST_FIRST = [HealthState.DOWN, HealthState.UNREACHABLE, HealthState.DEGRADED, HealthState.UNKNOWN, HealthState.UP]


def shown_ids(table: SiteTable) -> list[str]:
    return [str(table.proxy.index(row, 0).data(SITE_ID_ROLE)) for row in range(table.proxy.rowCount())]


def test_the_table_lists_the_worst_offices_first_then_by_name(qtbot: QtBot) -> None:
    table = SiteTable(small_network())
    qtbot.addWidget(table)
    table.model.set_site_states({"hub": HealthState.UP, "opd-1": HealthState.UP, "opd-2": HealthState.DEGRADED,
                                 "opd-3": HealthState.DOWN, "opd-4": HealthState.UNREACHABLE,
                                 "camat-waru": HealthState.DOWN, "desa-sepaku": HealthState.DEGRADED})
    states = [table.model.state_of(site_id) for site_id in shown_ids(table)]
    assert states == sorted(states, key=WORST_FIRST.index)
    assert states[0] is HealthState.DOWN and states[-1] is HealthState.UP
    names = [table.model.index(table.model.row_of(s) or 0, Column.NAME).data() for s in shown_ids(table)]
    # Within a state, A to Z: the two down offices, then ... the two up ones.
    assert names[:2] == ["Dinas Nomor 3", "Kantor Camat Waru"]
    assert names[-2:] == ["Dinas Nomor 1", "Diskominfo"]
    # Live: an office that goes down moves to the top.
    table.model.set_site_states({"opd-1": HealthState.DOWN})
    assert shown_ids(table)[:3] == ["opd-1", "opd-3", "camat-waru"]
    assert table.proxy.index(0, Column.STATE).data() == state_label(HealthState.DOWN)


def test_a_click_on_a_header_sorts_and_the_order_is_remembered(qtbot: QtBot) -> None:
    table = SiteTable(small_network())
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)
    header = table.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (Column.STATE,
                                                                             Qt.SortOrder.DescendingOrder)
    x = header.sectionViewportPosition(Column.NAME) + header.sectionSize(Column.NAME) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorSection() == Column.NAME
    by_name = shown_ids(table)
    names = [table.proxy.index(row, Column.NAME).data() for row in range(table.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)
    saved = table.save_header_state()

    again = SiteTable(small_network())
    qtbot.addWidget(again)
    assert again.restore_header_state(saved)
    assert again.view.horizontalHeader().sortIndicatorSection() == Column.NAME
    assert shown_ids(again) == by_name


def text_fits(table: SiteTable, column: Column) -> list[str]:
    """The texts of `column` that do not fit its width, by the view's own measure (they show cut)."""
    width = table.view.horizontalHeader().sectionSize(column)
    cut = []
    for row in range(table.proxy.rowCount()):
        index = table.proxy.index(row, column)
        if table.view.sizeHintForIndex(index).width() > width:
            cut.append(str(index.data()))
    return cut


def sample() -> Network:
    return load_network_file(sample_network_path())


def unmeasured_sample() -> Network:
    """The sample without its SNMP blocks: no line is measured, so the table has no "Use %" column."""
    network = sample()
    for link in network.links:
        link.snmp = None
    return network


def test_use_column_shows_only_where_a_line_is_measured(qtbot: QtBot) -> None:
    measured = MainWindow(sample(), tray=False)
    qtbot.addWidget(measured)
    assert not measured.site_table.view.isColumnHidden(Column.USE)
    unmeasured = MainWindow(unmeasured_sample(), tray=False)
    qtbot.addWidget(unmeasured)
    assert unmeasured.site_table.view.isColumnHidden(Column.USE)


def test_names_and_links_show_whole_in_a_1920_window(qtbot: QtBot) -> None:
    window = MainWindow(unmeasured_sample(), tray=False)
    qtbot.addWidget(window)
    window.resize(1920, 1040)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    table = window.site_table
    assert table.width() < 1920 * 0.7  # the map keeps its share
    assert text_fits(table, Column.LINK) == []
    # The few names longer than the room are cut in the middle: the office's abbreviation stays in sight.
    header = table.view.horizontalHeader()
    room = header.sectionSize(Column.NAME) - CELL_PADDING_PX
    for name in text_fits(table, Column.NAME):
        shown = table.view.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, room)
        assert name.endswith(")") and shown.endswith(name[name.rindex("("):]), shown
    # The figures' titles take two lines, so their columns are as narrow as their figures: of the sample's 28
    # names only the two longest are cut (six were, with the titles on one line).
    assert len(text_fits(table, Column.NAME)) <= 2
    metrics = header.fontMetrics()
    for column in (Column.RTT, Column.LOSS, Column.UPTIME, Column.CONTRACT):
        title = str(table.model.headerData(column, Qt.Orientation.Horizontal))
        shown = str(table.proxy.headerData(column, Qt.Orientation.Horizontal))
        assert shown.replace("\n", " ") == title and "\n" in shown
        # Narrower than the title on one line would need, with the header's margins and sort arrow.
        chrome = header.sectionSizeHint(column) - max(metrics.horizontalAdvance(line) for line in shown.split("\n"))
        assert header.sectionSize(column) < metrics.horizontalAdvance(title) + chrome, title
    assert header.height() >= 2 * metrics.height()
    # No column is cut off at the right edge either.
    assert header.sectionViewportPosition(Column.CONTRACT) + header.sectionSize(Column.CONTRACT) \
        <= table.view.viewport().width()


def test_a_narrow_table_cuts_names_with_a_tooltip_and_widens_them_with_the_window(qtbot: QtBot) -> None:
    table = SiteTable(sample())
    qtbot.addWidget(table)
    table.resize(520, 400)
    table.show()
    qtbot.waitExposed(table)
    header = table.view.horizontalHeader()
    assert header.sectionSize(Column.NAME) >= TEXT_MIN_PX and header.sectionSize(Column.LINK) >= TEXT_MIN_PX
    cut = text_fits(table, Column.NAME)
    assert cut  # this narrow, some names are cut ...
    row = next(r for r in range(table.model.rowCount()) if table.model.index(r, Column.NAME).data() == cut[0])
    assert table.model.index(row, Column.NAME).data(Qt.ItemDataRole.ToolTipRole) == cut[0]  # ... and said whole
    table.resize(table.preferred_width() + 40, 400)
    qtbot.waitUntil(lambda: text_fits(table, Column.NAME) == [] and text_fits(table, Column.LINK) == [])
    # The extra room goes to the name and link columns, not to the short ones.
    before = {column: header.sectionSize(column) for column in Column}
    table.resize(table.width() + 300, 400)
    qtbot.waitUntil(lambda: header.sectionSize(Column.NAME) > before[Column.NAME])
    assert header.sectionSize(Column.LINK) > before[Column.LINK]
    assert all(header.sectionSize(c) == before[c] for c in Column if c not in (Column.NAME, Column.LINK))


def test_a_column_sized_by_hand_keeps_its_width(qtbot: QtBot) -> None:
    table = SiteTable(sample())
    qtbot.addWidget(table)
    table.resize(900, 400)
    table.show()
    qtbot.waitExposed(table)
    header = table.view.horizontalHeader()
    header.resizeSection(Column.NAME, 333)  # as a drag on the header's edge does
    table.resize(1500, 400)
    qtbot.waitUntil(lambda: header.sectionSize(Column.LINK) > table.columns.natural_width(Column.LINK))
    assert header.sectionSize(Column.NAME) == 333


class CountingModel(SiteTableModel):
    """Counts the calls a view makes into the model while painting: multiData, and data() from outside it."""

    def __init__(self, network: Network) -> None:
        super().__init__(network)
        self.multi_calls = 0
        self.data_calls = 0
        self._inside = False

    def multiData(self, index: QModelIndex | QPersistentModelIndex,
                  roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        self.multi_calls += 1
        self._inside = True
        try:
            super().multiData(index, roleDataSpan)
        finally:
            self._inside = False

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._inside:
            self.data_calls += 1
        return super().data(index, role)


def test_a_repaint_asks_the_model_once_per_cell_and_shows_the_latest_figures(qtbot: QtBot) -> None:
    """A state storm repaints every visible row; each painted cell is one call into the model (through the filter
    proxy, Qt's own asked once per role: thousands of calls into Python per repaint). The texts are kept per row
    and worked out again after each change."""
    table = SiteTable(sample())
    qtbot.addWidget(table)
    model = CountingModel(sample())
    table.proxy.setSourceModel(model)
    table.resize(1200, 500)
    table.show()
    qtbot.waitExposed(table)
    site_id = model.site_id(0)
    model.set_site_states(dict.fromkeys((model.site_id(row) for row in range(model.rowCount())), HealthState.DOWN))
    model.multi_calls = model.data_calls = 0
    table.view.viewport().update()
    QApplication.processEvents()
    assert model.multi_calls >= 5 * len(Column)
    assert model.data_calls == 0
    row = model.row_of(site_id) or 0
    model.set_site_states({site_id: HealthState.UP})
    model.set_site_metrics({site_id: SiteMetrics(rtt_ms=12.34, loss_percent=50.0)})
    model.set_site_uptime({site_id: 99.5})
    row = model.row_of(site_id) or 0
    shown = [model.index(row, column).data() for column in (Column.STATE, Column.RTT, Column.LOSS, Column.UPTIME)]
    assert shown == [state_label(HealthState.UP), "12.3", "50", "99.5"]


def test_a_figure_s_title_is_broken_where_its_two_lines_are_most_even() -> None:
    assert two_lines("Uptime 24 h") == "Uptime\n24 h"
    assert two_lines("Uptime 24 jam") == "Uptime\n24 jam"
    assert two_lines("Kontrak (hari)") == "Kontrak\n(hari)"
    assert two_lines("RTT ms") == "RTT\nms"
    assert two_lines("Status") == "Status"
