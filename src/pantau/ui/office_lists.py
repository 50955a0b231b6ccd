"""Office lists in the window: File ▸ Open with a .csv or .xlsx merges its offices into the network after a
confirmation, and File ▸ Save office template… copies the bundled template workbook where the user chooses.

The list is read and merged on a worker thread by the session (`MonitorSession.read_office_list`); the
confirmation says how many offices are added and updated and which sheet was read, and the merged network is then
stored whole and monitored as after an import (`save_office_list`): the path every edit of the window is stored by
(`replace_network` of the workspace, or of the shared store, on a worker), and the contracts panel's undo history
ends there, so no undo can bring back the network from before the merge. On the shared store the confirmation
names the store (ui/store_edits.py). A contract edit still being saved when the merge is confirmed is written
first. A refused list shows every problem, by sheet, row and column, in the window's problems dialog (see
ui/window_session.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from pantau.domain.text import printable
from pantau.resources import office_template_path
from pantau.storage.site_rows import SiteMerge
from pantau.ui.file_dialogs import ask_save_path
from pantau.ui.workers import Progress, TaskRunner

if TYPE_CHECKING:
    from pantau.ui.main_window import MainWindow

OFFICE_LIST_SUFFIXES = (".csv", ".xlsx", ".xls")
_SAVES_POLL_MS = 50


class OfficeLists(QObject):
    """The window's office list merge and template copy. `templateSaved(path or error text)` tells a copy's end."""

    templateSaved = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._tasks = TaskRunner(self)
        self.confirm_box: QMessageBox | None = None
        self.error_box: QMessageBox | None = None
        window.session.officeListRead.connect(self._confirm)

    def merge(self, path: Path) -> bool:
        """Read `path` and ask before merging it; False when an import is running or the window only watches."""
        return self._window.session.read_office_list(path)

    def _confirm(self, path: Path, merge: SiteMerge) -> None:
        # On the shared store the merge changes the network of the whole team: the question names the store.
        store = self._window.store_edits
        question = self.tr("Merge the offices of {file} into the network?").format(file=path.name) \
            if store is None else store.merge_question(path.name)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Merge offices"), printable(question),
                          QMessageBox.StandardButton.NoButton, self._window)
        box.setObjectName("mergeOfficesBox")
        lines = [self.tr("Offices added: %n", "", len(merge.added)),
                 self.tr("Offices updated: %n", "", len(merge.updated))]
        if merge.sheet is not None:
            lines.insert(0, printable(self.tr("Sheet read: {sheet}").format(sheet=merge.sheet)))
        box.setInformativeText("\n".join(lines))
        box.setTextFormat(Qt.TextFormat.PlainText)
        merge_button = box.addButton(self.tr("Merge"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(merge_button)
        # Closing the box by any other way than Merge cancels; `finished` comes once, whichever way it closed.
        box.finished.connect(lambda _result: self._answered(path, merge, box.clickedButton() is merge_button))
        self.confirm_box = box
        box.open()

    def _answered(self, path: Path, merge: SiteMerge, accepted: bool) -> None:
        self.confirm_box = None
        session = self._window.session
        if not accepted:
            session.cancel_office_list(path)
            return
        self._save_after_contract_edits(path, merge)

    def _save_after_contract_edits(self, path: Path, merge: SiteMerge) -> None:
        """Store the merge once no contract edit is being saved: a save landing after it would bring back the network
        without the new offices. The contracts panel is disabled meanwhile, so no new edit can start."""
        if self._window.is_shut_down():
            return
        if self._window.contracts.pending_saves():
            QTimer.singleShot(_SAVES_POLL_MS, lambda: self._save_after_contract_edits(path, merge))
            return
        self._window.session.save_office_list(path, merge)

    # --- the template --------------------------------------------------------------------------------------------

    def save_template(self) -> bool:
        """Ask where to save the office template, then copy it there on a worker thread; False when cancelled."""
        path = ask_save_path(self._window, self.tr("Save office template"), office_template_path().name,
                             self.tr("Excel workbooks (*.xlsx)"))
        if path is None:
            return False
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(f"{path.name}.xlsx")
        source = office_template_path()

        def copy(_progress: Progress) -> Path:
            shutil.copyfile(source, path)
            return path

        self._tasks.submit(copy, self._template_saved, on_error=self._template_failed, name="pantau-template-copy")
        return True

    def _template_saved(self, path: Path) -> None:
        self._window.statusBar().showMessage(
            printable(self.tr("Saved the office template as {file}").format(file=path)), 8000)
        self.templateSaved.emit(path)

    def _template_failed(self, error: Exception) -> None:
        message = printable(self.tr("The office template was not saved: {error}").format(error=error))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Save office template"), message,
                          QMessageBox.StandardButton.Close, self._window)
        box.setObjectName("templateErrorBox")
        self.error_box = box
        box.open()
        self.templateSaved.emit(message)

    def shutdown(self) -> None:
        """Wait for a template copy in flight (a small file)."""
        self._tasks.wait(5.0)
