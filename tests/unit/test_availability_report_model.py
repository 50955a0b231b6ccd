"""The availability report's model on its own: the period shortcuts, which contracts the calendar lists, and that
an office nobody measured has no figure (on a real, empty workspace)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.contracts import NOTICE_LEAD_DAYS, PROCUREMENT_LEAD_DAYS
from pantau.domain.inventory import Contract, Link, LinkMedium, Network, Site, SiteKind, Target, TargetRole
from pantau.reporting.availability_report import NoData, PeriodError, build_availability_report, period_days
from pantau.storage.workspace import Workspace

WITA = ZoneInfo("Asia/Makassar")


@pytest.mark.parametrize(("kind", "text", "first", "last"), [
    ("month", "2026-11", date(2026, 11, 1), date(2026, 11, 30)),
    ("month", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("month", "2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    ("quarter", "2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
    ("quarter", "2026q4", date(2026, 10, 1), date(2026, 12, 31)),
    ("year", "2026", date(2026, 1, 1), date(2026, 12, 31)),
])
def test_period_shortcuts(kind: str, text: str, first: date, last: date) -> None:
    assert period_days(kind, text) == (first, last)


@pytest.mark.parametrize(("kind", "text"), [("month", "2026-13"), ("month", "11-2026"), ("quarter", "2026Q0"),
                                            ("quarter", "2026-3"), ("year", "26")])
def test_a_period_written_wrongly_says_how_to_write_it(kind: str, text: str) -> None:
    with pytest.raises(PeriodError, match=f"--{kind} '{text}': write"):
        period_days(kind, text)


def _contract(cid: str, start: date, end: date) -> Contract:
    return Contract(cid, "Telkom", f"{cid}/SPK", "Intranet", 2_000, start, end, 12_000_000)


def test_the_calendar_lists_what_lapses_by_the_end_of_next_year_and_what_lapsed_unfollowed(tmp_path: Path) -> None:
    network = Network(
        "calendar", timezone="Asia/Makassar",
        sites=[Site("dc", "DC", SiteKind.DATACENTER, "Penajam"), Site("a", "A", SiteKind.DESA, "Waru", parent="dc"),
               Site("b", "B", SiteKind.DESA, "Waru", parent="dc"), Site("c", "C", SiteKind.DESA, "Waru", parent="dc")],
        targets=[Target("ra", "a", "127.0.42.1", TargetRole.OFFICE_ROUTER)],
        links=[Link("la", "dc", "a", "Telkom", LinkMedium.FIBER, 2_000, contracts=["old", "dec", "late"]),
               Link("lb", "dc", "b", "Telkom", LinkMedium.FIBER, 2_000, contracts=["lapsed"]),
               Link("lc", "dc", "c", "Telkom", LinkMedium.FIBER, 2_000, contracts=["next", "far"])],
        contracts=[_contract("old", date(2025, 1, 1), date(2025, 12, 31)),  # followed: history
                   _contract("dec", date(2026, 1, 1), date(2026, 12, 31)),  # followed by "late": history too
                   _contract("late", date(2027, 1, 1), date(2027, 12, 31)),  # lapses 1 Jan 2028: after next year
                   _contract("lapsed", date(2024, 1, 1), date(2024, 12, 31)),  # lapsed, nothing follows
                   _contract("next", date(2026, 7, 1), date(2027, 6, 30)),
                   _contract("far", date(2027, 7, 1), date(2028, 6, 30))],
    )
    now = datetime(2026, 12, 5, 9, tzinfo=WITA).timestamp()
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        workspace.replace_network(network)
        report = build_availability_report(workspace, network, date(2026, 1, 1), date(2026, 12, 31), now)
    by_id = {row.contract_id: row for row in report.calendar}
    # "next" is followed by "far" on its only link, so it is history as well; "late" lapses in 2028.
    assert set(by_id) == {"lapsed"}
    assert by_id["lapsed"].lapsed and by_id["lapsed"].budget_year == 2025
    assert report.budget_year == 2027
    # An office nobody measured (no rounds at all in the workspace) has no figure, not 100 %.
    office = next(row for row in report.offices if row.site_id == "a")
    assert office.availability is None and office.no_data is NoData.NOT_MONITORED
    assert next(row for row in report.offices if row.site_id == "b").no_data is NoData.NO_CHECK
    assert report.availability is None


def test_a_contract_ending_on_31_december_needs_next_year_s_budget(tmp_path: Path) -> None:
    network = Network(
        "december", timezone="Asia/Makassar",
        sites=[Site("dc", "DC", SiteKind.DATACENTER, "Penajam"), Site("a", "A", SiteKind.DESA, "Waru", parent="dc")],
        links=[Link("la", "dc", "a", "Telkom", LinkMedium.FIBER, 2_000, contracts=["dec"])],
        contracts=[_contract("dec", date(2026, 1, 1), date(2026, 12, 31))])
    now = datetime(2026, 11, 2, 9, tzinfo=WITA).timestamp()
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        workspace.replace_network(network)
        report = build_availability_report(workspace, network, date(2026, 10, 1), date(2026, 10, 31), now)
    (row,) = report.calendar
    assert row.budget_year == 2027 and not row.lapsed
    assert row.procurement_on == date(2026, 12, 31) - timedelta(days=PROCUREMENT_LEAD_DAYS)
    assert row.notice_on == date(2026, 12, 31) - timedelta(days=NOTICE_LEAD_DAYS)
    assert row.yearly_cost_idr == 12_000_000 and row.request is None


def test_a_credit_rule_over_lines_nobody_monitored_is_no_figure_never_none(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from pantau.reporting.availability_report_html import availability_report_html
    from pantau.reporting.availability_xlsx import write_availability_xlsx
    from pantau.resources import sample_network_path
    from pantau.storage.networkfile import load_network_file

    network = load_network_file(sample_network_path())
    ruled = [c.id for c in network.contracts if c.sla is not None and c.sla.has_credit_rule
             and c.start <= date(2026, 11, 30) and c.end >= date(2026, 11, 1)]
    assert ruled, "the sample states credit rules on its 2026 contracts"
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        report = build_availability_report(workspace, network, date(2026, 11, 1), date(2026, 11, 30),
                                           datetime(2026, 12, 2, tzinfo=ZoneInfo("Asia/Makassar")).timestamp())
    assert report.credits_idr == []
    html = availability_report_html(report, "en", charts=False)
    assert f"no figure for {len(ruled)} contract(s) with a credit rule: their lines were not monitored" in html
    book = tmp_path / "r.xlsx"
    write_availability_xlsx(report, book, "en")
    summary = load_workbook(book).worksheets[0]
    rows = {row[0]: row[1:] for row in summary.iter_rows(values_only=True)}
    assert rows["SLA credits due"][0] is None
    assert "not monitored" in str(rows["SLA credits due"][1])
