"""The history of one check of one target over a time range, as numpy arrays ready to plot, and its outages.

This module owns three decisions the graphs rely on:
- *which table a range reads* (`choose_resolution`). The workspace keeps raw rounds and 1-minute rollups for the
  network's retention (a day and 30 days by default) and 1-hour rollups forever (docs/architecture.md, "Compact
  history"). A span of up to 3 hours reads raw rounds
  (the live 15 minutes and 1 hour: every round, at most a few thousand points); up to 8 days reads 1-minute
  rollups (24 h = 1440 points, 7 d = 10080, which peak downsampling draws fast); anything longer reads 1-hour
  rollups (30 d = 720 points). A range older than a table's retention falls through to the next coarser table, so
  a custom range from last month still shows something.
- *gaps*: a rollup range is laid on a regular grid of buckets; a bucket with no row, or whose every packet was lost,
  has NaN rtt (drawn as a gap, never as zero). A missing bucket has NaN loss too (nothing was measured); an
  all-lost bucket has 100 % loss. Raw rounds get a NaN point where two rounds lie more than
  `GAP_FACTOR` median spacings apart.
- *outages* from the event log: DOWN spans of a subject clipped to the range (states and uptime over the time
  that was monitored are `reporting.availability`'s).
- *an outage's cause*: the saved diagnosis that concerns the site and was made during the outage (`with_causes`).

`LiveBuffer` holds what the running engine reported (no disk): raw rounds for the last hour and 1-minute
aggregates for 24 hours, so 500 sites fit in a few tens of megabytes. After a restart, `backfill` puts the rounds
the workspace holds from before it under the live ones, so the live view does not start empty.
"""

from __future__ import annotations

import csv
import json
import math
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal, TextIO
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from pantau.domain.diagnosis import Verdict
from pantau.domain.inventory import TargetRole
from pantau.domain.results import ProbeResult
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState
from pantau.storage.store import HistoryReader
from pantau.storage.workspace import DiagnosisRow, EventRow

__all__ = [
    "DIAGNOSIS_LEAD_S",
    "GAP_FACTOR",
    "OPEN_OUTAGE_DIAGNOSIS_S",
    "RANGES",
    "HistorySeries",
    "LiveBuffer",
    "Outage",
    "Source",
    "choose_resolution",
    "diagnosis_cause",
    "diagnosis_rank",
    "load_series",
    "outages",
    "series_to_csv",
    "utc_offset_s",
    "with_causes",
]

Source = Literal["raw", "1m", "1h"]
FloatArray = npt.NDArray[np.float64]

MINUTE = 60
HOUR = 3600
DAY = 86_400
# Used only when a caller gives no retention; the application always passes the network's settings.
RAW_RETENTION_S = 2 * DAY
MINUTE_RETENTION_S = 7 * DAY
RAW_MAX_SPAN_S = 3 * HOUR
MINUTE_MAX_SPAN_S = 8 * DAY
# Two raw rounds further apart than this many typical spacings have a gap between them (a stopped engine, say).
GAP_FACTOR = 3.0

