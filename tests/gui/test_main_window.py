"""The first main window: map and table over a network, their shared selection, states, summary and layout."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Link, LinkMedium, LinkRole, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState, StateChange
from pantau.ui.app import selftest_window
from pantau.ui.main_window import MainWindow
from pantau.ui.map import DESA_MIN_PX_PER_KM, MapView
from pantau.ui.map.styles import SELECTION
from pantau.ui.site_model import Column
from pantau.ui.site_table import SiteTable
from pantau.ui.state_style import MARKER_SIZE, STYLES, state_label
from tests.gui.map_pixels import count_near, marker_look, render, state_looks

COMPLEX = (-1.310028, 116.727606)  # the Kantor Bupati complex, where many offices share one point


def small_network() -> Network:
    lat, lon = COMPLEX
    sites = [Site("hub", "Diskominfo", SiteKind.DATACENTER, "Penajam", lat, lon)]
    sites += [Site(f"opd-{i}", f"Dinas Nomor {i}", SiteKind.SKPD, "Penajam", lat, lon, parent="hub")
              for i in range(1, 6)]
    sites += [
        Site("camat-waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru", -1.255908, 116.496072, parent="hub"),
        Site("desa-sepaku", "Kantor Desa Bumi Harapan", SiteKind.DESA, "Sepaku", -0.92393, 116.583088,
             parent="hub"),
        Site("nowhere", "Kantor Desa Tanpa Koordinat", SiteKind.DESA, "Babulu", parent="hub"),
    ]
    links = [
        Link("link-waru", "camat-waru", "hub", "PT Telkom", LinkMedium.FIBER, 2048),
        Link("link-sepaku", "desa-sepaku", "hub", "PT Lintas", LinkMedium.WIRELESS, 1024, role=LinkRole.BACKUP),
        Link("link-internet", "hub", "internet", "PT Telkom", LinkMedium.METRO_E, 100000),
    ]
    targets = [Target("waru-router", "camat-waru", "127.0.20.1", TargetRole.OFFICE_ROUTER),
               Target("waru-gw", "camat-waru", "127.0.20.2", TargetRole.LAN_GATEWAY)]
    return Network("Test network", sites=sites, links=links, targets=targets)


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    win = MainWindow(small_network())
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_window_shows_every_site_in_table_and_positioned_ones_on_map(window: MainWindow) -> None:
    assert window.windowTitle() == "Pantau — Test network"
    assert window.site_table.model.rowCount() == 9
    assert window.map_view.sites_without_position() == ["nowhere"]
    assert window.map_view.marker("nowhere") is None
    assert all(window.map_view.marker(site.id) is not None for site in window.network.sites if site.lat is not None)
    assert window.map_view.map_problems() == []
    unplaced = window.findChild(QLabel, "unplacedSites")
    assert unplaced is not None and "1 site(s) without coordinates" in unplaced.text()
    assert window.banner is None


def test_clicking_a_marker_selects_the_site_in_the_table(window: MainWindow, qtbot: QtBot) -> None:
    position = window.map_view.marker_view_pos("camat-waru")
    assert position is not None
    with qtbot.waitSignal(window.map_view.siteSelected) as signal:
        qtbot.mouseClick(window.map_view.viewport(), Qt.MouseButton.LeftButton, pos=position.toPoint())
    assert signal.args == ["camat-waru"]
    assert window.site_table.selected_site() == "camat-waru"
    assert window.map_view.selected_site() == "camat-waru"
    assert window.map_view.label_text("camat-waru") == "Kantor Camat Waru"


def test_clicking_empty_map_or_dragging_selects_nothing(window: MainWindow, qtbot: QtBot) -> None:
    viewport = window.map_view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert window.site_table.selected_site() is None
    start = window.map_view.marker_view_pos("camat-waru")
    assert start is not None
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseMove(viewport, start.toPoint() + QPoint(40, 30))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start.toPoint() + QPoint(40, 30))
    assert window.map_view.selected_site() is None


def test_selecting_a_table_row_selects_the_site_on_the_map(window: MainWindow, qtbot: QtBot) -> None:
    table = window.site_table
    row = table.model.row_of("desa-sepaku")
    assert row is not None
    index = table.proxy.mapFromSource(table.model.index(row, Column.NAME))
    with qtbot.waitSignal(table.siteSelected) as signal:
        qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.view.visualRect(index).center())
    assert signal.args == ["desa-sepaku"]
    assert window.map_view.selected_site() == "desa-sepaku"
    # The selection ring is painted around the selected marker only.
    image = render(window.map_view)
    ring = (MARKER_SIZE / 2 + 2.5, MARKER_SIZE / 2 + 4.5)
    for site_id, selected in (("desa-sepaku", True), ("camat-waru", False)):
        position = window.map_view.marker_view_pos(site_id)
        assert position is not None
        assert (count_near(image, position, SELECTION, *ring) > 20) is selected, site_id


def test_selection_from_outside_does_not_echo(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(window.site_table.siteSelected), \
            qtbot.assertNotEmitted(window.map_view.siteSelected):
        window.select_site("opd-3")
    assert window.site_table.selected_site() == "opd-3"
    assert window.map_view.selected_site() == "opd-3"
    # A spread member's own label is hidden, except while it is selected.
    assert window.map_view.label_text("opd-3") == "Dinas Nomor 3"
    assert window.map_view.label_text("opd-4") is None


def test_set_site_states_changes_marker_colour_shape_table_and_summary(window: MainWindow) -> None:
    assert marker_look(window.map_view, "camat-waru", state_looks()) is HealthState.UNKNOWN
    window.set_site_states({"camat-waru": HealthState.UP})
    assert marker_look(window.map_view, "camat-waru", state_looks()) is HealthState.UP
    window.set_site_states({"camat-waru": HealthState.DOWN})
    assert marker_look(window.map_view, "camat-waru", state_looks()) is HealthState.DOWN
    tooltip = window.map_view.site_tooltip("camat-waru")
    assert "Kantor Camat Waru" in tooltip and "Down" in tooltip and "PT Telkom" in tooltip
    model = window.site_table.model
    row = model.row_of("camat-waru")
    assert row is not None
    assert model.index(row, Column.STATE).data() == "Down"
    assert model.index(row, Column.STATE).data(Qt.ItemDataRole.DecorationRole) is not None


def test_summary_counts_current_states(window: MainWindow) -> None:
    assert window.summary_text() == "9 unknown"
    window.set_site_states({"hub": HealthState.UP, "opd-1": HealthState.UP, "opd-2": HealthState.DEGRADED,
                            "camat-waru": HealthState.DOWN, "desa-sepaku": HealthState.UNREACHABLE})
    assert window.summary_text() == "2 up · 1 degraded · 1 down · 1 unreachable · 4 unknown"
    window.set_site_states({sid: HealthState.UP for sid in ("opd-3", "opd-4", "opd-5", "nowhere")})
    assert window.summary_text() == "6 up · 1 degraded · 1 down · 1 unreachable"
    summary = window.findChild(QLabel, "stateSummary")
    assert summary is not None and summary.text() == window.summary_text()
    window.set_site_states({"no-such-site": HealthState.DOWN})
    assert window.summary_text() == "6 up · 1 degraded · 1 down · 1 unreachable"


def test_co_located_sites_are_spread_apart_with_a_count_badge(window: MainWindow) -> None:
    view = window.map_view
    crowd = ["hub", *(f"opd-{i}" for i in range(1, 6))]
    positions = {sid: view.marker_view_pos(sid) for sid in crowd}
    assert all(p is not None for p in positions.values())
    for (a, pa), (b, pb) in itertools.combinations(positions.items(), 2):
        assert pa is not None and pb is not None
        assert math.dist((pa.x(), pa.y()), (pb.x(), pb.y())) >= MARKER_SIZE, (a, b)
    true_point = view.viewportTransform().map(view.marker("hub").parentItem().pos())  # type: ignore[union-attr]
    for p in positions.values():
        assert p is not None
        assert math.dist((p.x(), p.y()), (true_point.x(), true_point.y())) < 80
    assert "6 sites" in view.badge_texts()
    assert all(view.label_text(sid) is None for sid in crowd)
    assert view.label_text("camat-waru") == "Kantor Camat Waru"


def test_spread_markers_are_each_clickable(window: MainWindow, qtbot: QtBot) -> None:
    for site_id in ("opd-2", "opd-5", "hub"):
        position = window.map_view.marker_view_pos(site_id)
        assert position is not None
        qtbot.mouseClick(window.map_view.viewport(), Qt.MouseButton.LeftButton, pos=position.toPoint())
        assert window.site_table.selected_site() == site_id


def test_links_are_drawn_primary_solid_backup_dashed(window: MainWindow) -> None:
    primary = window.map_view.link_item("link-waru")
    backup = window.map_view.link_item("link-sepaku")
    assert primary is not None and backup is not None
    assert primary.pen().style() == Qt.PenStyle.SolidLine
    assert backup.pen().style() == Qt.PenStyle.DashLine
    assert window.map_view.link_item("link-internet") is None
    hub = window.map_view.marker_view_pos("hub")
    assert hub is not None
    end = window.map_view.viewportTransform().map(primary.line().p2())
    # The line meets the hub where its marker is drawn (spread), not at the hidden true point.
    assert math.dist((end.x(), end.y()), (hub.x(), hub.y())) < 1.5


def test_wheel_zoom_keeps_point_under_cursor_and_reveals_village_borders(window: MainWindow) -> None:
    view = window.map_view
    view.fit_all()
    assert view.pixels_per_km() < DESA_MIN_PX_PER_KM
    assert not view.desa_visible()
    # Zoomed in a little first: while the whole regency fits, the view centres it and no point can stay put.
    view.zoom_by(1.6, QPointF(view.viewport().width() / 2, view.viewport().height() / 2))
    cursor = QPointF(view.viewport().width() * 0.3, view.viewport().height() * 0.6)
    before = view.mapToScene(cursor.toPoint())
    for _ in range(9):
        event = QWheelEvent(cursor, view.viewport().mapToGlobal(cursor), QPoint(0, 0), QPoint(0, 120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(view.viewport(), event)
    assert view.pixels_per_km() > DESA_MIN_PX_PER_KM
    assert view.desa_visible()
    after = view.mapToScene(cursor.toPoint())
    # The scroll bars move in whole pixels: each notch may round the point by up to a pixel either way.
    assert math.dist((before.x(), before.y()), (after.x(), after.y())) < 10 * 1.5 / view.transform().m11()
    window.fit_action.trigger()
    assert not view.desa_visible()


def test_filter_keeps_matching_name_or_kecamatan(qtbot: QtBot) -> None:
    table = SiteTable(small_network())
    qtbot.addWidget(table)
    qtbot.keyClicks(table.filter_edit, "waru")
    assert table.proxy.rowCount() == 1
    table.filter_edit.clear()
    qtbot.keyClicks(table.filter_edit, "PENAJAM")
    assert table.proxy.rowCount() == 6
    table.filter_edit.clear()
    assert table.proxy.rowCount() == 9


def test_state_column_sorts_by_severity(qtbot: QtBot) -> None:
    table = SiteTable(small_network())
    qtbot.addWidget(table)
    table.model.set_site_states({"opd-1": HealthState.DOWN, "opd-2": HealthState.DEGRADED, "hub": HealthState.UP})
    table.view.sortByColumn(Column.STATE, Qt.SortOrder.DescendingOrder)
    order = [table.proxy.index(r, Column.STATE).data() for r in range(3)]
    assert order == ["Down", "Degraded", "Unknown"]


def test_layout_is_saved_on_close_and_restored(qtbot: QtBot, isolated_qsettings: Path) -> None:
    first = MainWindow(small_network())
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(710, 530)  # fits the offscreen screen (800x600), which restoreGeometry clamps to
    first.table_dock.hide()
    qtbot.waitUntil(lambda: first.size().width() == 710)
    first.close()
    assert any(isolated_qsettings.rglob("*.conf"))

    second = MainWindow(small_network())
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (710, 530)
    assert second.table_dock.isHidden()


def test_first_window_without_saved_layout_shows_the_table(qtbot: QtBot) -> None:
    win = MainWindow(small_network())
    qtbot.addWidget(win)
    assert not win.table_dock.isHidden()


def test_states_and_rtt_come_from_the_workspace(qtbot: QtBot, tmp_path: Path) -> None:
    workspace_module = pytest.importorskip("pantau.storage.workspace")
    network = small_network()
    with workspace_module.Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.replace_network(network)
        workspace.record_state_change(StateChange("camat-waru", "site", HealthState.UNKNOWN, HealthState.DOWN,
                                                  1000.0, "3 probes lost"))
        workspace.record_state_change(StateChange("hub", "site", HealthState.UNKNOWN, HealthState.UP, 1000.0))
        # A target event with a site's id must not be taken for the site's state.
        workspace.record_state_change(StateChange("desa-sepaku", "target", HealthState.UNKNOWN, HealthState.DOWN,
                                                  1000.0))
        workspace.submit([Sample(1001.0, "waru-router", "icmp", 12.5), Sample(1001.5, "waru-gw", "icmp", 30.25)])
        workspace.flush()
        win = MainWindow(network, workspace, tray=False)
        qtbot.addWidget(win)
        win.resize(1200, 800)
        win.show()
        # Read on a worker thread: the window shows at once and the history arrives a moment later.
        qtbot.waitUntil(lambda: win.site_states()["camat-waru"] == HealthState.DOWN)
        states = win.site_states()
        assert states["hub"] == HealthState.UP
        assert states["desa-sepaku"] == HealthState.UNKNOWN
        assert win.summary_text() == "1 up · 1 down · 7 unknown"
        assert marker_look(win.map_view, "camat-waru", state_looks()) is HealthState.DOWN
        model = win.site_table.model
        row = model.row_of("camat-waru")
        assert row is not None
        assert model.index(row, Column.RTT).data() == "30.2"
        assert model.index(row, Column.LOSS).data() == "—"
        assert "since" in win.map_view.site_tooltip("camat-waru")
        win.shutdown()


def test_sample_notice_banner(qtbot: QtBot) -> None:
    win = MainWindow(small_network(), sample_notice=True)
    qtbot.addWidget(win)
    win.show()
    assert win.banner is not None and win.banner.isVisible()
    label = win.banner.findChild(QLabel, "sampleBannerText")
    assert label is not None and "SAMPLE" in label.text() and "pantau import FILE" in label.text()


def test_sample_network_window(qtbot: QtBot) -> None:
    resources = pytest.importorskip("pantau.resources")
    networkfile = pytest.importorskip("pantau.storage.networkfile")
    path = resources.sample_network_path()
    if not path.is_file():
        pytest.skip("the sample network is not bundled yet")
    network = networkfile.load_network_file(path)
    win = MainWindow(network, sample_notice=True)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    assert win.site_table.model.rowCount() == len(network.sites)
    positioned = [s.id for s in network.sites if s.lat is not None]
    view_positions = [win.map_view.marker_view_pos(sid) for sid in positioned]
    assert all(p is not None for p in view_positions)
    points = {(round(p.x()), round(p.y())) for p in view_positions if p is not None}
    assert len(points) == len(positioned), "two markers drawn at the same place"
    assert win.map_view.badge_texts(), "the government complex should show a count badge at full view"


def test_selftest_window_passes_on_a_network() -> None:
    assert selftest_window(small_network()) is None


def test_every_state_has_its_own_colour_shape_and_text() -> None:
    states = list(HealthState)
    for a, b in itertools.combinations(states, 2):
        assert STYLES[a].color != STYLES[b].color
        assert STYLES[a].path != STYLES[b].path
        assert state_label(a) != state_label(b)


def test_map_view_alone_without_map_layers_still_shows_sites(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from pantau.resources import ResourceError
    from pantau.ui.map import layers as map_layers

    def missing(name: str) -> dict[str, object]:
        raise ResourceError(f"{name}.geojson: missing")

    monkeypatch.setattr(map_layers, "load_layer", missing)
    view = MapView(small_network())
    qtbot.addWidget(view)
    assert len(view.map_problems()) == 4
    assert view.marker("camat-waru") is not None


def test_map_set_network_replaces_sites_and_keeps_states(qtbot: QtBot) -> None:
    view = MapView(small_network())
    qtbot.addWidget(view)
    view.set_site_states({"camat-waru": HealthState.DOWN, "opd-1": HealthState.UP})
    view.select_site("opd-1")
    smaller = small_network()
    smaller.sites = [s for s in smaller.sites if not s.id.startswith("opd-")]
    view.set_network(smaller)
    assert view.marker("opd-1") is None
    assert view.selected_site() is None
    marker = view.marker("camat-waru")
    assert marker is not None and marker.state == HealthState.DOWN
    assert view.badge_texts() == []


def test_a_contract_edit_reaches_every_view_that_judges_with_the_network(qtbot: QtBot) -> None:
    """Issue 12 item 5: the diagnostics panel judged with the old network after a contract edit."""
    from dataclasses import replace

    from pantau.probing.icmp import IcmpPinger

    with IcmpPinger() as pinger:
        win = MainWindow(small_network(), pinger=pinger, tray=False)
        qtbot.addWidget(win)
        try:
            edited = replace(win.network, name="Test network (edited)")
            win.contracts.network_changed.emit(edited)
            assert win.network is edited
            assert win.graphs._network is edited
            assert win.site_table.model._network is edited
            # The diagnostics panel judges a new run with the edited network (its report names it).
            panel = win.diagnostics
            assert panel is not None
            with qtbot.waitSignal(panel.runFinished, timeout=20_000) as finished:
                assert win.diagnose("server")
            assert finished.args[0].network_name == "Test network (edited)"
        finally:
            win.shutdown()


def test_diagnose_everything_is_an_action_with_a_shortcut(window: MainWindow) -> None:
    action = window.diagnose_all_action
    assert action.text() == "Diagnose everything"
    assert action.shortcut().toString() == "Ctrl+Shift+E"
    assert action in window.monitor_menu.actions() and action in window.toolbar.actions()
    # Without a pinger the window has no diagnostics panel: the action is there but off.
    assert not action.isEnabled()


def test_first_window_fits_the_screen_it_opens_on(qtbot: QtBot) -> None:
    """The offscreen screen (800×600) is smaller than the first size (1280×800), like a 1366×768 laptop with a
    panel is smaller than 1280×800 with a frame: the window shrinks to fit, bottom tabs and status bar on screen."""
    win = MainWindow(small_network())
    qtbot.addWidget(win)
    area = win.screen().availableGeometry()
    assert win.width() <= area.width() and win.height() <= area.height()
    win.show()
    qtbot.waitExposed(win)
    assert area.contains(win.frameGeometry()) or win.isMaximized()
    assert area.contains(win.statusBar().mapToGlobal(win.statusBar().rect().bottomRight()))


def test_a_saved_layout_larger_than_the_screen_is_fitted_again(qtbot: QtBot, isolated_qsettings: Path) -> None:
    from pantau.ui import window_layout

    first = MainWindow(small_network())
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.close()
    # A layout saved on a 1920×1080 screen, then opened on a smaller one: the geometry is stored at 1800×1000.
    big = MainWindow(small_network())
    qtbot.addWidget(big)
    big.setGeometry(0, 0, 1800, 1000)
    window_layout.save(big)
    again = MainWindow(small_network())
    qtbot.addWidget(again)
    area = again.screen().availableGeometry()
    assert again.width() <= area.width() and again.height() <= area.height()


def test_maximised_state_survives_a_restart_and_the_tray(qtbot: QtBot, isolated_qsettings: Path) -> None:
    first = MainWindow(small_network())
    qtbot.addWidget(first)
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    first.close()
    second = MainWindow(small_network())
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(second.isMaximized)
    # Hidden to the tray and back: maximised again, not the normal size.
    second._maximized_before_tray = second.isMaximized()
    second.hide()
    second.show_from_tray()
    qtbot.waitUntil(second.isMaximized)
    assert second.isVisible()


def test_help_about_names_version_licences_and_map_source(window: MainWindow, qtbot: QtBot) -> None:
    from pantau import __version__

    assert window.about_action in window.help_menu.actions()
    box = window.window_actions.show_about()
    qtbot.waitExposed(box)
    text = box.text()
    assert __version__ in text and "LGPLv3" in text and "wilayah_boundaries" in text
    window.network.attribution = "<b>OSM</b> & friends"
    escaped = window.window_actions.show_about().text()
    assert "&lt;b&gt;OSM&lt;/b&gt; &amp; friends" in escaped, "a network file's text is never read as markup"
    box.close()
