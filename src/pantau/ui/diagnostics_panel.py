"""The diagnostics panel: runs one diagnosis at a time in the background and shows it live, then its verdict.

This module owns the panel's shell: its state, its layout (the run beside the saved reports, stacked when narrow),
the status line and the error message, Copy and Save, and switching language. The parts it is made of own the
rest (see `diagnosis_parts`): the run's lifecycle (`diagnosis_run`), the table of checks (`diagnosis_checks`), the
verdict banner with the result's age and staleness (`diagnosis_banner`) and the saved reports (`diagnosis_saved`).
The main window starts runs through `start()`; what runs, and how it is judged, belongs to `probing.diagnose` and
`domain.diagnosis`; every sentence of the report itself comes from `reporting.diagnosis_report`, in the report
language chosen with `set_language()`.

Threads: the run, and every workspace read or write, happen on `TaskRunner` threads; outcomes come back through
queued signals, so widgets are only ever touched on the GUI thread, and the GUI thread never waits on the network
or the disk (except in `shutdown()`, when the window closes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from pantau.domain.diagnosis import DiagnosisReport, LiveView, VantageEvidence
from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.probing.diagnose import DiagnoseSettings
from pantau.reporting.diagnosis_report import Lang, render_text
from pantau.ui.diagnosis_banner import VerdictBanner
from pantau.ui.diagnosis_checks import CheckRows
from pantau.ui.diagnosis_parts import BANNER_TINTS, FAULT_COLOR, CheckRow, Run
from pantau.ui.diagnosis_run import DiagnosisRun
from pantau.ui.diagnosis_saved import SavedReports
from pantau.ui.workers import TaskRunner

if TYPE_CHECKING:
    from pantau.probing.icmp import IcmpPinger
    from pantau.storage.workspace import DiagnosisRow, Workspace

_SPIN_MS = 120
# Below this width the run and the saved reports stack instead of standing side by side (a narrow side dock).
_SIDE_BY_SIDE_MIN_WIDTH = 760
# How often the result's age is written again.
_AGE_REFRESH_MS = 30_000


class DiagnosticsPanel(DiagnosisRun, CheckRows, VerdictBanner, SavedReports, QWidget):
    """One diagnosis at a time, shown live; the verdict; copy, save and the saved reports.

    `runFinished` carries the `DiagnosisReport`, or None when the run failed (the panel then shows why).
    """

    runStarted = Signal(str)
    runFinished = Signal(object)

    def __init__(self, network: Network, workspace: Workspace | None, pinger: IcmpPinger,
                 settings: DiagnoseSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._network = network
        self._workspace = workspace
        self._pinger = pinger
        self._settings = settings or DiagnoseSettings()
        self._lang: Lang = "id"
        self._tasks = TaskRunner(self)
        self._run: Run | None = None
        self._rows: list[CheckRow] = []
        self._report: DiagnosisReport | None = None
        self._saved_report: DiagnosisReport | None = None
        self._saving = False
        self._saved_rows: dict[int, DiagnosisRow] = {}
        self._saved_generation = 0
        self._select_saved: int | None = None
        self._error: str | None = None
        self._closed = False
        self._frame = 0
        self._splitter_placed = False
        self._spinner = QTimer(self)
        self._spinner.setInterval(_SPIN_MS)
        self._spinner.timeout.connect(self._spin)
        # Where a run gets the engine's view of every target and site (offices a scoped run does not probe).
        self._live_source: Callable[[], LiveView | None] = lambda: None
        # Where a run gets the shared store's other vantages' views (None: no store; the run is this computer's).
        self._vantage_source: Callable[[], VantageEvidence | None] = lambda: None
        # The monitored site states now, and as they were when the shown report finished.
        self._live: dict[str, HealthState] = {}
        self._seen: dict[str, HealthState] = {}
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(_AGE_REFRESH_MS)
        self._age_timer.timeout.connect(self._show_freshness)

        self._build()
        self._retranslate()
        if workspace is not None:
            self._load_saved()

    # --- public API (starting, stopping and staleness: `diagnosis_run`, `diagnosis_banner`) -------------------

    def set_network(self, network: Network) -> None:
        """Use `network` for the next run; a run going on keeps the network it started with."""
        self._network = network

    def set_live_source(self, source: Callable[[], LiveView | None]) -> None:
        """Where each run takes the monitor's live view from (the running engine), so that a scoped run sees the
        whole picture; it is called on the GUI thread when a run starts and must return at once."""
        self._live_source = source

    def set_vantage_source(self, source: Callable[[], VantageEvidence | None]) -> None:
        """Where each run takes the shared store's views of every site from (a window on a store), so an office
        silent from here but heard elsewhere is said to be a broken path. Called on the GUI thread when a run
        starts: it must return at once with views already read (never read the store itself)."""
        self._vantage_source = source

    def set_language(self, lang: str) -> None:
        """The language of the report ("id" or "en"): copied, saved and shown in the banner."""
        if lang == "id":
            self._lang = "id"
        elif lang == "en":
            self._lang = "en"
        else:
            raise ValueError(f"unknown report language {lang!r}: use id or en")
        self._show_banner()

    def language(self) -> Lang:
        """The report language: "id" or "en"."""
        return self._lang

    def last_report(self) -> DiagnosisReport | None:
        """The report of the last run that finished, if the panel still shows it."""
        return self._report

    def report_text(self) -> str | None:
        """The chat-ready text of the last report, in the report language."""
        return render_text(self._report, self._lang) if self._report is not None else None

    # --- building --------------------------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        root.setSpacing(6)

        top = QHBoxLayout()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("diagnosisStatus")
        self.status_label.setWordWrap(True)
        self.note_label = QLabel(self)
        self.note_label.setObjectName("diagnosisNote")
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyReportButton")
        self.copy_button.clicked.connect(self._copy)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveReportButton")
        self.save_button.clicked.connect(self._save)
        top.addWidget(self.status_label, 1)
        top.addWidget(self.note_label)
        top.addWidget(self.copy_button)
        top.addWidget(self.save_button)
        root.addLayout(top)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("diagnosisMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(f"#diagnosisMessage {{ background: {BANNER_TINTS['fault']}; "
                                         f"color: #4a0d0d; border: 1px solid {FAULT_COLOR.name()}; "
                                         "padding: 6px; }")
        self.message_label.hide()
        root.addWidget(self.message_label)

        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setChildrenCollapsible(False)
        root.addWidget(self._splitter, 1)

        run_side = QWidget(self._splitter)
        run_layout = QVBoxLayout(run_side)
        run_layout.setContentsMargins(0, 0, 0, 0)
        run_layout.setSpacing(6)
        run_layout.addWidget(self._build_banner(run_side))
        run_layout.addWidget(self._build_checks(run_side), 1)
        self._build_saved(self._splitter)

        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)

    def _retranslate(self) -> None:
        self.copy_button.setText(self.tr("Copy report"))
        self.copy_button.setToolTip(self.tr("Copy the report as text, ready to paste into a chat message"))
        self.save_button.setText(self.tr("Save"))
        self._retranslate_banner()
        self._retranslate_checks()
        self._retranslate_saved()
        self._show_banner()
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        orientation = (Qt.Orientation.Horizontal if event.size().width() >= _SIDE_BY_SIDE_MIN_WIDTH
                       else Qt.Orientation.Vertical)
        if orientation != self._splitter.orientation() or not self._splitter_placed:
            self._splitter.setOrientation(orientation)
            # Proportions, scaled by the splitter to the space there is; the user's own dragging is kept after.
            self._splitter.setSizes([3000, 2000])
            self._splitter_placed = True
        super().resizeEvent(event)

    # --- what the panel says ---------------------------------------------------------------------------------

    def _show_error(self, message: str) -> None:
        self._error = message
        self.message_label.setText(message)
        self.message_label.show()

    def _refresh(self) -> None:
        running = self._run is not None
        if self._error is None:
            self.message_label.hide()
        if running:
            self.banner.hide()
            self.note_label.clear()
        has_report = self._report is not None
        self.copy_button.setEnabled(has_report and not running)
        can_save = (self._workspace is not None and has_report and not running and not self._saving
                    and not self._closed and self._report is not self._saved_report)
        self.save_button.setEnabled(can_save)
        if self._workspace is None:
            self.save_button.setToolTip(self.tr("No workspace is open, so reports cannot be saved"))
        elif has_report and self._report is self._saved_report:
            self.save_button.setToolTip(self.tr("This report is saved"))
        else:
            self.save_button.setToolTip(self.tr("Keep this report in the workspace, as evidence for the outage "
                                                "log"))
        self.copy_saved_button.setEnabled(self.saved_list.currentItem() is not None)
        self._refresh_status()

    def _copy(self) -> None:
        text = self.report_text()
        if text is None:
            return
        QGuiApplication.clipboard().setText(text)
        self.note_label.setText(self.tr("Copied"))
