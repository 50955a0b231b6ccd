"""The facts of an incident record (berita acara gangguan jaringan): one outage, or a cluster of outages, of offices.

An outage is named by its OUTAGE-ID, the `events.id` of a site's DOWN event. `build_incident_record` is pure: from
the network, the DOWN event(s), every event of the span, the saved diagnoses, the alerts recorded (plain
`AlertFact`s: reporting may not import the alerts package, so the entry points read them) and each contract's SLA
service, it gathers what the record states; `incident_html` words it. `read_incident_record` reads all of it from
a workspace.

What each part rests on:
- the number: `{first OUTAGE-ID}/BA-GJ/{month of the outage's start in Roman numerals}/{year}`, so printing the
  record again gives the same number;
- the offices affected: the down sites and every site whose way in from the vantage (`domain.reachability`'s tree)
  runs through one of them, each cut for the union of those sites' DOWN spans;
- start, end, duration: the DOWN events; an outage still running ends at `now` and says so;
- the chronology: the DOWN events with their first error, the state changes of the affected sites and of the down
  sites' targets, the saved diagnoses and the alerts of the span, and each recovery;
- the evidence: each saved diagnosis of the span that concerns a down site (`history.diagnosis_rank`), its hop
  list from the report JSON (`path.hops`), the SHA-256 of its stored JSON, and one SHA-256 of the bundle
  (`evidence_bundle`: the canonical JSON of all of them, which `pantau report incident --evidence` writes);
- the line: the link that served each down site on the outage's first day (`domain.links`) and its contract in
  force that day;
- the SLA: the contract's window holding the outage (`domain.sla`), or why there is no figure.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pantau.domain.contract_service import Interval, merge_intervals
from pantau.domain.contracts import contracts_for_link
from pantau.domain.inventory import Contract, Link, Network
from pantau.domain.links import site_links
from pantau.domain.reachability import build_site_graph
from pantau.domain.sla import SlaService, WindowService
from pantau.domain.states import HealthState
from pantau.domain.timezones import local_date, zone
from pantau.reporting.history import DIAGNOSIS_LEAD_S, diagnosis_cause, diagnosis_rank
from pantau.storage.workspace import DiagnosisRow, EventRow, Workspace

__all__ = [
    "ALERT_TAIL_S",
    "TARGET_LEAD_S",
    "AlertFact",
    "ChronoEntry",
    "Evidence",
    "HopFact",
    "IncidentError",
    "IncidentRecord",
    "LineFacts",
    "OfficeCut",
    "SlaFacts",
    "build_incident_record",
    "evidence_bundle",
    "outage_events",
    "read_incident_record",
    "record_number",
]

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# A target's own change this long before its site went DOWN is part of the story (the site follows its targets).
TARGET_LEAD_S = 60.0
# The recovery alert is raised after the recovery it reports, once the storm settles (at most a minute).
ALERT_TAIL_S = 15 * 60.0


class IncidentError(ValueError):
    """An OUTAGE-ID that names no site's DOWN event; the message says which and why."""


@dataclass(frozen=True)
class AlertFact:
    """One row of the alert record, as plain data: `channels` ((channel, status), …) from the outbox."""

    created: float
    kind: str
    subject: str
    text_id: str
    text_en: str
    outcome: str
    reason: str
    channels: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OfficeCut:
    """An office affected: `via` None for a site that went down itself, else the down site it sits behind."""

    site_id: str
    name: str
    via: str | None
    spans: tuple[Interval, ...]
    ongoing: bool

    @property
    def duration_s(self) -> float:
        return sum(span.seconds for span in self.spans)


@dataclass(frozen=True)
class ChronoEntry:
    """One line of the chronology. `kind`: down, site, target, diagnosis, alert, recovered or still (running)."""

    ts: float
    kind: str
    subject: str
    state: str = ""
    previous: str = ""
    reason: str = ""
    first_error: str = ""
    duration_s: float = 0.0
    diagnosis_id: int = 0
    auto: bool = False
    alert: AlertFact | None = None


@dataclass(frozen=True)
class HopFact:
    ttl: int | None
    address: str | None
    rtt_ms: float | None
    loss_percent: float | None
    reached: bool


@dataclass(frozen=True)
class Evidence:
    """A saved diagnosis of the span with its hop list and the SHA-256 of its stored JSON (UTF-8)."""

    row: DiagnosisRow
    headline: str
    auto: bool
    toward: str | None
    last_hop: str | None
    hops: tuple[HopFact, ...]
    sha256: str


