"""The availability report as an `.xlsx` workbook (openpyxl; no Qt): one sheet per table, so the figures can be
summed, filtered and pasted into a budget document.

Cells hold numbers as numbers: an availability or a share is a fraction with a percent format (0.9952 shown as
99.52%), rupiah are whole numbers with a thousands format, hours are decimals. Days are dates and moments naive
datetimes in the network's local time (a spreadsheet has no time zones; the summary names the zone). A figure that
cannot be given is an empty cell, and the row's note says why. Every sheet has a bold, frozen header row and set
column widths.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pantau.domain.timezones import zone
from pantau.reporting.availability_report import AvailabilityReport, OfficeRow
from pantau.reporting.catalogue import Lang, lang_of
from pantau.reporting.catalogue import t as phrase
from pantau.reporting.idformat import ZONE_ABBREVIATIONS

__all__ = ["DATETIME_FORMAT", "DATE_FORMAT", "HOURS_FORMAT", "PERCENT_FORMAT", "RUPIAH_FORMAT",
           "write_availability_xlsx"]

PERCENT_FORMAT = "0.00%"
RUPIAH_FORMAT = "#,##0"
HOURS_FORMAT = "0.0"
MBPS_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_MAX_WIDTH = 60

Cell = str | int | float | date | datetime | None


def _credit_note(report: AvailabilityReport, credits: list[float], t: Callable[..., str]) -> str:
    """Why the credits cell is empty or partial: no contract gives one, or some were not monitored (unknown, not
    zero)."""
    unwatched = sum(1 for row in report.sla if row.service.gap is None and row.service.watched_s <= 0)
    if unwatched:
        return str(t("sla-credit-unwatched", n=unwatched))
    return "" if credits else str(t("none"))


def _sheet(book: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]],
           formats: dict[int, str] | None = None) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column, number_format in (formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = number_format
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers):
        longest = max([len(header)] + [_width(row[index]) for row in rows])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(_MAX_WIDTH, longest + 2)


def _width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return 10
    return len(str(value))


def write_availability_xlsx(report: AvailabilityReport, path: Path, lang: str = "id") -> None:
    """Write the workbook to `path` (replacing it). Raises OSError when it can't be written."""
    language = lang_of(lang)

    def t(key: str, **facts: object) -> str:
        return phrase(language, f"avail.{key}", **facts)

    tz = zone(report.timezone)

    def local(ts: float) -> datetime:
        return datetime.fromtimestamp(ts, tz).replace(tzinfo=None, microsecond=0)

    def note(row: OfficeRow) -> str:
        return t(f"nodata.{row.no_data.value}") if row.no_data is not None else ""

    book = Workbook()
    # The workbook starts with one empty sheet; every sheet here is made by `_sheet`.
    for empty in list(book.worksheets):
        book.remove(empty)
    _summary(book, report, language, local)

    _sheet(book, t("sheet.offices"),
           [t("col.site-id"), t("col.office"), t("col.kecamatan"), t("col.availability"), t("col.monitored"),
            t("col.downtime-h"), t("col.outages"), t("col.note")],
           [[row.site_id, row.name, row.kecamatan, row.availability, row.monitored_share,
             row.down_s / 3600 if row.no_data is None else None, row.outages, note(row)] for row in report.offices],
           {3: PERCENT_FORMAT, 4: PERCENT_FORMAT, 5: HOURS_FORMAT})

    _sheet(book, t("sheet.links"),
           [t("col.link"), t("col.site-id"), t("col.office"), t("col.provider"), t("col.role"),
            t("col.bandwidth-kbps"), t("col.contract"), t("col.availability"), t("col.note")],
           [[row.link_id, row.office.site_id, row.office.name, row.provider, t(f"role.{row.role}"), row.bandwidth_kbps,
             row.contract_id, row.office.availability, note(row.office)] for row in report.links],
           {5: "#,##0", 7: PERCENT_FORMAT})

    _sheet(book, t("sheet.districts"),
           [t("col.kecamatan"), t("col.offices"), t("col.with-data"), t("col.availability"), t("col.downtime-h"),
            t("col.outages"), t("col.note")],
           [[row.kecamatan, row.offices, row.offices_with_data, row.availability,
             (row.measured_s - row.answered_s) / 3600 if row.availability is not None else None, row.outages,
             "" if row.availability is not None else t("nodata.not-monitored")] for row in report.districts],
           {3: PERCENT_FORMAT, 4: HOURS_FORMAT})

    _sheet(book, t("sheet.outages"),
           [t("col.outage-id"), t("col.site-id"), t("col.office"), t("col.kecamatan"), t("col.start"), t("col.end"),
            t("col.duration-h"), t("col.ongoing"), t("col.cause")],
           [[row.outage.event_id or None, row.site_id, row.name, row.kecamatan, local(row.outage.start),
             local(row.outage.end), row.outage.duration_s / 3600, t("yes") if row.outage.ongoing else t("no"),
             row.outage.cause] for row in report.outages],
           {0: "0", 4: DATETIME_FORMAT, 5: DATETIME_FORMAT, 6: "0.00"})

    _sheet(book, t("sheet.costs"),
           [t("col.contract"), t("col.number"), t("col.provider"), t("col.link"), t("col.bandwidth-kbps"),
            t("col.line-fee"), t("col.per-paid"), t("col.mean-mbps"), t("col.p95-mbps"), t("col.measured"),
            t("col.per-used"), t("col.note")],
           [[row.contract_id, row.number, row.provider, row.link_id, row.bandwidth_kbps, _rupiah(row.line_fee_idr),
             _rupiah(row.paid_per_mbps_idr), row.mean_bps / 1e6 if row.mean_bps else None,
             row.p95_bps / 1e6 if row.p95_bps is not None and row.mean_bps else None, row.measured_share,
             _rupiah(row.used_per_mbps_idr), t(f"use.{row.used_gap.value}") if row.used_gap else ""]
            for row in report.costs],
           {4: "#,##0", 5: RUPIAH_FORMAT, 6: RUPIAH_FORMAT, 7: MBPS_FORMAT, 8: MBPS_FORMAT, 9: PERCENT_FORMAT,
            10: RUPIAH_FORMAT})

    _sla_sheet(book, report, language)
    _calendar_sheet(book, report, language)
    book.save(path)


