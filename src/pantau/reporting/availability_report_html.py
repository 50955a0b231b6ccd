"""The network-wide availability report as HTML, in Indonesian or English (the catalogue's `avail.*` keys), for
`ui.contract_pdf.write_pdf`; the charts are pictures the GUI side draws (`ui.availability_chart`) under the names
`CHART_DISTRICTS` and `CHART_WORST`.

Pure: it takes the `AvailabilityReport` and returns a document. Sections: summary, the two charts, offices, links,
kecamatan, outages with their causes, cost per paid and used Mbps, SLA credits, and the contract calendar of the
next budget year. A missing figure is written as the reason it is missing, never as a number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from html import escape

from pantau.domain.contracts import NOTICE_LEAD_DAYS, PROCUREMENT_LEAD_DAYS
from pantau.domain.timezones import zone
from pantau.reporting.availability_report import AvailabilityReport, CostRow, OfficeRow
from pantau.reporting.catalogue import Lang, lang_of, number
from pantau.reporting.catalogue import t as phrase
from pantau.reporting.idformat import ZONE_ABBREVIATIONS, format_bandwidth, format_date, format_rupiah

__all__ = ["CHART_DISTRICTS", "CHART_WIDTH_PX", "CHART_WORST", "MAX_OUTAGES", "WORST_OFFICES",
           "availability_report_html", "percent_text", "worst_offices"]

CHART_DISTRICTS = "chart-districts"
CHART_WORST = "chart-worst"
# The width of a chart on the page, in the renderer's pixels (96 dpi: A4's 180 mm text width).
CHART_WIDTH_PX = 680
# The chart of offices shows this many, the lowest first; the PDF lists at most MAX_OUTAGES outages (the workbook
# holds them all).
WORST_OFFICES = 15
MAX_OUTAGES = 300
# A contract's links are named up to this many; beyond, counted.
MAX_LINKS_NAMED = 3


def percent_text(lang: Lang, fraction: float | None) -> str:
    """A fraction as a percent with two decimals ("99,52 %"), or "no data"."""
    return phrase(lang, "avail.no-data") if fraction is None else f"{number(lang, fraction * 100, 2)} %"


def worst_offices(report: AvailabilityReport, n: int = WORST_OFFICES) -> list[OfficeRow]:
    """The `n` offices with data and the lowest availability, lowest first (ties by name)."""
    rows = [row for row in report.offices if row.availability is not None]
    return sorted(rows, key=lambda row: (row.availability or 0.0, row.name))[:n]


def _credit_total(report: AvailabilityReport, credits: list[float], t: Callable[..., str]) -> str:
    """The credits due, saying when a contract with a credit rule was not monitored: its credit is unknown, and a
    total without it (or "none") would read as if it were zero."""
    unwatched = sum(1 for row in report.sla if row.service.gap is None and row.service.watched_s <= 0)
    if not credits:
        return t("sla-credit-unwatched", n=unwatched) if unwatched else t("none")
    total = format_rupiah(sum(credits))
    return f"{total} ({t('sla-credit-unwatched', n=unwatched)})" if unwatched else total


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = (),
           widths: Sequence[int] = ()) -> str:
    """A bordered table; `right` the columns aligned right (figures), `widths` each column's percent of the page
    (names get the room, figures what they need)."""
    head = "<tr>" + "".join(f"<th align='left'{f' width={widths[i]}%' if i < len(widths) else ''}>{escape(h)}</th>"
                            for i, h in enumerate(headers)) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td{' align=right' if i in right else ''}>{escape(c)}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return (f"<table border='1' cellspacing='0' cellpadding='2' width='100%' style='font-size:8pt'>"
            f"{head}{body}</table>")


def availability_report_html(report: AvailabilityReport, lang: str = "id", charts: bool = True) -> str:
    """The whole report; with `charts`, `<img>` tags for the two charts the renderer holds."""
    language = lang_of(lang)

    def t(key: str, **facts: object) -> str:
        return phrase(language, f"avail.{key}", **facts)

    tz = zone(report.timezone)

    def d(day: date) -> str:
        return format_date(day, language)

    def moment(ts: float) -> str:
        when = datetime.fromtimestamp(ts, tz)
        return f"{d(when.date())} {when:%H:%M}"

    def hours(seconds: float) -> str:
        return number(language, seconds / 3600, 1)

    def share(fraction: float) -> str:
        return f"{number(language, fraction * 100, 0)} %"

    def office_note(row: OfficeRow) -> str:
        return t(f"nodata.{row.no_data.value}") if row.no_data is not None else ""

    zone_name = ZONE_ABBREVIATIONS.get(report.timezone, report.timezone)
    parts = [f"<h1>{t('title')}</h1>",
             f"<p><b>{escape(report.network_name)}</b><br>{t('period', first=d(report.first), last=d(report.last))}"]
    if report.end < report.period_end:
        parts.append(f" {t('until-now', moment=moment(report.end))}")
    parts.append(f"<br>{t('made', moment=moment(report.made), zone=zone_name)}</p>")
    parts.append(f"<p style='font-size:8pt'>{t('rule')}</p>")

    credits = report.credits_idr
    parts.append(f"<h2>{t('summary')}</h2>")
    summary = [[t("network"), percent_text(language, report.availability)],
               [t("offices-with-data"), t("of", n=report.offices_with_data, total=len(report.offices))],
               [t("sum.downtime-h"), hours(report.down_s)],
               [t("outage-count"), str(len(report.outages))],
               [t("sla-credit-total"), _credit_total(report, credits, t)],
               [t("calendar-count"), str(len(report.calendar))]]
    parts.append(_table([t("item"), t("value")], summary))

    if charts:
        parts.append(f"<h2>{t('chart.districts')}</h2>")
        parts.append(f"<p><img src='{CHART_DISTRICTS}' width='{CHART_WIDTH_PX}'></p>")
        parts.append(f"<h2>{t('worst', n=WORST_OFFICES)}</h2>")
        parts.append(f"<p><img src='{CHART_WORST}' width='{CHART_WIDTH_PX}'></p>")

    parts.append(f"<h2>{t('offices')}</h2>")
    parts.append(_table(
        [t("col.office"), t("col.kecamatan"), t("col.availability"), t("col.monitored"), t("col.downtime-h"),
         t("col.outages"), t("col.note")],
        [[row.name, row.kecamatan, percent_text(language, row.availability), share(row.monitored_share),
          hours(row.down_s) if row.no_data is None else "", str(row.outages), office_note(row)]
         for row in report.offices], right=(2, 3, 4, 5), widths=(30, 12, 12, 10, 10, 8, 18)))

    parts.append(f"<h2>{t('links')}</h2>")
    parts.append(_table(
        [t("col.link"), t("col.office"), t("col.provider"), t("col.role"), t("col.contract"),
         t("col.availability"), t("col.note")],
        [[row.link_id, row.office.name, row.provider, t(f"role.{row.role}"), row.contract_id or "–",
          percent_text(language, row.office.availability), office_note(row.office)] for row in report.links],
        right=(5,), widths=(18, 24, 14, 10, 14, 10, 10)))

    parts.append(f"<h2>{t('districts')}</h2>")
    parts.append(_table(
        [t("col.kecamatan"), t("col.offices"), t("col.with-data"), t("col.availability"), t("col.downtime-h"),
         t("col.outages")],
        [[row.kecamatan or "–", str(row.offices), str(row.offices_with_data), percent_text(language, row.availability),
          hours(row.measured_s - row.answered_s), str(row.outages)] for row in report.districts],
        right=(1, 2, 3, 4, 5)))

    parts.append(f"<h2>{t('outages')}</h2>")
    if not report.outages:
        parts.append(f"<p>{t('none')}</p>")
    else:
        shown = report.outages[:MAX_OUTAGES]
        parts.append(_table(
            [t("col.outage-id"), t("col.office"), t("col.start"), t("col.end"), t("col.duration-h"),
             t("col.cause")],
            [[str(row.outage.event_id or "–"), row.name, moment(row.outage.start),
              moment(row.outage.end) + (f" {t('col.ongoing').lower()}" if row.outage.ongoing else ""),
              hours(row.outage.duration_s), row.outage.cause or "–"] for row in shown], right=(0, 4),
            widths=(7, 25, 17, 17, 8, 26)))
        if len(report.outages) > len(shown):
            parts.append(f"<p>{t('outages-more', n=len(report.outages) - len(shown))}</p>")

    parts.append(f"<h2>{t('costs')}</h2>")
    if not report.costs:
        parts.append(f"<p>{t('none')}</p>")
    else:
        parts.append(_table(
            [t("col.contract"), t("col.link"), t("col.bandwidth-kbps"), t("col.per-paid"), t("col.mean-mbps"),
             t("col.per-used"), t("col.note")], _cost_rows(report, language), right=(2, 3, 4, 5)))

    parts.append(f"<h2>{t('sla')}</h2>")
    if not report.sla:
        parts.append(f"<p>{t('none')}</p>")
    else:
        rows = []
        for row in report.sla:
            service = row.service
            credit = service.credit_idr
            target = f"{number(language, service.target_percent, 2)} %" if service.target_percent is not None else "–"
            worst = row.worst_percent
            note = t(f"sla.{service.gap}") if service.gap is not None else (
                t("sla.not-watched") if worst is None else "")
            rows.append([row.number, target, share(row.watched_share),
                         f"{number(language, worst, 2)} %" if worst is not None else "–",
                         str(row.excess_hours) if worst is not None else "–",
                         format_rupiah(credit) if credit is not None and worst is not None else "–", note])
        parts.append(_table([t("col.contract"), t("col.target"), t("col.watched"), t("col.worst"),
                             t("col.excess-h"), t("col.credit"), t("col.note")], rows, right=(1, 2, 3, 4, 5)))

    parts.append(f"<h2>{t('calendar', year=report.budget_year)}</h2>")
    parts.append(f"<p style='font-size:8pt'>"
                 f"{t('rule-dates', procurement=PROCUREMENT_LEAD_DAYS, notice=NOTICE_LEAD_DAYS)}</p>")
    if not report.calendar:
        parts.append(f"<p>{t('none')}</p>")
    else:
        today = datetime.fromtimestamp(report.made, tz).date()

        def due(day: date) -> str:
            return d(day) + (f" {t('overdue')}" if day < today else "")

        rows = []
        for item in report.calendar:
            request = item.request
            asked = (f"{phrase(language, f'status.{request.status.value}')} · {format_rupiah(request.amount_idr)}"
                     if request is not None else t("request.none", year=item.budget_year))
            rows.append([item.number, _links_text(language, item.link_ids),
                         d(item.end) + (f" ({t('lapsed')})" if item.lapsed else ""), due(item.notice_on),
                         due(item.procurement_on),
                         format_rupiah(item.yearly_cost_idr) if item.yearly_cost_idr is not None else "–", asked])
        parts.append(_table([t("col.contract"), t("col.links"), t("col.last-day"), t("col.notice"),
                             t("col.procurement"), t("col.yearly"), t("col.request")], rows, right=(5,)))
    return "<html><body>" + "".join(parts) + "</body></html>"


def _links_text(lang: Lang, link_ids: Sequence[str]) -> str:
    """A few links by name; many by their count (an intranet contract covers dozens)."""
    if not link_ids:
        return "–"
    return ", ".join(link_ids) if len(link_ids) <= MAX_LINKS_NAMED else phrase(lang, "avail.links-count",
                                                                                n=len(link_ids))


def _cost_rows(report: AvailabilityReport, lang: Lang) -> list[list[str]]:
    """One row per contract (its lines counted), then one per measured line with its cost per used Mbps: the
    workbook lists every line."""
    rows: list[list[str]] = []
    by_contract: dict[str, list[CostRow]] = {}
    for row in report.costs:
        by_contract.setdefault(row.contract_id, []).append(row)
    for lines in by_contract.values():
        first = lines[0]
        measured = [line for line in lines if line.used_gap is None]
        unmeasured = [line for line in lines if line.used_gap is not None]
        reasons = sorted({line.used_gap.value for line in unmeasured if line.used_gap is not None})
        note = "; ".join(phrase(lang, f"avail.use.{reason}") for reason in reasons)
        rows.append([first.number, _links_text(lang, [line.link_id for line in lines]),
                     format_bandwidth(first.bandwidth_kbps, lang),
                     format_rupiah(first.paid_per_mbps_idr) if first.paid_per_mbps_idr is not None else "–",
                     "", "", phrase(lang, "avail.not-measured-count", n=len(unmeasured), note=note)
                     if unmeasured else ""])
        for line in measured:
            used = line.used_per_mbps_idr
            measured_percent = number(lang, (line.measured_share or 0.0) * 100, 0)
            rows.append(["", line.link_id, "", "", number(lang, (line.mean_bps or 0.0) / 1e6, 2),
                         format_rupiah(used) if used is not None else "–",
                         phrase(lang, "avail.measured-share", share=measured_percent)])
    return rows
