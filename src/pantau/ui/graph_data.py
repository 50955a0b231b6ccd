"""What the graphs show, shaped without a widget: which check draws each compared office, the data of one range
(a series per line, each office's outages and availability), and the workspace read behind it.

Pure data (numpy and the workspace, no Qt), so the rules are tested without a window:
- an office's line is the first enabled check of its target closest to the office's link (`site_spec`);
- each compared office has its own events: outages (with the cause from a saved diagnosis) and its availability
  over the *monitored* time (`reporting.availability`): time without measurements is "not monitored", never up;
- the live view keeps the events it read last and lays them over the rounds in memory each second
  (`GraphData.with_series`), so the strip and uptime follow the live rounds without touching the disk;
- the primary office's line, when it is measured (SNMP), brings its use over the range (`LineUse`): drawn under
  the latency, so a slow line that is full explains itself;
- read from the shared store (one vantage's `storage.pg_history.VantageHistory`), the range also says which
  stretches of its lines reached the store late (`GraphData.late`: a back-fill after a cut); a workspace has none.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from pantau.domain.inventory import TRAFFIC_MINUTE_RETENTION_DAYS, Link, Network, TargetRole
from pantau.domain.links import site_links
from pantau.domain.timezones import local_date
from pantau.reporting.availability import Availability, availability, coverage
from pantau.reporting.history import DAY, HistorySeries, Outage, load_series
from pantau.reporting.site_service import line_check, read_site_events
from pantau.reporting.traffic_series import load_traffic
from pantau.storage.store import DeliveryReader, HistoryReader, LateStretch
from pantau.storage.workspace import EventRow

__all__ = [
    "LOSS_SCALE",
    "GraphData",
    "LineUse",
    "OfficeEvents",
    "SeriesSpec",
    "loss_class",
    "measured_line",
    "read_graph_data",
    "reference_spec",
    "site_spec",
    "specs_for_sites",
]

# Diagnoses read to find outages' causes: the newest this many (older ones rarely fall in a shown range).
DIAGNOSES_READ = 200

# Loss scale: upper bound (percent, exclusive) and the bar colour; 0 % is green, total loss red.
LOSS_SCALE: tuple[tuple[float, str], ...] = (
    (0.5, "#2e9d3a"), (2.0, "#9ccc3c"), (10.0, "#f2a900"), (50.0, "#ef6c00"), (float("inf"), "#d32f2f"),
)
_LOSS_EDGES = np.array([bound for bound, _ in LOSS_SCALE[:-1]])

# The roles whose loss is the office's link, in the order a graph prefers them.
@dataclass(frozen=True)
class SeriesSpec:
    """One compared line: the site (subject of its events) and the check that measures its link."""

    site: str
    label: str
    target: str
    method: str


def site_spec(network: Network, site_id: str) -> SeriesSpec | None:
    """The check a site's graph shows: the first check of its target closest to the office's link."""
    check = line_check(network, site_id)
    if check is None:
        return None
    site = network.site(site_id)
    return SeriesSpec(site_id, site.name if site is not None else site_id, *check)


def specs_for_sites(network: Network, site_ids: Sequence[str], limit: int | None = None) -> list[SeriesSpec]:
    """The specs of `site_ids` in order (the first is the primary), leaving out sites with no enabled check;
    at most `limit` of them."""
    specs = [spec for site_id in site_ids if (spec := site_spec(network, site_id)) is not None]
    return specs if limit is None else specs[:limit]


def reference_spec(network: Network, role: TargetRole, label: str) -> SeriesSpec | None:
    """The first enabled target of `role` (the central server, the ISP gateway) as a reference line."""
    target = next((t for t in network.targets if t.role is role and t.enabled and t.checks), None)
    if target is None:
        return None
    return SeriesSpec(target.site, label, target.id, target.checks[0])


@dataclass(frozen=True)
class OfficeEvents:
    """One compared office's events over the range: its outages and its availability (over monitored time)."""

    spec: SeriesSpec
    events: tuple[EventRow, ...]
    outages: tuple[Outage, ...]
    availability: Availability

    @property
    def uptime(self) -> float | None:
        return self.availability.uptime


@dataclass(frozen=True)
class LineUse:
    """The measured use of the line serving the primary office: the percent of its contract over time (NaN: gap)."""

    link: str
    committed_kbps: int
    t: np.ndarray
    percent: np.ndarray