@dataclass(frozen=True)
class LineFacts:
    """The line that served a down site on `day`, and its contract in force that day (None: none was)."""

    site_id: str
    day: date
    link: Link | None
    contract: Contract | None


@dataclass(frozen=True)
class SlaFacts:
    """The SLA of one line in the window holding the outage; `gap` says why there is no figure (a `domain.sla.SlaGap`
    value, "not-watched" or "no-contract")."""

    site_id: str
    contract: Contract | None
    link_id: str | None
    window: WindowService | None
    credit_idr: float | None
    gap: str | None


@dataclass(frozen=True)
class IncidentRecord:
    number: str
    made: float
    network_name: str
    timezone: str
    event_ids: tuple[int, ...]
    downs: tuple[EventRow, ...]
    start: float
    end: float
    ongoing: bool
    offices: tuple[OfficeCut, ...]
    chronology: tuple[ChronoEntry, ...]
    evidence: tuple[Evidence, ...]
    bundle_sha256: str
    lines: tuple[LineFacts, ...]
    sla: tuple[SlaFacts, ...]

    @property
    def duration_s(self) -> float:
        """The time at least one of the outages ran (the union of the DOWN spans)."""
        return sum(span.seconds for span in merge_intervals(_span(d, self.end) for d in self.downs))

    def site_name(self, site_id: str) -> str:
        office = next((o for o in self.offices if o.site_id == site_id), None)
        return office.name if office else site_id


def record_number(first_event_id: int, start: float, timezone: str) -> str:
    """`{id}/BA-GJ/{ROMAN MONTH}/{YEAR}` of the outage's start in the network's zone."""
    when = datetime.fromtimestamp(start, zone(timezone))
    return f"{first_event_id}/BA-GJ/{_ROMAN[when.month - 1]}/{when.year}"


def _span(event: EventRow, now: float) -> Interval:
    return Interval(event.started, event.ended if event.ended is not None else max(now, event.started))


def evidence_bundle(number: str, rows: Sequence[DiagnosisRow]) -> bytes:
    """The canonical JSON of the evidence (sorted keys, no spaces, UTF-8): each diagnosis with its stored JSON as
    the exact string kept in the workspace, so each entry's `sha256` can be checked on `report_json` too."""
    document = {"record": number, "diagnoses": [
        {"id": row.id, "created": row.created, "scope": row.scope, "verdict": row.verdict,
         "sha256": _sha256(row.report_json), "report_json": row.report_json} for row in rows]}
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _report(row: DiagnosisRow) -> dict[str, Any]:
    try:
        document = json.loads(row.report_json)
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def _hops(document: Mapping[str, Any]) -> tuple[str | None, str | None, tuple[HopFact, ...]]:
    path = document.get("path")
    if not isinstance(path, dict):
        return None, None, ()
    hops = [HopFact(hop.get("ttl"), hop.get("address"), hop.get("rtt_ms"), hop.get("loss_percent"),
                    bool(hop.get("reached"))) for hop in path.get("hops") or () if isinstance(hop, dict)]
    return path.get("toward"), path.get("last_hop"), tuple(hops)


def _is_auto(document: Mapping[str, Any]) -> bool:
    trigger = document.get("trigger")
    return isinstance(trigger, dict) and trigger.get("kind") == "auto"


def _offices(network: Network, downs: Sequence[EventRow], end: float) -> list[OfficeCut]:
    graph = build_site_graph(network)
    spans_of: dict[str, list[Interval]] = {}
    running: set[str] = set()
    for down in downs:
        spans_of.setdefault(down.subject, []).append(_span(down, end))
        if down.ended is None:
            running.add(down.subject)

    def name(site_id: str) -> str:
        site = network.site(site_id)
        return site.name if site else site_id

    found = [OfficeCut(site_id, name(site_id), None, tuple(merge_intervals(spans)), site_id in running)
             for site_id, spans in spans_of.items()]
    for site in network.sites:
        if site.id in spans_of:
            continue
        blockers = [node for node in graph.way_in(site.id) if node in spans_of]
        if not blockers:
            continue
        spans = merge_intervals(span for blocker in blockers for span in spans_of[blocker])
        # The down site nearest the vantage is the one that cuts it off, as the alerts and reasons say.
        found.append(OfficeCut(site.id, site.name, blockers[-1], tuple(spans),
                               any(blocker in running for blocker in blockers)))
    return found