def _rupiah(amount: float | None) -> int | None:
    return None if amount is None else round(amount)


def _summary(book: Workbook, report: AvailabilityReport, language: Lang,
             local: Callable[[float], datetime]) -> None:
    def t(key: str, **facts: object) -> str:
        return phrase(language, f"avail.{key}", **facts)

    credits = report.credits_idr
    zone_name = ZONE_ABBREVIATIONS.get(report.timezone, report.timezone)
    rows: list[list[Cell]] = [
        [t("sum.network"), report.network_name, ""],
        [t("sum.first"), report.first, ""],
        [t("sum.last"), report.last, ""],
        [t("sum.counted-until"), local(report.end), zone_name],
        [t("network"), report.availability, "" if report.availability is not None else t("nodata.not-monitored")],
        [t("sum.offices"), len(report.offices), ""],
        [t("sum.with-data"), report.offices_with_data, ""],
        [t("sum.downtime-h"), report.down_s / 3600, ""],
        [t("outage-count"), len(report.outages), ""],
        [t("sla-credit-total"), round(sum(credits)) if credits else None, _credit_note(report, credits, t)],
        [t("calendar-count"), len(report.calendar), t("calendar", year=report.budget_year)],
    ]
    _sheet(book, t("sheet.summary"), [t("item"), t("value"), t("col.note")], rows)
    sheet = book[t("sheet.summary")]
    for row_number, number_format in ((3, DATE_FORMAT), (4, DATE_FORMAT), (5, DATETIME_FORMAT),
                                      (6, PERCENT_FORMAT), (9, HOURS_FORMAT), (11, RUPIAH_FORMAT)):
        sheet.cell(row_number, 2).number_format = number_format
    sheet.column_dimensions["B"].width = max(18, min(_MAX_WIDTH, len(report.network_name) + 2))


def _sla_sheet(book: Workbook, report: AvailabilityReport, language: Lang) -> None:
    def t(key: str, **facts: object) -> str:
        return phrase(language, f"avail.{key}", **facts)

    rows: list[list[Cell]] = []
    for row in report.sla:
        service = row.service
        target = service.target_percent / 100 if service.target_percent is not None else None
        gap = t(f"sla.{service.gap}") if service.gap is not None else ""
        if not service.windows:
            rows.append([row.contract_id, row.number, row.provider, None, None, None, target, None, None, None, None,
                         gap])
        for window in service.windows:
            percent = window.availability_percent
            credit = service.credit_of(window)
            rows.append([row.contract_id, row.number, row.provider, window.link_id, window.days.start,
                         window.days.end, target, window.watched_share, None if percent is None else percent / 100,
                         window.excess_hours if percent is not None else None,
                         _rupiah(credit) if percent is not None else None,
                         gap or (t("sla.not-watched") if percent is None else "")])
    _sheet(book, t("sheet.sla"),
           [t("col.contract"), t("col.number"), t("col.provider"), t("col.link"), t("col.start"), t("col.end"),
            t("col.target"), t("col.watched"), t("col.availability"), t("col.excess-h"), t("col.credit"),
            t("col.note")], rows,
           {4: DATE_FORMAT, 5: DATE_FORMAT, 6: PERCENT_FORMAT, 7: PERCENT_FORMAT, 8: PERCENT_FORMAT,
            10: RUPIAH_FORMAT})


def _calendar_sheet(book: Workbook, report: AvailabilityReport, language: Lang) -> None:
    def t(key: str, **facts: object) -> str:
        return phrase(language, f"avail.{key}", **facts)

    today = datetime.fromtimestamp(report.made, zone(report.timezone)).date()
    rows: list[list[Cell]] = []
    for item in report.calendar:
        request = item.request
        notes = [t("lapsed")] if item.lapsed else []
        if item.procurement_on < today and not item.lapsed:
            notes.append(f"{t('col.procurement')} {t('overdue')}")
        rows.append([item.contract_id, item.number, item.provider, ", ".join(item.link_ids), item.end, item.notice_on,
                     item.procurement_on, item.budget_year, item.yearly_cost_idr,
                     phrase(language, f"status.{request.status.value}") if request is not None else
                     t("request.none", year=item.budget_year),
                     request.amount_idr if request is not None else None, "; ".join(notes)])
    _sheet(book, t("sheet.calendar"),
           [t("col.contract"), t("col.number"), t("col.provider"), t("col.links"), t("col.last-day"),
            t("col.notice"), t("col.procurement"), t("col.budget-year"), t("col.yearly"), t("col.request"),
            t("col.requested"), t("col.note")], rows,
           {4: DATE_FORMAT, 5: DATE_FORMAT, 6: DATE_FORMAT, 7: "0", 8: RUPIAH_FORMAT, 10: RUPIAH_FORMAT})