@dataclass(frozen=True)
class GraphData:
    """Everything one range shows: a series per compared office (then per pinned reference), and the events of
    each compared office, in the same order (the first is the primary, whose strip is drawn)."""

    start: float
    end: float
    series: list[tuple[SeriesSpec, HistorySeries]]
    offices: list[OfficeEvents] = field(default_factory=list)
    use: LineUse | None = None
    late: tuple[LateStretch, ...] = ()

    @property
    def primary(self) -> OfficeEvents | None:
        return self.offices[0] if self.offices else None

    @property
    def uptime(self) -> float | None:
        """The primary office's uptime over its monitored time; None: no data."""
        return self.primary.uptime if self.primary is not None else None

    def all_outages(self) -> list[tuple[SeriesSpec, Outage]]:
        """Every compared office's outages with the office, oldest first."""
        found = [(office.spec, outage) for office in self.offices for outage in office.outages]
        return sorted(found, key=lambda item: (item[1].start, item[0].label))

    def with_series(self, start: float, end: float, series: list[tuple[SeriesSpec, HistorySeries]]) -> GraphData:
        """The same events over new series and range (the live view's rounds in memory), availability laid anew."""
        by_site = {spec.site: line for spec, line in series}
        offices = [office_events(office.spec, office.events, office.outages, by_site.get(office.spec.site),
                                 start, end) for office in self.offices]
        return GraphData(start, end, series, offices, self.use, self.late)


def office_events(spec: SeriesSpec, events: Sequence[EventRow], found: Sequence[Outage],
                  series: HistorySeries | None, start: float, end: float) -> OfficeEvents:
    """An office's events over [start, end), its availability from the rounds of `series` (its line)."""
    covered = coverage(series, start, end) if series is not None else []
    clipped = tuple(o for o in found if o.end > start and o.start < end)
    return OfficeEvents(spec, tuple(events), clipped, availability(events, spec.site, covered, start, end))


def read_graph_data(reader: HistoryReader, specs: Sequence[SeriesSpec], start: float, end: float,
                    now: float, *, offices: int | None = None, raw_retention_s: float = 2 * DAY,
                    minute_retention_s: float = 7 * DAY,
                    roles_of: Mapping[str, Collection[TargetRole]] | None = None,
                    line: Link | None = None) -> GraphData:
    """Read a range for `specs` from the workspace or one vantage of the store (blocks on the disk or the network:
    run it on a worker thread). The first
    `offices` specs (all by default) are compared offices, whose events are read too; the rest are references.
    `roles_of` gives each office's target roles (which saved diagnoses concern it); the retentions are the
    network's; `line` the measured line serving the primary office, whose use is read too."""
    series = [(spec, load_series(reader, spec.target, spec.method, start, end, now=now,
                                 raw_retention_s=raw_retention_s, minute_retention_s=minute_retention_s))
              for spec in specs]
    compared = specs[:offices] if offices is not None else specs
    # Read once, and only when some office had an outage to explain.
    diagnoses = functools.cache(lambda: reader.diagnoses(DIAGNOSES_READ))
    result: list[OfficeEvents] = []
    for spec, (_, office_line) in zip(compared, series, strict=False):
        events, found = read_site_events(reader, spec.site, start, end, end, (roles_of or {}).get(spec.site, ()),
                                         diagnoses)
        result.append(office_events(spec, events, found, office_line, start, end))
    use = None
    if line is not None:
        traffic = load_traffic(reader, line.id, start, end, now=now, raw_retention_s=raw_retention_s,
                               minute_retention_s=min(minute_retention_s, TRAFFIC_MINUTE_RETENTION_DAYS * DAY))
        use = LineUse(line.id, line.bandwidth_kbps, traffic.t, traffic.use_percent(line.bandwidth_kbps))
    late: tuple[LateStretch, ...] = ()
    if isinstance(reader, DeliveryReader):
        late = tuple(reader.delivered_late(sorted({(spec.target, spec.method) for spec in specs}), start, end))
    return GraphData(start, end, series, result, use, late)


def loss_class(loss: np.ndarray) -> np.ndarray:
    """The index into LOSS_SCALE of each loss value (percent; NaN counts as no loss)."""
    classes: np.ndarray = np.digitize(np.nan_to_num(loss), _LOSS_EDGES, right=False)
    return classes


def measured_line(network: Network, site_id: str, now: float) -> Link | None:
    """The line serving `site_id` today when its traffic is measured (SNMP), else None."""
    line = site_links(network).serving(site_id, local_date(now, network.timezone))
    return line if line is not None and line.snmp is not None else None