# The preset ranges of the graphs, in seconds back from now.
RANGES: dict[str, float] = {"live": 15 * MINUTE, "1h": HOUR, "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY}



def choose_resolution(start: float, end: float, now: float | None = None, *,
                      raw_retention_s: float = RAW_RETENTION_S,
                      minute_retention_s: float = MINUTE_RETENTION_S) -> Source:
    """The table to read for [start, end): the finest whose points stay few and whose retention (the network's
    `raw_retention_days` and `minute_rollup_retention_days`) reaches `start`."""
    span = end - start
    age = (end if now is None else now) - start
    if span <= RAW_MAX_SPAN_S and age <= raw_retention_s:
        return "raw"
    if span <= MINUTE_MAX_SPAN_S and age <= minute_retention_s + MINUTE:
        return "1m"
    return "1h"


@dataclass(frozen=True)
class HistorySeries:
    """Equal-length arrays: `t` epoch seconds (a round's time, or a bucket's start), rtt in ms (NaN: no answer or
    no data), `loss` in percent (NaN: no data)."""

    target: str
    method: str
    source: Source
    t: FloatArray
    rtt_avg: FloatArray
    rtt_min: FloatArray
    rtt_max: FloatArray
    loss: FloatArray

    def __len__(self) -> int:
        return int(self.t.size)

    def between(self, start: float, end: float) -> HistorySeries:
        """The points with start <= t <= end."""
        keep = (self.t >= start) & (self.t <= end)
        return HistorySeries(self.target, self.method, self.source, self.t[keep], self.rtt_avg[keep],
                             self.rtt_min[keep], self.rtt_max[keep], self.loss[keep])


def _empty(target: str, method: str, source: Source) -> HistorySeries:
    nothing = np.empty(0)
    return HistorySeries(target, method, source, nothing, nothing, nothing, nothing, nothing)


def load_series(reader: HistoryReader, target: str, method: str, start: float, end: float,
                source: Source | None = None, now: float | None = None, *,
                raw_retention_s: float = RAW_RETENTION_S,
                minute_retention_s: float = MINUTE_RETENTION_S) -> HistorySeries:
    """`target`'s `method` over [start, end) from the table `choose_resolution` picks (or `source`), read from the
    workspace or one vantage of the store. Reads the disk or the network: call it on a worker thread."""
    source = source or choose_resolution(start, end, now, raw_retention_s=raw_retention_s,
                                         minute_retention_s=minute_retention_s)
    if source == "raw":
        return _raw_series(reader, target, method, start, end)
    width = MINUTE if source == "1m" else HOUR
    rows = reader.rollup_columns(target, method, source, start, end)
    first = math.floor(start / width) * width
    t = np.arange(first, end, width, dtype=np.float64)
    avg, low, high, loss = (np.full(t.size, np.nan) for _ in range(4))
    index = (rows.bucket_start - first) // width
    inside = (index >= 0) & (index < t.size)
    index = index[inside]
    count, failures = rows.count[inside], rows.failures[inside]
    with np.errstate(divide="ignore", invalid="ignore"):
        loss[index] = np.where(count > 0, 100.0 * failures / count, np.nan)
    avg[index], low[index], high[index] = rows.rtt_avg[inside], rows.rtt_min[inside], rows.rtt_max[inside]
    return HistorySeries(target, method, source, t, avg, low, high, loss)


def _raw_series(reader: HistoryReader, target: str, method: str, start: float, end: float) -> HistorySeries:
    samples = reader.samples(target, start, end, method)
    if not samples:
        return _empty(target, method, "raw")
    t = np.fromiter((s.ts for s in samples), np.float64, len(samples))
    rtt = np.fromiter((np.nan if s.rtt_ms is None else s.rtt_ms for s in samples), np.float64, len(samples))
    loss = np.fromiter((100.0 * s.lost / s.sent if s.sent else np.nan for s in samples), np.float64, len(samples))
    t, rtt, loss = _break_gaps(t, rtt, loss)
    # One round's rtt is the mean of its replies; its spread is not stored, so the band is the line itself.
    return HistorySeries(target, method, "raw", t, rtt, rtt.copy(), rtt.copy(), loss)


def _break_gaps(t: FloatArray, *columns: FloatArray) -> tuple[FloatArray, ...]:
    """Insert a NaN point in every gap much wider than the usual spacing, so lines break there. Returns t and the
    columns, in that order."""
    if t.size < 3:
        return (t, *columns)
    spacing = np.diff(t)
    # The (upper) median by one partition: np.median's checks cost more than the work on a live curve's rounds.
    typical = float(np.partition(spacing, spacing.size // 2)[spacing.size // 2])
    wide = np.nonzero(spacing > GAP_FACTOR * typical)[0]
    if wide.size == 0:
        return (t, *columns)
    at = wide + 1
    return (np.insert(t, at, t[wide] + spacing[wide] / 2), *(np.insert(c, at, np.nan) for c in columns))


# --- events ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outage:
    """A DOWN span of a subject, clipped to the range asked for; `ongoing` when it had not ended by then.
    `cause` is the headline of a saved diagnosis of it (see `with_causes`), empty when there is none. `event_id`
    is the outage log's row of the DOWN event: the outage's number as users give it (`pantau report incident`)."""

    subject: str
    start: float
    end: float
    reason: str
    ongoing: bool
    cause: str = ""
    diagnosis_id: int | None = None
    event_id: int = 0

    @property
    def duration_s(self) -> float:
        return self.end - self.start


def _clipped(events: Iterable[EventRow], subject: str, start: float, end: float
             ) -> Iterable[tuple[EventRow, float, float]]:
    for event in events:
        if event.subject != subject:
            continue
        first = max(event.started, start)
        last = min(event.ended if event.ended is not None else end, end)
        if last > first:
            yield event, first, last


def outages(events: Iterable[EventRow], subject: str, start: float, end: float) -> list[Outage]:
    """`subject`'s DOWN spans overlapping [start, end), clipped to it, oldest first."""
    return [Outage(subject, first, last, event.reason, event.ended is None or event.ended > end,
                   event_id=event.id)
            for event, first, last in _clipped(events, subject, start, end) if event.state is HealthState.DOWN]


# A saved diagnosis explains an outage when it was made from this long before the outage began (the operator
# saw trouble coming) until it ended; for an outage still running, until the range's end but at least this long
# after it began.
DIAGNOSIS_LEAD_S = 5 * MINUTE
OPEN_OUTAGE_DIAGNOSIS_S = 30 * MINUTE


def diagnosis_rank(scope: str, site: str, site_roles: Collection[TargetRole]) -> int | None:
    """How closely a saved diagnosis of `scope` (as `pantau diagnose --save` and the diagnostics panel store it:
    "site ID", "server", "isp" or "all") concerns `site`: 0 its own site diagnosis, 1 a server or ISP diagnosis
    when the site holds the server or the ISP gateway (a target of that role), 2 a whole-network one; None when
    it does not concern the site."""
    kind, _, scope_site = scope.partition(" ")
    if kind == "site":
        return 0 if scope_site == site else None
    if (kind == "server" and TargetRole.SERVER in site_roles) or (
            kind == "isp" and TargetRole.ISP_GATEWAY in site_roles):
        return 1
    return 2 if kind == "all" else None


def diagnosis_cause(row: DiagnosisRow) -> str:
    """The one-line cause of a saved diagnosis: its report's headline, else its verdict."""
    try:
        headline = json.loads(row.report_json).get("headline")
    except (ValueError, AttributeError):
        headline = None
    return headline if isinstance(headline, str) and headline else row.verdict


def with_causes(found: Sequence[Outage], diagnoses: Iterable[DiagnosisRow], site: str,
                site_roles: Collection[TargetRole]) -> list[Outage]:
    """`found` with each outage's cause from the saved diagnosis that concerns the site most closely
    (`diagnosis_rank`), made within the outage (from DIAGNOSIS_LEAD_S before it began until it ended, or for an
    ongoing one until at least OPEN_OUTAGE_DIAGNOSIS_S after it began), the latest of equals. A diagnosis that
    found nothing wrong (verdict "ok") explains nothing and is passed over."""
    candidates = [(rank, row) for row in diagnoses if row.verdict != Verdict.OK.value
                  and (rank := diagnosis_rank(row.scope, site, site_roles)) is not None]
    result: list[Outage] = []
    for outage in found:
        last = max(outage.end, outage.start + OPEN_OUTAGE_DIAGNOSIS_S) if outage.ongoing else outage.end
        within = [(rank, -row.created, row) for rank, row in candidates
                  if outage.start - DIAGNOSIS_LEAD_S <= row.created <= last]
        if not within:
            result.append(outage)
            continue
        best = min(within, key=lambda item: item[:2])[2]
        result.append(replace(outage, cause=diagnosis_cause(best), diagnosis_id=best.id))
    return result


# --- time zone and export ----------------------------------------------------------------------------------------


def utc_offset_s(zone: str, at: float) -> int:
    """Seconds east of UTC of the IANA zone `zone` at epoch `at` (0 for an unknown zone)."""
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        return 0
    offset = datetime.fromtimestamp(at, tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


CSV_HEADER = ("site", "target", "method", "time", "epoch_s", "rtt_avg_ms", "rtt_min_ms", "rtt_max_ms",
              "loss_percent")


def _cell(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.3f}"


def series_to_csv(out: TextIO, series: Sequence[tuple[str, HistorySeries]], offset_s: int = 0) -> int:
    """Write (site label, series) pairs as CSV rows, times in ISO 8601 at UTC+`offset_s`; empty cells for NaN.
    Returns the number of data rows."""
    tz = timezone(timedelta(seconds=offset_s)) if offset_s else UTC
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    rows = 0
    for label, item in series:
        for i in range(len(item)):
            ts = float(item.t[i])
            writer.writerow((label, item.target, item.method, datetime.fromtimestamp(ts, tz).isoformat(),
                             f"{ts:.3f}", _cell(item.rtt_avg[i]), _cell(item.rtt_min[i]), _cell(item.rtt_max[i]),
                             _cell(item.loss[i])))
            rows += 1
    return rows


# --- live data ---------------------------------------------------------------------------------------------------


class _Ring:
    """Fixed-capacity columns of float32 values with a float64 time column, oldest overwritten first."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.t = np.full(capacity, np.nan)
        self.values = np.full((4, capacity), np.nan, dtype=np.float32)  # avg, min, max, loss
        self.size = 0
        self.head = 0  # the next slot to write

    def append(self, t: float, avg: float, low: float, high: float, loss: float) -> None:
        self.t[self.head] = t
        self.values[:, self.head] = (avg, low, high, loss)
        self.head = (self.head + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def set_last(self, avg: float, low: float, high: float, loss: float) -> None:
        self.values[:, (self.head - 1) % self.capacity] = (avg, low, high, loss)

    def first_t(self) -> float | None:
        return float(self.t[self.head if self.size == self.capacity else 0]) if self.size else None

    def last_t(self) -> float | None:
        return float(self.t[(self.head - 1) % self.capacity]) if self.size else None

    def between(self, start: float, end: float) -> tuple[FloatArray, npt.NDArray[np.float64]]:
        """Times and values (as float64 rows avg, min, max, loss) with start <= t <= end, oldest first."""
        # Appends come in time order (the engine's batches are oldest first), so the ring read from its oldest
        # slot is sorted. Only the slots in range are gathered: this runs for every live curve every second.
        oldest = self.head if self.size == self.capacity else 0
        t = np.concatenate((self.t[oldest:self.size], self.t[:oldest]))
        first, last = np.searchsorted(t, start, side="left"), np.searchsorted(t, end, side="right")
        slots = (np.arange(first, last) + oldest) % self.capacity
        return t[first:last], self.values[:, slots].astype(np.float64)


class LiveBuffer:
    """What the engine reported for some (target, method) checks, in memory: every round of the last
    `raw_window_s`, and 1-minute aggregates (packet-weighted mean, min, max, loss) of the last `minute_window_s`.

    `add` may be called from any thread (the engine's); reads return copies.
    """

    def __init__(self, raw_window_s: float = HOUR, minute_window_s: float = DAY,
                 min_interval_s: float = 1.0) -> None:
        self._raw_capacity = max(1, math.ceil(raw_window_s / min_interval_s))
        self._minute_capacity = max(1, math.ceil(minute_window_s / MINUTE))
        self._lock = threading.Lock()
        self._raw: dict[tuple[str, str], _Ring] = {}
        self._minutes: dict[tuple[str, str], _Ring] = {}
        # Per check, the minute being filled: rtt sum weighted by answers, answers, min, max, sent, lost.
        self._acc: dict[tuple[str, str], list[float]] = {}

    def add(self, results: Iterable[ProbeResult]) -> None:
        with self._lock:
            for result in results:
                self._add(result)

    def keys(self) -> list[tuple[str, str]]:
        with self._lock:
            return list(self._raw)

    def _add(self, result: ProbeResult) -> None:
        key = (result.target, result.method)
        raw = self._raw.get(key)
        if raw is None:
            raw = self._raw[key] = _Ring(self._raw_capacity)
            self._minutes[key] = _Ring(self._minute_capacity)
        rtts = result.rtts_ms if result.error is None else ()
        avg = sum(rtts) / len(rtts) if rtts else math.nan
        low = min(rtts) if rtts else math.nan
        high = max(rtts) if rtts else math.nan
        sent = max(result.sent, 1)
        lost = sent - result.received if rtts else sent
        raw.append(result.ts, avg, low, high, 100.0 * lost / sent)
        minutes = self._minutes[key]
        bucket = float(int(result.ts // MINUTE) * MINUTE)
        acc = self._acc.get(key)
        if acc is None or minutes.last_t() != bucket:
            acc = self._acc[key] = [0.0, 0.0, math.inf, -math.inf, 0.0, 0.0]
            minutes.append(bucket, math.nan, math.nan, math.nan, math.nan)
        answered = len(rtts)
        acc[0] += sum(rtts)
        acc[1] += answered
        acc[2] = min(acc[2], low) if rtts else acc[2]
        acc[3] = max(acc[3], high) if rtts else acc[3]
        acc[4] += sent
        acc[5] += lost
        minutes.set_last(acc[0] / acc[1] if acc[1] else math.nan, acc[2] if acc[1] else math.nan,
                         acc[3] if acc[1] else math.nan, 100.0 * acc[5] / acc[4])

    def backfill(self, samples: Sequence[Sample]) -> int:
        """Put rounds the workspace recorded before the live ones (after a restart, the minutes before it) under
        what the engine has reported since. Rounds not older than a check's first live round are dropped, so a
        backfill that races the engine never doubles a round. Returns the number of rounds taken."""
        by_key: dict[tuple[str, str], list[Sample]] = {}
        for sample in sorted(samples, key=lambda s: s.ts):
            by_key.setdefault((sample.target, sample.method), []).append(sample)
        taken = 0
        with self._lock:
            for key, rounds in by_key.items():
                taken += self._backfill(key, rounds)
        return taken

    def _backfill(self, key: tuple[str, str], rounds: list[Sample]) -> int:
        old_raw, old_minutes, old_acc = self._raw.get(key), self._minutes.get(key), self._acc.get(key)
        first = old_raw.first_t() if old_raw is not None else None
        older = [s for s in rounds if first is None or s.ts < first]
        if not older:
            return 0
        # Rebuilt oldest first (the rings must stay in time order): the backfilled rounds, then the live ones.
        self._raw[key] = _Ring(self._raw_capacity)
        self._minutes[key] = _Ring(self._minute_capacity)
        self._acc.pop(key, None)
        live_minute = old_minutes.first_t() if old_minutes is not None else None
        for sample in older:
            lost = sample.sent if sample.error is not None else sample.lost
            rtts = () if sample.rtt_ms is None or sample.error is not None else (sample.rtt_ms,) * (sample.sent - lost)
            result = ProbeResult(sample.target, sample.method, sample.ts, max(sample.sent, 1), sample.sent - lost,
                                 rtts, sample.error)
            if live_minute is not None and sample.ts >= live_minute:
                # The live minute aggregate already stands for this minute; only the round is added.
                self._raw[key].append(result.ts, *self._round_values(result))
                continue
            self._add(result)
        if old_raw is not None and old_minutes is not None:
            t, values = old_raw.between(-math.inf, math.inf)
            for i in range(t.size):
                self._raw[key].append(float(t[i]), *(float(v) for v in values[:, i]))
            t, values = old_minutes.between(-math.inf, math.inf)
            for i in range(t.size):
                self._minutes[key].append(float(t[i]), *(float(v) for v in values[:, i]))
            if old_acc is not None:
                self._acc[key] = old_acc
        return len(older)

    @staticmethod
    def _round_values(result: ProbeResult) -> tuple[float, float, float, float]:
        rtts = result.rtts_ms if result.error is None else ()
        sent = max(result.sent, 1)
        lost = sent - result.received if rtts else sent
        return (sum(rtts) / len(rtts) if rtts else math.nan, min(rtts) if rtts else math.nan,
                max(rtts) if rtts else math.nan, 100.0 * lost / sent)

    def series(self, target: str, method: str, start: float, end: float) -> HistorySeries:
        """The check's rounds (for a span within the raw window) or minutes over [start, end]."""
        key = (target, method)
        with self._lock:
            raw = self._raw.get(key)
            if raw is None:
                return _empty(target, method, "raw")
            # Rounds while the ring has dropped none (it holds all there is) or still reaches back to `start`.
            first = raw.first_t()
            complete = raw.size < raw.capacity or (first is not None and start >= first)
            source: Source = "raw" if complete else "1m"
            t, values = (raw if source == "raw" else self._minutes[key]).between(start, end)
        if source == "raw":
            t, avg, low, high, loss = _break_gaps(t, *values)
            return HistorySeries(target, method, source, t, avg, low, high, loss)
        return HistorySeries(target, method, source, t, values[0], values[1], values[2], values[3])
