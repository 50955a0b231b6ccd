"""What a site's availability over a range was, counting only the time it was monitored.

The event log says which state a site was in, but an event stays open while nobody watches: a Pantau that was
killed, or a laptop that slept, leaves the site's last UP event running across the hours it was not probed, and the
strip and uptime would read that time as up. So the *monitored* time comes from the measurements, not the events:

- `coverage` turns a loaded `HistorySeries` into the intervals with measurements (a raw round, or a rollup bucket
  with a round in it: its loss is a number). Measurements no more than `hold` apart (`GAP_FACTOR` typical
  spacings, at least `MIN_HOLD_S` and the bucket's width) join into one monitored run, which lasts until one
  typical spacing (at least the bucket) after its last measurement. A longer silence is not monitored. A failed
  round is a measurement too: a cut link is monitored. So a 9-minute stop shows in raw rounds and in minutes (to
  the round or the minute), not in hours.
- `availability` lays the site's events over that coverage. Every second of the range falls in one `Span`: a
  state, or `None` (not monitored, drawn grey). Monitored time without an event (the log was pruned) is UNKNOWN.
- Uptime is answered time (UP, DEGRADED) over measured time (UP, DEGRADED, DOWN), both within the monitored time;
  UNKNOWN and UNREACHABLE count neither way. A range with no measured time has no uptime (`None`: "no data"),
  never 100 %. `monitored_s` and `range_s` let a caption say how much of the range the figure rests on.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from pantau.domain.states import HealthState
from pantau.reporting.history import GAP_FACTOR, HOUR, MINUTE, HistorySeries
from pantau.storage.workspace import EventRow

__all__ = ["MIN_HOLD_S", "UPTIME_WINDOW_S", "Availability", "Span", "availability", "coverage", "measured_coverage",
           "merge"]

# A raw round vouches for at least this long after it: probing intervals run to tens of seconds, and a failed
# ICMP round's confirm round adds a few more before the next round.
MIN_HOLD_S = 30.0
# The office table's uptime column: the last 24 hours, in the local window and the window on the store alike.
UPTIME_WINDOW_S = 24 * 3600

_ANSWERING = frozenset({HealthState.UP, HealthState.DEGRADED})
_MEASURED = frozenset({HealthState.UP, HealthState.DEGRADED, HealthState.DOWN})
_BUCKET_WIDTH = {"1m": float(MINUTE), "1h": float(HOUR)}

Interval = tuple[float, float]


@dataclass(frozen=True)
class Span:
    """[start, end) in one state; `state` None: not monitored (no measurement)."""

    start: float
    end: float
    state: HealthState | None


@dataclass(frozen=True)
class Availability:
    """A subject's spans over [start, end), covering it whole, oldest first, and the times its uptime rests on."""

    start: float
    end: float
    spans: list[Span]
    monitored_s: float
    measured_s: float
    answered_s: float

    @property
    def range_s(self) -> float:
        return self.end - self.start

    @property
    def uptime(self) -> float | None:
        """Percent of the measured time in which the subject answered; None with no measured time (no data)."""
        return 100.0 * self.answered_s / self.measured_s if self.measured_s > 0 else None

    @property
    def not_monitored_s(self) -> float:
        return self.range_s - self.monitored_s


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """The union of `intervals` as sorted, disjoint, non-touching intervals (empty ones dropped)."""
    merged: list[Interval] = []
    for first, last in sorted(i for i in intervals if i[1] > i[0]):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def coverage(series: HistorySeries, start: float, end: float, min_hold_s: float = MIN_HOLD_S) -> list[Interval]:
    """The monitored parts of [start, end) according to `series` (see the module docstring)."""
    return measured_coverage(series.t[np.isfinite(series.loss)], _BUCKET_WIDTH.get(series.source, 0.0), start, end,
                             min_hold_s)


def measured_coverage(times: npt.NDArray[np.float64], width: float, start: float, end: float,
                      min_hold_s: float = MIN_HOLD_S) -> list[Interval]:
    """The monitored parts of [start, end) given the `times` of the measurements (raw rounds with `width` 0, or
    the starts of rollup buckets `width` seconds wide that had a round): `coverage` without the figures, for a
    reader that knows only which buckets were measured (the shared store's packed minutes' headers)."""
    t = np.sort(times)
    if t.size == 0:
        return []
    spacing = np.diff(t)
    typical = float(np.median(spacing)) if spacing.size else 0.0
    hold = max(min_hold_s, width, GAP_FACTOR * typical)
    tail = max(width, min(hold, typical))
    # Runs of measurements no further apart than `hold` are monitored whole, each until one typical spacing after
    # its last. Vectorised: the live view does this for every compared office each second.
    breaks = np.nonzero(spacing > hold)[0]
    firsts = np.concatenate(([t[0]], t[breaks + 1]))
    lasts = np.concatenate((t[breaks], [t[-1]]))
    covered = [(float(a), float(b) + tail) for a, b in zip(firsts, lasts, strict=True)]
    if t[0] - start <= hold:
        # The range began within one round of its first one: the round before it (outside the range) vouched.
        covered[0] = (start, covered[0][1])
    return merge((max(start, a), min(end, b)) for a, b in covered)


def availability(events: Iterable[EventRow], subject: str, covered: Sequence[Interval], start: float,
                 end: float) -> Availability:
    """`subject`'s states over [start, end) within the `covered` intervals (from `coverage`), and its uptime."""
    pieces = sorted((max(e.started, start), min(end if e.ended is None else e.ended, end), e.state)
                    for e in events if e.subject == subject)
    pieces = [p for p in pieces if p[1] > p[0]]
    covered = merge((max(start, a), min(end, b)) for a, b in covered)
    cuts = {start, end}
    for first, last in covered:
        cuts.update((first, last))
    for first, last, _ in pieces:
        cuts.update((first, last))
    bounds = sorted(c for c in cuts if start <= c <= end)
    cover_starts = [a for a, _ in covered]
    piece_starts = [p[0] for p in pieces]
    spans: list[Span] = []
    monitored = measured = answered = 0.0
    for first, last in pairwise(bounds):
        middle = (first + last) / 2
        state = _state_at(middle, covered, cover_starts, pieces, piece_starts)
        length = last - first
        if state is not None:
            monitored += length
            measured += length if state in _MEASURED else 0.0
            answered += length if state in _ANSWERING else 0.0
        if spans and spans[-1].state is state:
            spans[-1] = Span(spans[-1].start, last, state)
        else:
            spans.append(Span(first, last, state))
    return Availability(start, end, spans, monitored, measured, answered)


def _state_at(x: float, covered: Sequence[Interval], cover_starts: Sequence[float],
              pieces: Sequence[tuple[float, float, HealthState]], piece_starts: Sequence[float]
              ) -> HealthState | None:
    i = bisect.bisect_right(cover_starts, x) - 1
    if i < 0 or not covered[i][0] <= x < covered[i][1]:
        return None
    # Events of one subject follow each other (a new event closes the open one), so the latest begun is the one.
    j = bisect.bisect_right(piece_starts, x) - 1
    if j >= 0 and pieces[j][0] <= x < pieces[j][1]:
        return pieces[j][2]
    return HealthState.UNKNOWN
