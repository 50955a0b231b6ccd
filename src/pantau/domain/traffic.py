"""A link's traffic from its interface counters: readings, the rate between two of them, and rollups.

An SNMP poll gives octet counters that only grow, until they wrap (32-bit ifInOctets at 2**32) or reset (the agent
restarted, the interface was re-created). The rate between two readings is the counter difference over the time
between them; a wrap is undone once when the result is plausible, and anything that cannot be told apart from a
reset (sysUpTime went back or advanced less than the clock, a 64-bit counter went back, a 32-bit counter that could
have wrapped twice) is a gap, never a spike and never a zero.

Rollups (1-minute and hourly buckets, a contract period) keep the mean, the peak and the 95th percentile of the
rates that fall in them, with the seconds actually measured so a gap stays a gap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

COUNTER32 = 2**32
COUNTER64 = 2**64
# sysUpTime is TimeTicks: hundredths of a second, 32 bits (it wraps after 497 days).
TICKS_PER_SECOND = 100
# The agent's uptime may lag the poller's clock by this much between two polls (request latency, retries, clock
# steps) before the gap counts as a restart.
UPTIME_SLACK_S = 5.0
UPTIME_SLACK_FRACTION = 0.1
# A rate above this share of the interface's own speed is not a rate but an undetected reset.
MAX_PLAUSIBLE_SPEED_FACTOR = 1.05


class OperStatus(StrEnum):
    """IF-MIB ifOperStatus, by name (RFC 2863)."""

    UP = "up"
    DOWN = "down"
    TESTING = "testing"
    UNKNOWN = "unknown"
    DORMANT = "dormant"
    NOT_PRESENT = "notPresent"
    LOWER_LAYER_DOWN = "lowerLayerDown"

    @classmethod
    def from_code(cls, code: int) -> OperStatus:
        names = {1: cls.UP, 2: cls.DOWN, 3: cls.TESTING, 4: cls.UNKNOWN, 5: cls.DORMANT, 6: cls.NOT_PRESENT,
                 7: cls.LOWER_LAYER_DOWN}
        return names.get(code, cls.UNKNOWN)

    @property
    def is_down(self) -> bool:
        """The interface says it carries nothing: direct evidence of a cut at that port."""
        return self in (OperStatus.DOWN, OperStatus.LOWER_LAYER_DOWN, OperStatus.NOT_PRESENT)


@dataclass(frozen=True)
class CounterReading:
    """One poll of one interface: when (poller's clock, epoch seconds), the agent's uptime, the octet counters.

    `counter_bits` is 64 for ifHCInOctets/ifHCOutOctets, 32 for the ifInOctets/ifOutOctets fallback.
    `speed_bps` is ifHighSpeed × 10⁶ or ifSpeed, None when the agent does not say.
    """

    at: float
    uptime_ticks: int
    in_octets: int
    out_octets: int
    counter_bits: int = 64
    oper_status: OperStatus = OperStatus.UP
    speed_bps: int | None = None


class GapReason(StrEnum):
    RESTART = "restart"  # sysUpTime went back or lagged the clock: the agent restarted between the polls
    COUNTER_RESET = "counter-reset"  # a counter went back with no plausible wrap
    AMBIGUOUS_WRAP = "ambiguous-wrap"  # a 32-bit counter may have wrapped more than once
    COUNTER_KIND = "counter-kind"  # one reading had 64-bit counters, the other 32-bit
    CLOCK = "clock"  # the second reading is not later than the first


@dataclass(frozen=True)
class TrafficRate:
    """The mean rates between two readings, in bits per second, over [start, end] (epoch seconds)."""

    start: float
    end: float
    in_bps: float
    out_bps: float

    @property
    def seconds(self) -> float:
        return self.end - self.start

    @property
    def peak_bps(self) -> float:
        """The busier direction: a line is as full as its fuller side."""
        return max(self.in_bps, self.out_bps)

    @property
    def middle(self) -> float:
        """The instant a rate is filed under: a bucket holds the rates whose middle falls inside it."""
        return (self.start + self.end) / 2


@dataclass(frozen=True)
class RateGap:
    """Two readings between which no rate can be told, and why; drawn as a gap."""

    start: float
    end: float
    reason: GapReason


@dataclass(frozen=True)
class TrafficInterval:
    """One poll interval of one link, as stored and drawn: the rates (bits per second) between two readings, or
    a gap whose `problem` says why (a failed poll, an agent restart). A gap is never a zero."""

    link: str
    start: float
    end: float
    in_bps: float | None
    out_bps: float | None
    oper_status: OperStatus | None = None
    speed_bps: int | None = None
    problem: str | None = None

    @property
    def is_gap(self) -> bool:
        return self.in_bps is None or self.out_bps is None

    def rate(self) -> TrafficRate | None:
        if self.in_bps is None or self.out_bps is None:
            return None
        return TrafficRate(self.start, self.end, self.in_bps, self.out_bps)


def rate_between(before: CounterReading, after: CounterReading) -> TrafficRate | RateGap:
    """The traffic between two consecutive readings of one interface, or the reason there is none."""
    seconds = after.at - before.at
    if seconds <= 0:
        return RateGap(before.at, after.at, GapReason.CLOCK)
    if before.counter_bits != after.counter_bits:
        return RateGap(before.at, after.at, GapReason.COUNTER_KIND)
    if _restarted_between(before, after, seconds):
        return RateGap(before.at, after.at, GapReason.RESTART)
    deltas: list[int] = []
    for old, new in ((before.in_octets, after.in_octets), (before.out_octets, after.out_octets)):
        delta = counter_delta(old, new, after.counter_bits)
        if delta is None:
            return RateGap(before.at, after.at, GapReason.COUNTER_RESET)
        deltas.append(delta)
    in_bps, out_bps = (delta * 8 / seconds for delta in deltas)
    speed = after.speed_bps or before.speed_bps
    if speed and max(in_bps, out_bps) > speed * MAX_PLAUSIBLE_SPEED_FACTOR:
        wrapped = after.counter_bits == 32 and (after.in_octets < before.in_octets
                                                or after.out_octets < before.out_octets)
        return RateGap(before.at, after.at, GapReason.AMBIGUOUS_WRAP if wrapped else GapReason.COUNTER_RESET)
    if after.counter_bits == 32 and speed and speed * seconds / 8 >= COUNTER32:
        # The line could move 4 GiB in this time: a counter that looks unwrapped may have wrapped whole turns.
        return RateGap(before.at, after.at, GapReason.AMBIGUOUS_WRAP)
    return TrafficRate(before.at, after.at, in_bps, out_bps)


def counter_delta(old: int, new: int, bits: int) -> int | None:
    """How far a counter moved: a 32-bit counter that went back wrapped once; a 64-bit one was reset (None)."""
    if new >= old:
        return new - old
    if bits == 32:
        return new + COUNTER32 - old
    return None


def _restarted_between(before: CounterReading, after: CounterReading, seconds: float) -> bool:
    uptime_s = (after.uptime_ticks - before.uptime_ticks) / TICKS_PER_SECOND
    if uptime_s < 0:
        return True
    slack = max(UPTIME_SLACK_S, seconds * UPTIME_SLACK_FRACTION)
    return uptime_s < seconds - slack


def utilisation_percent(bps: float, committed_kbps: int) -> float:
    """A rate as a share of the contracted rate; may exceed 100 (a line that bursts above its commitment)."""
    return bps / (committed_kbps * 1000) * 100


# At or above this share of its contracted rate a line is full: congestion evidence, not a cut.
FULL_PERCENT = 90.0
# A line's load is current for this many poll intervals after its reading.
FRESH_INTERVALS = 3


@dataclass(frozen=True)
class LineLoad:
    """A link's measured load at one moment, for the diagnosis: the fuller direction against the contract, and the
    interface's own status (`oper_status` down is direct evidence of a cut at that port)."""

    link_id: str
    use_percent: float | None
    committed_kbps: int
    oper_status: OperStatus | None
    at: float
    interval_s: float

    @property
    def full(self) -> bool:
        return self.use_percent is not None and self.use_percent >= FULL_PERCENT

    @property
    def interface_down(self) -> bool:
        return self.oper_status is not None and self.oper_status.is_down

    def fresh(self, now: float) -> bool:
        return now - self.at <= FRESH_INTERVALS * self.interval_s


@dataclass(frozen=True)
class TrafficRollup:
    """The rates within one bucket: mean, peak and 95th percentile per direction, and the seconds measured."""

    start: float
    end: float
    measured_s: float
    in_mean_bps: float
    out_mean_bps: float
    in_max_bps: float
    out_max_bps: float
    in_p95_bps: float
    out_p95_bps: float

    @property
    def peak_bps(self) -> float:
        return max(self.in_max_bps, self.out_max_bps)

    @property
    def p95_bps(self) -> float:
        return max(self.in_p95_bps, self.out_p95_bps)

    @property
    def mean_bps(self) -> float:
        return max(self.in_mean_bps, self.out_mean_bps)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (the billing convention: the value that `share` of the samples do not
    exceed), of a non-empty sequence; `share` in (0, 1]."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def rollup(rates: Sequence[TrafficRate], start: float, end: float) -> TrafficRollup | None:
    """The rollup of the rates whose middle falls within [start, end); None when none do (a gap, not a zero).

    Means are weighted by each rate's seconds, so a long interval after a missed poll counts for its length.
    """
    inside = [rate for rate in rates if start <= rate.middle < end]
    if not inside:
        return None
    measured = sum(rate.seconds for rate in inside)
    return TrafficRollup(
        start=start,
        end=end,
        measured_s=measured,
        in_mean_bps=sum(rate.in_bps * rate.seconds for rate in inside) / measured,
        out_mean_bps=sum(rate.out_bps * rate.seconds for rate in inside) / measured,
        in_max_bps=max(rate.in_bps for rate in inside),
        out_max_bps=max(rate.out_bps for rate in inside),
        in_p95_bps=percentile([rate.in_bps for rate in inside], 0.95),
        out_p95_bps=percentile([rate.out_bps for rate in inside], 0.95),
    )


def bucket_rollups(rates: Iterable[TrafficRate], bucket_s: float) -> list[TrafficRollup]:
    """Rollups of `rates` into aligned buckets of `bucket_s` seconds (60: minutes, 3600: hours), oldest first;
    a bucket no rate fell in is absent."""
    buckets: dict[int, list[TrafficRate]] = {}
    for rate in rates:
        buckets.setdefault(math.floor(rate.middle / bucket_s), []).append(rate)
    result = []
    for key in sorted(buckets):
        start = key * bucket_s
        made = rollup(buckets[key], start, start + bucket_s)
        if made is not None:
            result.append(made)
    return result
