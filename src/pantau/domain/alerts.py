"""Alert rules and the planner that turns site state changes into the few alerts an on-call officer should get.

Pure: the clock is always passed in (`now`, epoch seconds) and times of day are read in the network's time zone.
The planner is state-based: it keeps each site's current state and decides, on every `feed` and `tick`, which
alerts are due. That one evaluation serves the delayed rules (DOWN after N minutes, DEGRADED for longer than X),
quiet hours (an alert held back is simply due again once they end, if its condition still holds) and maintenance
windows (a site still DOWN when its window ends alerts at that moment).

No storms: a site is never alerted while one of its ancestors is DOWN; the ancestor's alert counts it instead
("Uplink down — 38 offices unreachable"), sent once the sites behind it have settled (a few seconds). A recovery
of an alerted outage is never suppressed (not by quiet hours, maintenance or flapping). A flapping site gets one
FLAPPING alert, then one summary once it has been still for the flap window.

With the shared store's views (`set_views`, an agent that alerts), a site DOWN from here that another vantage still
hears alerts as a broken path from here, not DOWN (`domain.path_alerts`); one silent from every fresh vantage alerts
DOWN as always.

No wording here: an alert carries the facts its message says (`AlertFacts`: names, moments, counts, the verdict's
code, the contract warning's kind), and `reporting.alert_text` words them in English or Indonesian.

Per group: `RuleOverride`s give the sites of one kind, kecamatan or target role their own delays (the first
override that matches a site wins); a storm is still one alert, because the rule that silences the offices behind
a DOWN parent does not depend on their delays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pantau.domain.contracts import ContractWarning, WarningKind, contract_warnings
from pantau.domain.inventory import Network, SiteKind, TargetRole, parent_chain
from pantau.domain.path_alerts import PathWord, path_word
from pantau.domain.reachability import build_site_graph
from pantau.domain.states import ANSWERING_STATES, SILENT_STATES, HealthState, StateChange
from pantau.domain.vantages import VantageView

SUBJECT_SITE = "site"
_MINUTE = 60.0


class AlertKind(StrEnum):
    DOWN = "down"
    RECOVERED = "recovered"
    DEGRADED = "degraded"
    FLAPPING = "flapping"
    FLAP_SUMMARY = "flap-summary"
    CONTRACT = "contract"
    LINE_FULL = "line-full"  # a measured line at 90 % or more of its contract for `line_full_minutes`
    INTERFACE_DOWN = "interface-down"  # the router's interface carrying a measured line reports down
    LINE_RECOVERED = "line-recovered"  # the line below 90 % again, or its interface up again
    AGENT_SILENT = "agent-silent"  # an agent of the shared store has not reported for a while (`agent_alerts`)
    AGENT_BACK = "agent-back"  # it reports again
    PATH_BROKEN = "path-broken"  # DOWN from here, yet another vantage of the store hears it (`path_alerts`)


def _parse_hhmm(text: str) -> int:
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ValueError(f"{text!r}: a time of day is HH:MM, 00:00 to 23:59")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class QuietHours:
    """A daily span of local time (may cross midnight) in which `AlertRules.quiet_kinds` are held back."""

    start_minute: int
    end_minute: int

    @classmethod
    def between(cls, start: str, end: str) -> QuietHours:
        return cls(_parse_hhmm(start), _parse_hhmm(end))

    def contains(self, local: datetime) -> bool:
        minute = local.hour * 60 + local.minute
        if self.start_minute <= self.end_minute:
            return self.start_minute <= minute < self.end_minute
        return minute >= self.start_minute or minute < self.end_minute


@dataclass(frozen=True)
class MaintenanceWindow:
    """Sites whose alerts are silenced for a while; monitoring goes on. One-off (epoch start/end) or weekly
    (weekday 0 = Monday, local start time, duration)."""

    site_ids: frozenset[str]
    start: float = 0.0
    end: float = 0.0
    weekday: int | None = None
    start_minute: int = 0
    duration_minutes: int = 0

    @classmethod
    def once(cls, site_ids: Iterable[str], start: float, end: float) -> MaintenanceWindow:
        if end <= start:
            raise ValueError("a maintenance window must end after it starts")
        return cls(frozenset(site_ids), start=start, end=end)

    @classmethod
    def weekly(cls, site_ids: Iterable[str], weekday: int, start: str, duration_minutes: int) -> MaintenanceWindow:
        if not 0 <= weekday <= 6 or duration_minutes <= 0:
            raise ValueError("a weekly window needs a weekday 0 (Monday) to 6 and a positive duration")
        return cls(frozenset(site_ids), weekday=weekday, start_minute=_parse_hhmm(start),
                   duration_minutes=duration_minutes)

    def active(self, site_id: str, now: float, tz: ZoneInfo) -> bool:
        if site_id not in self.site_ids:
            return False
        if self.weekday is None:
            return self.start <= now < self.end
        local = datetime.fromtimestamp(now, tz)
        occurrence = local.replace(hour=self.start_minute // 60, minute=self.start_minute % 60, second=0,
                                   microsecond=0) - timedelta(days=(local.weekday() - self.weekday) % 7)
        if occurrence > local:
            occurrence -= timedelta(days=7)
        return local < occurrence + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class RuleOverride:
    """DOWN/DEGRADED delays for a group of sites: those of a kind, of a kecamatan, or holding a target of a role.

    Every match field that is set must hold (kind and kecamatan together narrow the group). The delays replace
    the base rules' for the group; `degraded_after_minutes` None means DEGRADED never alerts there and `enabled`
    False silences the group's DOWN and DEGRADED alerts (their offices are still counted in a parent's alert).
    """

    match_kind: SiteKind | None = None
    match_kecamatan: str | None = None
    match_role: TargetRole | None = None
    down_after_minutes: float = 0.0
    degraded_after_minutes: float | None = 15.0
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.match_kind is None and not self.match_kecamatan and self.match_role is None:
            raise ValueError("a rule override needs a site kind, a kecamatan or a target role to match")
        if self.down_after_minutes < 0 or (self.degraded_after_minutes or 0) < 0:
            raise ValueError("a rule override's delays cannot be negative")

    def matches(self, network: Network, site_id: str) -> bool:
        site = network.site(site_id)
        if site is None:
            return False
        if self.match_kind is not None and site.kind is not self.match_kind:
            return False
        if self.match_kecamatan and site.kecamatan.strip().casefold() != self.match_kecamatan.strip().casefold():
            return False
        return self.match_role is None or any(t.role is self.match_role for t in network.targets_of(site_id))


@dataclass(frozen=True)
class SiteRule:
    """The delays in force for one site."""

    down_after_minutes: float
    degraded_after_minutes: float | None
    enabled: bool


@dataclass(frozen=True)
class AlertRules:
    """Which events alert. Minutes of 0 mean at once; `degraded_after_minutes` None means DEGRADED never alerts.
    `site_ids` None means every site."""

    down_after_minutes: float = 0.0
    recovery: bool = True
    degraded_after_minutes: float | None = 15.0
    contract_warnings: bool = True
    diagnosis_verdicts: bool = True  # name the incident's diagnosis verdict in DOWN and DEGRADED messages
    flap_count: int = 3  # entries into DOWN within the flap window that make a site flapping
    flap_window_minutes: float = 30.0
    # A parent's DOWN alert waits until the sites behind it have not changed for this long (at most
    # `storm_settle_max_seconds` after it went DOWN): the engine finds its offices UNREACHABLE one check after
    # another, and the one alert must count them all. A site with nothing behind it alerts without waiting.
    storm_settle_seconds: float = 10.0
    storm_settle_max_seconds: float = 60.0
    quiet_hours: QuietHours | None = None
    quiet_kinds: frozenset[AlertKind] = frozenset({AlertKind.DEGRADED, AlertKind.CONTRACT, AlertKind.LINE_FULL})
    maintenance: tuple[MaintenanceWindow, ...] = ()
    site_ids: frozenset[str] | None = None
    overrides: tuple[RuleOverride, ...] = ()
    # Measured lines (SNMP): full for this long alerts (None: never); an interface reporting down alerts at once.
    line_full_minutes: float | None = 15.0
    interface_down: bool = True

    def for_site(self, network: Network, site_id: str) -> SiteRule:
        """The delays that apply to one site: the first matching override's, else the base rules'."""
        for override in self.overrides:
            if override.matches(network, site_id):
                return SiteRule(override.down_after_minutes, override.degraded_after_minutes, override.enabled)
        return SiteRule(self.down_after_minutes, self.degraded_after_minutes, True)


@dataclass(frozen=True)
class ContractNote:
    """A contract warning as an alert names it: the contract's `label` (provider and number, else its id), the
    warning's kind and its days (never negative: days left, since the end, overdue, or the gap's length)."""

    label: str
    kind: WarningKind
    days: int


@dataclass(frozen=True)
class AlertFacts:
    """What an alert's message says, by kind; moments are epoch seconds, said in `timezone`.

    `name`: the subject site's name (a contract alert: the contract's label). `at`: when a recovered site answered
    again, or a flapping site last changed (the summary). `offices`: sites unreachable behind a DOWN site, or
    reachable again with its recovery. `downs` and `window_minutes`: a flapping site's count of outages and the
    stillness its summary waits for; `state`: the state a flap summary ends in. `verdict` (a `Verdict` value) and
    `verdict_at`: the diagnosis of the incident, if any. `contract`: the contract warning the message names."""

    name: str
    timezone: str
    at: float | None = None
    offices: int = 0
    downs: int = 0
    window_minutes: int = 0
    state: HealthState | None = None
    verdict: str | None = None
    verdict_at: float | None = None
    contract: ContractNote | None = None
    # A line alert: the link, its use (percent of the contract) and contracted rate, and what recovered.
    link: str | None = None
    percent: float | None = None
    committed_kbps: int = 0
    recovered_from: str | None = None
    # A path-broken alert: this agent's vantage and the vantages that still hear the site (names).
    vantage: str | None = None
    heard_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alert:
    """One message to send. `key` is stable and unique per alert (queue and log key on it); `site_ids` starts
    with the subject site and lists the sites its message summarises. `since`: when what it reports began (None
    for a contract warning); `facts` what its message says."""

    key: str
    kind: AlertKind
    subject: str
    site_ids: tuple[str, ...]
    created: float
    facts: AlertFacts
    since: float | None = None


@dataclass
class _Site:
    state: HealthState = HealthState.UNKNOWN
    since: float = 0.0
    alerted_down: bool = False
    down_since: float = 0.0
    # When the site last stopped answering (DOWN or UNREACHABLE without answering in between): an office cut off
    # behind its uplink, still dead when the uplink returns, goes UNREACHABLE → DOWN then, but its outage began
    # when it went silent, and its DOWN and recovery alerts say so (not "0 min down" for a long outage).
    silent_since: float | None = None
    down_noted: float = 0.0  # when the planner heard of the DOWN (its own clock)
    down_covered: int = 0
    alerted_degraded: bool = False
    alerted_path: bool = False  # its DOWN was said as a broken path: another vantage hears it
    down_entries: list[float] = field(default_factory=list)
    flapping: bool = False
    flap_started: float = 0.0
    flap_downs: int = 0
    last_change: float = 0.0


class AlertPlanner:
    """Feed it site state changes and the clock; it returns the alerts that are due, each exactly once."""

    def __init__(self, network: Network, rules: AlertRules) -> None:
        self.network = network
        self.rules = rules
        self.tz = ZoneInfo(network.timezone)
        self._names = {s.id: s.name for s in network.sites}
        # Offices behind a DOWN site are counted along the vantage's tree, as the engine marks them UNREACHABLE.
        self._parent = build_site_graph(network).site_parents()
        self._sites: dict[str, _Site] = {s.id: _Site() for s in network.sites}
        self._sent_contract_keys: set[str] = set()
        self._contract_day: date | None = None
        self._contract_cache: list[ContractWarning] = []
        self._verdicts: dict[str, tuple[str, float]] = {}
        # Sites whose DOWN alert waits for an automatic diagnosis in progress, until (epoch seconds) at the latest.
        self._evidence_until: dict[str, float] = {}
        # With an evidence collector attached, a DOWN alert first waits this long to hear whether a diagnosis of it
        # has started (the collector hears of the DOWN at the same moment, on another thread).
        self.evidence_grace_s = 0.0
        # Which override applies to a site is worked out once per rules object (the service swaps `rules`).
        self._site_rules: dict[str, SiteRule] = {}
        self._site_rules_of: AlertRules | None = None
        # DOWN alerts a rule kept back, with why, until the service takes them for the alert record.
        self._suppressed: list[tuple[Alert, str]] = []
        # The shared store's views of each site (`set_views`), asked before a DOWN is worded; None: no store.
        self._own_vantage: str | None = None
        self._views: Mapping[str, Mapping[str, VantageView]] = {}
        self._views_until = 0.0

    def expect_views(self, own_vantage: str, until: float) -> None:
        """Views of the store are on their way (an agent's first read): DOWN alerts wait for them, until `until`
        at the latest, so the first message already says whether another vantage hears the site."""
        self._own_vantage, self._views_until = own_vantage, until

    def set_views(self, own_vantage: str, views: Mapping[str, Mapping[str, VantageView]]) -> None:
        """The store's views, `views[site][vantage]`, as last read: a site DOWN from `own_vantage` that a fresh
        other vantage hears alerts as a broken path, not DOWN (`domain.path_alerts`)."""
        self._own_vantage, self._views, self._views_until = own_vantage, views, 0.0

    def update_network(self, network: Network) -> None:
        """Go on with an edited network of the same sites (a contract renewed, a channel changed): its contract
        warnings and per-site rules are worked out again; what each site is doing, and what was alerted, stays."""
        self.network = network
        self._names = {s.id: s.name for s in network.sites}
        self._parent = build_site_graph(network).site_parents()
        self._contract_day = None
        self._site_rules_of = None

    def note_diagnosis(self, site_id: str, verdict: str, ts: float) -> None:
        """Remember a diagnosis verdict (`Verdict` value) of a site; alerts of an incident it falls in name it."""
        self._verdicts[site_id] = (verdict, ts)
        self._evidence_until.pop(site_id, None)

    def note_evidence_pending(self, site_ids: Sequence[str], until: float) -> None:
        """An automatic diagnosis of these DOWN sites has started: their DOWN alerts wait for its verdict (given
        with `note_diagnosis`), until `until` at the latest, so the first message already says where the fault
        is."""
        for site_id in site_ids:
            self._evidence_until[site_id] = until

    def take_suppressed(self) -> list[tuple[Alert, str]]:
        """The DOWN alerts a rule kept back since the last call, each with why: "maintenance", "rule-off" (its
        group's alerts are switched off) or "not-in-scope" (the rules name other sites)."""
        taken, self._suppressed = self._suppressed, []
        return taken

    def feed(self, changes: Sequence[StateChange], now: float) -> list[Alert]:
        """Apply a batch of changes (all of it first, so a parent and its children in one batch are one storm),
        then return what is due."""
        alerts: list[Alert] = []
        for change in changes:
            if change.subject_kind != SUBJECT_SITE or change.subject not in self._sites:
                continue
            alerts += self._apply(change, now)
        return alerts + self.tick(now)

    def tick(self, now: float) -> list[Alert]:
        """Alerts that have become due by the clock alone: delays passed, quiet hours or maintenance ended,
        a flapping site gone still, a contract warning reached."""
        alerts: list[Alert] = []
        for site_id, site in self._sites.items():
            if site.flapping and now - site.last_change >= self.rules.flap_window_minutes * _MINUTE:
                alerts.append(self._flap_summary(site_id, site, now))
            alerts += self._due_for_site(site_id, site, now)
        if self.rules.contract_warnings and not self._quiet(AlertKind.CONTRACT, now):
            alerts += self._contract_alerts(now)
        return alerts

    def _apply(self, change: StateChange, now: float) -> list[Alert]:
        site = self._sites[change.subject]
        was_down = site.state is HealthState.DOWN
        site.state, site.since, site.last_change = change.current, change.ts, change.ts
        if change.current in SILENT_STATES:
            site.silent_since = change.ts if site.silent_since is None else site.silent_since
        elif change.current in ANSWERING_STATES:
            site.silent_since = None
        alerts: list[Alert] = []
        if change.current is not HealthState.DEGRADED:
            site.alerted_degraded = False
        if change.current is HealthState.DOWN and not was_down:
            site.down_noted = now
            self._note_suppressed(change.subject, site, now)
            window = self.rules.flap_window_minutes * _MINUTE
            site.down_entries = [t for t in site.down_entries if t > change.ts - window] + [change.ts]
            if site.flapping:
                site.flap_downs += 1
            elif len(site.down_entries) >= self.rules.flap_count and self._in_scope(change.subject):
                site.flapping, site.flap_started, site.flap_downs = True, site.down_entries[0], len(
                    site.down_entries)
                if not self._in_maintenance(change.subject, now):
                    alerts.append(self._flapping_alert(change.subject, site, now))
        elif change.current in (HealthState.UP, HealthState.DEGRADED) and (site.alerted_down or site.alerted_path):
            site.alerted_down = site.alerted_path = False
            if self.rules.recovery:
                alerts.append(self._recovery_alert(change.subject, site, change.ts, now))
        return alerts

    def _note_suppressed(self, site_id: str, site: _Site, now: float) -> None:
        """A site that just went DOWN and that a rule keeps from alerting is on record once per outage."""
        if site.alerted_down:
            return
        if not self._in_scope(site_id):
            reason = "not-in-scope"
        elif self._in_maintenance(site_id, now):
            reason = "maintenance"
        elif not self._rule_of(site_id).enabled:
            reason = "rule-off"
        else:
            return
        self._suppressed.append((self._down_alert(site_id, site, [], now), reason))

    def _in_scope(self, site_id: str) -> bool:
        return self.rules.site_ids is None or site_id in self.rules.site_ids

    def _in_maintenance(self, site_id: str, now: float) -> bool:
        return any(w.active(site_id, now, self.tz) for w in self.rules.maintenance)

    def _quiet(self, kind: AlertKind, now: float) -> bool:
        quiet = self.rules.quiet_hours
        return quiet is not None and kind in self.rules.quiet_kinds and quiet.contains(self._local(now))

    def _ancestor_down(self, site_id: str) -> bool:
        return any(self._sites[parent].state is HealthState.DOWN for parent in self._ancestors(site_id))

    def _descendants_out(self, site_id: str) -> list[str]:
        """Sites below `site_id` that are DOWN or UNREACHABLE now: the ones its alert speaks for."""
        out = (HealthState.DOWN, HealthState.UNREACHABLE)
        return [s for s in self._sites if s != site_id and self._sites[s].state in out
                and site_id in self._ancestors(s)]

    def _ancestors(self, site_id: str) -> list[str]:
        return parent_chain(self._parent, site_id)

    def _settled(self, site_id: str, site: _Site, now: float) -> bool:
        below = [s for s in self._sites if site_id in self._ancestors(s)]
        if not below or now - site.since >= self.rules.storm_settle_max_seconds:
            return True
        quiet_since = max([site.since, *(self._sites[s].last_change for s in below)])
        return now - quiet_since >= self.rules.storm_settle_seconds

    def _awaiting_evidence(self, site_id: str, site: _Site, now: float) -> bool:
        return now < site.down_noted + self.evidence_grace_s or now < self._evidence_until.get(site_id, 0.0)

    def _rule_of(self, site_id: str) -> SiteRule:
        if self._site_rules_of is not self.rules:
            self._site_rules = {s: self.rules.for_site(self.network, s) for s in self._sites}
            self._site_rules_of = self.rules
        return self._site_rules[site_id]

    def _due_for_site(self, site_id: str, site: _Site, now: float) -> list[Alert]:
        if not self._in_scope(site_id) or site.flapping or self._in_maintenance(site_id, now):
            return []
        rules = self._rule_of(site_id)
        if not rules.enabled:
            return []
        if (site.state is HealthState.DOWN and not site.alerted_down
                and now - site.since >= rules.down_after_minutes * _MINUTE
                and not self._ancestor_down(site_id) and not self._quiet(AlertKind.DOWN, now)
                and self._settled(site_id, site, now) and not self._awaiting_evidence(site_id, site, now)):
            word, heard = self._path_word(site_id, site, now)
            if word is PathWord.WAIT or (word is PathWord.BROKEN and site.alerted_path):
                return []
            if word is PathWord.BROKEN:
                site.alerted_path, site.down_since, site.down_covered = True, _outage_start(site), 0
                return [self._path_alert(site_id, site, heard, now)]
            covered = self._descendants_out(site_id)
            site.alerted_down, site.down_since, site.down_covered = True, _outage_start(site), len(covered)
            return [self._down_alert(site_id, site, covered, now)]
        if (site.state is HealthState.DEGRADED and not site.alerted_degraded
                and rules.degraded_after_minutes is not None
                and now - site.since >= rules.degraded_after_minutes * _MINUTE
                and not self._ancestor_down(site_id) and not self._quiet(AlertKind.DEGRADED, now)):
            site.alerted_degraded = True
            return [self._degraded_alert(site_id, site, now)]
        return []

    # --- messages -------------------------------------------------------------------------------------------

    def _local(self, ts: float) -> datetime:
        return datetime.fromtimestamp(ts, self.tz)

    def _facts(self, site_id: str) -> AlertFacts:
        return AlertFacts(self._names.get(site_id) or site_id, self.network.timezone)

    def _with_context(self, facts: AlertFacts, site_id: str, since: float, now: float) -> AlertFacts:
        """`facts` with the diagnosis verdict of the incident (made since `since`) and the first contract warning
        of the site's links, when there are."""
        verdict = self._verdicts.get(site_id)
        if self.rules.diagnosis_verdicts and verdict is not None and verdict[1] >= since:
            facts = replace(facts, verdict=verdict[0], verdict_at=verdict[1])
        contract_ids = {cid for link in self.network.links_of(site_id) for cid in link.contracts}
        warning = next((w for w in self._warnings(now) if w.contract_id in contract_ids), None)
        return replace(facts, contract=_contract_note(warning, self.network)) if warning is not None else facts

    def _warnings(self, now: float) -> list[ContractWarning]:
        today = self._local(now).date()
        if today != self._contract_day:
            self._contract_day, self._contract_cache = today, contract_warnings(self.network, today)
        return self._contract_cache

    def _down_alert(self, site_id: str, site: _Site, covered: list[str], now: float) -> Alert:
        start = _outage_start(site)
        facts = self._with_context(replace(self._facts(site_id), offices=len(covered)), site_id, site.since, now)
        return Alert(f"down:{site_id}:{round(site.since)}", AlertKind.DOWN, site_id, (site_id, *covered), now,
                     facts, start)

    def _path_word(self, site_id: str, site: _Site, now: float) -> tuple[PathWord, tuple[str, ...]]:
        if self._own_vantage is None:
            return PathWord.DOWN, ()
        if now < self._views_until:
            return PathWord.WAIT, ()
        return path_word(self._views.get(site_id, {}), self._own_vantage, site.since, now)

    def _path_alert(self, site_id: str, site: _Site, heard: tuple[str, ...], now: float) -> Alert:
        own = self._own_vantage or ""
        facts = replace(self._facts(site_id), vantage=self._names.get(own) or own,
                        heard_from=tuple(self._names.get(v) or v for v in heard))
        return Alert(f"path-broken:{site_id}:{round(site.since)}", AlertKind.PATH_BROKEN, site_id, (site_id,), now,
                     self._with_context(facts, site_id, site.since, now), _outage_start(site))

    def _recovery_alert(self, site_id: str, site: _Site, ts: float, now: float) -> Alert:
        return Alert(f"recovered:{site_id}:{round(site.down_since)}", AlertKind.RECOVERED, site_id, (site_id,),
                     now, replace(self._facts(site_id), at=ts, offices=site.down_covered), site.down_since)

    def _degraded_alert(self, site_id: str, site: _Site, now: float) -> Alert:
        facts = self._with_context(self._facts(site_id), site_id, site.since, now)
        return Alert(f"degraded:{site_id}:{round(site.since)}", AlertKind.DEGRADED, site_id, (site_id,), now,
                     facts, site.since)

    def _flapping_alert(self, site_id: str, site: _Site, now: float) -> Alert:
        facts = replace(self._facts(site_id), downs=site.flap_downs,
                        window_minutes=round(self.rules.flap_window_minutes))
        return Alert(f"flapping:{site_id}:{round(site.flap_started)}", AlertKind.FLAPPING, site_id, (site_id,),
                     now, facts, site.flap_started)

    def _flap_summary(self, site_id: str, site: _Site, now: float) -> Alert:
        site.flapping = False
        site.down_entries = []
        facts = replace(self._facts(site_id), at=site.last_change, downs=site.flap_downs, state=site.state)
        if site.state is HealthState.DOWN:
            # The summary reports it DOWN, so its recovery must be announced in turn.
            site.alerted_down, site.down_since, site.down_covered = True, _outage_start(site), 0
        return Alert(f"flap-summary:{site_id}:{round(site.flap_started)}", AlertKind.FLAP_SUMMARY, site_id,
                     (site_id,), now, facts, site.flap_started)

    def _contract_alerts(self, now: float) -> list[Alert]:
        alerts: list[Alert] = []
        for warning in self._warnings(now):
            key = f"contract:{warning.contract_id}:{warning.kind.value}:{warning.step}:{warning.link_id}"
            if key in self._sent_contract_keys:
                continue
            self._sent_contract_keys.add(key)
            sites = tuple(dict.fromkeys(
                end for link in self.network.links if warning.contract_id in link.contracts
                for end in (link.a, link.b) if end in self._sites))
            note = _contract_note(warning, self.network)
            alerts.append(Alert(key, AlertKind.CONTRACT, warning.contract_id, sites, now,
                                AlertFacts(note.label, self.network.timezone, contract=note)))
        return alerts


def _outage_start(site: _Site) -> float:
    """When the site's present outage began: when it went silent, or entered DOWN if that is earlier."""
    return min(site.since, site.silent_since) if site.silent_since is not None else site.since


def _contract_note(warning: ContractWarning, network: Network) -> ContractNote:
    contract = network.contract(warning.contract_id)
    label = f"{contract.provider} {contract.number}".strip() if contract else warning.contract_id
    return ContractNote(label, warning.kind, abs(warning.days or 0))
