"""The main window: the map in the centre, the office table in a dock, a state summary in the status bar.

It owns the wiring between the views (selecting a site in one selects it in the other), the current site states
and figures it hands to both, and the persistence of its layout (QSettings "Pantau"/"Pantau"). It reads the
workspace once, when it opens; live updates arrive later through `set_site_states` / `set_site_metrics`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.ui.map_view import MapView
from pantau.ui.site_table import SiteMetrics, SiteTable
from pantau.ui.state_style import DISPLAY_ORDER

if TYPE_CHECKING:
    from pantau.storage.workspace import Workspace

SETTINGS_ORGANIZATION = "Pantau"
SETTINGS_APPLICATION = "Pantau"
_KEY_GEOMETRY = "mainWindow/geometry"
_KEY_STATE = "mainWindow/state"
_KEY_TABLE_HEADER = "mainWindow/siteTableHeader"
# Bumped when docks or toolbars change in a way an old saved layout would restore wrongly.
_LAYOUT_VERSION = 1
# The table's first width: all its columns, but never most of a laptop screen.
_MAX_INITIAL_TABLE_WIDTH = 720


def settings() -> QSettings:
    return QSettings(SETTINGS_ORGANIZATION, SETTINGS_APPLICATION)


class MainWindow(QMainWindow):
    """Pantau's main window over one network. `workspace` may be None (selftest, tests): all sites are UNKNOWN."""

    def __init__(self, network: Network, workspace: Workspace | None = None, sample_notice: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network = network
        self.workspace = workspace
        self._states: dict[str, HealthState] = {site.id: HealthState.UNKNOWN for site in network.sites}
        self.setWindowTitle(self.tr("Pantau — {name}").format(name=network.name))

        self.map_view = MapView(network, self)
        self.map_view.setObjectName("mapView")
        self.banner = self._make_banner() if sample_notice else None
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if self.banner is not None:
            layout.addWidget(self.banner)
        layout.addWidget(self.map_view, 1)
        self.setCentralWidget(central)

        self.site_table = SiteTable(network, self)
        self.table_dock = QDockWidget(self.tr("Offices"), self)
        self.table_dock.setObjectName("siteTableDock")
        self.table_dock.setWidget(self.site_table)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.table_dock)

        self._make_actions()
        self._summary = QLabel(self)
        self._summary.setObjectName("stateSummary")
        self.statusBar().addPermanentWidget(self._summary)
        self._unplaced = QLabel(self)
        self._unplaced.setObjectName("unplacedSites")
        self.statusBar().addWidget(self._unplaced)
        self._show_unplaced()

        self.map_view.siteSelected.connect(self.site_table.select_site)
        self.site_table.siteSelected.connect(self.map_view.select_site)

        self.resize(1280, 800)
        self._restore_layout()
        if workspace is not None:
            self._load_from_workspace(workspace)
        self.set_site_states(self._states)

    # --- public API ----------------------------------------------------------------------------------------

    def site_states(self) -> dict[str, HealthState]:
        return dict(self._states)

    def set_site_states(self, states: Mapping[str, HealthState]) -> None:
        """Show new states for the given sites on the map, in the table and in the summary."""
        known = {sid: state for sid, state in states.items() if sid in self._states}
        self._states.update(known)
        self.map_view.set_site_states(known)
        self.site_table.model.set_site_states(known)
        self._summary.setText(self.summary_text())

    def set_site_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        self.site_table.model.set_site_metrics(metrics)

    def summary_text(self) -> str:
        """E.g. "52 up · 3 degraded · 1 down": every state that at least one site is in, in display order."""
        counts = Counter(self._states.values())
        words = {
            HealthState.UP: lambda n: self.tr("%n up", "", n),
            HealthState.DEGRADED: lambda n: self.tr("%n degraded", "", n),
            HealthState.DOWN: lambda n: self.tr("%n down", "", n),
            HealthState.UNREACHABLE: lambda n: self.tr("%n unreachable", "", n),
            HealthState.UNKNOWN: lambda n: self.tr("%n unknown", "", n),
        }
        parts = [words[state](counts[state]) for state in DISPLAY_ORDER if counts[state]]
        return " · ".join(parts) if parts else self.tr("No sites")

    def select_site(self, site_id: str | None) -> None:
        """Select a site in both views."""
        self.map_view.select_site(site_id)
        self.site_table.select_site(site_id)

    # --- building --------------------------------------------------------------------------------------------

    def _make_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("sampleBanner")
        banner.setStyleSheet("#sampleBanner { background: #fff4c2; border-bottom: 1px solid #d8b84a; }"
                             "#sampleBanner QLabel { color: #3d3000; }")
        row = QHBoxLayout(banner)
        row.setContentsMargins(10, 6, 6, 6)
        text = QLabel(self.tr("This is the bundled SAMPLE network (loopback addresses only). "
                              "Load your own network with: pantau import FILE"), banner)
        text.setObjectName("sampleBannerText")
        text.setWordWrap(True)
        close = QToolButton(banner)
        close.setText(self.tr("Dismiss"))
        close.setToolTip(self.tr("Hide this notice"))
        close.clicked.connect(banner.hide)
        row.addWidget(text, 1)
        row.addWidget(close)
        return banner

    def _make_actions(self) -> None:
        self.fit_action = QAction(self.tr("Fit map"), self)
        self.fit_action.setObjectName("fitMapAction")
        self.fit_action.setToolTip(self.tr("Show the whole regency on the map"))
        self.fit_action.setShortcut(QKeySequence("Ctrl+0"))
        self.fit_action.triggered.connect(self.map_view.fit_all)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolBar")
        toolbar.addAction(self.fit_action)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.fit_action)
        view_menu.addSeparator()
        view_menu.addAction(self.table_dock.toggleViewAction())
        view_menu.addAction(toolbar.toggleViewAction())

    def _show_unplaced(self) -> None:
        missing = self.map_view.sites_without_position()
        problems = self.map_view.map_problems()
        if missing:
            self._unplaced.setText(self.tr("%n site(s) without coordinates are not on the map", "", len(missing)))
            names = [site.name for site in self.network.sites if site.id in set(missing)]
            self._unplaced.setToolTip("\n".join(names))
        if problems:
            # A broken installation still shows the offices; say why the map is bare instead of failing.
            self.statusBar().showMessage(self.tr("Map layers missing: {problems}").format(
                problems="; ".join(problems)))

    def _load_from_workspace(self, workspace: Workspace) -> None:
        for event in workspace.open_events(subject_kind="site").values():
            if event.subject in self._states:
                self._states[event.subject] = HealthState(event.state)
        latest = workspace.latest_sample_per_target()
        metrics: dict[str, SiteMetrics] = {}
        for site in self.network.sites:
            rtts = [sample.rtt_ms for target in self.network.targets_of(site.id)
                    if (sample := latest.get(target.id)) is not None and sample.rtt_ms is not None]
            # Loss needs a window of samples, which the live engine supplies; one latest sample cannot tell it.
            if rtts:
                metrics[site.id] = SiteMetrics(rtt_ms=max(rtts))
        self.set_site_metrics(metrics)

    # --- layout persistence --------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        store = settings()
        geometry = store.value(_KEY_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = store.value(_KEY_STATE)
        if not (isinstance(state, QByteArray) and not state.isEmpty() and self.restoreState(state, _LAYOUT_VERSION)):
            width = min(self.site_table.preferred_width() + 8, _MAX_INITIAL_TABLE_WIDTH)
            self.resizeDocks([self.table_dock], [width], Qt.Orientation.Horizontal)
        header = store.value(_KEY_TABLE_HEADER)
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.site_table.restore_header_state(header)

    def save_layout(self) -> None:
        store = settings()
        store.setValue(_KEY_GEOMETRY, self.saveGeometry())
        store.setValue(_KEY_STATE, self.saveState(_LAYOUT_VERSION))
        store.setValue(_KEY_TABLE_HEADER, self.site_table.save_header_state())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
