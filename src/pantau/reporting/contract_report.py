"""The contract report (for a budget request or an incident record) as HTML, in Indonesian or English (the wording
in the catalogue's `report.*` keys).

Pure: it takes the network, the contract, what was measured and the saved diagnoses, and returns an HTML document
that the GUI renders to PDF (`ui.contract_pdf`). Sections: summary, the contract history of the covered links (links
with the same history share one section, with the timeline picture the GUI draws for it), warnings, the SLA (its
terms in words, each monitored line per window with its credit, the total, or why there is none: `sla_text`),
measured use of each line with SNMP (`contract_use`: mean, p95, peak, full hours, cost per used Mbps),
outages, payments, budget requests, correspondence, and saved diagnoses as evidence.

A saved diagnosis is evidence for a contract when it was made within the contract's period (or the coverage gap
that follows it on one of its links: the days the line was cut for want of a contract) and its scope concerns
the contract's links: a site scope naming a site one of the links serves or a site behind one (its parents lead
through it), the whole network, or the ISP scope when one of the links is the internet uplink. The server scope
concerns the data centre's own servers, never a line, so it is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from pantau.domain.contract_service import Interval, period_interval
from pantau.domain.contract_traffic import ContractTraffic
from pantau.domain.contracts import (
    DateSpan,
    contract_status,
    contract_warnings,
    contracts_for_link,
    cost_per_mbps_month_idr,
    days_left,
    gaps_for_link,
    monthly_cost_idr,
    unpaid_periods,
)
from pantau.domain.inventory import INTERNET, Contract, Link, Network, parent_chain
from pantau.domain.links import site_links
from pantau.domain.reachability import build_site_graph
from pantau.domain.sla import SlaGap, SlaService
from pantau.reporting.catalogue import Lang, lang_of
from pantau.reporting.catalogue import t as phrase
from pantau.reporting.contract_text import verdict_text, warning_text
from pantau.reporting.contract_use import line_full_warnings, use_lines
from pantau.reporting.idformat import format_bandwidth, format_date, format_rupiah
from pantau.reporting.sla_text import gap_text, table_rows, terms_lines
from pantau.storage.workspace import DiagnosisRow

# At most this many diagnoses are printed in full, the newest: evidence, not the whole log.
MAX_EVIDENCE = 10
# The width of a timeline picture on the page, in the renderer's pixels (96 dpi: A4's 180 mm text width).
TIMELINE_WIDTH_PX = 680
# The scopes of a saved diagnosis other than a site's, each said by `report.scope.<scope>` in the catalogue.
_SCOPES = frozenset({"server", "isp", "all"})


def link_groups(network: Network, contract_id: str) -> list[list[Link]]:
    """The links the contract covers, grouped by identical contract history (in network order): one timeline and
    one table serve each group. An intranet contract covers dozens of links with two or three histories."""
    groups: dict[tuple[str, ...], list[Link]] = {}
    for link in network.links:
        if contract_id in link.contracts:
            groups.setdefault(tuple(c.id for c in contracts_for_link(network, link)), []).append(link)
    return list(groups.values())


def evidence_diagnoses(network: Network, contract: Contract, rows: Sequence[DiagnosisRow]) -> list[DiagnosisRow]:
    """The saved diagnoses that concern the contract's links within its period, newest first (see the module)."""
    links = [link for link in network.links if contract.id in link.contracts]
    served = {site_links(network).subject(link) for link in links}
    # The offices behind a link as the engine sees them: along the vantage's tree.
    parents = build_site_graph(network).site_parents()

    def behind(site_id: str) -> bool:
        return site_id in served or any(parent in served for parent in parent_chain(parents, site_id))

    uplink = any(INTERNET in (link.a, link.b) for link in links)
    # A gap right after the contract is when the line was cut for want of it: the diagnoses made then count too.
    until = max((gap.end for link in links for gap in gaps_for_link(network, link)
                 if gap.start == contract.end + timedelta(days=1)), default=contract.end)
    period = period_interval(DateSpan(contract.start, until), ZoneInfo(network.timezone))

    def concerns(scope: str) -> bool:
        kind, _, site_id = scope.partition(" ")
        return (kind == "site" and behind(site_id)) or kind == "all" or (kind == "isp" and uplink)

    chosen = [row for row in rows if period.start <= row.created < period.end and concerns(row.scope)]
    return sorted(chosen, key=lambda row: (row.created, row.id), reverse=True)


