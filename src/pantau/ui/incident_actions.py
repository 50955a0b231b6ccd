"""The outage list's incident record: saved as a PDF or printed, for the selected outage or cluster of outages.

The record is read from the workspace and written on a worker thread (`TaskRunner`); the GUI thread only asks where
to save (`ask_save_path`) or on which printer (QPrintDialog), then prints the HTML read on the worker. The print
itself is `incident_export.print_html`, which takes any QPrinter (tests give it a PdfFormat one, never the modal
dialog). The record's language is the interface's (Indonesian unless the window speaks English).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from pantau.domain.inventory import Network
from pantau.storage.workspace import Workspace
from pantau.ui.file_dialogs import ask_save_path
from pantau.ui.i18n import installed_language
from pantau.ui.incident_export import RecordOnPaper, print_html, read_record_html, write_incident_pdf
from pantau.ui.outage_list import OutagePanel
from pantau.ui.workers import Progress, TaskRunner

__all__ = ["IncidentActions"]

AskPrinter = Callable[[], QPrinter | None]


class IncidentActions(QObject):
    """Acts on `panel`'s requests. `recordWritten(path, pages)`, `printed(number)` or `failed(message)` follow."""

    recordWritten = Signal(str, int)
    printed = Signal(str)
    failed = Signal(str)

    def __init__(self, panel: OutagePanel, workspace: Workspace | None, runner: TaskRunner,
                 network: Callable[[], Network], clock: Callable[[], float] = time.time) -> None:
        super().__init__(panel)
        self._panel = panel
        self._workspace = workspace
        self._runner = runner
        self._network = network
        self._clock = clock
        self._printer: QPrinter | None = None
        panel.set_records_possible(workspace is not None)
        panel.recordAsked.connect(self.choose_pdf)
        panel.printAsked.connect(self.request_print)

    def language(self) -> str:
        app = QCoreApplication.instance()
        return (installed_language(app) if app is not None else None) or "id"

    def choose_pdf(self, ids: list[int]) -> None:
        path = ask_save_path(self._panel.window(), self.tr("Save the incident record"),
                             f"berita-acara-{'-'.join(str(i) for i in ids)}.pdf", self.tr("PDF (*.pdf)"))
        if path is not None:
            self.write_pdf(ids, path)

    def write_pdf(self, ids: list[int], path: Path) -> None:
        """Write the record of `ids` to `path` on a worker thread."""
        workspace = self._workspace
        if workspace is None:
            return
        network, lang, now = self._network(), self.language(), self._clock()

        def write(_progress: Progress) -> int:
            return write_incident_pdf(workspace, network, ids, path, lang, now)[1]

        self._runner.submit(write, lambda pages: self.recordWritten.emit(str(path), pages), on_error=self._failed,
                            name="pantau-incident-pdf")

    def request_print(self, ids: list[int], ask: AskPrinter | None = None) -> None:
        """Read the record of `ids` on a worker, then ask for a printer (`ask`, the print dialog by default) and
        print it there."""
        workspace = self._workspace
        if workspace is None:
            return
        network, lang, now = self._network(), self.language(), self._clock()

        def read(_progress: Progress) -> RecordOnPaper:
            return read_record_html(workspace, network, ids, lang, now)

        self._runner.submit(read, lambda paper: self._print(paper, ask or self._ask_printer), on_error=self._failed,
                            name="pantau-incident-print")

    def _ask_printer(self) -> QPrinter | None:
        # Kept between prints, so the dialog offers the printer and options chosen last time.
        if self._printer is None:
            self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(self._printer, self._panel.window())
        dialog.setWindowTitle(self.tr("Print the incident record"))
        return self._printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _print(self, paper: RecordOnPaper, ask: AskPrinter) -> None:
        printer = ask()
        if printer is None:
            return
        printer.setDocName(paper.record.number)
        print_html(paper.html, printer)
        self.printed.emit(paper.record.number)

    def _failed(self, error: Exception) -> None:
        self.failed.emit(self.tr("Could not make the incident record: {error}").format(error=error))