def _concerning(network: Network, rows: Iterable[DiagnosisRow], sites: Collection[str], start: float,
                end: float) -> list[DiagnosisRow]:
    """The saved diagnoses made from DIAGNOSIS_LEAD_S before `start` to `end` that concern a down site."""
    roles = {site: frozenset(t.role for t in network.targets_of(site)) for site in sites}
    chosen = [row for row in rows if start - DIAGNOSIS_LEAD_S <= row.created <= end
              and any(diagnosis_rank(row.scope, site, roles[site]) is not None for site in sites)]
    return sorted(chosen, key=lambda row: (row.created, row.id))


def _chronology(network: Network, downs: Sequence[EventRow], events: Sequence[EventRow],
                evidence: Sequence[Evidence], alerts: Sequence[AlertFact], offices: Sequence[OfficeCut],
                start: float, end: float, now: float) -> list[ChronoEntry]:
    down_sites = {down.subject for down in downs}
    affected = {office.site_id for office in offices}
    targets = {t.id for site in down_sites for t in network.targets_of(site)}
    served = site_links(network)
    lines = {link.id for site in down_sites for link in served.by_site.get(site, ())}
    down_ids = {down.id for down in downs}
    # The event that ended each DOWN: it opened when the DOWN closed (the recovery's state).
    after = {(e.subject, e.started): e for e in events if e.subject_kind == "site"}
    recoveries = {after[(d.subject, d.ended)].id for d in downs
                  if d.ended is not None and (d.subject, d.ended) in after}
    entries: list[ChronoEntry] = []
    for down in downs:
        entries.append(ChronoEntry(down.started, "down", down.subject, down.state.value, down.previous_state.value,
                                   down.reason, down.first_error))
        if down.ended is None:
            entries.append(ChronoEntry(now, "still", down.subject))
        else:
            back = after.get((down.subject, down.ended))
            entries.append(ChronoEntry(down.ended, "recovered", down.subject,
                                       back.state.value if back else HealthState.UNKNOWN.value,
                                       duration_s=down.ended - down.started))
    for event in events:
        if event.id in down_ids or event.id in recoveries or event.started > end:
            continue
        if event.subject_kind == "site" and event.subject in affected and event.started >= start:
            entries.append(ChronoEntry(event.started, "site", event.subject, event.state.value,
                                       event.previous_state.value, event.reason, event.first_error))
        elif event.subject_kind == "target" and event.subject in targets and event.started >= start - TARGET_LEAD_S:
            entries.append(ChronoEntry(event.started, "target", event.subject, event.state.value,
                                       event.previous_state.value, event.reason, event.first_error))
    for item in evidence:
        entries.append(ChronoEntry(item.row.created, "diagnosis", item.row.scope, reason=item.headline,
                                   diagnosis_id=item.row.id, auto=item.auto))
    for alert in alerts:
        if (alert.subject in affected or alert.subject in lines) and (
                start - TARGET_LEAD_S <= alert.created <= end + ALERT_TAIL_S):
            entries.append(ChronoEntry(alert.created, "alert", alert.subject, alert=alert))
    order = {"target": 0, "down": 1, "site": 2, "diagnosis": 3, "alert": 4, "recovered": 5, "still": 6}
    return sorted(entries, key=lambda entry: (entry.ts, order[entry.kind]))


def _line_facts(network: Network, downs: Sequence[EventRow]) -> list[LineFacts]:
    served = site_links(network)
    facts: list[LineFacts] = []
    for site_id in dict.fromkeys(down.subject for down in downs):
        first = min(down.started for down in downs if down.subject == site_id)
        day = local_date(first, network.timezone)
        link = served.serving(site_id, day)
        contract = next((c for c in contracts_for_link(network, link) if c.start <= day <= c.end),
                        None) if link else None
        facts.append(LineFacts(site_id, day, link, contract))
    return facts


def _sla_facts(lines: Sequence[LineFacts], sla: Mapping[str, SlaService], start: float, timezone: str
               ) -> list[SlaFacts]:
    facts: list[SlaFacts] = []
    day = local_date(start, timezone)
    for line in lines:
        if line.link is None:
            continue
        if line.contract is None:
            facts.append(SlaFacts(line.site_id, None, line.link.id, None, None, "no-contract"))
            continue
        service = sla.get(line.contract.id)
        if service is None:
            continue
        window = next((w for w in service.windows if w.link_id == line.link.id and w.days.start <= day <= w.days.end),
                      None)
        if service.gap is not None and (window is None or service.target_percent is None):
            facts.append(SlaFacts(line.site_id, line.contract, line.link.id, None, None, service.gap))
        elif window is None or window.watched_s <= 0:
            facts.append(SlaFacts(line.site_id, line.contract, line.link.id, window, None, "not-watched"))
        else:
            facts.append(SlaFacts(line.site_id, line.contract, line.link.id, window, service.credit_of(window),
                                  service.gap))
    return facts


