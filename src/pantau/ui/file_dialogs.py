"""Where file dialogs open: every save and open dialog of the window (PDF and PNG reports, CSV exports, network
files) asks through here.

A dialog opens in the folder the user last chose a file in (remembered in QSettings, so across restarts), else in
their Documents folder, else in their home folder: never in the process's working directory, which for a desktop
launcher is wherever it happened to start (often `/` or the install folder), where nothing of theirs is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from pantau.ui.window_layout import settings

LAST_FOLDER_KEY = "files/lastFolder"


def start_folder() -> Path:
    """The folder the next dialog opens in: the last one used if it still exists, else Documents, else home."""
    stored = settings().value(LAST_FOLDER_KEY, "")
    if isinstance(stored, str) and stored and Path(stored).is_dir():
        return Path(stored)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def start_path(suggested_name: str = "") -> str:
    """What a dialog is given to start with: the start folder, with `suggested_name` in it for a save."""
    folder = start_folder()
    return str(folder / suggested_name) if suggested_name else str(folder)


def remember_folder(chosen: Path) -> None:
    """The next dialog opens where this file was chosen."""
    settings().setValue(LAST_FOLDER_KEY, str(chosen.parent))


def ask_save_path(parent: QWidget, title: str, suggested_name: str, filter_text: str) -> Path | None:
    """Ask where to save (starting in `start_folder()` with the name suggested); None when cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start_path(suggested_name), filter_text)
    return _chosen(chosen)


def ask_open_path(parent: QWidget, title: str, filter_text: str) -> Path | None:
    """Ask for a file to open (starting in `start_folder()`); None when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, start_path(), filter_text)
    return _chosen(chosen)


def _chosen(chosen: str) -> Path | None:
    if not chosen:
        return None
    path = Path(chosen)
    remember_folder(path)
    return path
