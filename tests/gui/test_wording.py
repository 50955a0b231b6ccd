"""Wording and file dialogs: every file dialog of the window (the graphs' PNG and CSV, the contract PDF, opening a
network file) opens in the user's Documents folder, or in the folder last chosen (across restarts), never in the
process's working directory; Undo is "Urungkan" in Indonesian, Cancel stays "Batal"."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from pantau.ui import file_dialogs
from pantau.ui.contracts_panel import ContractsPanel
from pantau.ui.graphs import SiteGraphs
from pantau.ui.i18n import install_translator
from pantau.ui.main_window import MainWindow


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's Documents folder as the desktop names it (XDG user-dirs), and a working directory elsewhere."""
    folder = tmp_path / "Dokumen"
    folder.mkdir()
    config = tmp_path / "config"
    config.mkdir()
    (config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{folder}"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    elsewhere = tmp_path / "launched-from"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return folder


def answer_file_dialog(choose: Path | None = None) -> dict[str, str]:
    """Answer the next file dialog once it is open (it blocks the caller): note the folder it opened in, then pick
    `choose` or cancel."""
    seen: dict[str, str] = {}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, poll)
            return
        seen["folder"] = dialog.directory().absolutePath()
        seen["name"] = Path(dialog.selectedFiles()[0]).name if dialog.selectedFiles() else ""
        if choose is None:
            dialog.reject()
        else:
            dialog.selectFile(str(choose))
            dialog.accept()

    QTimer.singleShot(0, poll)
    return seen


def test_the_start_folder_is_the_last_used_else_documents_else_home(documents: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert file_dialogs.start_folder() == documents
    assert file_dialogs.start_path("report.pdf") == str(documents / "report.pdf")
    chosen = tmp_path / "laporan"
    chosen.mkdir()
    file_dialogs.remember_folder(chosen / "graph.png")
    assert file_dialogs.start_folder() == chosen
    chosen.rmdir()  # a folder that is gone (a USB stick taken out) is not offered
    assert file_dialogs.start_folder() == documents
    documents.rmdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert file_dialogs.start_folder() == home
    assert Path.cwd() != home


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "ws.sqlite3") as opened:
        opened.replace_network(load_network_file(sample_network_path()))
        yield opened


def test_every_file_dialog_opens_in_documents_then_where_the_last_file_was_chosen(
        qtbot: QtBot, documents: Path, tmp_path: Path, workspace: Workspace) -> None:
    network = load_network_file(sample_network_path())
    graphs = SiteGraphs(network, workspace)
    qtbot.addWidget(graphs)
    panel = ContractsPanel(workspace, lang="en")
    qtbot.addWidget(panel)
    panel.set_network(network)
    panel.select_contract("ctr-intranet-2026")
    window = MainWindow(network, tray=False)
    qtbot.addWidget(window)

    dialogs: list[tuple[str, Callable[[], object]]] = [
        ("graph PNG", lambda: graphs._ask_export_path("png")),
        ("graph CSV", lambda: graphs._ask_export_path("csv")),
        ("contract PDF", panel.pdf_button.click),
        ("network file", window.open_network_file),
    ]
    for name, open_dialog in dialogs:
        seen = answer_file_dialog()
        open_dialog()
        assert seen.get("folder") == str(documents), f"the {name} dialog opened in {seen.get('folder')}"
    seen = answer_file_dialog()
    panel.pdf_button.click()
    assert seen["name"] == "ctr-intranet-2026.pdf"  # the suggested name stays

    # A file chosen in another folder: every dialog opens there next, also in a new window (QSettings).
    reports = tmp_path / "laporan"
    reports.mkdir()
    answer_file_dialog(reports / "grafik.png")
    assert graphs._ask_export_path("png") == reports / "grafik.png"
    for name, open_dialog in dialogs[1:]:
        seen = answer_file_dialog()
        open_dialog()
        assert seen.get("folder") == str(reports), f"the {name} dialog opened in {seen.get('folder')}"
    assert os.getcwd() != str(reports)
    graphs.shutdown()
    panel.shutdown()
    window.shutdown()


def test_undo_is_urungkan_and_cancel_stays_batal(qtbot: QtBot, workspace: Workspace) -> None:
    app = QCoreApplication.instance()
    assert isinstance(app, QApplication)
    panel = ContractsPanel(workspace, lang="id")
    qtbot.addWidget(panel)
    try:
        install_translator(app, "id")
        qtbot.waitUntil(lambda: panel.undo_button.text() == "Urungkan")
        assert QCoreApplication.translate("AlertSettingsDialog", "Cancel") != "Urungkan"
    finally:
        install_translator(app, "en")
        panel.shutdown()
