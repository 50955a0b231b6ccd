"""The health state machine: per-target sliding-window statistics and states, site states, the summary line.

Pure and clock-free: every observation carries its own timestamp, so the same rounds always give the same states.

Rules (`MonitoringSettings` gives N = `down_after`, M = `up_after`, the thresholds and the window length):

- A *round* is one probe of a target: ICMP sends several packets, the other methods one. The window holds the
  last `window` rounds; its loss counts packets, not rounds. A round *fails* when no packet came back.
- A target starts UNKNOWN. N consecutive failed rounds make it DOWN, from any state. A failed *confirm round* (the
  engine's spaced re-probe right after a failed round) counts as N - 1 of them, so a failed round and its failed
  confirm round make it DOWN.
- From UNKNOWN the first successful round is enough to leave it: UNKNOWN means "no evidence", not "bad", so there
  is nothing to flicker back to. From DOWN it takes M consecutive successful rounds (hysteresis).
- On leaving DOWN the window restarts at the successful rounds: the outage is already on record as DOWN, and
  counting its loss again would hold the target DEGRADED for a whole window after the link came back.
- DEGRADED is judged only once the window holds `min(window, MIN_QUALITY_ROUNDS)` rounds, so one lost packet right
  after start does not read as 50 % loss. It is entered when loss ≥ `degraded_loss_percent` or median RTT ≥
  `degraded_rtt_ms`, and left only when loss < `LOSS_CLEAR_FACTOR` × that threshold and median RTT <
  `RTT_CLEAR_FACTOR` × that threshold: a link that sits at the boundary stays DEGRADED instead of flickering.
- `ErrorKind.NO_PRIVILEGE` says nothing about the link (this computer may not send ICMP), so it makes the target
  UNKNOWN, as does `pause()`. Both clear the window: UNKNOWN means the next data starts afresh.

`evidence()` gives the packets the current state rests on, so a loss figure shown beside the state agrees with it:
for DOWN, the rounds from the first of the failures that made it DOWN until now (about 100 % loss, less once
answers come back before `up_after` of them); for UP and DEGRADED, the window, once it holds enough rounds to be
judged (it restarts when the target leaves DOWN, so the outage's loss is not counted again); for UNKNOWN, nothing.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from pantau.domain.inventory import MonitoringSettings
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange, worst

MIN_QUALITY_ROUNDS = 5
LOSS_CLEAR_FACTOR = 0.5
RTT_CLEAR_FACTOR = 0.8

SUBJECT_TARGET = "target"

# States in which the target is answering, so loss and latency decide between them.
_ANSWERING = frozenset({HealthState.UP, HealthState.DEGRADED})


@dataclass(frozen=True)
class WindowStats:
    """Statistics over a target's window. `count` is rounds; the rest is None where there is no data."""

    count: int
    loss_percent: float | None
    rtt_median_ms: float | None
    rtt_p95_ms: float | None
    jitter_ms: float | None


@dataclass(frozen=True)
class _Round:
    sent: int
    received: int
    rtts: tuple[float, ...]


def window_stats(rounds: Iterable[tuple[int, int, Sequence[float]]]) -> WindowStats:
    """Statistics of (sent, received, rtts) rounds, oldest first.

    The p95 is the nearest-rank percentile; jitter is the mean absolute difference of consecutive RTTs.
    """
    count = sent = received = 0
    rtts: list[float] = []
    for round_sent, round_received, round_rtts in rounds:
        count += 1
        sent += round_sent
        received += round_received
        rtts.extend(round_rtts)
    loss = 100.0 * (sent - received) / sent if sent else None
    if not rtts:
        return WindowStats(count, loss, None, None, None)
    ordered = sorted(rtts)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]
    jitter = statistics.fmean(abs(b - a) for a, b in pairwise(rtts)) if len(rtts) > 1 else None
    return WindowStats(count, loss, statistics.median(ordered), p95, jitter)


