"""File ▸ Open with an office list (.xlsx, .csv): read on a worker, merged after a confirmation that counts what is
added and updated, stored whole like every edit (no undo back past it); a refused list shows its problems by sheet,
row and column and changes nothing. File ▸ Save office template… copies the bundled workbook. Real windows, real
workspaces, real workbooks, real file dialogs; no engine runs, so nothing is probed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from pantau.resources import office_template_path, sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from pantau.ui.main_window import MainWindow
from tests.gui.test_wording import answer_file_dialog

HEADER = ["id", "name", "kind", "district", "lat", "lon", "address", "role", "parent"]


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "ws.sqlite3") as opened:
        opened.replace_network(load_network_file(sample_network_path()))
        yield opened


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace) -> Iterator[MainWindow]:
    network = workspace.load_network()
    assert network is not None
    made = MainWindow(network, workspace, tray=False)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.shutdown()


def office_workbook(path: Path, *rows: list[object]) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Catatan"
    sheet = book.create_sheet("Kantor")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def confirm_box(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: window.office_lists.confirm_box is not None, timeout=10_000)
    box = window.office_lists.confirm_box
    assert box is not None and box.isVisible()
    return box


def click(box: QMessageBox, text: str) -> None:
    (button,) = [b for b in box.buttons() if b.text() == text]
    button.click()


def test_an_xlsx_chosen_in_the_open_dialog_is_merged_after_confirmation(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path) -> None:
    before = window.network
    # A contract edit first: once the merge is stored, no undo may bring back the network without the new office.
    window.contracts.select_contract("ctr-dukcapil-2017")
    window.contracts.value_edit.setText("Rp 800.000.000")
    with qtbot.waitSignal(window.contracts.saved, timeout=10_000):
        assert window.contracts.apply_form()
    assert window.contracts.undo_stack.canUndo()
    path = office_workbook(
        tmp_path / "kantor.xlsx",
        ["", "Kantor Desa Baru", "desa", "Waru", -1.3, "116,5", "127.0.77.1", "", "Kantor Camat Waru"],
        ["diskominfo", "Diskominfo PPU", "datacenter", "Penajam", -1.310028, 116.727606])
    answer_file_dialog(path)
    window.open_network_file()
    assert window.session.importing and not window.contracts.isEnabled()
    box = confirm_box(qtbot, window)
    assert box.text() == "Merge the offices of kantor.xlsx into the network?"
    assert box.informativeText() == "Sheet read: Kantor\nOffices added: 1\nOffices updated: 1"
    with qtbot.waitSignal(window.importFinished, timeout=10_000) as finished:
        click(box, "Merge")
    assert finished.args == [True]
    assert len(window.network.sites) == len(before.sites) + 1
    assert window.site_table.model.rowCount() == len(before.sites) + 1
    stored = workspace.load_network()
    assert stored is not None and stored == window.network
    new = stored.site("kantor-desa-baru")
    assert new is not None and (new.parent, new.lon) == ("camat-waru", 116.5)
    diskominfo = stored.site("diskominfo")
    assert diskominfo is not None and diskominfo.name == "Diskominfo PPU"
    contract = stored.contract("ctr-dukcapil-2017")
    assert contract is not None and contract.value_idr == 800_000_000
    assert not window.contracts.undo_stack.canUndo() and window.contracts.isEnabled()


def test_cancelling_the_merge_changes_nothing(qtbot: QtBot, window: MainWindow, workspace: Workspace,
                                             tmp_path: Path) -> None:
    before = workspace.load_network()
    path = tmp_path / "kantor.csv"
    path.write_text("name;kind;district;lat;lon;address;role;parent\nKantor Desa Baru;desa;Waru;-1,3;116,5;;;\n",
                    encoding="utf-8")
    assert window.office_lists.merge(path)
    # Read on a worker: the call returns before the file is read, and the box comes later.
    assert window.office_lists.confirm_box is None
    box = confirm_box(qtbot, window)
    assert box.informativeText() == "Offices added: 1\nOffices updated: 0"
    with qtbot.waitSignal(window.importFinished, timeout=5000) as finished:
        click(box, "Cancel")
    assert finished.args == [False]
    assert window.network.site("kantor-desa-baru") is None
    assert workspace.load_network() == before
    assert not window.session.importing and window.open_action.isEnabled()


def test_a_refused_workbook_lists_its_problems_by_sheet_row_and_column(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path) -> None:
    before = workspace.load_network()
    path = office_workbook(tmp_path / "kantor.xlsx",
                           ["", "Kantor Desa Baru", "desa", "Waru", "north", 116.5],
                           ["", "Kantor Desa Lain", "planet", "Waru"])
    with qtbot.waitSignal(window.importFinished, timeout=10_000) as finished:
        assert window.office_lists.merge(path)
    assert finished.args == [False]
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Office list not merged"
    assert dialog.problems == [
        f"{path}, sheet 'Kantor', row 2, column E (lat): 'north' is not a number",
        f"{path}, sheet 'Kantor', row 3, column C (kind): 'planet' is not one of: datacenter, skpd, kecamatan, "
        "kelurahan, desa, isp-pop"]
    assert "2 problem" in dialog.headline.text() and "Nothing was changed" in dialog.headline.text()
    assert window.office_lists.confirm_box is None
    assert workspace.load_network() == before
    dialog.reject()


def test_a_password_protected_file_is_named_not_a_workbook(qtbot: QtBot, window: MainWindow,
                                                          tmp_path: Path) -> None:
    from tests.unit.test_xlsximport import _compound_file

    path = tmp_path / "kantor.xlsx"
    path.write_bytes(_compound_file({"EncryptionInfo": b"\x04\x00" * 2048, "EncryptedPackage": b"\x01" * 4096}))
    with qtbot.waitSignal(window.importFinished, timeout=10_000):
        assert window.office_lists.merge(path)
    dialog = window.import_dialog
    assert dialog is not None
    (problem,) = dialog.problems
    assert problem.startswith(f"{path}: not an Excel .xlsx workbook (it is protected with a password")
    dialog.reject()


def test_save_office_template_copies_the_bundled_workbook(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    answer_file_dialog(tmp_path / "daftar-kantor")
    with qtbot.waitSignal(window.office_lists.templateSaved, timeout=10_000) as saved:
        assert window.save_office_template()
    target = tmp_path / "daftar-kantor.xlsx"
    assert saved.args == [target]
    assert target.read_bytes() == office_template_path().read_bytes()
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == ["Kantor", "Petunjuk"]
    book.close()
    assert "daftar-kantor.xlsx" in window.statusBar().currentMessage()
    assert window.save_template_action.text() == "Save office template…"


def test_a_template_that_cannot_be_written_is_said(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    answer_file_dialog(tmp_path / "no-such-folder" / "kantor.xlsx")
    with qtbot.waitSignal(window.office_lists.templateSaved, timeout=10_000) as saved:
        assert window.save_office_template()
    assert isinstance(saved.args[0], str) and saved.args[0].startswith("The office template was not saved: ")
    box = window.office_lists.error_box
    assert box is not None and box.isVisible()
    box.close()