def build_incident_record(network: Network, downs: Sequence[EventRow], events: Sequence[EventRow],
                          diagnoses: Iterable[DiagnosisRow], alerts: Sequence[AlertFact],
                          sla: Mapping[str, SlaService], now: float) -> IncidentRecord:
    """The record of the outages `downs` (site DOWN events, checked by the caller). `events` holds every event of
    the span, `diagnoses` the saved diagnoses to choose the evidence from, `sla` each contract's service over the
    window holding the outage (contracts without an entry get no SLA line)."""
    downs = sorted(downs, key=lambda d: (d.started, d.id))
    start = downs[0].started
    ongoing = any(d.ended is None for d in downs)
    end = now if ongoing else max(d.ended or d.started for d in downs)
    offices = _offices(network, downs, end)
    number = record_number(min(d.id for d in downs), start, network.timezone)
    rows = _concerning(network, diagnoses, {d.subject for d in downs}, start, end)
    evidence: list[Evidence] = []
    for row in rows:
        document = _report(row)
        toward, last_hop, hops = _hops(document)
        evidence.append(Evidence(row, diagnosis_cause(row), _is_auto(document), toward, last_hop, hops,
                                 _sha256(row.report_json)))
    lines = _line_facts(network, downs)
    return IncidentRecord(
        number=number, made=now, network_name=network.name, timezone=network.timezone,
        event_ids=tuple(d.id for d in downs), downs=tuple(downs), start=start, end=end, ongoing=ongoing,
        offices=tuple(offices),
        chronology=tuple(_chronology(network, downs, events, evidence, alerts, offices, start, end, now)),
        evidence=tuple(evidence), bundle_sha256=hashlib.sha256(evidence_bundle(number, rows)).hexdigest(),
        lines=tuple(lines), sla=tuple(_sla_facts(lines, sla, start, network.timezone)))


# --- reading -----------------------------------------------------------------------------------------------------


def outage_events(workspace: Workspace, event_ids: Sequence[int]) -> list[EventRow]:
    """The DOWN events of sites named by `event_ids`; IncidentError naming the first id that is not one."""
    found: list[EventRow] = []
    for event_id in dict.fromkeys(event_ids):
        event = workspace.event(event_id)
        if event is None:
            raise IncidentError(f"no event {event_id} in the workspace: an OUTAGE-ID is the ID the graphs' outage "
                                f"list shows")
        if event.subject_kind != "site" or event.state is not HealthState.DOWN:
            raise IncidentError(f"event {event_id} is not an outage: it is {event.subject_kind} {event.subject} "
                                f"becoming {event.state.value}; an OUTAGE-ID names a site's DOWN event")
        found.append(event)
    if not found:
        raise IncidentError("no OUTAGE-ID given")
    return found


def read_incident_record(workspace: Workspace, network: Network, event_ids: Sequence[int],
                         alerts: Sequence[AlertFact], now: float) -> tuple[IncidentRecord, bytes]:
    """The record of `event_ids` read from `workspace`, and its evidence bundle (`evidence_bundle`'s bytes, whose
    SHA-256 the record states). Reads the disk: call it on a worker thread. IncidentError for a bad ID."""
    from pantau.reporting.site_service import read_sla_service

    downs = outage_events(workspace, event_ids)
    start = min(d.started for d in downs)
    end = now if any(d.ended is None for d in downs) else max(d.ended or d.started for d in downs)
    events = [e for e in workspace.events(since=start - TARGET_LEAD_S) if e.started <= end]
    diagnoses = workspace.diagnoses_between(start - DIAGNOSIS_LEAD_S, end)
    lines = _line_facts(network, downs)
    sla: dict[str, SlaService] = {}
    day = local_date(start, network.timezone)
    for line in lines:
        if line.contract is not None and line.contract.id not in sla:
            sla[line.contract.id] = read_sla_service(workspace, network, line.contract, day, day, now)
    record = build_incident_record(network, downs, events, diagnoses, alerts, sla, now)
    return record, evidence_bundle(record.number, [item.row for item in record.evidence])