class TargetHealth:
    """The health of one target, fed one round at a time; see the module docstring for the rules."""

    def __init__(self, target_id: str, settings: MonitoringSettings) -> None:
        self.target_id = target_id
        self.settings = settings
        self._window: deque[_Round] = deque(maxlen=max(1, settings.window))
        # The window's packets, kept up to date as rounds come and go: judging a round and the engine's
        # `site_loss` need them every round, and summing the window each time was most of the engine's CPU.
        self._window_sent = 0
        self._window_received = 0
        self._state = HealthState.UNKNOWN
        self._reason = "no data yet"
        self._successes = 0
        self._failures = 0
        # (sent, received) of the current run of failed rounds, and of the rounds since DOWN was entered.
        self._failing = (0, 0)
        self._down = (0, 0)

    @property
    def state(self) -> HealthState:
        return self._state

    @property
    def reason(self) -> str:
        """Why the target is in its current state (the reason of the last change)."""
        return self._reason

    @property
    def consecutive_successes(self) -> int:
        return self._successes

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def stats(self) -> WindowStats:
        return window_stats((r.sent, r.received, r.rtts) for r in self._window)

    def evidence(self) -> tuple[int, int] | None:
        """(sent, received) over the rounds the current state rests on (see the module docstring); None when
        the state rests on no loss figure (UNKNOWN, or too few rounds since the window began to judge it)."""
        if self._state is HealthState.DOWN:
            return self._down
        if self._state not in _ANSWERING or len(self._window) < min(self.settings.window, MIN_QUALITY_ROUNDS):
            return None
        return self._window_sent, self._window_received

    def observe(self, sample: Sample) -> StateChange | None:
        """A single-packet round (TCP, HTTP, DNS, or one ICMP echo)."""
        if sample.target != self.target_id:
            raise ValueError(f"sample for {sample.target!r} fed to the health of {self.target_id!r}")
        rtts = [sample.rtt_ms] if sample.ok and sample.rtt_ms is not None else []
        return self.observe_round(sample.ts, 1, 1 if sample.ok else 0, rtts, sample.error, sample.message)

    def observe_round(self, ts: float, sent: int, received: int, rtts: Sequence[float],
                      error: ErrorKind | None = None, message: str = "", *,
                      confirm: bool = False) -> StateChange | None:
        """One round: `sent` packets, `received` answered, with the RTTs (ms) of those that were timed.

        `error` is what went wrong when nothing came back; it is ignored for a round that got an answer, except
        NO_PRIVILEGE, which always makes the target UNKNOWN. `confirm` marks a confirm round (see the module
        docstring). Returns the change of state, if any.
        """
        if error is ErrorKind.NO_PRIVILEGE:
            self._forget()
            detail = f": {message}" if message else ""
            return self._move(HealthState.UNKNOWN, ts, f"no privilege to probe{detail}")
        if sent < 1 or not 0 <= received <= sent or len(rtts) > received:
            raise ValueError(f"inconsistent round: sent={sent} received={received} rtts={len(rtts)}")
        self._push(_Round(sent, received, tuple(rtts)))
        if self._state is HealthState.DOWN:
            self._down = (self._down[0] + sent, self._down[1] + received)
        if received == 0:
            self._failing = (self._failing[0] + sent, self._failing[1])
            self._failures += max(1, self.settings.down_after - 1) if confirm else 1
            self._successes = 0
            return self._after_failure(ts, error or ErrorKind.TIMEOUT, sent if confirm else 0)
        self._successes += 1
        self._failures = 0
        self._failing = (0, 0)
        return self._after_success(ts)

    def pause(self, ts: float, reason: str = "paused") -> StateChange | None:
        """Stop judging the target (probing paused or disabled): it becomes UNKNOWN and forgets its window."""
        self._forget()
        return self._move(HealthState.UNKNOWN, ts, reason)

    def _push(self, round_: _Round) -> None:
        window = self._window
        if len(window) == window.maxlen:
            self._drop_oldest()
        window.append(round_)
        self._window_sent += round_.sent
        self._window_received += round_.received

    def _drop_oldest(self) -> None:
        oldest = self._window.popleft()
        self._window_sent -= oldest.sent
        self._window_received -= oldest.received

    def _forget(self) -> None:
        self._window.clear()
        self._window_sent = self._window_received = 0
        self._successes = self._failures = 0
        self._failing = (0, 0)

    def _after_failure(self, ts: float, error: ErrorKind, confirm_sent: int) -> StateChange | None:
        if self._failures >= self.settings.down_after:
            if confirm_sent:
                return self._move(HealthState.DOWN, ts, f"no answer, confirmed: none of {confirm_sent} spaced "
                                                         f"packets answered either ({error})")
            plural = "failure" if self._failures == 1 else "failures"
            return self._move(HealthState.DOWN, ts, f"{self._failures} consecutive {plural} ({error})")
        if self._state in _ANSWERING:
            return self._judge_quality(ts)
        return None

    def _after_success(self, ts: float) -> StateChange | None:
        if self._state is HealthState.DOWN:
            if self._successes < self.settings.up_after:
                return None
            while len(self._window) > self._successes:
                self._drop_oldest()
            plural = "success" if self._successes == 1 else "successes"
            return self._judge_quality(ts, f"{self._successes} consecutive {plural}")
        if self._state is HealthState.UNKNOWN:
            return self._judge_quality(ts, "first reply")
        return self._judge_quality(ts)

    def _judge_quality(self, ts: float, recovery: str = "") -> StateChange | None:
        """Between UP and DEGRADED by the window's loss and latency; `recovery` says why the target is back."""
        stats = self._quality()
        settings = self.settings
        loss = stats.loss_percent or 0.0
        median = stats.rtt_median_ms or 0.0
        if stats.count < min(settings.window, MIN_QUALITY_ROUNDS):
            target = self._state if self._state in _ANSWERING else HealthState.UP
        elif self._state is HealthState.DEGRADED:
            cleared = (loss < settings.degraded_loss_percent * LOSS_CLEAR_FACTOR
                       and median < settings.degraded_rtt_ms * RTT_CLEAR_FACTOR)
            target = HealthState.UP if cleared else HealthState.DEGRADED
        else:
            bad = loss >= settings.degraded_loss_percent or median >= settings.degraded_rtt_ms
            target = HealthState.DEGRADED if bad else HealthState.UP
        if target is self._state:
            return None
        quality = _describe_quality(stats)
        reason = "; ".join(part for part in (recovery, quality) if part)
        return self._move(target, ts, reason)

    def _quality(self) -> WindowStats:
        """The window's count, loss and median RTT as `stats()` gives them (the same arithmetic), without the p95
        and jitter that judging a round does not use: this runs for every round of every target."""
        sent, received = self._window_sent, self._window_received
        loss = 100.0 * (sent - received) / sent if sent else None
        ordered = sorted([rtt for r in self._window for rtt in r.rtts])
        if not ordered:
            return WindowStats(len(self._window), loss, None, None, None)
        middle = len(ordered) // 2
        # statistics.median's own rule: the middle value, or the mean of the two middle ones.
        median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        return WindowStats(len(self._window), loss, median, None, None)

    def _move(self, state: HealthState, ts: float, reason: str) -> StateChange | None:
        if state is self._state:
            return None
        change = StateChange(self.target_id, SUBJECT_TARGET, self._state, state, ts, reason)
        if state is HealthState.DOWN:
            self._down = self._failing
        self._state = state
        self._reason = reason
        return change


