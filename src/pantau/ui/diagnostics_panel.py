"""The diagnostics panel: runs one diagnosis at a time in the background and shows it live, then its verdict.

It owns the run's lifecycle (at most one at a time), the table of checks (every planned check listed at once with
a spinner, each flipping to its result as it arrives), the verdict banner, copying and saving the report, and the
list of saved reports. A result never passes for current: the banner says how old it is, and once the monitored
states differ from what the run saw (an office down since, or back up), it says so and offers to run it again.
The main window starts runs through `start()`; what runs, and how it is judged, belongs to `probing.diagnose` and
`domain.diagnosis`; every sentence of the report itself comes from `reporting.diagnosis_report`, in the report
language chosen with `set_language()`.

Threads: the run, and every workspace read or write, happen on `TaskRunner` threads; outcomes come back through
queued signals, so widgets are only ever touched on the GUI thread, and the GUI thread never waits on the network
or the disk (except in `shutdown()`, when the window closes).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDateTime,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.diagnosis import (
    CheckOutcome,
    DiagnosisError,
    DiagnosisPlan,
    DiagnosisReport,
    Layer,
    LiveView,
    Scope,
    Verdict,
    plan_diagnosis,
)
from pantau.domain.inventory import Network
from pantau.domain.samples import ErrorKind
from pantau.domain.states import HealthState, turned
from pantau.domain.text import printable
from pantau.probing.diagnose import DiagnoseSettings, run_diagnosis
from pantau.reporting.catalogue import t as phrase
from pantau.reporting.diagnosis_report import Lang, render_json, render_text
from pantau.reporting.diagnosis_sentences import also_texts
from pantau.storage.baselines import rtt_baselines
from pantau.ui.state_style import style
from pantau.ui.workers import Progress, TaskRunner

if TYPE_CHECKING:
    from pantau.probing.icmp import IcmpPinger
    from pantau.storage.workspace import DiagnosisRow, Workspace

_SPINNER = "◐◓◑◒"
_SPIN_MS = 120
_SAVED_LIMIT = 50
_CHECK_COLUMN_MAX = 240
# Below this width the run and the saved reports stack instead of standing side by side (a narrow side dock).
_SIDE_BY_SIDE_MIN_WIDTH = 760
# How long shutdown() waits beyond the run's own budget, for a workspace write still in progress.
_SHUTDOWN_MARGIN_S = 10.0
# How often the result's age is written again.
_AGE_REFRESH_MS = 30_000
# How many changed offices the out-of-date note names.
_STALE_NAMES = 3

_OK_COLOR = style(HealthState.UP).color
_DEGRADED_COLOR = style(HealthState.DEGRADED).color
_FAULT_COLOR = style(HealthState.DOWN).color
_MUTED_COLOR = QColor("#7a7a7a")
# Light tints behind dark text: readable whatever the desktop's palette.
_BANNER_TINTS = {"ok": "#e6f4e8", "degraded": "#fff5d6", "fault": "#fbe4e4"}
_SEVERITY_COLORS = {"ok": _OK_COLOR, "degraded": _DEGRADED_COLOR, "fault": _FAULT_COLOR}
# The severity is never told by colour alone.
_SEVERITY_GLYPHS = {"ok": "✓", "degraded": "⚠", "fault": "✗"}
# The report's headline starts with its mark ("✗ …"; saved reports of older versions also with the verdict code,
# "✗ [isp-link] …"), which the banner's title already shows.
_HEADLINE_PREFIX = re.compile(r"^[✓✗⚠] (\[[a-z-]+\] )?")


class Column(IntEnum):
    STATUS = 0
    LAYER = 1
    TARGET = 2
    CHECK = 3
    RESULT = 4


class SavedColumn(IntEnum):
    TIME = 0
    SCOPE = 1
    VERDICT = 2


@dataclass
class _Row:
    key: tuple[str, ...]
    layer: Layer
    item: QTreeWidgetItem
    outcome: CheckOutcome | None = None
    degraded: bool = False


@dataclass
class _Run:
    scope: Scope
    site_id: str | None
    rows: list[_Row]
    started: float = field(default_factory=time.monotonic)

    def pending(self) -> list[_Row]:
        return [row for row in self.rows if row.outcome is None]


def _row_key(outcome: CheckOutcome) -> tuple[str, ...]:
    if outcome.layer is Layer.LOCAL:
        return ("local",)
    if outcome.layer is Layer.PATH:
        return ("path",)
    return (outcome.target_id or outcome.target_name, outcome.method)


def _severity(verdict: Verdict) -> str:
    return "ok" if verdict is Verdict.OK else "degraded" if verdict is Verdict.DEGRADED else "fault"


def _saved_scope(report: DiagnosisReport) -> str:
    """How a run's scope is stored with a saved report, as `pantau diagnose --save` stores it."""
    return f"site {report.site_id}" if report.scope is Scope.SITE else report.scope.value


