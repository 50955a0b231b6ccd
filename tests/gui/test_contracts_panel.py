"""The contracts panel on the sample network: status, badges, paperwork, the July 2017 gap; add, edit, end, undo
(saved to a real workspace file) and validation messages."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from pantau.domain.contracts import Gap
from pantau.domain.inventory import Network
from pantau.domain.states import HealthState, StateChange
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from pantau.ui.contracts_panel import COLUMNS, ContractsPanel

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
    widget = ContractsPanel(workspace, today=lambda: TODAY, lang="id")
    qtbot.addWidget(widget)
    widget.set_network(sample)
    widget.resize(1300, 760)
    yield widget
    widget.shutdown()


def item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    found = table.item(row, column)
    assert found is not None, f"empty cell {row}, {column}"
    return found


def row_of(panel: ContractsPanel, contract_id: str) -> int:
    for row in range(panel.table.rowCount()):
        if item(panel.table, row, 0).data(Qt.ItemDataRole.UserRole) == contract_id:
            return row
    raise AssertionError(f"{contract_id} not in the table")


def cell(panel: ContractsPanel, contract_id: str, column: str) -> str:
    return item(panel.table, row_of(panel, contract_id), COLUMNS.index(column)).text()


def test_sample_shows_the_2016_contract_expired_with_its_cut_budget_request(panel: ContractsPanel) -> None:
    assert cell(panel, "ctr-dukcapil-2016", "status") == "expired"
    assert cell(panel, "ctr-dukcapil-2016", "value") == "Rp 1.800.000.000"
    assert cell(panel, "ctr-dukcapil-2016", "end") == "30 Juni 2017"
    assert cell(panel, "ctr-dukcapil-2016", "bandwidth") == "100 kbps"
    panel.select_contract("ctr-dukcapil-2016")
    budget = [[item(panel.budgets, 0, c).text() for c in range(3)]]
    assert budget == [["2017", "Rp 2.300.000.000", "cut"]]
    assert panel.letters.rowCount() == 2
    assert "Bappeda PPU" in item(panel.letters, 0, 1).text()
    assert "Rp 150.000.000" in panel.derived_label.text()  # 1.8 billion over 12 months


def test_timeline_of_the_disdukcapil_link_shows_the_july_2017_gap(panel: ContractsPanel) -> None:
    panel.show_link("link-disdukcapil")
    assert panel.timeline.gaps == [Gap(date(2017, 7, 1), date(2017, 7, 31))]
    assert panel.timeline.contract_ids[:2] == ["ctr-dukcapil-2016", "ctr-dukcapil-2017"]
    assert panel.timeline.budget_years[0] == 2016 and panel.timeline.budget_years[-1] == 2026


def test_in_july_2017_the_row_carries_the_gap_badge(qtbot: QtBot, sample: Network) -> None:
    widget = ContractsPanel(today=lambda: date(2017, 7, 10), lang="en")
    qtbot.addWidget(widget)
    widget.set_network(sample)
    assert "coverage gap" in cell(widget, "ctr-dukcapil-2016", "warnings")
    assert cell(widget, "ctr-dukcapil-2017", "start") == "1 August 2017"
    badge = item(widget.table, row_of(widget, "ctr-dukcapil-2016"), COLUMNS.index("warnings"))
    assert "link-disdukcapil" in badge.toolTip()


def fill_new(panel: ContractsPanel, contract_id: str = "ctr-new") -> None:
    panel.new_contract()
    panel.id_edit.setText(contract_id)
    panel.provider_edit.setText("PT Lintas Data")
    panel.number_edit.setText("001/SPK/2027")
    panel.service_edit.setText("Sewa bandwidth")
    panel.bandwidth_spin.setValue(10)
    panel.bandwidth_unit.setCurrentIndex(1)  # Mbps
    panel.start_edit.setDate(QDate(2027, 1, 1))
    panel.end_edit.setDate(QDate(2027, 12, 31))
    panel.value_edit.setText("1.200.000.000")
    panel.sla_edit.setText("99,5")


def test_add_is_saved_and_undo_removes_it_from_the_workspace(
        qtbot: QtBot, panel: ContractsPanel, workspace: Workspace) -> None:
    count = panel.table.rowCount()
    fill_new(panel)
    # The list names the office a link serves; the link's id rides along.
    waru = panel.links_list.findItems("Kantor Camat Waru", Qt.MatchFlag.MatchExactly)[0]
    assert waru.data(Qt.ItemDataRole.UserRole) == "link-camat-waru"
    waru.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(panel.saved):
        assert panel.apply_form()
    assert panel.table.rowCount() == count + 1
    saved = workspace.load_network()
    assert saved is not None
    added = saved.contract("ctr-new")
    assert added is not None and added.bandwidth_kbps == 10_000 and added.value_idr == 1_200_000_000
    assert added.sla_percent == 99.5
    assert next(link for link in saved.links if link.id == "link-camat-waru").contracts[-1] == "ctr-new"
    with qtbot.waitSignal(panel.saved):
        panel.undo_button.click()
    assert panel.table.rowCount() == count
    saved = workspace.load_network()
    assert saved is not None and saved.contract("ctr-new") is None
    assert "ctr-new" not in next(link for link in saved.links if link.id == "link-camat-waru").contracts
    assert not panel.undo_button.isEnabled()


def test_edit_changes_the_row_and_undo_restores_it(qtbot: QtBot, panel: ContractsPanel) -> None:
    panel.select_contract("ctr-dukcapil-2017")
    assert panel.value_edit.text() == "760.000.000"
    panel.value_edit.setText("Rp 800.000.000")
    panel.bandwidth_unit.setCurrentIndex(0)
    panel.bandwidth_spin.setValue(1024)
    with qtbot.waitSignal(panel.saved):
        assert panel.apply_form()
    assert cell(panel, "ctr-dukcapil-2017", "value") == "Rp 800.000.000"
    assert cell(panel, "ctr-dukcapil-2017", "bandwidth") == "1,024 Mbps"
    edited = panel.network().contract("ctr-dukcapil-2017")
    assert edited is not None and edited.payments and edited.budget_requests  # paperwork kept
    with qtbot.waitSignal(panel.saved):
        panel.undo_stack.undo()
    assert cell(panel, "ctr-dukcapil-2017", "value") == "Rp 760.000.000"
    assert panel.selected_contract_id() == "ctr-dukcapil-2017"


def test_end_today_cuts_a_running_contract_and_refuses_an_ended_one(qtbot: QtBot, panel: ContractsPanel) -> None:
    panel.select_contract("ctr-dukcapil-2016")
    assert not panel.end_selected()
    assert "running" in panel.message_label.text()
    panel.select_contract("ctr-intranet-2026")
    with qtbot.waitSignal(panel.saved):
        assert panel.end_selected()
    assert cell(panel, "ctr-intranet-2026", "end") == "27 November 2026"
    assert cell(panel, "ctr-intranet-2026", "days") == "0"


def test_validation_messages_and_nothing_applied(panel: ContractsPanel) -> None:
    count = panel.table.rowCount()
    fill_new(panel, "ctr-dukcapil-2016")
    panel.end_edit.setDate(QDate(2026, 12, 31))
    panel.value_edit.setText("-5")
    panel.bandwidth_spin.setValue(0)
    panel.sla_edit.setText("120")
    assert not panel.apply_form()
    text = panel.message_label.text()
    for expected in ("already has this id", "end date must be after the start date", "positive amount",
                     "bandwidth must be more than zero", "SLA must be a percentage"):
        assert expected in text
    assert panel.table.rowCount() == count
    assert panel.undo_stack.count() == 0
    assert panel.pending_saves() == 0


def test_domain_validation_is_shown_too(panel: ContractsPanel) -> None:
    fill_new(panel, "Bad Id!")
    assert not panel.apply_form()
    assert "an id is 1–64 lowercase letters" in panel.message_label.text()


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext and pdfinfo (Debian poppler-utils)")
@pytest.mark.parametrize(("lang", "expected"), [
    ("id", ["Laporan kontrak", "1 Juli 2017", "31 Juli 2017", "TANPA KONTRAK", "Rp 2.300.000.000", "dicoret"]),
    ("en", ["Contract report", "1 July 2017", "31 July 2017", "NO CONTRACT", "Rp 2.300.000.000", "cut"]),
])
def test_pdf_report_has_the_contract_number_and_the_gap_dates(
        qtbot: QtBot, tmp_path: Path, sample: Network, lang: str, expected: list[str]) -> None:
    widget = ContractsPanel(today=lambda: date(2017, 7, 10), lang=lang)
    qtbot.addWidget(widget)
    widget.set_network(sample)
    widget.select_contract("ctr-dukcapil-2016")
    path = tmp_path / "laporan.pdf"
    with qtbot.waitSignal(widget.report_written) as written:
        widget.export_pdf(path)
    assert written.args == [str(path), pdf_pages(path)]
    assert pdf_pages(path) >= 1
    text = pdf_text(path)
    assert "027/SPK/DISKOMINFO/VI/2016" in text
    for phrase in expected:
        assert phrase in text
    widget.shutdown()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (Debian poppler-utils)")
def test_pdf_report_says_each_verdict_in_words_and_never_its_code(
        qtbot: QtBot, tmp_path: Path, workspace: Workspace, sample: Network) -> None:
    """A verdict the report had no words for (`isp-access`), or one from a later version, was printed as its code;
    the others had their code after the sentence, "(isp-link)". The reader sees sentences only."""
    tz = ZoneInfo(sample.timezone)
    verdicts = ["isp-link", "isp-access", "isp-upstream", "verdict-of-a-later-version"]
    for minute, verdict in enumerate(verdicts):
        workspace.save_diagnosis(created=datetime(2017, 7, 3, 9, minute, tzinfo=tz).timestamp(),
                                 scope="site disdukcapil", verdict=verdict, lang="en",
                                 report_text=f"Diagnosis number {minute}", report_json="{}")
    workspace.flush()
    widget = ContractsPanel(workspace, today=lambda: date(2017, 7, 10), lang="en")
    qtbot.addWidget(widget)
    widget.set_network(sample)
    widget.select_contract("ctr-dukcapil-2016")
    path = tmp_path / "evidence.pdf"
    with qtbot.waitSignal(widget.report_written, timeout=10_000):
        widget.export_pdf(path)
    text = unicodedata.normalize("NFKC", " ".join(pdf_text(path).split()))  # the font's "ﬁ" ligature as "fi"
    assert all(f"Diagnosis number {n}" in text for n in range(len(verdicts)))
    for sentence in ("Verdict: server and LAN fine, ISP link down", "Verdict: the provider's network to the offices "
                     "is down", "Verdict: ISP gateway answers, upstream down", "Verdict: a verdict this version does "
                     "not know"):
        assert sentence in text
    for verdict in verdicts:
        assert verdict not in text
    widget.shutdown()


def test_pdf_report_lists_measured_outages(qtbot: QtBot, tmp_path: Path, workspace: Workspace,
                                           sample: Network) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (Debian poppler-utils)")
    tz = ZoneInfo(sample.timezone)
    down = datetime(2026, 11, 10, 8, tzinfo=tz).timestamp()
    workspace.record_state_change(StateChange("disdukcapil", "site", HealthState.UNKNOWN, HealthState.UP, down - 86400))
    workspace.record_state_change(StateChange("disdukcapil", "site", HealthState.UP, HealthState.DOWN, down))
    workspace.record_state_change(StateChange("disdukcapil", "site", HealthState.DOWN, HealthState.UP, down + 5400))
    workspace.flush()
    now = datetime(2026, 11, 27, 12, tzinfo=tz).timestamp()
    widget = ContractsPanel(workspace, today=lambda: TODAY, now=lambda: now, lang="en")
    qtbot.addWidget(widget)
    widget.set_network(sample)
    widget.select_contract("ctr-intranet-2026")
    qtbot.waitUntil(lambda: widget.last_service is not None)
    path = tmp_path / "incident.pdf"
    with qtbot.waitSignal(widget.report_written):
        widget.export_pdf(path)
    text = pdf_text(path)
    assert "10 November 2026 08:00" in text and "10 November 2026 09:30" in text
    assert "1.5 hours" in text
    widget.shutdown()


def test_language_switch_rewrites_dates_and_keeps_the_selection(panel: ContractsPanel) -> None:
    panel.select_contract("ctr-dukcapil-2016")
    panel.set_language("en")
    assert cell(panel, "ctr-dukcapil-2016", "end") == "30 June 2017"
    assert item(panel.budgets, 0, 3).text() == "30 November 2016"
    assert panel.selected_contract_id() == "ctr-dukcapil-2016"
    panel.set_language("id")
    assert cell(panel, "ctr-dukcapil-2016", "start") == "1 Juli 2016"


def test_recording_the_overdue_payment_clears_the_badge_and_undo_brings_it_back(
        qtbot: QtBot, panel: ContractsPanel, workspace: Workspace) -> None:
    assert "payment overdue" in cell(panel, "ctr-vsat-cadangan-2026", "warnings")
    panel.table.selectRow(row_of(panel, "ctr-vsat-cadangan-2026"))  # as a click does
    assert panel.id_edit.text() == "ctr-vsat-cadangan-2026"
    assert item(panel.payments, panel.payments.rowCount() - 1, 0).text() == "overdue"
    # The form offers the unpaid period.
    assert panel.paid_from_edit.date() == QDate(2026, 10, 1) and panel.paid_to_edit.date() == QDate(2026, 10, 31)
    panel.paid_amount_edit.setText("0")
    assert not panel.record_payment()
    assert "positive amount" in panel.payment_message.text()
    panel.paid_amount_edit.setText("Rp 12.500.000")
    panel.paid_reference_edit.setText("SP2D 0999/2026")
    with qtbot.waitSignal(panel.saved):
        assert panel.record_payment()
    assert "payment overdue" not in cell(panel, "ctr-vsat-cadangan-2026", "warnings")
    saved = workspace.load_network()
    assert saved is not None
    recorded = saved.contract("ctr-vsat-cadangan-2026")
    assert recorded is not None
    assert any(p.reference == "SP2D 0999/2026" and p.amount_idr == 12_500_000 for p in recorded.payments)
    with qtbot.waitSignal(panel.saved):
        panel.undo_stack.undo()
    assert "payment overdue" in cell(panel, "ctr-vsat-cadangan-2026", "warnings")


def select_row(table: QTableWidget, row: int) -> None:
    table.selectRow(row)


def test_budget_request_add_edit_delete_are_saved_and_undone(
        qtbot: QtBot, panel: ContractsPanel, workspace: Workspace) -> None:
    panel.select_contract("ctr-intranet-2026")
    assert panel.budget_year_spin.value() == 2027  # the year after the contract
    before = panel.budgets.rowCount()
    panel.budget_amount_edit.setText("Rp 2.400.000.000")
    panel.budget_note_edit.setText("RAPBD 2027")
    with qtbot.waitSignal(panel.saved):
        assert panel.add_budget_request()
    assert panel.budgets.rowCount() == before + 1
    saved = workspace.load_network()
    assert saved is not None
    requests = saved.contract("ctr-intranet-2026").budget_requests  # type: ignore[union-attr]
    added = next(r for r in requests if r.note == "RAPBD 2027")
    assert (added.year, added.amount_idr, added.status.value, added.decided_on) == (
        2027, 2_400_000_000, "proposed", None)

    row = next(r for r in range(panel.budgets.rowCount()) if item(panel.budgets, r, 4).text() == "RAPBD 2027")
    select_row(panel.budgets, row)
    assert panel.budget_amount_edit.text() == "2.400.000.000"
    panel.budget_status_choice.setCurrentIndex(panel.budget_status_choice.findText("approved"))
    panel.budget_decided_check.setChecked(True)
    panel.budget_decided_edit.setDate(QDate(2026, 12, 15))
    with qtbot.waitSignal(panel.saved):
        assert panel.update_budget_request()
    assert item(panel.budgets, row, 2).text() == "approved"
    assert item(panel.budgets, row, 3).text() == "15 Desember 2026"
    saved = workspace.load_network()
    assert saved is not None
    approved = saved.contract("ctr-intranet-2026").budget_requests  # type: ignore[union-attr]
    assert any(r.status.value == "approved" and r.decided_on == date(2026, 12, 15) for r in approved)

    with qtbot.waitSignal(panel.saved):
        panel.undo_stack.undo()
    assert item(panel.budgets, row, 2).text() == "proposed"
    select_row(panel.budgets, row)
    with qtbot.waitSignal(panel.saved):
        assert panel.delete_budget_request()
    assert panel.budgets.rowCount() == before
    with qtbot.waitSignal(panel.saved):
        panel.undo_stack.undo()
    assert panel.budgets.rowCount() == before + 1


def test_approving_next_years_budget_clears_the_budget_warning(qtbot: QtBot, panel: ContractsPanel) -> None:
    assert "no approved budget" in cell(panel, "ctr-internet-2026", "warnings")
    panel.select_contract("ctr-internet-2026")
    panel.budget_amount_edit.setText("2.400.000.000")
    panel.budget_status_choice.setCurrentIndex(panel.budget_status_choice.findText("approved"))
    panel.budget_decided_check.setChecked(True)
    with qtbot.waitSignal(panel.saved):
        assert panel.add_budget_request()
    assert "no approved budget" not in cell(panel, "ctr-internet-2026", "warnings")
    with qtbot.waitSignal(panel.saved):
        panel.undo_button.click()
    assert "no approved budget" in cell(panel, "ctr-internet-2026", "warnings")


def test_budget_request_validation_names_the_field(panel: ContractsPanel) -> None:
    panel.select_contract("ctr-intranet-2026")
    panel.budget_amount_edit.setText("banyak")
    panel.budget_status_choice.setCurrentIndex(panel.budget_status_choice.findText("cut"))
    assert not panel.add_budget_request()
    text = panel.budget_message.text()
    assert "Amount proposed:" in text and "positive amount" in text
    assert "Decided on:" in text
    panel.budget_amount_edit.setText("1.000")
    panel.budget_decided_check.setChecked(True)
    panel.budget_year_spin.setValue(2025)
    panel.budget_decided_edit.setDate(QDate(2026, 1, 5))
    assert not panel.add_budget_request()
    assert "decided before or during 2025" in panel.budget_message.text()
    assert panel.undo_stack.count() == 0


def test_letter_add_edit_delete_validation_and_undo(
        qtbot: QtBot, panel: ContractsPanel, workspace: Workspace) -> None:
    panel.select_contract("ctr-dukcapil-2016")
    assert panel.letters.rowCount() == 2
    assert not panel.update_letter_button.isEnabled()
    assert not panel.add_letter()
    assert "To:" in panel.letter_message.text() and "Subject:" in panel.letter_message.text()
    panel.letter_sent_edit.setDate(QDate(2016, 10, 3))
    panel.letter_to_edit.setText("Sekretaris Daerah")
    panel.letter_subject_edit.setText("Permohonan anggaran sewa bandwidth 2017")
    panel.letter_reference_edit.setText("005/311/DISKOMINFO/X/2016")
    with qtbot.waitSignal(panel.saved):
        assert panel.add_letter()
    assert panel.letters.rowCount() == 3
    dates = [item(panel.letters, r, 0).text() for r in range(3)]
    assert "3 Oktober 2016" in dates
    row = dates.index("3 Oktober 2016")
    select_row(panel.letters, row)
    assert panel.letter_to_edit.text() == "Sekretaris Daerah"
    panel.letter_subject_edit.setText("")
    assert not panel.update_letter()
    assert "Subject:" in panel.letter_message.text()
    panel.letter_subject_edit.setText("Permohonan anggaran 2017 (ulang)")
    with qtbot.waitSignal(panel.saved):
        assert panel.update_letter()
    saved = workspace.load_network()
    assert saved is not None
    letters = saved.contract("ctr-dukcapil-2016").correspondence  # type: ignore[union-attr]
    assert [x.subject for x in letters].count("Permohonan anggaran 2017 (ulang)") == 1
    assert letters == sorted(letters, key=lambda x: x.sent_on)
    select_row(panel.letters, row)
    with qtbot.waitSignal(panel.saved):
        assert panel.delete_letter()
    assert panel.letters.rowCount() == 2
    for _ in range(3):
        with qtbot.waitSignal(panel.saved):
            panel.undo_stack.undo()
    saved = workspace.load_network()
    assert saved is not None
    assert len(saved.contract("ctr-dukcapil-2016").correspondence) == 2  # type: ignore[union-attr]
    assert not panel.undo_button.isEnabled()


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="needs poppler-utils")
def test_pdf_carries_the_timeline_picture_a_saved_diagnosis_and_indonesian_warnings(
        qtbot: QtBot, tmp_path: Path, workspace: Workspace, sample: Network) -> None:
    tz = ZoneInfo(sample.timezone)
    workspace.save_diagnosis(created=datetime(2017, 7, 3, 9, 15, tzinfo=tz).timestamp(), scope="site disdukcapil",
                             verdict="isp-link", lang="id", report_text="Kesimpulan: jalur Telkom terputus",
                             report_json="{}")
    workspace.save_diagnosis(created=datetime(2017, 7, 3, 9, 20, tzinfo=tz).timestamp(), scope="server",
                             verdict="server", lang="id", report_text="Server mati", report_json="{}")
    workspace.flush()
    widget = ContractsPanel(workspace, today=lambda: date(2017, 6, 20), lang="id")
    qtbot.addWidget(widget)
    widget.set_network(sample)
    widget.select_contract("ctr-dukcapil-2016")
    images = widget.timeline_images("ctr-dukcapil-2016")
    assert list(images) == ["link-disdukcapil"] and images["link-disdukcapil"].width() >= 900
    path = tmp_path / "bukti.pdf"
    with qtbot.waitSignal(widget.report_written, timeout=10_000) as written:
        widget.export_pdf(path)
    assert written.args[1] == pdf_pages(path) >= 2
    text = " ".join(pdf_text(path).split())
    for phrase in ("027/SPK/DISKOMINFO/VI/2016", "1 Juli 2017", "31 Juli 2017",
                   "Kesimpulan: server dan LAN normal, link ISP putus", "Kesimpulan: jalur Telkom terputus",
                   "belum ada anggaran 2017 yang disetujui"):
        assert phrase in text
    assert "Server mati" not in text
    assert "isp-link" not in text  # the verdict's code: the sentence only
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert len([line for line in listing.splitlines()[2:] if line.strip()]) >= 1
    widget.shutdown()
