"""The availability report end to end: a real workspace with a month of rounds and events for a few offices,
`pantau report availability` writing the PDF and the workbook, and both read back (pdftotext, openpyxl) against
figures this test works out itself from the events it wrote: plain arithmetic on the outage hours and the
monitored hours, not the report's code."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from pantau.domain.inventory import (
    BudgetRequest,
    BudgetStatus,
    Contract,
    Link,
    LinkMedium,
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
)
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.sla_terms import SlaTerms, SlaWindow
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.states import HealthState, StateChange
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.storage.workspace import Workspace
from tests.integration.test_cli import pantau

WITA = ZoneInfo("Asia/Makassar")
HOUR = 3600.0


def at(day: int, hour: float = 0.0, month: int = 11) -> float:
    return datetime(2026, month, day, tzinfo=WITA).timestamp() + hour * HOUR


START, END = at(1), at(1, month=12)
NOW = at(2, 10, month=12)
# Each office: the time its rounds start, and its outages (start, end). n1 has a router but was never monitored.
FIRST_ROUND = {"a1": START, "a2": at(15), "b1": START}
OUTAGES = {"a1": [(at(10, 8), at(10, 11)), (at(20, 13), at(20, 13.5))], "a2": [], "b1": [(at(5), at(5, 6))]}
MONTHLY_FEE = 100_000_000  # the contract: Rp 1.2 billion a year for three lines, 10 Mbps each
CAUSE = "Fiber cut at Waru bridge"
USED_BPS = 4_000_000.0


def network() -> Network:
    sla = SlaTerms(SlaWindow.MONTH, credit_percent_per_hour=2, credit_cap_percent=30)
    return Network(
        "Availability test", timezone="Asia/Makassar",
        sites=[Site("dc", "Data centre", SiteKind.DATACENTER, "Penajam"),
               Site("a1", "Kantor A1", SiteKind.DESA, "Waru", parent="dc"),
               Site("a2", "Kantor A2", SiteKind.DESA, "Waru", parent="dc"),
               Site("b1", "Kantor B1", SiteKind.DESA, "Sepaku", parent="dc"),
               Site("n1", "Kantor N1", SiteKind.DESA, "Sepaku", parent="dc")],
        targets=[Target("srv", "dc", "127.0.40.1", TargetRole.SERVER),
                 *(Target(f"r-{s}", s, f"127.0.40.{i + 2}", TargetRole.OFFICE_ROUTER)
                   for i, s in enumerate(("a1", "a2", "b1", "n1")))],
        links=[Link("l-a1", "dc", "a1", "Telkom", LinkMedium.FIBER, 10_000, contracts=["c-2026"],
                    snmp=SnmpInterface("127.0.0.1", "ether1", community_secret="pantau/test")),
               Link("l-a2", "dc", "a2", "Telkom", LinkMedium.FIBER, 10_000, contracts=["c-2026"]),
               Link("l-b1", "dc", "b1", "Telkom", LinkMedium.FIBER, 10_000, contracts=["c-2026"]),
               Link("l-n1", "dc", "n1", "Lintas", LinkMedium.VSAT, 2_000, contracts=["c-n1"])],
        contracts=[Contract("c-2026", "Telkom", "185/SPK/2026", "Intranet", 10_000, date(2026, 1, 1),
                            date(2026, 12, 31), 12 * MONTHLY_FEE, sla_percent=99.5, sla=sla,
                            budget_requests=[BudgetRequest(2027, 1_300_000_000, BudgetStatus.PROPOSED)]),
                   Contract("c-n1", "Lintas", "77/SPK/2026", "VSAT", 2_000, date(2026, 7, 1), date(2027, 6, 30),
                            120_000_000)],
    )


def fill(workspace: Workspace) -> None:
    for site, first in FIRST_ROUND.items():
        down = OUTAGES[site]
        rounds = []
        ts = first
        while ts < END:
            if any(a <= ts < b for a, b in down):
                rounds.append(Sample(ts, f"r-{site}", "icmp", None, ErrorKind.TIMEOUT, "timeout", sent=3, lost=3))
            else:
                rounds.append(Sample(ts, f"r-{site}", "icmp", 12.0, sent=3, lost=0))
            ts += 600
        workspace.submit(rounds)
        workspace.flush()
        state, since = HealthState.UNKNOWN, first
        for begin, end in down:
            workspace.record_state_change(StateChange(site, "site", state, HealthState.UP, since))
            workspace.record_state_change(StateChange(site, "site", HealthState.UP, HealthState.DOWN, begin, "lost"))
            state, since = HealthState.DOWN, end
        workspace.record_state_change(StateChange(site, "site", state, HealthState.UP, since))
    workspace.save_diagnosis(created=at(10, 8.5), scope="site a1", verdict="isp-link", lang="en",
                             report_text=CAUSE, report_json=json.dumps({"headline": CAUSE}))
    workspace.record_traffic([TrafficInterval("l-a1", START + k * HOUR, START + (k + 1) * HOUR, USED_BPS, 1e6,
                                              OperStatus.UP) for k in range(int((END - START) // HOUR))])
    workspace.flush()


def expected() -> dict[str, float]:
    """Each monitored office's availability from the raw events: 1 - down hours / monitored hours (every second
    from its first round to the month's end was measured, UP or DOWN)."""
    found = {}
    for site, first in FIRST_ROUND.items():
        monitored = END - first
        down = sum(b - a for a, b in OUTAGES[site])
        found[site] = (monitored - down) / monitored
    return found


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    path = tmp_path / "report.sqlite3"
    with Workspace.open(path) as workspace:
        workspace.replace_network(network())
        fill(workspace)
    return path