def _describe_quality(stats: WindowStats) -> str:
    if stats.count == 0:
        return ""
    parts = []
    if stats.loss_percent is not None:
        parts.append(f"loss {_number(stats.loss_percent)}%")
    if stats.rtt_median_ms is not None:
        parts.append(f"median rtt {_number(stats.rtt_median_ms)} ms")
    rounds = "round" if stats.count == 1 else "rounds"
    return f"{', '.join(parts)} over {stats.count} {rounds}"


def _number(value: float) -> str:
    """30 → "30", 12.5 → "12.5", 0.0436 → "0.04": short, and never rounds a real value to a misleading 0."""
    if value == int(value):
        return str(int(value))
    return f"{value:.1f}" if value >= 1 else f"{value:.2g}"


def site_state(target_states: Iterable[HealthState]) -> HealthState:
    """A site is as bad as its worst target; UNKNOWN when it has none."""
    return worst(target_states)


# Order of the summary: the good news first, then by growing severity, the "don't know" last.
_SUMMARY_ORDER = (HealthState.UP, HealthState.DEGRADED, HealthState.PATH_BROKEN, HealthState.DOWN,
                  HealthState.UNREACHABLE, HealthState.UNKNOWN)


def summary_counts(states: Iterable[HealthState]) -> dict[HealthState, int]:
    """How many of each state, with every state present (zero where none), in summary order."""
    counts = dict.fromkeys(_SUMMARY_ORDER, 0)
    for state in states:
        counts[state] += 1
    return counts


def format_summary(counts: Mapping[HealthState, int]) -> str:
    """A line like `52 up · 3 degraded · 1 down · 2 unreachable`.

    States with a zero count are left out, except `up`, which is always shown so that the line is never empty and
    "0 up" stands out. English only: the UI translates.
    """
    parts = [f"{counts.get(state, 0)} {state.value.lower()}" for state in _SUMMARY_ORDER
             if state is HealthState.UP or counts.get(state, 0)]
    return " · ".join(parts)
