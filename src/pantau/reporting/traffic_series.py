"""A link's traffic over a time range as numpy arrays ready to plot, and its week heat-map.

Which table a range reads follows the probe graphs (`reporting.history.choose_resolution`): raw poll intervals up
to 3 hours, 1-minute rollups up to 8 days, hourly rollups beyond. A bucket's rate also holds over the neighbouring
buckets its measured interval covered (a line polled every 10 minutes draws a line on the minute grid). Rates are
bits per second. A gap is NaN, never 0: a failed poll or a restart (a raw row with no rate) breaks the line, and so
does a bucket with no rollup row or a pause between two raw intervals (the poller was not running). Raw points sit
at each interval's middle; rollup points at each bucket's middle, with the bucket's peak kept beside the mean so a
short burst stays visible.

The week heat-map is the mean utilisation of each (weekday, hour) in the network's time zone over the last weeks,
from hourly rollups: NaN where nothing was measured, so "no data" never reads as an idle line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, tzinfo

import numpy as np
import numpy.typing as npt

from pantau.domain.traffic import TrafficInterval, TrafficRollup
from pantau.reporting.history import Source, choose_resolution
from pantau.storage.store import HistoryReader

FloatArray = npt.NDArray[np.float64]

HOUR = 3600
WEEK = 7 * 86_400
# Two raw intervals further apart than this share of a poll interval leave a gap between them.
RAW_PAUSE_FACTOR = 1.5


@dataclass(frozen=True)
class TrafficSeries:
    """Equal-length arrays: `t` epoch seconds (an interval's or bucket's middle); rates in bit/s, NaN for gaps.
    `in_peak`/`out_peak` equal the means for raw intervals. `problems` lists the gaps' reasons with their time."""

    link: str
    source: Source
    t: FloatArray
    in_bps: FloatArray
    out_bps: FloatArray
    in_peak: FloatArray
    out_peak: FloatArray
    problems: tuple[tuple[float, str], ...]

    def __len__(self) -> int:
        return len(self.t)

    def use_percent(self, committed_kbps: int) -> FloatArray:
        """The fuller direction against the contracted rate; NaN stays NaN."""
        return np.fmax(self.in_bps, self.out_bps) / (committed_kbps * 10)


def load_traffic(reader: HistoryReader, link: str, start: float, end: float, *, now: float | None = None,
                 raw_retention_s: float = 86_400, minute_retention_s: float = 7 * 86_400) -> TrafficSeries:
    """The link's traffic over [start, end) from the finest table that holds it with few enough points."""
    source = choose_resolution(start, end, now, raw_retention_s=raw_retention_s,
                               minute_retention_s=minute_retention_s)
    if source == "raw":
        return _from_intervals(link, reader.traffic(link, start, end))
    width = 60 if source == "1m" else HOUR
    return _from_rollups(link, source, reader.traffic_rollups(link, source, start, end), start, end, width)


def _from_intervals(link: str, rows: list[TrafficInterval]) -> TrafficSeries:
    t: list[float] = []
    rates_in: list[float] = []
    rates_out: list[float] = []
    problems: list[tuple[float, str]] = []
    previous_end: float | None = None
    for row in rows:
        length = row.end - row.start
        if previous_end is not None and row.start - previous_end > max(1.0, RAW_PAUSE_FACTOR * length):
            t.append((previous_end + row.start) / 2)  # nobody polled in between: a break in the line
            rates_in.append(np.nan)
            rates_out.append(np.nan)
        t.append((row.start + row.end) / 2)
        rates_in.append(np.nan if row.in_bps is None else row.in_bps)
        rates_out.append(np.nan if row.out_bps is None else row.out_bps)
        if row.problem:
            problems.append((row.end, row.problem))
        previous_end = row.end
    in_array, out_array = np.array(rates_in, dtype=np.float64), np.array(rates_out, dtype=np.float64)
    return TrafficSeries(link, "raw", np.array(t, dtype=np.float64), in_array, out_array, in_array.copy(),
                         out_array.copy(), tuple(problems))


def _from_rollups(link: str, source: Source, rollups: list[TrafficRollup], start: float, end: float,
                  width: int) -> TrafficSeries:
    first = int(start // width) * width
    count = max(0, int(np.ceil((end - first) / width)))
    t = first + width * np.arange(count, dtype=np.float64) + width / 2
    arrays = [np.full(count, np.nan) for _ in range(4)]
    for rollup in rollups:
        index = int((rollup.start - first) // width)
        # A line polled less often than a bucket (every 10 minutes, say) measured one interval for several
        # buckets: its rate holds over them all, not only the bucket its middle fell in (else a day of minutes is
        # one dot every ten, and no line joins dots with gaps between them).
        reach = max(0.0, (rollup.measured_s - width) / 2 / width)
        for at in range(max(0, index - math.ceil(reach)), min(count, index + math.floor(reach) + 1)):
            if at != index and not np.isnan(arrays[0][at]):
                continue
            for array, value in zip(arrays, (rollup.in_mean_bps, rollup.out_mean_bps, rollup.in_max_bps,
                                             rollup.out_max_bps), strict=True):
                array[at] = value
    return TrafficSeries(link, source, t, arrays[0], arrays[1], arrays[2], arrays[3], ())


@dataclass(frozen=True)
class WeekHeatmap:
    """`percent[weekday][hour]`: mean utilisation (Monday = 0) in the network's local time, NaN where nothing was
    measured; `hours[weekday][hour]`: how many measured hours went into it."""

    link: str
    percent: FloatArray
    hours: npt.NDArray[np.int64]


def week_heatmap(rollups: list[TrafficRollup], committed_kbps: int, zone: tzinfo, link: str = "") -> WeekHeatmap:
    """The heat-map of hourly rollups (any number of weeks): each cell the measured-time-weighted mean of the
    fuller direction's hourly means."""
    weighted = np.zeros((7, 24))
    seconds = np.zeros((7, 24))
    hours = np.zeros((7, 24), dtype=np.int64)
    for rollup in rollups:
        local = datetime.fromtimestamp(rollup.start, zone)
        weighted[local.weekday(), local.hour] += rollup.mean_bps * rollup.measured_s
        seconds[local.weekday(), local.hour] += rollup.measured_s
        hours[local.weekday(), local.hour] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(seconds > 0, weighted / seconds, np.nan)
    return WeekHeatmap(link, mean / (committed_kbps * 10), hours)


def load_week_heatmap(reader: HistoryReader, link: str, committed_kbps: int, zone: tzinfo, end: float,
                      weeks: int = 4) -> WeekHeatmap:
    rollups = reader.traffic_rollups(link, "1h", end - weeks * WEEK, end)
    return week_heatmap(rollups, committed_kbps, zone, link)
