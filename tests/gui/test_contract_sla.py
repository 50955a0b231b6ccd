"""The contracts panel's SLA terms on the sample network, saved to a real workspace file: filled in, saved, reopened
and undone; validation by field; and the credit a real outage in the workspace earns, computed here by hand."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network
from pantau.domain.sla_terms import SlaExclusion, SlaTerms, SlaWindow
from pantau.reporting.idformat import format_rupiah
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from pantau.ui.contracts_panel import ContractsPanel
from tests import sla_outage as outage
from tests.sla_outage import record_outage

TODAY = date(2026, 11, 27)


@pytest.fixture
def sample() -> Network:
    return load_network_file(sample_network_path())


@pytest.fixture
def workspace(workspace_path: Path, sample: Network) -> Iterator[Workspace]:
    with Workspace.open(workspace_path) as ws:
        ws.replace_network(sample)
        yield ws


@pytest.fixture
def panel(qtbot: QtBot, workspace: Workspace, sample: Network) -> Iterator[ContractsPanel]:
    widget = ContractsPanel(workspace, today=lambda: TODAY, lang="en")
    qtbot.addWidget(widget)
    widget.set_network(sample)
    widget.resize(1366, 768)
    yield widget
    widget.shutdown()


def set_cell(panel: ContractsPanel, row: int, column: int, text: str) -> None:
    panel.exclusions_table.setItem(row, column, QTableWidgetItem(text))


def test_sla_terms_are_saved_reopened_and_undone(qtbot: QtBot, panel: ContractsPanel, workspace: Workspace,
                                                 workspace_path: Path) -> None:
    panel.select_contract("ctr-intranet-2025")
    assert panel.credit_edit.text() == "" and panel.exclusions_table.rowCount() == 0
    panel.sla_window_choice.setCurrentIndex(panel.sla_window_choice.findData(SlaWindow.QUARTER))
    panel.credit_edit.setText("2,5")
    panel.cap_edit.setText("30")
    panel.add_exclusion_button.click()
    set_cell(panel, 0, 0, "2026-03-01 22:00")
    set_cell(panel, 0, 1, "2026-03-02 02:30")
    set_cell(panel, 0, 2, "Core switch swap")
    with qtbot.waitSignal(panel.saved):
        assert panel.apply_form()
    expected = SlaTerms(SlaWindow.QUARTER, 2.5, 30.0,
                        [SlaExclusion(datetime(2026, 3, 1, 22), datetime(2026, 3, 2, 2, 30), "Core switch swap")])
    saved = workspace.load_network()
    assert saved is not None
    contract = saved.contract("ctr-intranet-2025")
    assert contract is not None and contract.sla == expected
    panel.shutdown()
    workspace.close()

    with Workspace.open(workspace_path) as reopened:
        network = reopened.load_network()
        assert network is not None
        again = ContractsPanel(reopened, today=lambda: TODAY, lang="en")
        qtbot.addWidget(again)
        again.set_network(network)
        again.select_contract("ctr-intranet-2025")
        assert again.sla_window_choice.currentData() == SlaWindow.QUARTER
        assert (again.credit_edit.text(), again.cap_edit.text()) == ("2.5", "30")
        cells = [[again._exclusion_cell(0, column) for column in range(3)]]
        assert cells == [["2026-03-01 22:00", "2026-03-02 02:30", "Core switch swap"]]
        again.shutdown()


def test_the_sample_terms_are_shown(panel: ContractsPanel) -> None:
    panel.select_contract("ctr-intranet-2026")
    assert panel.sla_window_choice.currentText() == "per month"
    assert (panel.sla_edit.text(), panel.credit_edit.text(), panel.cap_edit.text()) == ("99.5", "2", "30")
    assert [panel._exclusion_cell(0, column) for column in range(2)] == ["2026-03-08 22:00", "2026-03-09 02:00"]


def test_undo_takes_the_terms_back_out(qtbot: QtBot, panel: ContractsPanel, workspace: Workspace) -> None:
    panel.select_contract("ctr-intranet-2025")
    panel.credit_edit.setText("1")
    with qtbot.waitSignal(panel.saved):
        assert panel.apply_form()
    contract = panel.network().contract("ctr-intranet-2025")
    assert contract is not None and contract.sla == SlaTerms(credit_percent_per_hour=1.0)
    with qtbot.waitSignal(panel.saved):
        panel.undo_button.click()
    saved = workspace.load_network()
    assert saved is not None
    contract = saved.contract("ctr-intranet-2025")
    assert contract is not None and contract.sla is None
    assert panel.credit_edit.text() == ""


def test_empty_credit_fields_state_no_terms_but_maintenance_alone_does(qtbot: QtBot, panel: ContractsPanel) -> None:
    panel.select_contract("ctr-intranet-2025")
    panel.notes_edit.setText("checked")
    with qtbot.waitSignal(panel.saved):
        assert panel.apply_form()
    contract = panel.network().contract("ctr-intranet-2025")
    assert contract is not None and contract.sla is None and contract.notes == "checked"
    panel.add_exclusion(datetime(2026, 6, 1, 1), datetime(2026, 6, 1, 3), "UPS")
    with qtbot.waitSignal(panel.saved):
        assert panel.apply_form()
    contract = panel.network().contract("ctr-intranet-2025")
    assert contract is not None and contract.sla is not None
    assert not contract.sla.has_credit_rule and len(contract.sla.exclusions) == 1
    panel.exclusions_table.selectRow(0)
    panel.remove_exclusion_button.click()
    assert panel.exclusions_table.rowCount() == 0


def test_bad_terms_are_named_by_field_and_nothing_is_applied(panel: ContractsPanel) -> None:
    panel.select_contract("ctr-intranet-2025")
    before = panel.network()
    panel.credit_edit.setText("two")
    panel.add_exclusion()
    set_cell(panel, 0, 1, "tomorrow")
    assert not panel.apply_form()
    text = panel.message_label.text()
    assert "credit per hour must be a percentage" in text
    assert "Maintenance row 1: the end is not a date and time" in text
    # The domain's rules, by the field they name.
    panel.credit_edit.setText("150")
    set_cell(panel, 0, 0, "2026-03-02 02:00")
    set_cell(panel, 0, 1, "2026-03-01 22:00")
    assert not panel.apply_form()
    text = panel.message_label.text()
    assert "Credit per hour: the credit per hour is a percent of the monthly fee from 0 to 100" in text
    assert "Maintenance row 1, end: the maintenance ends before it starts" in text
    panel.credit_edit.setText("2")
    panel.sla_edit.setText("")
    set_cell(panel, 0, 1, "2026-03-02 04:00")
    assert not panel.apply_form()
    assert "SLA terms: SLA terms need the availability target" in panel.message_label.text()
    assert panel.network() is before and panel.undo_stack.count() == 0


def test_a_real_outage_earns_the_credit_worked_out_by_hand(qtbot: QtBot, workspace: Workspace,
                                                            sample: Network) -> None:
    record_outage(workspace)
    widget = ContractsPanel(workspace, today=lambda: outage.TODAY, now=lambda: outage.NOW, lang="en")
    qtbot.addWidget(widget)
    widget.set_network(sample)
    widget.select_contract("ctr-intranet-2026")
    qtbot.waitUntil(lambda: widget.last_service is not None, timeout=20_000)
    service = widget.last_service
    assert service is not None and service.gap is None
    line = next(w for w in service.windows if w.link_id == "link-disdukcapil" and w.running)
    assert line.watched_s == pytest.approx(outage.WATCHED_H * 3600, abs=120)
    assert line.excess_hours == outage.EXCESS_HOURS == 6
    assert service.credit_idr == pytest.approx(outage.CREDIT_IDR, abs=1)
    text = widget.service_label.text()
    availability = 100 * (1 - 6.5 / outage.WATCHED_H)
    assert (f"November 2026 (running) · Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil): availability "
            f"{availability:.2f} % (target 99.5 %), 6 h beyond the allowance, rests on 8 % of the window, credit "
            f"{format_rupiah(outage.CREDIT_IDR)}") in text
    assert "November 2026 (running): 25 lines not monitored, no figure" in text
    assert "October 2026: not monitored, no figure" in text
    assert f"SLA credit due so far: {format_rupiah(outage.CREDIT_IDR)}" in text
    # A contract without a credit rule says so, and gives no amount.
    widget.select_contract("ctr-dukcapil-2016")
    qtbot.waitUntil(lambda: widget.last_service is not None, timeout=20_000)
    assert "No line of this contract was monitored" in widget.service_label.text()
    assert "Rp" not in widget.service_label.text().split("\n")[0]
    widget.shutdown()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (Debian poppler-utils)")
def test_the_pdf_carries_the_terms_and_the_credit_per_window_and_line(
        qtbot: QtBot, tmp_path: Path, workspace: Workspace, sample: Network) -> None:
    record_outage(workspace)
    widget = ContractsPanel(workspace, today=lambda: outage.TODAY, now=lambda: outage.NOW, lang="id")
    qtbot.addWidget(widget)
    widget.set_network(sample)
    widget.select_contract("ctr-intranet-2026")
    path = tmp_path / "kontrak.pdf"
    with qtbot.waitSignal(widget.report_written, timeout=30_000):
        widget.export_pdf(path)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    credit = format_rupiah(outage.CREDIT_IDR)
    for phrase in ("Target ketersediaan 99,5 % per bulan kalender",
                   "2 % dari biaya bulanan jalur per jam penuh", "paling banyak 30 %",
                   "Pemeliharaan dikecualikan: 8 Maret 2026 22:00 – 9 Maret 2026 02:00",
                   "November 2026 (berjalan)", f"{100 * (1 - 6.5 / outage.WATCHED_H):.2f}".replace(".", ","),
                   credit, "Jumlah", "2 November 2026 08:00", "2 November 2026 14:30"):
        assert phrase in text, phrase
    assert text.count(credit) >= 2  # the line's row and the total
    widget.shutdown()
