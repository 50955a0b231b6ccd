"""File ▸ Availability report…: a small dialog (the period: a month, a quarter, a year or a range of days; the
language; a PDF and/or a workbook path), and the writing on a worker thread with its progress in the status bar.

`AvailabilityReports` belongs to the main window: it opens the dialog, runs the work (`ui.availability_pdf`) on its
own `TaskRunner`, and says each step and the end in the window's status bar. A report is written from the window's
workspace and network as they are when the dialog is accepted; only one is written at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.inventory import Network
from pantau.reporting.availability_report import AvailabilityReport, period_days
from pantau.reporting.idformat import month_name
from pantau.storage.workspace import Workspace
from pantau.ui.availability_pdf import write_availability_report
from pantau.ui.file_dialogs import ask_save_path, remember_folder, start_folder
from pantau.ui.workers import Progress, TaskRunner

__all__ = ["AvailabilityReportDialog", "AvailabilityReports", "ReportRequest"]

_KINDS = ("month", "quarter", "year", "days")
# Report languages by their own names: the choice is the report's, not the interface's.
_LANGUAGES = (("id", "Bahasa Indonesia"), ("en", "English"))


@dataclass(frozen=True)
class ReportRequest:
    first: date
    last: date
    lang: str
    pdf: Path | None
    xlsx: Path | None


class AvailabilityReportDialog(QDialog):
    """The period, the language and the files; `request()` is what was chosen (None while something is missing,
    and `problem` says what)."""

    def __init__(self, today: date, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("availabilityReportDialog")
        self._today = today
        self.kind = QComboBox()
        self.kind.setObjectName("periodKind")
        self.year = QSpinBox()
        self.year.setRange(1990, 2200)
        self.month = QComboBox()
        self.quarter = QComboBox()
        self.first = QDateEdit()
        self.last = QDateEdit()
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        previous = today.replace(day=1) - timedelta(days=1)
        self.year.setValue(previous.year)
        self.month.addItems([month_name(m, lang) for m in range(1, 13)])
        self.month.setCurrentIndex(previous.month - 1)
        self.quarter.addItems([f"Q{q}" for q in range(1, 5)])
        self.quarter.setCurrentIndex((previous.month - 1) // 3)
        self.first.setDate(QDate(previous.year, previous.month, 1))
        self.last.setDate(QDate(previous.year, previous.month, previous.day))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.month)
        self.pages.addWidget(self.quarter)
        self.pages.addWidget(QWidget())  # a year needs only the year
        days = QWidget()
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.first)
        self.to_label = QLabel()
        row.addWidget(self.to_label)
        row.addWidget(self.last)
        self.pages.addWidget(days)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.language = QComboBox()
        self.language.setObjectName("reportLanguage")
        for code, name in _LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(0 if lang != "en" else 1)
        self.pdf_check, self.pdf_path, self.pdf_browse = self._file_row("pdf")
        self.xlsx_check, self.xlsx_path, self.xlsx_browse = self._file_row("xlsx")
        self.problem = QLabel()
        self.problem.setObjectName("reportProblem")
        self.problem.setStyleSheet("color: #c00000")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        # Labels made here: QFormLayout.addRow("", field) makes no label at all, so none could be named later.
        self.period_label, self.year_label, self.pages_label, self.language_label = (QLabel() for _ in range(4))
        self.form.addRow(self.period_label, self.kind)
        self.form.addRow(self.year_label, self.year)
        self.form.addRow(self.pages_label, self.pages)
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.pdf_check, self._pair(self.pdf_path, self.pdf_browse))
        self.form.addRow(self.xlsx_check, self._pair(self.xlsx_path, self.xlsx_browse))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._kind_changed(0)
        self._suggest_paths()
        self.year.valueChanged.connect(self._suggest_paths)
        self.month.currentIndexChanged.connect(self._suggest_paths)
        self.quarter.currentIndexChanged.connect(self._suggest_paths)
        self.kind.currentIndexChanged.connect(self._suggest_paths)

    def _file_row(self, suffix: str) -> tuple[QCheckBox, QLineEdit, QPushButton]:
        check = QCheckBox()
        check.setObjectName(f"{suffix}Check")
        check.setChecked(True)
        path = QLineEdit()
        path.setObjectName(f"{suffix}Path")
        browse = QPushButton()
        browse.clicked.connect(lambda: self._browse(suffix))
        check.toggled.connect(path.setEnabled)
        check.toggled.connect(browse.setEnabled)
        return check, path, browse

    @staticmethod
    def _pair(edit: QLineEdit, button: QPushButton) -> QWidget:
        pair = QWidget()
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return pair

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Availability report"))
        names = (self.tr("Month"), self.tr("Quarter"), self.tr("Year"), self.tr("Range of days"))
        if self.kind.count() == 0:
            self.kind.addItems(list(names))
        else:
            for index, name in enumerate(names):
                self.kind.setItemText(index, name)
        self.period_label.setText(self.tr("Period"))
        self.year_label.setText(self.tr("Year"))
        self.language_label.setText(self.tr("Language"))
        self._name_pages()
        self.to_label.setText(self.tr("to"))
        self.pdf_check.setText(self.tr("PDF"))
        self.xlsx_check.setText(self.tr("Workbook (.xlsx)"))
        self.pdf_browse.setText(self.tr("Choose…"))
        self.xlsx_browse.setText(self.tr("Choose…"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Write"))

    def _kind_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.year.setEnabled(_KINDS[index] != "days")
        self._name_pages()

    def _name_pages(self) -> None:
        """The third row's label says what it picks: the month, the quarter, the days (none for a year)."""
        names = {"month": self.tr("Month"), "quarter": self.tr("Quarter"), "days": self.tr("Days")}
        self.pages_label.setText(names.get(_KINDS[max(0, self.kind.currentIndex())], ""))

    def _period_name(self) -> str:
        kind = _KINDS[self.kind.currentIndex()]
        year = self.year.value()
        if kind == "month":
            return f"{year}-{self.month.currentIndex() + 1:02d}"
        if kind == "quarter":
            return f"{year}Q{self.quarter.currentIndex() + 1}"
        if kind == "year":
            return str(year)
        return f"{self.first.date().toString('yyyy-MM-dd')}_{self.last.date().toString('yyyy-MM-dd')}"

    def _suggest_paths(self) -> None:
        # A file name, so no spaces: "ketersediaan-2026-11.pdf" in Indonesian.
        name = self.tr("availability")
        stem = start_folder() / f"{name}-{self._period_name()}"
        self.pdf_path.setText(str(stem.with_suffix(".pdf")))
        self.xlsx_path.setText(str(stem.with_suffix(".xlsx")))

    def _browse(self, suffix: str) -> None:
        edit = self.pdf_path if suffix == "pdf" else self.xlsx_path
        filter_text = self.tr("PDF files (*.pdf)") if suffix == "pdf" else self.tr("Workbooks (*.xlsx)")
        chosen = ask_save_path(self, self.tr("Save the availability report"), Path(edit.text()).name, filter_text)
        if chosen is not None:
            edit.setText(str(chosen.with_suffix(f".{suffix}")))

    def request(self) -> ReportRequest | None:
        """What was chosen; None (and `problem` says why) when the period or the files are not right."""
        kind = _KINDS[self.kind.currentIndex()]
        if kind == "days":
            first, last = self.first.date().toPython(), self.last.date().toPython()
            if not isinstance(first, date) or not isinstance(last, date):
                return None
        else:
            first, last = period_days(kind, self._period_name())
        problem = ""
        if last < first:
            problem = self.tr("The period ends before it starts.")
        elif first > self._today:
            problem = self.tr("The period starts after today: nothing has been monitored yet.")
        pdf = Path(self.pdf_path.text().strip()) if self.pdf_check.isChecked() and self.pdf_path.text().strip() \
            else None
        xlsx = Path(self.xlsx_path.text().strip()) if self.xlsx_check.isChecked() and \
            self.xlsx_path.text().strip() else None
        if not problem and pdf is None and xlsx is None:
            problem = self.tr("Choose a PDF or a workbook file to write.")
        self.problem.setText(problem)
        if problem:
            return None
        return ReportRequest(first, last, str(self.language.currentData()), pdf, xlsx)

    def _accept(self) -> None:
        request = self.request()
        if request is not None:
            for path in (request.pdf, request.xlsx):
                if path is not None:
                    remember_folder(path)
            self.accept()


