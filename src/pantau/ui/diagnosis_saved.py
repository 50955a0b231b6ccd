"""The diagnostics panel's saved reports: saving the shown report to the workspace (as `pantau diagnose --save`
stores it, in the report language), the list of saved reports (the ones taken by themselves as an outage's evidence
marked so), reading one and copying it. Every workspace read and write runs on the panel's `TaskRunner`; a list read
that a newer one has overtaken is dropped."""

from __future__ import annotations

import json
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.diagnosis import DiagnosisReport, Scope, Verdict
from pantau.domain.text import printable
from pantau.reporting.diagnosis_report import render_json, render_text
from pantau.ui.diagnosis_parts import SEVERITY_GLYPHS, DiagnosisParts, severity
from pantau.ui.workers import Progress

if TYPE_CHECKING:
    from pantau.storage.workspace import DiagnosisRow

_SAVED_LIMIT = 50


class SavedColumn(IntEnum):
    TIME = 0
    SCOPE = 1
    VERDICT = 2


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


class SavedReports(DiagnosisParts):
    """Saving and the saved reports of `DiagnosticsPanel` (a part of it: see `diagnosis_parts.DiagnosisParts`)."""

    def reload_saved(self) -> None:
        """Read the saved reports again (one was saved elsewhere: evidence captured in the background)."""
        if self._workspace is not None and not self._closed:
            self._load_saved()

    def _build_saved(self, parent: QWidget) -> QWidget:
        saved_side = QWidget(parent)
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
        return saved_side

    def _retranslate_saved(self) -> None:
        self.copy_saved_button.setText(self.tr("Copy"))
        self.copy_saved_button.setToolTip(self.tr("Copy the selected saved report"))
        self.saved_title.setText(self.tr("Saved reports"))
        self.saved_list.setHeaderLabels([self.tr("Time"), self.tr("Scope"), self.tr("Verdict")])
        self.saved_text.setPlaceholderText(self.tr("Select a saved report to read it."))
        self._fill_saved(list(self._saved_rows.values()))

    # --- saving the shown report ------------------------------------------------------------------------------

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

    # --- the saved reports -------------------------------------------------------------------------------------

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
        return f"{SEVERITY_GLYPHS[severity(known)]} {self._words_of(known)}"

    def _show_saved_text(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        row = (self._saved_rows.get(int(current.data(SavedColumn.TIME, Qt.ItemDataRole.UserRole)))
               if current is not None else None)
        if row is None:
            self.saved_text.clear()
        else:
            self.saved_text.setPlainText(row.report_text)
        self.copy_saved_button.setEnabled(row is not None)

    def _copy_saved(self) -> None:
        item = self.saved_list.currentItem()
        if item is None:
            return
        # A report saved by an older Pantau may hold control characters from names: escape them here too.
        QGuiApplication.clipboard().setText(printable(self.saved_text.toPlainText(), keep_newlines=True))
        self.note_label.setText(self.tr("Copied"))
