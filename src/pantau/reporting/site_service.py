"""What a site and a contract's lines delivered over a range, read from the workspace (or one vantage of the shared
store: any `storage.store.HistoryReader`): the one reading every record
and report shares (the contracts panel, the contract PDF, `pantau contracts`, the incident record and the
availability report), so they cannot disagree.

A site's line is measured by one check (`line_check`: the target closest to the office's link, as the graphs show
it). Its monitored time is that check's coverage (`reporting.availability.coverage`: a silence is not monitored,
never up); its states come from the outage log. A contract's line is judged on the site it serves
(`domain.links.site_links`), per SLA window (`domain.sla`). Reads the disk: call from a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from pantau.domain.contract_service import Interval, down_intervals, period_interval
from pantau.domain.contracts import DateSpan
from pantau.domain.inventory import Contract, Network, TargetRole
from pantau.domain.links import site_links
from pantau.domain.sla import SlaService, sla_service, window_days
from pantau.domain.sla_terms import SlaWindow
from pantau.domain.timezones import zone
from pantau.reporting.availability import Availability, availability, coverage
from pantau.reporting.history import Outage, load_series, outages, with_causes
from pantau.storage.store import HistoryReader
from pantau.storage.workspace import DiagnosisRow, EventRow

# The target whose check stands for a site's line, nearest the office's end of the link first.
LINE_ROLES = (TargetRole.OFFICE_ROUTER, TargetRole.LAN_GATEWAY, TargetRole.ISP_GATEWAY, TargetRole.SERVER,
              TargetRole.UPSTREAM, TargetRole.SERVICE)
# Saved diagnoses read to find each outage's cause.
DIAGNOSES_READ = 500


@dataclass(frozen=True)
class SiteRecord:
    """A site over [start, end): its states within the monitored time, its outages (with causes where a saved
    diagnosis explains them), and the monitored intervals themselves."""

    site_id: str
    availability: Availability
    outages: list[Outage]
    covered: list[tuple[float, float]]


def line_check(network: Network, site_id: str) -> tuple[str, str] | None:
    """(target id, check) that measures the site's line: the first check of its enabled target closest to the
    office's link; None when the site has nothing enabled to probe."""
    targets = [t for t in network.targets_of(site_id) if t.enabled and t.checks]
    if not targets:
        return None
    target = min(targets, key=lambda t: LINE_ROLES.index(t.role) if t.role in LINE_ROLES else len(LINE_ROLES))
    return target.id, target.checks[0]


def site_coverage(reader: HistoryReader, network: Network, site_id: str, start: float, end: float,
                  now: float) -> list[tuple[float, float]]:
    """The parts of [start, end) in which the site's line was measured; none for a site with nothing to probe."""
    check = line_check(network, site_id)
    if check is None:
        return []
    settings = network.monitoring
    series = load_series(reader, check[0], check[1], start, end, now=now,
                         raw_retention_s=settings.raw_retention_days * 86400.0,
                         minute_retention_s=settings.minute_rollup_retention_days * 86400.0)
    return coverage(series, start, min(end, now))


def read_site_record(reader: HistoryReader, network: Network, site_id: str, start: float, end: float, now: float,
                     diagnoses: Sequence[DiagnosisRow] | None = None) -> SiteRecord:
    """The site's record over [start, end). `diagnoses` (newest first, as `Workspace.diagnoses` gives them) are
    read when not given and an outage needs a cause."""
    covered = site_coverage(reader, network, site_id, start, end, now)
    roles = {t.role for t in network.targets_of(site_id)}
    events, found = read_site_events(reader, site_id, start, end, min(end, now), roles,
                                     lambda: reader.diagnoses(DIAGNOSES_READ) if diagnoses is None else diagnoses)
    return SiteRecord(site_id, availability(events, site_id, covered, start, end), found, covered)


def read_site_events(reader: HistoryReader, site_id: str, start: float, end: float, outages_until: float,
                     roles: Collection[TargetRole], diagnoses: Callable[[], Sequence[DiagnosisRow]]
                     ) -> tuple[list[EventRow], list[Outage]]:
    """The site's events overlapping [start, end), and its outages in [start, outages_until) with the cause of
    each from the saved diagnoses that concern it (`history.with_causes`); `diagnoses()` is asked only when there
    is an outage to explain."""
    events = [e for e in reader.events(since=start, subject=site_id) if e.started < end and e.subject_kind == "site"]
    found = outages(events, site_id, start, outages_until)
    if found:
        found = with_causes(found, diagnoses(), site_id, roles)
    return events, found


def read_sla_service(reader: HistoryReader, network: Network, contract: Contract, first: date, last: date,
                     now: float) -> SlaService:
    """Each line of `contract` judged per SLA window over the windows overlapping the days [first, last]: its
    down time from the outage log of the site it serves, its monitored time from that site's measurements."""
    tz = zone(network.timezone)
    windows = window_days(contract, contract.sla.window if contract.sla else SlaWindow.MONTH, first, last)
    links = [link for link in network.links if contract.id in link.contracts]
    down: dict[str, list[Interval]] = {}
    watched: dict[str, list[Interval]] = {}
    if windows and links:
        span = period_interval(DateSpan(windows[0].start, windows[-1].end), tz)
        subjects = site_links(network)
        for link in links:
            subject = subjects.subject(link)
            events = [e for e in reader.events(since=span.start, subject=subject)
                      if e.subject_kind == "site" and e.started < span.end]
            down[link.id] = down_intervals(((e.state, e.started, e.ended) for e in events), now)
            watched[link.id] = [Interval(a, b) for a, b in
                                site_coverage(reader, network, subject, span.start, span.end, now)]
    return sla_service(network, contract, tz, down, watched, now, first, last)