class AvailabilityReports(QObject):
    """The window's availability reports: the dialog, the worker, the status bar (see the module)."""

    finished = Signal(object)  # the AvailabilityReport written, or the exception that stopped it

    def __init__(self, window: QMainWindow, workspace: Callable[[], Workspace | None], network: Callable[[], Network],
                 today: Callable[[], date], lang: Callable[[], str]) -> None:
        super().__init__(window)
        self._window = window
        self._workspace = workspace
        self._network = network
        self._today = today
        self._lang = lang
        self._tasks = TaskRunner(self)
        self.dialog: AvailabilityReportDialog | None = None

    def busy(self) -> bool:
        return self._tasks.pending() > 0

    def open(self) -> AvailabilityReportDialog | None:
        """The dialog, opened (non-modal); None without a workspace or while a report is being written."""
        if self._workspace() is None:
            return None
        if self.busy():
            self._say(self.tr("An availability report is being written"), 5000)
            return None
        self.dialog = AvailabilityReportDialog(self._today(), self._lang(), self._window)
        self.dialog.accepted.connect(self._accepted)
        self.dialog.open()
        return self.dialog

    def _accepted(self) -> None:
        dialog, workspace = self.dialog, self._workspace()
        request = dialog.request() if dialog is not None else None
        if request is None or workspace is None:
            return
        self.write(request, workspace, self._network())

    def write(self, request: ReportRequest, workspace: Workspace, network: Network) -> None:
        """Write the report on a worker thread; each step and the end are said in the status bar."""
        steps = {"build": self.tr("Availability report: reading the history …"),
                 "pdf": self.tr("Availability report: writing the PDF …"),
                 "xlsx": self.tr("Availability report: writing the workbook …")}

        def work(progress: Progress) -> AvailabilityReport:
            return write_availability_report(workspace, network, request.first, request.last, time.time(),
                                             pdf=request.pdf, xlsx=request.xlsx, lang=request.lang,
                                             progress=progress)

        def done(report: AvailabilityReport) -> None:
            names = ", ".join(str(p) for p in (request.pdf, request.xlsx) if p is not None)
            self._say(self.tr("Availability report written: {files}").format(files=names), 30_000)
            self.finished.emit(report)

        def failed(error: Exception) -> None:
            self._say(self.tr("The availability report was not written: {error}").format(error=error), 30_000)
            self.finished.emit(error)

        self._tasks.submit(work, done, on_error=failed,
                           on_progress=lambda step: self._say(steps.get(str(step), ""), 0),
                           name="pantau-availability-report")

    def _say(self, text: str, timeout_ms: int) -> None:
        self._window.statusBar().showMessage(text, timeout_ms)

    def shutdown(self) -> None:
        """Wait for a report being written (the window is shutting down)."""
        self._tasks.wait(30.0)
