"""What the workspace writer keeps in memory while the file cannot be written (a full disk, a read-only or damaged
file), and the account of what that cost.

The backlog is bounded: state changes (the outage log) are kept before raw samples, and when a bound is reached
the oldest go first, counted with the time span they covered, so the user can be told exactly what was lost.
`WriteHealth` is the writer's state as the monitor and the window show it.
"""

from __future__ import annotations

import sqlite3
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from pantau.domain.samples import Sample

C = TypeVar("C")

# About 250 bytes each in memory: 100 000 samples are some 25 MB, a quarter of an hour of 500 targets every 5 s
# (or about four hours of the sample network).
DEFAULT_HELD_SAMPLES = 100_000
DEFAULT_HELD_CHANGES = 20_000

# SQLite's primary result codes of a write that fails for a lasting reason, with the reason in words. Such a batch
# is held and retried; any other failure (bad data) drops its batch, since retrying would fail the same way.
_REASONS: dict[int, str] = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_IOERR: "the disk reports an input/output error",
    sqlite3.SQLITE_READONLY: "the workspace is read-only",
    sqlite3.SQLITE_CORRUPT: "the workspace file is damaged",
    sqlite3.SQLITE_NOTADB: "the workspace file is damaged",
    sqlite3.SQLITE_CANTOPEN: "the workspace file cannot be opened",
    sqlite3.SQLITE_BUSY: "another program holds the workspace's write lock",
    sqlite3.SQLITE_LOCKED: "another program holds the workspace's write lock",
    sqlite3.SQLITE_PROTOCOL: "another program holds the workspace's write lock",
}


def write_failure_reason(error: BaseException) -> str | None:
    """Why a write failed, in words, when it failed for a lasting reason worth waiting out; None otherwise."""
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    return _REASONS.get(code & 0xFF)


def _clock(ts: float | None) -> str:
    return "?" if ts is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


@dataclass(frozen=True)
class WriteHealth:
    """The writer's state: `failing` since `since` (epoch) for `reason` (SQLite's own words in `detail`), what
    memory holds meanwhile, and what was lost since the failure began (samples and state changes, the samples'
    time span). After a recovery `failing` is False, `ended` says when, and the losses are those of the episode."""

    failing: bool = False
    reason: str = ""
    detail: str = ""
    since: float | None = None
    ended: float | None = None
    held_samples: int = 0
    held_changes: int = 0
    lost_samples: int = 0
    lost_changes: int = 0
    lost_from: float | None = None
    lost_to: float | None = None

    def losses(self) -> str:
        """What was lost, in words ("nothing was lost" when nothing was)."""
        if not self.lost_samples and not self.lost_changes:
            return "nothing was lost"
        parts = []
        if self.lost_samples:
            parts.append(f"{self.lost_samples:,} samples from {_clock(self.lost_from)} to {_clock(self.lost_to)}")
        if self.lost_changes:
            parts.append(f"{self.lost_changes:,} state changes")
        return " and ".join(parts) + " were lost"

    def started_text(self, path: object, held_limit: int) -> str:
        return (f"cannot write to the workspace {path}: {self.reason} ({self.detail}). Monitoring and alerts go "
                f"on; the newest {held_limit:,} samples and the state changes are kept in memory and writing is "
                f"retried every few seconds.")

    def resumed_text(self, path: object) -> str:
        took = _duration((self.ended or time.time()) - (self.since or time.time()))
        return f"writing to the workspace {path} works again after {took}; {self.losses()}."

    def final_text(self, path: object) -> str:
        return (f"the workspace {path} could still not be written when monitoring stopped ({self.reason}); "
                f"{self.losses()}.")


class Backlog(Generic[C]):
    """Samples and state changes (of type C) waiting for the file, oldest first, within the bounds."""

    def __init__(self, max_samples: int = DEFAULT_HELD_SAMPLES, max_changes: int = DEFAULT_HELD_CHANGES) -> None:
        self.max_samples = max(1, max_samples)
        self.max_changes = max(1, max_changes)
        self.samples: deque[Sample] = deque()
        self.changes: deque[C] = deque()
        self.lost_samples = 0
        self.lost_changes = 0
        self.lost_from: float | None = None
        self.lost_to: float | None = None

    def __bool__(self) -> bool:
        return bool(self.samples or self.changes)

    def add(self, samples: Iterable[Sample], changes: Iterable[C]) -> None:
        self.changes.extend(changes)
        while len(self.changes) > self.max_changes:
            self.changes.popleft()
            self.lost_changes += 1
        self.samples.extend(samples)
        while len(self.samples) > self.max_samples:
            self._lose(self.samples.popleft())

    def _lose(self, sample: Sample) -> None:
        self.count_lost(1, sample.ts, sample.ts)

    def count_lost(self, count: int, first_ts: float, last_ts: float) -> None:
        """Account for `count` samples taken between `first_ts` and `last_ts` that were never held."""
        self.lost_samples += count
        self.lost_from = first_ts if self.lost_from is None else min(self.lost_from, first_ts)
        self.lost_to = last_ts if self.lost_to is None else max(self.lost_to, last_ts)

    def take(self) -> tuple[list[Sample], list[C]]:
        """Everything held, emptied out (the losses stay on the account)."""
        samples, changes = list(self.samples), list(self.changes)
        self.samples.clear()
        self.changes.clear()
        return samples, changes

    def give_back(self, samples: Iterable[Sample], changes: Iterable[C]) -> None:
        """Put back what a write could not save, ahead of anything added since."""
        self.samples.extendleft(reversed(list(samples)))
        self.changes.extendleft(reversed(list(changes)))
        self.add((), ())

    def lose_all(self) -> None:
        """Count what is held as lost (the writer is stopping and cannot save it)."""
        for sample in self.samples:
            self._lose(sample)
        self.lost_changes += len(self.changes)
        self.samples.clear()
        self.changes.clear()

    def reset_losses(self) -> None:
        self.lost_samples = self.lost_changes = 0
        self.lost_from = self.lost_to = None