def _rows(sheet: Worksheet) -> dict[str, dict[str, Any]]:
    """The sheet's rows by their first cell, each as header → cell."""
    header = [cell.value for cell in sheet[1]]
    return {str(row[0].value): {str(h): cell for h, cell in zip(header, row, strict=True)}
            for row in sheet.iter_rows(min_row=2)}


def test_the_pdf_and_the_workbook_say_the_figures_of_the_raw_events(workspace_path: Path, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "report.pdf", tmp_path / "report.xlsx"
    result = pantau("report", "availability", "--month", "2026-11", "--pdf", str(pdf), "--xlsx", str(xlsx),
                    "--lang", "en", "--now", str(NOW), workspace=workspace_path)
    assert result.returncode == 0, result.stderr
    assert "3 of 5 offices" in result.stdout and "(2 not monitored)" in result.stdout  # n1 and the dc
    want = expected()
    assert 0.99 < want["a1"] < 1 and want["a2"] == 1.0  # the fixture is what it says

    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Summary", "Offices", "Links", "Districts", "Outages", "Costs", "SLA",
                               "Contract calendar"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1] if cell.value)
    offices = _rows(book["Offices"])
    for site, figure in want.items():
        cell = offices[site]["Availability"]
        assert isinstance(cell.value, float | int) and abs(cell.value - figure) < 1e-9, (site, cell.value, figure)
        assert cell.number_format == "0.00%"
    assert offices["a2"]["Monitored share"].value == pytest.approx((END - FIRST_ROUND["a2"]) / (END - START))
    assert offices["a1"]["Downtime (hours)"].value == pytest.approx(3.5)
    # Never monitored: no figure (an empty cell, never 1.0) and the note says why; likewise the data centre's
    # server, which was not probed either.
    assert offices["n1"]["Availability"].value is None
    assert "not monitored" in str(offices["n1"]["Note"].value)

    districts = _rows(book["Districts"])
    waru_measured = (END - FIRST_ROUND["a1"]) + (END - FIRST_ROUND["a2"])
    waru_answered = want["a1"] * (END - FIRST_ROUND["a1"]) + want["a2"] * (END - FIRST_ROUND["a2"])
    assert districts["Waru"]["Availability"].value == pytest.approx(waru_answered / waru_measured, abs=1e-12)
    assert districts["Sepaku"]["Availability"].value == pytest.approx(want["b1"], abs=1e-12)  # n1 adds nothing
    assert districts["Sepaku"]["With data"].value == 1 and districts["Sepaku"]["Offices"].value == 2

    outages = list(book["Outages"].iter_rows(min_row=2, values_only=True))
    assert len(outages) == sum(len(found) for found in OUTAGES.values())
    first_a1 = next(row for row in outages if row[1] == "a1")
    assert first_a1[4] == datetime(2026, 11, 10, 8, 0) and first_a1[5] == datetime(2026, 11, 10, 11, 0)
    assert first_a1[6] == pytest.approx(3.0) and first_a1[8] == CAUSE and isinstance(first_a1[0], int)

    costs = _rows(book["Costs"])
    line_fee = MONTHLY_FEE / 3
    a1_cost = next(row for row in book["Costs"].iter_rows(min_row=2) if row[3].value == "l-a1")
    assert a1_cost[6].value == MONTHLY_FEE // 10 and a1_cost[6].number_format == "#,##0"
    assert a1_cost[10].value == round(line_fee / (USED_BPS / 1e6))
    assert "c-2026" in costs

    # The SLA: b1 was down 6 h in a 720 h month; 99.5 % allows 3.6 h, so 2 whole hours beyond, at 2 % of the
    # line's monthly fee each. a1 (3.5 h down) stays within its allowance.
    sla = [row for row in book["SLA"].iter_rows(min_row=2, values_only=True) if row[0] == "c-2026"]
    by_link = {row[3]: row for row in sla}
    assert by_link["l-b1"][9] == 2 and by_link["l-b1"][10] == round(2 * 0.02 * line_fee)
    assert by_link["l-a1"][9] == 0 and by_link["l-a1"][10] == 0
    assert by_link["l-b1"][8] == pytest.approx(want["b1"])
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["SLA credits due"] == round(2 * 0.02 * line_fee)
    assert summary["First day"] == datetime(2026, 11, 1) and book["Summary"]["B3"].number_format == "yyyy-mm-dd"

    calendar = _rows(book["Contract calendar"])
    n1_contract = calendar["c-n1"]
    assert n1_contract["Last day"].value == datetime(2027, 6, 30)
    assert n1_contract["Procurement starts by"].value.date() == date(2027, 6, 30) - timedelta(days=90)
    assert n1_contract["Procurement starts by"].number_format == "yyyy-mm-dd"
    assert n1_contract["Budget line needed (Rp a year)"].value == 12 * 120_000_000 // 12
    # The intranet contract ends on 31 December: next year is uncovered without its successor; its request shows.
    assert calendar["c-2026"]["Budget request"].value == "proposed"
    assert calendar["c-2026"]["Requested (Rp)"].value == 1_300_000_000

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = text.splitlines()
    for site, figure in want.items():
        name = f"Kantor {site.upper()}"
        row = next(line for line in lines if line.strip().startswith(name) and "%" in line)
        assert f"{figure * 100:.2f} %" in row, (row, figure)
    never = next(line for line in lines if line.strip().startswith("Kantor N1"))
    assert "no data" in never and "100" not in never
    assert CAUSE in text.replace("\n", " ") or "Fiber cut" in text
    assert f"{waru_answered / waru_measured * 100:.2f} %" in text
    assert "1 Apr 2027" in text.replace("April", "Apr")
    assert "Rp 1.333.333" in text  # the SLA credit


