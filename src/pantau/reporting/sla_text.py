"""A contract's SLA terms and the credit its lines earned (`domain.sla.SlaService`), worded from the catalogue's
`sla.*` keys: the terms in words, a window's name, one line over one window, the panel's short list and the report's
table rows. What cannot be computed is said (`SlaGap`, a window nobody watched), never given a figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from pantau.domain.contracts import DateSpan
from pantau.domain.inventory import Contract, Network
from pantau.domain.links import site_links
from pantau.domain.sla import SlaService, WindowService
from pantau.domain.sla_terms import SlaWindow
from pantau.reporting.catalogue import Lang, number, t
from pantau.reporting.idformat import format_date, format_rupiah, month_name

# The panel names this many lines of the current window, the worst first; the rest are counted.
PANEL_LINES = 5
# And this many earlier windows, the newest first, one sentence each.
PANEL_WINDOWS = 3


@dataclass(frozen=True)
class WindowRow:
    """One line over one window, worded for a table: window, line, availability, hours beyond, monitored share,
    credit."""

    window: str
    line: str
    availability: str
    excess_hours: str
    share: str
    credit: str


def line_name(network: Network, link_id: str) -> str:
    """A line as people name it: the office it serves; its id where no office is known."""
    link = next((link for link in network.links if link.id == link_id), None)
    site = network.site(site_links(network).subject(link)) if link is not None else None
    return site.name if site is not None else link_id


def window_name(lang: Lang, days: DateSpan, window: SlaWindow) -> str:
    """"November 2026", "Q4 2026" / "Triwulan 4 2026", "2026": the calendar period the window is (cut to the
    contract's days, which the figures already are)."""
    start = days.start
    if window is SlaWindow.MONTH:
        return f"{month_name(start.month, lang)} {start.year}"
    if window is SlaWindow.QUARTER:
        return t(lang, "sla.quarter", n=(start.month - 1) // 3 + 1, year=start.year)
    return str(start.year)


def terms_lines(lang: Lang, contract: Contract) -> list[str]:
    """The contract's SLA terms in words: target and window, the credit rule (or that there is none), each
    maintenance exclusion with its dates. Empty when the contract states no target."""
    if contract.sla_percent is None:
        return []
    terms = contract.sla
    window = terms.window if terms else SlaWindow.MONTH
    lines = [t(lang, "sla.target", percent=_plain(lang, contract.sla_percent),
               window=t(lang, f"sla.window.{window.value}"))]
    if terms is not None and terms.has_credit_rule:
        lines.append(t(lang, "sla.rule", percent=_plain(lang, terms.credit_percent_per_hour),
                       cap=_plain(lang, terms.credit_cap_percent)))
    else:
        lines.append(t(lang, "sla.gap.no-credit-rule"))
    for exclusion in terms.exclusions if terms else []:
        text = t(lang, "sla.exclusion", start=_moment(lang, exclusion.start), end=_moment(lang, exclusion.end))
        lines.append(f"{text} ({exclusion.note})" if exclusion.note else text)
    return lines


def gap_text(lang: Lang, service: SlaService) -> str | None:
    """Why the contract gives no credit figure; None when it gives one."""
    return t(lang, f"sla.gap.{service.gap}") if service.gap is not None else None


def by_window(service: SlaService) -> list[tuple[DateSpan, list[WindowService]]]:
    """The service's windows, each with its lines, the newest window first."""
    grouped: dict[DateSpan, list[WindowService]] = {}
    for window in service.windows:
        grouped.setdefault(window.days, []).append(window)
    return sorted(grouped.items(), key=lambda item: item[0].start, reverse=True)


def current_window(service: SlaService, today: date) -> tuple[DateSpan, list[WindowService]] | None:
    """The window holding `today` (or the newest before it), with its lines."""
    windows = [item for item in by_window(service) if item[0].start <= today]
    return windows[0] if windows else None


def line_text(lang: Lang, network: Network, service: SlaService, window: WindowService) -> str:
    """One line over one window in a sentence."""
    name = _window_label(lang, service, window)
    availability = window.availability_percent
    if availability is None:
        return t(lang, "sla.line.unwatched", window=name, line=line_name(network, window.link_id))
    return t(lang, "sla.line", window=name, line=line_name(network, window.link_id),
             percent=number(lang, availability, 2), target=_plain(lang, window.target_percent),
             hours=window.excess_hours, share=f"{100 * window.watched_share:.0f}",
             amount=_credit(lang, service, window))


def window_text(lang: Lang, network: Network, service: SlaService, lines: Sequence[WindowService]) -> str:
    """One window of every line in a sentence: its worst line and the window's credit."""
    name = _window_label(lang, service, lines[0])
    watched = [w for w in lines if w.availability_percent is not None]
    if not watched:
        return t(lang, "sla.window.unwatched", window=name)
    worst = min(watched, key=lambda w: (w.availability_percent or 0.0))
    credits = [service.credit_of(w) for w in lines]
    amount = (t(lang, "sla.no-credit") if any(c is None for c in credits)
              else format_rupiah(sum(c for c in credits if c is not None)))
    return t(lang, "sla.window", window=name, line=line_name(network, worst.link_id),
             percent=number(lang, worst.availability_percent or 0.0, 2), target=_plain(lang, worst.target_percent),
             hours=worst.excess_hours, amount=amount)


def panel_lines(lang: Lang, network: Network, service: SlaService, today: date) -> list[str]:
    """What the contracts panel says of the SLA: the current window's worst lines, then a few earlier windows,
    then the credit so far; or why there is no figure."""
    gap = gap_text(lang, service)
    if not service.windows:
        return [gap] if gap else []
    if not any(w.watched_s > 0 for w in service.windows):
        return [t(lang, "sla.none-watched")] + ([gap] if gap else [])
    found = current_window(service, today)
    lines: list[str] = []
    if found is not None:
        days, current = found
        watched = sorted((w for w in current if w.availability_percent is not None),
                         key=lambda w: (w.availability_percent or 0.0, w.link_id))
        lines += [line_text(lang, network, service, w) for w in watched[:PANEL_LINES]]
        name = _window_label(lang, service, current[0])
        if len(watched) > PANEL_LINES:
            lines.append(t(lang, "sla.line.more", window=name, n=len(watched) - PANEL_LINES))
        unwatched = len(current) - len(watched)
        if unwatched == len(current):
            lines.append(t(lang, "sla.window.unwatched", window=name))
        elif unwatched:
            lines.append(t(lang, "sla.lines.unwatched", window=name, n=unwatched))
        earlier = [item for item in by_window(service) if item[0].start < days.start]
    else:
        earlier = by_window(service)
    lines += [window_text(lang, network, service, window) for _, window in earlier[:PANEL_WINDOWS]]
    lines.append(gap if gap else t(lang, "sla.total", amount=format_rupiah(service.credit_idr or 0.0)))
    return lines


def table_rows(lang: Lang, network: Network, service: SlaService) -> tuple[list[WindowRow], int]:
    """The report's table: each watched line over each window, oldest window first; and how many line-windows
    were left out for want of monitoring."""
    rows: list[WindowRow] = []
    left_out = 0
    for _, lines in reversed(by_window(service)):
        for window in lines:
            availability = window.availability_percent
            if availability is None:
                left_out += 1
                continue
            rows.append(WindowRow(_window_label(lang, service, window), line_name(network, window.link_id),
                                  f"{number(lang, availability, 2)} %", str(window.excess_hours),
                                  f"{100 * window.watched_share:.0f} %", _credit(lang, service, window)))
    return rows, left_out


def _window_label(lang: Lang, service: SlaService, window: WindowService) -> str:
    name = window_name(lang, window.days, service.terms.window if service.terms else SlaWindow.MONTH)
    return t(lang, "sla.running", window=name) if window.running else name


def _credit(lang: Lang, service: SlaService, window: WindowService) -> str:
    credit = service.credit_of(window)
    return t(lang, "sla.no-credit") if credit is None else format_rupiah(credit)


def _plain(lang: Lang, value: float) -> str:
    """A percent as written in the contract: 99.5, 2, 30 (a comma in Indonesian)."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "id" else text


def _moment(lang: Lang, moment: datetime) -> str:
    return f"{format_date(moment.date(), lang)} {moment:%H:%M}"
