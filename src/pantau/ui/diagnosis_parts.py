"""What the parts of the diagnostics panel share: the palette of a verdict's severity, a run's rows, and
`DiagnosisParts`, the state every part of `DiagnosticsPanel` works on.

The panel is one widget made of parts, each in its own module: the run's lifecycle on worker threads
(`diagnosis_run`), the table of checks (`diagnosis_checks`), the verdict banner with the result's age and
staleness (`diagnosis_banner`) and the saved reports (`diagnosis_saved`). `DiagnosticsPanel` (`diagnostics_panel`)
sets up the state in its constructor and builds the shell around them; `DiagnosisParts` declares what the parts
read of each other, so each is checked on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, QTimer, QTimeZone, SignalInstance
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QPushButton, QTreeWidget, QTreeWidgetItem

from pantau.domain.diagnosis import (
    CheckOutcome,
    DiagnosisPlan,
    DiagnosisReport,
    Layer,
    LiveView,
    Scope,
    VantageEvidence,
    Verdict,
)
from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.probing.diagnose import DiagnoseSettings
from pantau.reporting.diagnosis_report import Lang
from pantau.ui.state_style import style
from pantau.ui.workers import TaskRunner

if TYPE_CHECKING:
    from pantau.probing.icmp import IcmpPinger
    from pantau.storage.workspace import DiagnosisRow, Workspace

OK_COLOR = style(HealthState.UP).color
DEGRADED_COLOR = style(HealthState.DEGRADED).color
FAULT_COLOR = style(HealthState.DOWN).color
MUTED_COLOR = QColor("#7a7a7a")
# Light tints behind dark text: readable whatever the desktop's palette.
BANNER_TINTS = {"ok": "#e6f4e8", "degraded": "#fff5d6", "fault": "#fbe4e4"}
SEVERITY_COLORS = {"ok": OK_COLOR, "degraded": DEGRADED_COLOR, "fault": FAULT_COLOR}
# The severity is never told by colour alone.
SEVERITY_GLYPHS = {"ok": "✓", "degraded": "⚠", "fault": "✗"}


def severity(verdict: Verdict) -> str:
    return "ok" if verdict is Verdict.OK else "degraded" if verdict is Verdict.DEGRADED else "fault"


@dataclass
class CheckRow:
    """One row of the table of checks: the check it stands for, and its outcome once it has one."""

    key: tuple[str, ...]
    layer: Layer
    item: QTreeWidgetItem
    outcome: CheckOutcome | None = None
    degraded: bool = False


@dataclass
class Run:
    """The run going on: what it diagnoses, and its rows (the same list the table shows)."""

    scope: Scope
    site_id: str | None
    rows: list[CheckRow]
    started: float = field(default_factory=time.monotonic)

    def pending(self) -> list[CheckRow]:
        return [row for row in self.rows if row.outcome is None]


class DiagnosisParts:
    """The state the parts of `DiagnosticsPanel` share, set up by its constructor and `_build`, the methods they
    call across parts (only declared here: the panel, a QWidget, holds them), and two formatting helpers."""

    _network: Network
    _workspace: Workspace | None
    _pinger: IcmpPinger
    _settings: DiagnoseSettings
    _lang: Lang
    _tasks: TaskRunner
    _run: Run | None
    _rows: list[CheckRow]  # the rows of the run shown, kept after it ends
    _report: DiagnosisReport | None
    _saved_report: DiagnosisReport | None  # the report already saved, so Save is not repeated
    _saving: bool
    _saved_rows: dict[int, DiagnosisRow]
    _saved_generation: int
    _select_saved: int | None
    _error: str | None
    _closed: bool
    _frame: int
    _spinner: QTimer
    _live_source: Callable[[], LiveView | None]
    _vantage_source: Callable[[], VantageEvidence | None]
    _live: dict[str, HealthState]
    _seen: dict[str, HealthState]
    _age_timer: QTimer
    checks: QTreeWidget
    banner: QFrame
    rerun_button: QPushButton
    status_label: QLabel
    note_label: QLabel
    saved_list: QTreeWidget
    saved_text: QPlainTextEdit
    copy_saved_button: QPushButton
    runStarted: SignalInstance
    runFinished: SignalInstance
    tr: Callable[..., str]
    start: Callable[[str, str | None], bool]
    _refresh: Callable[[], None]
    _refresh_status: Callable[[], None]
    _show_error: Callable[[str], None]
    _show_banner: Callable[[], None]
    _make_rows: Callable[[DiagnosisPlan], list[CheckRow]]
    _apply: Callable[[list[CheckRow], CheckOutcome], None]
    _render_row: Callable[[CheckRow], None]
    _words_of: Callable[[Verdict], str]
    _load_saved: Callable[..., None]

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