def contract_report_html(network: Network, contract_id: str, today: date, lang: str = "id",
                         service: SlaService | None = None,
                         outages: Sequence[tuple[str, Interval]] = (),
                         diagnoses: Sequence[DiagnosisRow] = (),
                         timeline_images: Mapping[str, str] | None = None,
                         usage: Sequence[tuple[Link, ContractTraffic]] = ()) -> str:
    """The report of one contract. `service` is its lines per SLA window (`site_service.read_sla_service`; None:
    nothing was read); `outages` are (link id, down interval) pairs to list with their durations;
    `diagnoses` the saved diagnoses to choose the evidence from (`evidence_diagnoses`); `timeline_images` maps the
    first link id of a `link_groups` group to the name of the image resource the renderer holds for its timeline;
    `usage` each measured line's use over the period (`contract_use.read_contract_use`).
    """
    contract = network.contract(contract_id)
    if contract is None:
        raise KeyError(f"no contract {contract_id!r}")
    language = lang_of(lang)

    def t(key: str, **facts: object) -> str:
        return phrase(language, f"report.{key}", **facts)

    def d(day: date) -> str:
        return format_date(day, language)

    tz = ZoneInfo(network.timezone)

    def moment(ts: float) -> str:
        when = datetime.fromtimestamp(ts, tz)
        return f"{d(when.date())} {when:%H:%M}"

    def table(headers: list[str] | None, rows: list[list[str]], red: set[int] | None = None) -> str:
        head = "<tr>" + "".join(f"<th align='left'>{escape(h)}</th>" for h in headers) + "</tr>" if headers else ""
        red_cell = "<td style='color:#c00000'>"
        body = "".join(
            "<tr>" + "".join((red_cell if red and i in red else "<td>") + f"{escape(c)}</td>" for c in row) + "</tr>"
            for i, row in enumerate(rows))
        return f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>{head}{body}</table>"

    parts = [f"<h1>{t('title')}: {escape(contract.number)}</h1>",
             f"<p>{escape(network.name)} · {t('made')} {d(today)}</p>", f"<h2>{t('summary')}</h2>"]
    summary = [[t("provider"), contract.provider], [t("number"), contract.number], [t("service"), contract.service],
               [t("bandwidth"), format_bandwidth(contract.bandwidth_kbps)],
               [t("period"), f"{d(contract.start)} – {d(contract.end)}"],
               [t("value"), format_rupiah(contract.value_idr)],
               [t("status"), phrase(language, f"status.{contract_status(contract, today).value}")],
               [t("days_left"), str(days_left(contract, today))]]
    if contract.end >= contract.start:
        summary.append([t("monthly"), format_rupiah(monthly_cost_idr(contract))])
        if contract.bandwidth_kbps > 0:
            summary.append([t("per_mbps"), format_rupiah(cost_per_mbps_month_idr(contract))])
    if contract.sla_percent is not None:
        summary.append([t("sla"), f"{contract.sla_percent:g} %"])
    parts.append(table(None, summary))

    parts.append(f"<h2>{t('timeline')}</h2>")
    images = timeline_images or {}
    for group in link_groups(network, contract_id):
        link = group[0]
        rows: list[tuple[date, list[str]]] = [
            (c.start, [c.number, d(c.start), d(c.end), format_bandwidth(c.bandwidth_kbps)])
            for c in contracts_for_link(network, link)]
        gaps = [(g.start, [t("gap"), d(g.start), d(g.end), t("days", n=g.days)])
                for g in gaps_for_link(network, link)]
        ordered = sorted(rows + gaps, key=lambda row: row[0])
        red = {i for i, row in enumerate(ordered) if row[1][0] == t("gap")}
        title = t("link") if len(group) == 1 else t("links")
        parts.append(f"<h3>{title} {escape(', '.join(item.id for item in group))}</h3>")
        if link.id in images:
            parts.append(f"<p><img src='{escape(images[link.id])}' width='{TIMELINE_WIDTH_PX}'></p>")
        parts.append(table([t("contract"), t("from"), t("until"), ""], [row for _, row in ordered], red))

    warnings = [w for w in contract_warnings(network, today) if w.contract_id == contract_id]
    parts.append(f"<h2>{t('warnings')}</h2>")
    said = [warning_text(network, w, today, language) for w in warnings] + line_full_warnings(language, network,
                                                                                               list(usage))
    parts.append("<ul>" + "".join(f"<li>{escape(text)}</li>" for text in said) + "</ul>" if said
                 else f"<p>{t('none')}</p>")

    parts.append(f"<h2>{t('sla')}</h2>")
    parts += _sla_section(network, contract, language, service, table)
    parts.append(f"<h2>{t('use')}</h2>")
    if not usage:
        parts.append(f"<p>{t('use.none')}</p>")
    for link, used in usage:
        parts.append("<p>" + "<br>".join(escape(line) for line in use_lines(language, contract, link, used)) + "</p>")
    if outages:
        parts.append(f"<h3>{t('outages')}</h3>")
        parts.append(table([t("link"), t("from"), t("until"), t("duration")],
                           [[link_id, moment(i.start), moment(i.end), t("hours", hours=f"{i.seconds / 3600:.1f}")]
                            for link_id, i in outages]))

    parts.append(f"<h2>{t('payments')}</h2>")
    payments = [[d(p.paid_on), format_rupiah(p.amount_idr), f"{d(p.period_start)} – {d(p.period_end)}", p.reference]
                for p in contract.payments]
    unpaid = [[t("unpaid"), "–", f"{d(s.start)} – {d(s.end)}", ""] for s in unpaid_periods(contract, today)]
    parts.append(table([t("paid_on"), t("amount"), t("period"), t("reference")], payments + unpaid,
                       set(range(len(payments), len(payments) + len(unpaid)))))
    parts.append(f"<h2>{t('budget')}</h2>")
    parts.append(table([t("year"), t("amount"), t("status"), t("decided"), t("note")],
                       [[str(b.year), format_rupiah(b.amount_idr), phrase(language, f"status.{b.status.value}"),
                         d(b.decided_on) if b.decided_on else "–", b.note] for b in contract.budget_requests]))
    parts.append(f"<h2>{t('letters')}</h2>")
    parts.append(table([t("sent_on"), t("to"), t("subject"), t("reference")],
                       [[d(x.sent_on), x.to, x.subject, x.reference] for x in contract.correspondence]))

    parts.append(f"<h2>{t('evidence')}</h2>")
    evidence = evidence_diagnoses(network, contract, diagnoses)
    if not evidence:
        parts.append(f"<p>{t('no_evidence')}</p>")
    for row in evidence[:MAX_EVIDENCE]:
        kind, _, site_id = row.scope.partition(" ")
        site = network.site(site_id) if kind == "site" else None
        scope = site.name if site else t(f"scope.{kind}" if kind in _SCOPES else "scope.unknown")
        parts.append(f"<h3>{moment(row.created)} · {escape(scope)}</h3>")
        # The verdict in words only: its code (`isp-link`) is a machine word no reader should meet.
        parts.append(f"<p><b>{escape(t('verdict', verdict=verdict_text(row.verdict, language)))}</b></p>")
        parts.append(f"<pre style='font-size:8pt'>{escape(row.report_text)}</pre>")
    if len(evidence) > MAX_EVIDENCE:
        parts.append(f"<p>{t('more', n=len(evidence) - MAX_EVIDENCE)}</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"


def _sla_section(network: Network, contract: Contract, lang: Lang, service: SlaService | None,
                 table: Callable[[list[str] | None, list[list[str]]], str]) -> list[str]:
    """The SLA's terms in words, then each monitored line per window with its credit and the total; or the plain
    sentence why there is no figure."""
    def p(text: str) -> str:
        return f"<p>{escape(text)}</p>"

    terms = terms_lines(lang, contract)
    parts = ["<p>" + "<br>".join(escape(line) for line in terms) + "</p>"] if terms else []
    if service is None:
        return [*parts, p(phrase(lang, "report.no_history"))]
    gap = gap_text(lang, service)
    # No credit rule is said by the terms; no target or no line leaves nothing to tabulate.
    if gap is not None and service.gap in (SlaGap.NO_TARGET, SlaGap.NO_LINES):
        return [*parts, p(gap)]
    rows, left_out = table_rows(lang, network, service)
    if not rows:
        return [*parts, p(phrase(lang, "sla.none-watched"))]
    cells = [[row.window, row.line, row.availability, row.excess_hours, row.share, row.credit] for row in rows]
    if service.credit_idr is not None:
        cells.append([phrase(lang, "sla.total.row"), "", "", "", "", format_rupiah(service.credit_idr)])
    parts.append(table([phrase(lang, f"sla.col.{column}") for column in
                        ("window", "line", "availability", "excess", "share", "credit")], cells))
    if left_out:
        parts.append(p(phrase(lang, "sla.left-out", n=left_out)))
    parts.append(p(phrase(lang, "sla.how")))
    return parts