def test_indonesian_workbook_names_its_sheets_in_indonesian(workspace_path: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "laporan.xlsx"
    result = pantau("report", "availability", "--from", "2026-11-01", "--to", "2026-11-30", "--xlsx", str(xlsx),
                    "--now", str(NOW), workspace=workspace_path)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames[:3] == ["Ringkasan", "Kantor", "Jalur"]
    assert "tidak dipantau" in str(_rows(book["Kantor"])["n1"]["Catatan"].value)


@pytest.mark.parametrize(("args", "message"), [
    (["--month", "2026-11"], "--pdf FILE, --xlsx FILE or both"),
    (["--month", "2026-13", "--pdf", "x.pdf"], "write a month as YYYY-MM"),
    (["--quarter", "2026Q5", "--pdf", "x.pdf"], "YYYYQn"),
    (["--from", "2026-11-05", "--to", "2026-11-01", "--pdf", "x.pdf"], "ends (2026-11-01) before it starts"),
    (["--from", "2026-11-05", "--pdf", "x.pdf"], "--from and --to go together"),
    (["--year", "2026", "--month", "2026-11", "--pdf", "x.pdf"], "give the period once"),
    (["--year", "2031", "--pdf", "x.pdf"], "after today"),
])
def test_a_bad_period_exits_2_and_says_why(workspace_path: Path, tmp_path: Path, args: list[str],
                                          message: str) -> None:
    result = pantau("report", "availability", *args, "--now", str(NOW), workspace=workspace_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_no_workspace_exits_2(tmp_path: Path) -> None:
    result = pantau("report", "availability", "--month", "2026-11", "--pdf", str(tmp_path / "x.pdf"),
                    workspace=tmp_path / "missing.sqlite3")
    assert result.returncode == 2 and "no workspace at" in result.stderr
