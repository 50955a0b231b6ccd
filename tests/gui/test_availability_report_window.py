"""File ▸ Availability report… in a real window: the dialog refuses what cannot be written and says why, and a
report is written on a worker thread, its steps and its end said in the status bar, the files readable."""

from __future__ import annotations

import subprocess
import time
import unicodedata
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.workspace import Workspace
from pantau.ui import i18n
from pantau.ui.main_window import MainWindow
from pantau.ui.window_layout import settings


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, float]]:
    i18n.store_language_setting(settings(), "en")
    network = Network("Report window", timezone="Asia/Makassar",
                      sites=[Site("s0", "Kantor Desa Nol", SiteKind.DESA, "Waru"),
                             Site("s1", "Kantor Desa Satu", SiteKind.DESA, "Waru")],
                      targets=[Target("t0", "s0", "127.0.41.1", TargetRole.OFFICE_ROUTER),
                               Target("t1", "s1", "127.0.41.2", TargetRole.OFFICE_ROUTER, enabled=False)])
    now = float(int(time.time()))
    workspace = Workspace.open(tmp_path / "window.sqlite3")
    workspace.replace_network(network)
    first = now - 2 * 86_400
    workspace.submit([Sample(first + 60 * k, "t0", "icmp", 10.0, sent=3, lost=0) for k in range(2 * 1440)])
    workspace.record_state_change(StateChange("s0", "site", HealthState.UNKNOWN, HealthState.UP, first))
    workspace.flush()
    win = MainWindow(network, workspace, tray=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win, now
    win.shutdown()
    workspace.close()
    app = QCoreApplication.instance()
    if app is not None:
        i18n.install_translator(app, "en")


def test_the_file_menu_writes_the_report_in_the_background(qtbot: QtBot, window: tuple[MainWindow, float],
                                                           tmp_path: Path) -> None:
    win, _now = window
    assert win.availability_report_action in win.file_menu.actions()
    assert win.availability_report_action.isEnabled()
    win.availability_report_action.trigger()
    dialog = win.availability_reports.dialog
    assert dialog is not None and dialog.isVisible()
    today = win.network_today()
    dialog.kind.setCurrentIndex(3)  # a range of days
    dialog.first.setDate(QDate(*(today - timedelta(days=2)).timetuple()[:3]))
    dialog.last.setDate(QDate(today.year, today.month, today.day))
    pdf, xlsx = tmp_path / "out.pdf", tmp_path / "out.xlsx"

    # Nothing to write: the dialog stays and says so.
    dialog.pdf_check.setChecked(False)
    dialog.xlsx_check.setChecked(False)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "Choose a PDF or a workbook" in dialog.problem.text()

    dialog.pdf_check.setChecked(True)
    dialog.xlsx_check.setChecked(True)
    dialog.pdf_path.setText(str(pdf))
    dialog.xlsx_path.setText(str(xlsx))
    dialog.language.setCurrentIndex(1)  # English
    messages: list[str] = []
    win.statusBar().messageChanged.connect(messages.append)
    with qtbot.waitSignal(win.availability_reports.finished, timeout=30_000) as done:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert not isinstance(done.args[0], Exception), done.args[0]
    assert any("reading the history" in m for m in messages) and any("writing the PDF" in m for m in messages)
    assert "Availability report written" in win.statusBar().currentMessage()

    offices = {row[0]: row for row in openpyxl.load_workbook(xlsx)["Offices"].iter_rows(min_row=2, values_only=True)}
    assert offices["s0"][3] == 1.0  # answered all the time it was measured
    assert offices["s1"][3] is None and "no enabled check" in str(offices["s1"][7])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # A table cell wraps its words over lines, and the PDF's font sets "ffi" as one ligature glyph.
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    assert "Network availability report" in flat and "no enabled check measures this office" in flat


def test_a_period_that_ends_before_it_starts_is_refused(qtbot: QtBot, window: tuple[MainWindow, float]) -> None:
    win, _now = window
    dialog = win.open_availability_report()
    assert dialog is not None
    dialog.kind.setCurrentIndex(3)
    dialog.first.setDate(QDate(2026, 11, 10))
    dialog.last.setDate(QDate(2026, 11, 1))
    assert dialog.request() is None and "ends before it starts" in dialog.problem.text()
    dialog.reject()


def test_every_row_of_the_dialog_says_what_it_is(qtbot: QtBot, window: tuple[MainWindow, float]) -> None:
    from PySide6.QtWidgets import QFormLayout, QLabel

    win, _now = window
    dialog = win.open_availability_report()
    assert dialog is not None
    expected = {0: ["Period", "Year", "Month", "Language"], 1: ["Period", "Year", "Quarter", "Language"],
                2: ["Period", "Year", "", "Language"], 3: ["Period", "Year", "Days", "Language"]}
    for kind, texts in expected.items():
        dialog.kind.setCurrentIndex(kind)
        labels = []
        for row in range(4):
            item = dialog.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            labels.append(widget.text() if isinstance(widget, QLabel) else None)
        assert labels == texts
    dialog.reject()