def _captured_by_itself(row: DiagnosisRow) -> bool:
    """Whether a saved report is evidence taken in the background when sites went down (`reporting.evidence`)."""
    try:
        trigger = json.loads(row.report_json).get("trigger")
    except (ValueError, AttributeError):
        return False
    return isinstance(trigger, dict) and trigger.get("kind") == "auto"


class _ElideMiddle(QStyledItemDelegate):
    """Cuts a long text in the middle: a URL differs at its end (port, path), not at its scheme."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class DiagnosticsPanel(QWidget):
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
        self._run: _Run | None = None
        self._rows: list[_Row] = []  # the rows of the run shown, kept after it ends
        self._report: DiagnosisReport | None = None
        self._saved_report: DiagnosisReport | None = None  # the report already saved, so Save is not repeated
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

    # --- public API ----------------------------------------------------------------------------------------

    def start(self, scope: str, site_id: str | None = None) -> bool:
        """Start a diagnosis of `scope` ("server", "isp", "site" with `site_id`, "all") in the background.

        False, with nothing started, while a run is going, after `shutdown()`, or when the diagnosis cannot be
        planned (then the panel says why).
        """
        if self._closed or self._run is not None:
            return False
        plan = self._plan(scope, site_id)
        if plan is None:
            return False
        description = f"site {plan.site_id}" if plan.scope is Scope.SITE else plan.scope.value
        run = _Run(plan.scope, plan.site_id, self._make_rows(plan))
        self._run = run
        self._error = None
        self._report = None
        self._frame = 0
        for row in run.rows:
            self._render_row(row)
        network, pinger, settings, workspace = self._network, self._pinger, self._settings, self._workspace
        live = self._live_source()

        def work(progress: Progress) -> DiagnosisReport:
            icmp = [check.target_id for check in plan.checks if check.method == "icmp"]
            baselines = rtt_baselines(workspace, icmp, time.time()) if workspace is not None else {}
            return run_diagnosis(network, plan, pinger, settings, on_outcome=progress, live=live,
                                 baselines=baselines)

        self._tasks.submit(work, lambda report: self._finished(run, report),
                           on_error=lambda error: self._failed(run, error),
                           on_progress=lambda value: self._progress(run, value), name="pantau-diagnosis")
        self._spinner.start()
        self._refresh()
        self.runStarted.emit(description)
        return True

    def is_running(self) -> bool:
        return self._run is not None

    def set_network(self, network: Network) -> None:
        """Use `network` for the next run; a run going on keeps the network it started with."""
        self._network = network

    def set_live_source(self, source: Callable[[], LiveView | None]) -> None:
        """Where each run takes the monitor's live view from (the running engine), so that a scoped run sees the
        whole picture; it is called on the GUI thread when a run starts and must return at once."""
        self._live_source = source

    def set_live_states(self, states: Mapping[str, HealthState]) -> None:
        """The monitored states of these sites now (the window passes every update): a shown result whose
        picture no longer holds is marked out of date."""
        self._live.update(states)
        self._show_freshness()

    def is_stale(self) -> bool:
        """Whether the shown result no longer matches the monitored states (an office went down or came back)."""
        return self._report is not None and bool(turned(self._seen, self._live))

    def rerun(self) -> bool:
        """Run the shown result's diagnosis again; False when none is shown or one is running."""
        report = self._report
        return report is not None and self.start(report.scope.value, report.site_id)

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

    def shutdown(self) -> None:
        """Wait for a running diagnosis (bounded by its budget) and any workspace access to end; start nothing
        more. Call before the pinger and the workspace are closed."""
        self._closed = True
        self._spinner.stop()
        self._age_timer.stop()
        self._tasks.wait(self._settings.budget_s + _SHUTDOWN_MARGIN_S)
        self._run = None
        self._refresh()

    def reload_saved(self) -> None:
        """Read the saved reports again (one was saved elsewhere: evidence captured in the background)."""
        if self._workspace is not None and not self._closed:
            self._load_saved()

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
        self.message_label.setStyleSheet(f"#diagnosisMessage {{ background: {_BANNER_TINTS['fault']}; "
                                         f"color: #4a0d0d; border: 1px solid {_FAULT_COLOR.name()}; "
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
        self.checks = QTreeWidget(run_side)
        self.checks.setObjectName("diagnosisChecks")
        self.checks.setRootIsDecorated(False)
        self.checks.setUniformRowHeights(True)
        self.checks.setAlternatingRowColors(True)
        # Rows are read, not acted on: no selection, so no row looks chosen when the panel first shows.
        self.checks.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.checks.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.checks.setColumnCount(len(Column))
        # Kept referenced here: the view does not keep the Python side of a delegate alive.
        self._check_delegate = _ElideMiddle(self.checks)
        self.checks.setItemDelegateForColumn(Column.CHECK, self._check_delegate)
        header = self.checks.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        for column, mode in ((Column.STATUS, QHeaderView.ResizeMode.ResizeToContents),
                             (Column.LAYER, QHeaderView.ResizeMode.ResizeToContents),
                             (Column.TARGET, QHeaderView.ResizeMode.Stretch),
                             (Column.CHECK, QHeaderView.ResizeMode.Interactive),
                             (Column.RESULT, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        run_layout.addWidget(self.checks, 1)

        saved_side = QWidget(self._splitter)
        saved_layout = QVBoxLayout(saved_side)
        saved_layout.setContentsMargins(0, 0, 0, 0)
        saved_layout.setSpacing(4)
        self.saved_title = QLabel(saved_side)
        self.saved_title.setObjectName("savedReportsTitle")
        bold = QFont(self.saved_title.font())
        bold.setBold(True)
        self.saved_title.setFont(bold)
        saved_layout.addWidget(self.saved_title)
        saved_split = QSplitter(Qt.Orientation.Vertical, saved_side)
        saved_split.setChildrenCollapsible(False)
        self.saved_list = QTreeWidget(saved_split)
        self.saved_list.setObjectName("savedReports")
        self.saved_list.setRootIsDecorated(False)
        self.saved_list.setUniformRowHeights(True)
        self.saved_list.setColumnCount(len(SavedColumn))
        self.saved_list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.saved_list.header().setStretchLastSection(True)
        self.saved_list.currentItemChanged.connect(self._show_saved_text)
        viewer = QWidget(saved_split)
        viewer_layout = QVBoxLayout(viewer)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        viewer_layout.setSpacing(4)
        self.saved_text = QPlainTextEdit(viewer)
        self.saved_text.setObjectName("savedReportText")
        self.saved_text.setReadOnly(True)
        self.copy_saved_button = QPushButton(viewer)
        self.copy_saved_button.setObjectName("copySavedReportButton")
        self.copy_saved_button.clicked.connect(self._copy_saved)
        viewer_layout.addWidget(self.saved_text, 1)
        viewer_layout.addWidget(self.copy_saved_button, 0, Qt.AlignmentFlag.AlignRight)
        saved_split.setStretchFactor(0, 1)
        saved_split.setStretchFactor(1, 2)
        saved_layout.addWidget(saved_split, 1)

        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)

    def _build_banner(self, parent: QWidget) -> QFrame:
        self.banner = QFrame(parent)
        self.banner.setObjectName("verdictBanner")
        layout = QVBoxLayout(self.banner)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(3)
        self.verdict_label = QLabel(self.banner)
        self.verdict_label.setObjectName("verdictTitle")
        font = QFont(self.verdict_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.verdict_label.setFont(font)
        self.headline_label = QLabel(self.banner)
        self.headline_label.setObjectName("verdictHeadline")
        # Every further fault, worst first: server down and ISP gateway down are two findings, both shown.
        self.also_label = QLabel(self.banner)
        self.also_label.setObjectName("verdictAlso")
        self.cause_label = QLabel(self.banner)
        self.cause_label.setObjectName("verdictCause")
        self.steps_label = QLabel(self.banner)
        self.steps_label.setObjectName("verdictSteps")
        self.elapsed_label = QLabel(self.banner)
        self.elapsed_label.setObjectName("verdictElapsed")
        self.freshness_label = QLabel(self.banner)
        self.freshness_label.setObjectName("verdictFreshness")
        self.freshness_label.setWordWrap(True)
        self.rerun_button = QPushButton(self.banner)
        self.rerun_button.setObjectName("rerunDiagnosisButton")
        self.rerun_button.clicked.connect(self.rerun)
        for label in (self.headline_label, self.also_label, self.cause_label, self.steps_label, self.elapsed_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.verdict_label, self.headline_label, self.also_label, self.cause_label, self.steps_label,
                      self.elapsed_label):
            layout.addWidget(label)
        freshness = QHBoxLayout()
        freshness.addWidget(self.freshness_label, 1)
        freshness.addWidget(self.rerun_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(freshness)
        self.banner.hide()
        return self.banner

    def _retranslate(self) -> None:
        self.copy_button.setText(self.tr("Copy report"))
        self.copy_button.setToolTip(self.tr("Copy the report as text, ready to paste into a chat message"))
        self.copy_saved_button.setText(self.tr("Copy"))
        self.copy_saved_button.setToolTip(self.tr("Copy the selected saved report"))
        self.save_button.setText(self.tr("Save"))
        self.rerun_button.setText(self.tr("Run again"))
        self.rerun_button.setToolTip(self.tr("Diagnose the same again, to see the network as it is now"))
        self.saved_title.setText(self.tr("Saved reports"))
        self.checks.setHeaderLabels([self.tr("State"), self.tr("Layer"), self.tr("Target"), self.tr("Check"),
                                     self.tr("Result")])
        # The check column is sized to a run's checks; a header that grew in another language must still show.
        header = self.checks.header()
        header.resizeSection(Column.CHECK, max(header.sectionSize(Column.CHECK), header.sectionSizeHint(Column.CHECK)))
        self.saved_list.setHeaderLabels([self.tr("Time"), self.tr("Scope"), self.tr("Verdict")])
        self.saved_text.setPlaceholderText(self.tr("Select a saved report to read it."))
        for row in self._rows:
            self._render_row(row)
        self._fill_saved(list(self._saved_rows.values()))
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

    # --- planning and rows -----------------------------------------------------------------------------------

    def _plan(self, scope: str, site_id: str | None) -> DiagnosisPlan | None:
        """The plan for a start() request, or None after showing why there is none."""
        try:
            chosen = Scope(scope)
        except ValueError:
            self._show_error(self.tr("Unknown diagnosis “{scope}”: choose server, isp, site or all.")
                             .format(scope=scope))
            return None
        if chosen is Scope.SITE and not site_id:
            self._show_error(self.tr("Select an office first, then diagnose it."))
            return None
        if chosen is Scope.SITE and site_id is not None and self._network.site(site_id) is None:
            self._show_error(self.tr("The office “{site}” is not in this network.").format(site=site_id))
            return None
        try:
            plan = plan_diagnosis(self._network, chosen, site_id if chosen is Scope.SITE else None)
        except DiagnosisError as error:
            self._show_error(self.tr("The diagnosis cannot start: {reason}").format(reason=str(error)))
            return None
        if plan.empty:
            self._show_error(self.tr("Nothing to check for {what}: the network has no targets with the roles "
                                     "this diagnosis needs (LAN gateway, server, ISP gateway, upstream).")
                             .format(what=self._scope_phrase(plan.scope, plan.site_id)))
            return None
        return plan

    def _make_rows(self, plan: DiagnosisPlan) -> list[_Row]:
        self.checks.clear()
        rows = [_Row(("local",), Layer.LOCAL, self._new_item())]
        rows += [_Row((check.target_id, check.method), check.layer, self._new_item()) for check in plan.checks]
        rows.append(_Row(("path",), Layer.PATH, self._new_item()))
        for row, check in zip(rows[1:-1], plan.checks, strict=True):
            row.item.setText(Column.TARGET, check.target_name)
            row.item.setText(Column.CHECK, check.method)
            row.item.setToolTip(Column.TARGET, check.address)
            row.item.setToolTip(Column.CHECK, check.method)
        rows[-1].item.setText(Column.CHECK, f"path:ttl1-{self._settings.max_hops}")
        rows[0].item.setText(Column.CHECK, "route")
        self.checks.addTopLevelItems([row.item for row in rows])
        # Wide enough for this run's checks, but a long URL is cut rather than squeezing the results.
        self.checks.resizeColumnToContents(Column.CHECK)
        self.checks.setColumnWidth(Column.CHECK, min(self.checks.columnWidth(Column.CHECK), _CHECK_COLUMN_MAX))
        self._rows = rows
        return rows

    def _new_item(self) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setTextAlignment(Column.STATUS, Qt.AlignmentFlag.AlignCenter)
        glyph_font = QFont(self.checks.font())
        glyph_font.setBold(True)
        item.setFont(Column.STATUS, glyph_font)
        return item

    def _layer_name(self, layer: Layer) -> str:
        names = {
            Layer.LOCAL: self.tr("This computer"), Layer.LAN: self.tr("LAN"), Layer.SERVER: self.tr("Server"),
            Layer.SITE: self.tr("Office"), Layer.ISP: self.tr("ISP gateway"), Layer.UPSTREAM: self.tr("Upstream"),
            Layer.DNS: self.tr("DNS"), Layer.PATH: self.tr("Path"),
        }
        return names[layer]

    def _render_row(self, row: _Row) -> None:
        item, outcome = row.item, row.outcome
        item.setText(Column.LAYER, self._layer_name(row.layer))
        if row.layer is Layer.LOCAL:
            # The layer column already says "This computer": this one says what of it is checked.
            item.setText(Column.TARGET, self.tr("Its network route"))
        elif row.layer is Layer.PATH:
            item.setText(Column.TARGET, outcome.address if outcome else self.tr("toward a silent target"))
        if outcome is None:
            running = self._run is not None and row in self._run.rows
            item.setText(Column.STATUS, _SPINNER[self._frame % len(_SPINNER)] if running else "–")
            item.setForeground(Column.STATUS, QBrush(_MUTED_COLOR))
            item.setText(Column.RESULT, self.tr("checking…") if running else self._not_run_text(row))
            return
        if not outcome.ran:
            glyph, color = "–", _MUTED_COLOR
        elif row.degraded:
            glyph, color = "⚠", _DEGRADED_COLOR
        else:
            glyph, color = ("✓", _OK_COLOR) if outcome.ok else ("✗", _FAULT_COLOR)
        item.setText(Column.STATUS, glyph)
        item.setForeground(Column.STATUS, QBrush(color))
        result = self._result_text(outcome)
        item.setText(Column.RESULT, result)
        tip = [result, outcome.address] if outcome.address else [result]
        if outcome.message:
            tip.append(outcome.message)
        tip.append(self.tr("took {ms} ms").format(ms=self._number(outcome.duration_ms, 0)))
        item.setToolTip(Column.RESULT, "\n".join(tip))

    def _not_run_text(self, row: _Row) -> str:
        local = self._rows[0].outcome if self._rows else None
        if local is not None and not local.ok:
            return self.tr("not run: this computer has no usable route")
        if row.layer is Layer.PATH and self._report is not None:
            return self.tr("not needed: no target was silent")
        return self.tr("not run")

    def _result_text(self, outcome: CheckOutcome) -> str:
        if outcome.layer is Layer.LOCAL:
            return self.tr("a route exists") if outcome.ok else self.tr("no usable route")
        if outcome.layer is Layer.PATH:
            hop = outcome.detail.get("last_hop")
            if outcome.ok:
                return self.tr("reached {address}").format(address=outcome.address)
            return self.tr("last hop that answers: {hop}").format(hop=hop) if hop else self.tr("no hop answers")
        if outcome.ok:
            if outcome.rtt_ms is None:
                text = self.tr("answers")
            else:
                # As the report writes it: a tenth of a millisecond below 100 ms, whole ones above.
                decimals = 0 if outcome.rtt_ms >= 100 else 1
                text = self.tr("{rtt} ms").format(rtt=self._number(outcome.rtt_ms, decimals))
            if outcome.loss_percent:
                text += " · " + self.tr("{loss}% loss").format(loss=self._number(outcome.loss_percent, 0))
            return text
        host = outcome.detail.get("redirected_to_host")
        if host:
            return self.tr("redirected to {host}").format(host=host)
        words = {
            ErrorKind.TIMEOUT: self.tr("no answer (timeout)"), ErrorKind.UNREACHABLE: self.tr("unreachable"),
            ErrorKind.REFUSED: self.tr("connection refused"), ErrorKind.DNS: self.tr("name lookup failed"),
            ErrorKind.NO_PRIVILEGE: self.tr("could not run: no ICMP privilege"),
            ErrorKind.BAD_RESPONSE: self.tr("bad response"), ErrorKind.OTHER: self.tr("failed"),
        }
        error = outcome.error or ErrorKind.OTHER
        text = words[error]
        if error in (ErrorKind.BAD_RESPONSE, ErrorKind.OTHER) and outcome.message:
            text += f": {outcome.message}"
        return text

    # --- a run's progress ------------------------------------------------------------------------------------

    def _progress(self, run: _Run, value: object) -> None:
        if run is self._run and isinstance(value, CheckOutcome):
            self._apply(run.rows, value)
            self._refresh()

    def _apply(self, rows: list[_Row], outcome: CheckOutcome) -> None:
        key = _row_key(outcome)
        candidates = [row for row in rows if row.key == key]
        if any(row.outcome == outcome for row in candidates):
            return
        row = next((row for row in candidates if row.outcome is None), None)
        if row is None:
            # A check the plan did not list (a repeated target and method beyond the rows made): show it too.
            row = _Row(key, outcome.layer, self._new_item())
            row.item.setText(Column.TARGET, outcome.target_name)
            row.item.setText(Column.CHECK, outcome.method)
            rows.append(row)
            self.checks.addTopLevelItem(row.item)
        row.outcome = outcome
        self._render_row(row)

    def _finished(self, run: _Run, report: DiagnosisReport) -> None:
        if run is not self._run:
            return
        self._run = None
        self._spinner.stop()
        self._report = report
        self._seen = dict(self._live)
        self._age_timer.start()
        for outcome in report.outcomes:
            self._apply(run.rows, outcome)
        degraded = [d.outcome for d in report.result.degradations]
        for row in run.rows:
            row.degraded = row.outcome is not None and row.outcome in degraded
            self._render_row(row)
        self._show_banner()
        self._refresh()
        self.runFinished.emit(report)

    def _failed(self, run: _Run, error: Exception) -> None:
        if run is not self._run:
            return
        self._run = None
        self._spinner.stop()
        for row in run.rows:
            self._render_row(row)
        self._show_error(self.tr("The diagnosis stopped with an error: {error}").format(error=str(error)))
        self._refresh()
        self.runFinished.emit(None)

    def _spin(self) -> None:
        self._frame += 1
        if self._run is None:
            self._spinner.stop()
            return
        glyph = _SPINNER[self._frame % len(_SPINNER)]
        for row in self._run.pending():
            row.item.setText(Column.STATUS, glyph)
        self._refresh_status()

    # --- what the panel says ---------------------------------------------------------------------------------

    def _scope_phrase(self, scope: Scope, site_id: str | None) -> str:
        if scope is Scope.SITE:
            site = self._network.site(site_id) if site_id else None
            return self.tr("the office {name}").format(name=site.name if site else site_id)
        phrases = {Scope.SERVER: self.tr("the server"), Scope.ISP: self.tr("the ISP gateway"),
                   Scope.ALL: self.tr("the whole network")}
        return phrases[scope]

    def _verdict_words(self, report: DiagnosisReport) -> str:
        result = report.result
        if result.verdict is Verdict.ISP_LINK and result.failing_layer is Layer.SITE:
            return self.tr("The line to an office is down")
        return self._words_of(result.verdict)

    def _words_of(self, verdict: Verdict) -> str:
        """The verdict as a sentence; its code ("isp-link") is for the saved JSON and the tooltips only."""
        words = {
            Verdict.OK: self.tr("All clear"),
            Verdict.LOCAL: self.tr("This computer has no usable network"),
            Verdict.LAN: self.tr("The LAN gateway is down"),
            Verdict.SERVER: self.tr("The central server is down"),
            Verdict.SERVER_SERVICE: self.tr("A server service is down"),
            Verdict.ISP_LINK: self.tr("The line to the ISP is down"),
            Verdict.ISP_ACCESS: self.tr("The provider's network to the offices is down"),
            Verdict.ISP_UPSTREAM: self.tr("No internet beyond the ISP gateway"),
            Verdict.DNS: self.tr("Name lookups (DNS) fail"),
            Verdict.DEGRADED: self.tr("Reachable, but slow or lossy"),
        }
        return words[verdict]

    def _show_banner(self) -> None:
        report = self._report
        if report is None:
            self.banner.hide()
            return
        severity = _severity(report.result.verdict)
        color, glyph = _SEVERITY_COLORS[severity], _SEVERITY_GLYPHS[severity]
        self.banner.setProperty("severity", severity)
        self.banner.setStyleSheet(
            f"#verdictBanner {{ background: {_BANNER_TINTS[severity]}; border: 1px solid {color.name()}; "
            f"border-left: 6px solid {color.name()}; }} #verdictBanner QLabel {{ color: #1d1d1d; }}")
        document: dict[str, Any] = render_json(report, self._lang)
        self.verdict_label.setText(f"{glyph} {self._verdict_words(report)}")
        self.verdict_label.setToolTip(self.tr("Verdict code: {code}").format(code=report.result.verdict.value))
        self.headline_label.setText(_HEADLINE_PREFIX.sub("", str(document["headline"])))
        also = [phrase(self._lang, "also", items=text) for text in also_texts(self._lang, report)]
        self.also_label.setText(printable("\n".join(also), keep_newlines=True))
        self.also_label.setVisible(bool(also))
        cause = document["cause"]["text"]
        self.cause_label.setText(str(cause or ""))
        self.cause_label.setVisible(bool(cause))
        steps = [str(step["text"]) for step in document["next_steps"]]
        self.steps_label.setText("\n".join([self.tr("Next steps:")] + [f"{n}. {text}" for n, text
                                                                         in enumerate(steps, 1)]))
        self.steps_label.setVisible(bool(steps))
        checked = sum(1 for outcome in report.outcomes if outcome.layer is not Layer.PATH)
        self.elapsed_label.setText(self.tr("%n check(s) in {seconds} s · finished {time}", "", checked).format(
            seconds=self._number(max(0.0, report.finished - report.started), 1),
            time=self._time(report.finished, zone_name=True)))
        self._show_freshness()
        self.banner.show()

    def _show_freshness(self) -> None:
        """How old the shown result is, and whether the network has changed since it was taken."""
        report = self._report
        if report is None:
            self._age_timer.stop()
            return
        age = self._age(time.time() - report.finished)
        changed = turned(self._seen, self._live)
        if not changed:
            self.freshness_label.setText(self.tr("Result from {age}; the monitored states still match it.")
                                         .format(age=age))
            self.freshness_label.setStyleSheet("")
            self.rerun_button.setVisible(time.time() - report.finished >= 60)
            return
        names = [self._site_label(site_id) for site_id in changed[:_STALE_NAMES]]
        more = len(changed) - len(names)
        listed = ", ".join(names) + (self.tr(" and %n more", "", more) if more else "")
        self.freshness_label.setText(self.tr("Out of date: result from {age}, and %n office(s) changed state since "
                                             "({offices}). Run it again to see the network as it is now.", "",
                                             len(changed)).format(age=age, offices=listed))
        self.freshness_label.setStyleSheet(f"color: {_FAULT_COLOR.name()}; font-weight: bold;")
        self.rerun_button.setVisible(True)

    def _site_label(self, site_id: str) -> str:
        site = self._network.site(site_id)
        return site.name if site is not None else site_id

    def _age(self, seconds: float) -> str:
        minutes = int(max(0.0, seconds) // 60)
        if minutes < 1:
            return self.tr("less than a minute ago")
        if minutes < 60:
            return self.tr("%n minute(s) ago", "", minutes)
        hours = minutes // 60
        if hours < 48:
            return self.tr("%n hour(s) ago", "", hours)
        return self.tr("%n day(s) ago", "", hours // 24)

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

    def _refresh_status(self) -> None:
        run = self._run
        if run is not None:
            total = len(run.rows) - 1  # the path probe runs only when needed: not counted as a check to wait for
            done = sum(1 for row in run.rows if row.outcome is not None and row.layer is not Layer.PATH)
            text = self.tr("Diagnosing {what}… {done} of {total} checks done · {seconds} s").format(
                what=self._scope_phrase(run.scope, run.site_id), done=done, total=total,
                seconds=self._number(time.monotonic() - run.started, 1))
        elif self._report is not None:
            text = self.tr("Diagnosis of {what}").format(
                what=self._scope_phrase(self._report.scope, self._report.site_id))
        else:
            text = self.tr("No diagnosis yet: use Diagnose server, Diagnose ISP gateway or Diagnose selected "
                           "office.")
        self.status_label.setText(text)

    def _number(self, value: float, decimals: int) -> str:
        return QLocale().toString(float(value), "f", decimals)

    def _time(self, epoch_s: float, *, zone_name: bool) -> str:
        """A moment in the network's time zone ("28 Nov 2026 06:29", month names in the UI language); "… WITA" with
        `zone_name`. A fixed pattern: the locale's short form is all digits and, in the C locale, has no separators."""
        zone = QTimeZone(self._network.timezone.encode())
        moment = (QDateTime.fromSecsSinceEpoch(int(epoch_s), zone) if zone.isValid()
                  else QDateTime.fromSecsSinceEpoch(int(epoch_s)))
        text = QLocale().toString(moment, "d MMM yyyy HH:mm")
        return f"{text} {moment.timeZoneAbbreviation()}" if zone_name else text

    # --- copy and save ---------------------------------------------------------------------------------------

    def _copy(self) -> None:
        text = self.report_text()
        if text is None:
            return
        QGuiApplication.clipboard().setText(text)
        self.note_label.setText(self.tr("Copied"))

    def _copy_saved(self) -> None:
        item = self.saved_list.currentItem()
        if item is None:
            return
        # A report saved by an older Pantau may hold control characters from names: escape them here too.
        QGuiApplication.clipboard().setText(printable(self.saved_text.toPlainText(), keep_newlines=True))
        self.note_label.setText(self.tr("Copied"))

    def _save(self) -> None:
        workspace, report = self._workspace, self._report
        if workspace is None or report is None or self._saving or self._closed:
            return
        lang = self._lang
        text = render_text(report, lang)
        document = json.dumps(render_json(report, lang), ensure_ascii=False)
        scope = _saved_scope(report)

        def work(_progress: Progress) -> int:
            return workspace.save_diagnosis(created=report.finished, scope=scope,
                                            verdict=report.result.verdict.value, lang=lang, report_text=text,
                                            report_json=document)

        self._saving = True
        self._tasks.submit(work, lambda saved_id: self._saved(report, saved_id), on_error=self._save_failed,
                           name="pantau-save-diagnosis")
        self._refresh()

    def _saved(self, report: DiagnosisReport, saved_id: int) -> None:
        self._saving = False
        self._saved_report = report
        self.note_label.setText(self.tr("Saved"))
        self._load_saved(select_id=saved_id)
        self._refresh()

    def _save_failed(self, error: Exception) -> None:
        self._saving = False
        self._show_error(self.tr("The report could not be saved: {error}").format(error=str(error)))
        self._refresh()

    # --- saved reports ---------------------------------------------------------------------------------------

    def _load_saved(self, select_id: int | None = None) -> None:
        workspace = self._workspace
        if workspace is None or self._closed:
            return
        self._saved_generation += 1
        generation = self._saved_generation
        self._select_saved = select_id

        def work(_progress: Progress) -> list[DiagnosisRow]:
            return workspace.diagnoses(_SAVED_LIMIT)

        self._tasks.submit(work, lambda rows: self._saved_loaded(generation, rows),
                           on_error=lambda error: self._show_error(
                               self.tr("The saved reports could not be read: {error}").format(error=str(error))),
                           name="pantau-read-diagnoses")

    def _saved_loaded(self, generation: int, rows: list[DiagnosisRow]) -> None:
        if generation != self._saved_generation:
            return
        self._fill_saved(rows)
        self._refresh()

    def _fill_saved(self, rows: list[DiagnosisRow]) -> None:
        current = self.saved_list.currentItem()
        keep = self._select_saved
        if keep is None and current is not None:
            keep = int(current.data(SavedColumn.TIME, Qt.ItemDataRole.UserRole))
        self._select_saved = None
        self.saved_list.clear()
        self._saved_rows = {row.id: row for row in rows}
        selected: QTreeWidgetItem | None = None
        for row in rows:
            item = QTreeWidgetItem()
            item.setText(SavedColumn.TIME, self._time(row.created, zone_name=False))
            item.setToolTip(SavedColumn.TIME, self._time(row.created, zone_name=True))
            item.setData(SavedColumn.TIME, Qt.ItemDataRole.UserRole, row.id)
            scope = self._saved_scope_label(row.scope)
            if _captured_by_itself(row):
                scope = self.tr("{scope} (automatic)").format(scope=scope)
                item.setToolTip(SavedColumn.SCOPE, self.tr("Taken by itself when offices went down: the outage's "
                                                           "evidence"))
            item.setText(SavedColumn.SCOPE, scope)
            item.setText(SavedColumn.VERDICT, self._saved_verdict_label(row.verdict))
            item.setToolTip(SavedColumn.VERDICT, self.tr("Verdict code: {code}").format(code=row.verdict))
            self.saved_list.addTopLevelItem(item)
            if row.id == keep:
                selected = item
        if selected is not None:
            self.saved_list.setCurrentItem(selected)
        else:
            self.saved_text.clear()

    def _saved_scope_label(self, scope: str) -> str:
        kind, _, site_id = scope.partition(" ")
        try:
            chosen = Scope(kind)
        except ValueError:
            return scope
        if chosen is Scope.SITE:
            site = self._network.site(site_id)
            return site.name if site else site_id
        return {Scope.SERVER: self.tr("Server"), Scope.ISP: self.tr("ISP"), Scope.ALL: self.tr("Whole network")}[
            chosen]

    def _saved_verdict_label(self, verdict: str) -> str:
        try:
            known = Verdict(verdict)
        except ValueError:
            return verdict
        return f"{_SEVERITY_GLYPHS[_severity(known)]} {self._words_of(known)}"

    def _show_saved_text(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        row = (self._saved_rows.get(int(current.data(SavedColumn.TIME, Qt.ItemDataRole.UserRole)))
               if current is not None else None)
        if row is None:
            self.saved_text.clear()
        else:
            self.saved_text.setPlainText(row.report_text)
        self.copy_saved_button.setEnabled(row is not None)
