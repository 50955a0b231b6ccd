"""The packed form of one hour of one series' 1-minute rollups: bytes any backend can store (SQLite, PostgreSQL).

A minute's rollup is (count, failures, rtt_min, rtt_avg, rtt_max, rtt_p95) as history_rows.py computes it: packets
sent and lost, rtts in integer microseconds, all four rtts None together when no round of the minute got an answer.
An hour holds up to 60 of them; a minute with no rollup (nothing was measured) is absent, which is not the same as a
minute whose every packet was lost.

rtts stay integer microseconds, exactly the values the one-row-a-minute table held, so every read returns what it
returned before, bit for bit (float32 would keep 24 bits: exact only to 16.7 s, and no smaller once compressed).
Loss comes from the exact counts. What makes the hour small is the layout, not lost precision:

    byte 0      FORMAT (1); a blob of another format is refused, never misread
    byte 1      ENCODING: 0 the body follows as is, 1 the body is raw DEFLATE (zlib, no header), whichever is shorter
    bytes 2-9   present: bit m (little-endian u64) set when minute m of the hour has a rollup
    body        answered (u64: bit m set when minute m's rtts are not None; a subset of present),
                codes (u16: 2 bits per column, the width of its integers: 0 int8, 1 int16, 2 int32, 3 int64),
                then six columns, each little-endian signed integers of its own width:
                  count, failures                     one per present minute, in minute order
                  avg delta, avg - min, p95 - avg,    one per answered minute; avg is given as the difference from
                  max - p95                           the previous answered minute's avg (the first from 0)

The differences are small numbers (a line's rtt moves little from one minute to the next, and min <= avg, p95 <=
max hold), so most columns take one or two bytes a minute before DEFLATE and less after it. The present bitmap stays
outside the compressed body, so counting an hour's minutes (retention) needs no unpacking.

Pure: numpy, struct and zlib, no database.
"""

from __future__ import annotations

import operator
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = ["FORMAT", "HEAD_SIZE", "MINUTES", "HourColumns", "HourMerger", "Minute", "PackError", "minutes_in",
           "minutes_present", "pack", "unpack", "unpack_columns"]

FORMAT = 1
MINUTES = 60
_PLAIN, _DEFLATE = 0, 1
_HEAD = struct.Struct("<BBQ")
# The bytes before the body: a reader that needs only which minutes were measured fetches no more than these.
HEAD_SIZE = _HEAD.size
_BODY_HEAD = struct.Struct("<QH")
_WIDTHS = (np.dtype("<i1"), np.dtype("<i2"), np.dtype("<i4"), np.dtype("<i8"))
_STRUCT_CODES = "bhiq"
_LIMITS = tuple(int(np.iinfo(dtype).max) for dtype in _WIDTHS)
# Values are kept within this, so no difference taken in int64 can overflow.
_LARGEST = 2**61

# (minute of the hour 0-59, count, failures, rtt_min, rtt_avg, rtt_max, rtt_p95), rtts in microseconds.
Minute = tuple[int, int, int, int | None, int | None, int | None, int | None]
Int64Array = npt.NDArray[np.int64]


class PackError(ValueError):
    """A blob that is not a packed hour this Pantau can read, or minutes that cannot be packed."""


@dataclass(frozen=True)
class HourColumns:
    """An hour's minutes as equal-length columns in minute order. rtt columns hold 0 where `answered` is False."""

    minute: Int64Array
    count: Int64Array
    failures: Int64Array
    answered: npt.NDArray[np.bool_]
    rtt_min: Int64Array
    rtt_avg: Int64Array
    rtt_max: Int64Array
    rtt_p95: Int64Array


def pack(minutes: Iterable[Minute]) -> bytes:
    """The blob of an hour's minutes (in any order; each minute at most once)."""
    return _encode(_columns(sorted(minutes)))


@dataclass
class _Columns:
    """An hour's minutes in minute order, and the columns `pack` writes of them (before their widths are chosen)."""

    rows: list[Minute]
    present: int = 0
    answered: int = 0
    counts: list[int] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    avg_steps: list[int] = field(default_factory=list)
    below_avg: list[int] = field(default_factory=list)
    p95_above_avg: list[int] = field(default_factory=list)
    max_above_p95: list[int] = field(default_factory=list)
    last_avg: int = 0  # the avg of the last answered minute (0 before the first)
    # The answered minutes' own values, for the hour's rollup: rtt_min, rtt_avg, rtt_max, rtt_p95, and the
    # packets answered (count - failures).
    lows: list[int] = field(default_factory=list)
    avgs: list[int] = field(default_factory=list)
    highs: list[int] = field(default_factory=list)
    p95s: list[int] = field(default_factory=list)
    answered_packets: list[int] = field(default_factory=list)

    def copy(self) -> _Columns:
        return _Columns(self.rows.copy(), self.present, self.answered, self.counts.copy(), self.failures.copy(),
                        self.avg_steps.copy(), self.below_avg.copy(), self.p95_above_avg.copy(),
                        self.max_above_p95.copy(), self.last_avg, self.lows.copy(), self.avgs.copy(),
                        self.highs.copy(), self.p95s.copy(), self.answered_packets.copy())

    def hour(self) -> tuple[int, int, int | None, int | None, int | None, int | None]:
        """The hour's rollup from its minutes: `history_rows.rollup_of_minutes` of `rows`, from the columns."""
        count, failures = sum(self.counts), sum(self.failures)
        if not self.avgs:
            return count, failures, None, None, None, None
        answered = count - failures
        average = round(sum(map(operator.mul, self.avgs, self.answered_packets)) / answered) if answered > 0 \
            else None
        return count, failures, min(self.lows), average, max(self.highs), max(self.p95s)

    def add(self, row: Minute) -> None:
        """Add a minute after every minute held; checked as `pack` checks each minute."""
        minute, count, failed, rtt_min, rtt_avg, rtt_max, rtt_p95 = row
        if not 0 <= minute < MINUTES:
            raise PackError(f"minute {minute} is outside 0-59")
        if self.present >> minute & 1:
            raise PackError(f"minute {minute} is given twice")
        self.present |= 1 << minute
        if any(value is not None and not -_LARGEST < value < _LARGEST
               for value in (count, failed, rtt_min, rtt_avg, rtt_max, rtt_p95)):
            raise PackError(f"minute {minute} has a value beyond ±2**61")
        self.rows.append(row)
        self.counts.append(count)
        self.failures.append(failed)
        if rtt_min is None or rtt_avg is None or rtt_max is None or rtt_p95 is None:
            if any(value is not None for value in (rtt_min, rtt_avg, rtt_max, rtt_p95)):
                raise PackError(f"minute {minute} has some rtts and not others: "
                                f"{(rtt_min, rtt_avg, rtt_max, rtt_p95)}")
            return
        self.answered |= 1 << minute
        self.avg_steps.append(rtt_avg - self.last_avg)
        self.below_avg.append(rtt_avg - rtt_min)
        self.p95_above_avg.append(rtt_p95 - rtt_avg)
        self.max_above_p95.append(rtt_max - rtt_p95)
        self.last_avg = rtt_avg
        self.lows.append(rtt_min)
        self.avgs.append(rtt_avg)
        self.highs.append(rtt_max)
        self.p95s.append(rtt_p95)
        self.answered_packets.append(count - failed)

    def drop_last(self) -> None:
        """Take the last minute out again (so a new rollup of it can be added)."""
        minute = self.rows.pop()[0]
        self.counts.pop()
        self.failures.pop()
        self.present &= ~(1 << minute)
        if self.answered >> minute & 1:
            self.answered &= ~(1 << minute)
            self.last_avg -= self.avg_steps.pop()
            self.below_avg.pop()
            self.p95_above_avg.pop()
            self.max_above_p95.pop()
            for column in (self.lows, self.avgs, self.highs, self.p95s, self.answered_packets):
                column.pop()


def _columns(rows: list[Minute]) -> _Columns:
    # Plain Python and struct, not numpy: the writer packs an hour per series per batch, and numpy's overhead on
    # arrays of 60 was most of the cost.
    columns = _Columns([])
    for row in rows:
        columns.add(row)
    return columns


def _encode(columns: _Columns) -> bytes:
    codes = 0
    parts: list[bytes] = []
    for index, column in enumerate((columns.counts, columns.failures, columns.avg_steps, columns.below_avg,
                                    columns.p95_above_avg, columns.max_above_p95)):
        code = _width_code(column)
        codes |= code << (2 * index)
        parts.append(struct.pack(f"<{len(column)}{_STRUCT_CODES[code]}", *column))
    body = _BODY_HEAD.pack(columns.answered, codes) + b"".join(parts)
    squeezed = zlib.compress(body, 9, wbits=-15)
    if len(squeezed) < len(body):
        return _HEAD.pack(FORMAT, _DEFLATE, columns.present) + squeezed
    return _HEAD.pack(FORMAT, _PLAIN, columns.present) + body


class Merged(NamedTuple):
    """An hour after `HourMerger.merge`: its minutes in minute order, their blob, and the hour's rollup
    (`history_rows.rollup_of_minutes` of the minutes)."""

    minutes: list[Minute]
    blob: bytes
    hour: tuple[int, int, int | None, int | None, int | None, int | None]


class HourMerger:
    """Puts changed minutes into an hour's packed row, as `unpack`, a dict update and `pack` would, remembering the
    columns of the rows it made: a batch usually rewrites each series' current hour with only its last minute
    changed, so the next merge of that row reuses them instead of unpacking the blob and packing all its minutes
    again (an agent of 500 targets merges 1,000 hours a second between its workspace and its store).

    Up to `remembered` rows are kept (about 12 KB an hour of 60 minutes); a row not remembered, or changed before
    its last minute, is unpacked and packed whole. Not thread-safe: one per writer."""

    def __init__(self, remembered: int = 1024) -> None:
        self._remembered = max(1, remembered)
        self._made: dict[bytes, _Columns] = {}

    def merge(self, blob: bytes | None, changed: Mapping[int, tuple[int, int, int | None, int | None, int | None,
                                                                  int | None]]) -> Merged:
        """The hour's minutes, with `changed` ({minute: rollup}) put over those `blob` holds (None: none), their
        new blob and the hour's rollup. Raises PackError for a blob that cannot be read or minutes that cannot be
        packed."""
        made = self._made.get(blob) if blob is not None else _Columns([])
        if made is not None and (not made.rows or min(changed, default=MINUTES) >= made.rows[-1][0]):
            columns = made.copy()
            if columns.rows and columns.rows[-1][0] in changed:
                columns.drop_last()
            for minute in sorted(changed):
                columns.add((minute, *changed[minute]))
        else:
            held = {row[0]: row for row in (made.rows if made is not None else unpack(blob or b""))}
            held.update((minute, (minute, *rollup)) for minute, rollup in changed.items())
            columns = _columns(sorted(held.values()))
        packed = _encode(columns)
        if len(self._made) >= self._remembered:
            # The oldest made goes first (dicts keep their order): a hour not merged again for a while is done.
            del self._made[next(iter(self._made))]
        self._made[packed] = columns
        return Merged(columns.rows.copy(), packed, columns.hour())


def _width_code(column: list[int]) -> int:
    if not column:
        return 0
    # ~x is -x - 1: the largest magnitude a signed width must hold. Compared in line, not with a generator:
    # six columns a pack, a thousand packs a second in an agent.
    largest = max(max(column), ~min(column))
    return 0 if largest <= _LIMITS[0] else 1 if largest <= _LIMITS[1] else 2 if largest <= _LIMITS[2] else 3


def minutes_in(blob: bytes) -> int:
    """How many minutes the blob holds, read from its header alone."""
    if len(blob) < _HEAD.size or blob[0] != FORMAT:
        return _open(blob)[0].bit_count()  # raises, saying what is wrong with it
    present: int = _HEAD.unpack_from(blob)[2]
    return present.bit_count()


def minutes_present(heads: Sequence[bytes]) -> tuple[Int64Array, Int64Array]:
    """(which head, minute of the hour 0-59) of every minute that has a rollup, in head then minute order, from
    each blob's first `HEAD_SIZE` bytes alone: every present minute had a round (a round counts at least one
    packet), so these are the minutes that were measured. Vectorised: a day of 500 offices from two vantages is
    25,000 heads."""
    if any(len(head) != _HEAD.size for head in heads):
        raise PackError(f"a packed hour's head is {_HEAD.size} bytes")
    table = np.frombuffer(b"".join(heads), dtype=np.uint8).reshape(len(heads), _HEAD.size)
    wrong = table[:, 0] != FORMAT
    if wrong.any():
        raise PackError(f"a packed hour is in format {int(table[wrong][0, 0])}, which this Pantau cannot read (it "
                        f"reads {FORMAT}); a newer Pantau wrote it")
    bits = np.unpackbits(table[:, 2:], axis=1, bitorder="little")
    if bits[:, MINUTES:].any():
        raise PackError("a packed hour marks minutes past the 60th")
    rows, minutes = np.nonzero(bits)
    return rows.astype(np.int64, copy=False), minutes.astype(np.int64, copy=False)


def unpack(blob: bytes) -> list[Minute]:
    """The minutes `pack` was given, in minute order."""
    present, answered, body, spans = _open(blob)
    counts, failures, avg_steps, below_avg, p95_above_avg, max_above_p95 = (
        struct.unpack_from(f"<{size}{_STRUCT_CODES[code]}", body, at) for code, size, at in spans)
    rows: list[Minute] = []
    avg = 0
    rtt_at = 0
    for index, minute in enumerate(_minutes_of(present).tolist()):
        if answered >> minute & 1:
            avg += avg_steps[rtt_at]
            p95 = avg + p95_above_avg[rtt_at]
            rows.append((minute, counts[index], failures[index], avg - below_avg[rtt_at], avg,
                         p95 + max_above_p95[rtt_at], p95))
            rtt_at += 1
        else:
            rows.append((minute, counts[index], failures[index], None, None, None, None))
    return rows


def unpack_columns(blob: bytes) -> HourColumns:
    """The hour as numpy columns (the graphs' read: no Python object per minute)."""
    present, answered, body, spans = _open(blob)
    count, failures, avg_steps, below_avg, p95_above_avg, max_above_p95 = (
        np.frombuffer(body, dtype=_WIDTHS[code], count=size, offset=at).astype(np.int64) for code, size, at in spans)
    minute = _minutes_of(present)
    answered_mask = _answered_mask(present, answered)
    avg = np.cumsum(avg_steps)
    p95 = avg + p95_above_avg
    rtt = [np.zeros(minute.size, dtype=np.int64) for _ in range(4)]
    for column, values in zip(rtt, (avg - below_avg, avg, p95 + max_above_p95, p95), strict=True):
        column[answered_mask] = values
    return HourColumns(minute, count, failures, answered_mask, *rtt)


def _open(blob: bytes) -> tuple[int, int, bytes, list[tuple[int, int, int]]]:
    """(present, answered, the body, (width code, length, offset) of each column in it), checked for size."""
    if len(blob) < _HEAD.size:
        raise PackError(f"a packed hour is at least {_HEAD.size} bytes, not {len(blob)}")
    form, encoding, present = _HEAD.unpack_from(blob)
    if form != FORMAT:
        raise PackError(f"the packed hour is in format {form}, which this Pantau cannot read (it reads {FORMAT}); "
                        "a newer Pantau wrote it")
    if present >> MINUTES:
        raise PackError("the packed hour marks minutes past the 60th")
    body = blob[_HEAD.size:]
    if encoding == _DEFLATE:
        try:
            body = zlib.decompress(body, wbits=-15)
        except zlib.error as error:
            raise PackError(f"the packed hour's body cannot be inflated: {error}") from error
    elif encoding != _PLAIN:
        raise PackError(f"the packed hour has an unknown encoding {encoding}")
    if len(body) < _BODY_HEAD.size:
        raise PackError("the packed hour is cut short")
    answered, codes = _BODY_HEAD.unpack_from(body)
    if answered & ~present:
        raise PackError("the packed hour has answered minutes that are not present")
    present_count, answered_count = present.bit_count(), answered.bit_count()
    spans = []
    at = _BODY_HEAD.size
    for index, size in enumerate((present_count, present_count, *(answered_count,) * 4)):
        code = codes >> (2 * index) & 3
        spans.append((code, size, at))
        at += size * _WIDTHS[code].itemsize
    if at != len(body):
        raise PackError("the packed hour is cut short" if at > len(body) else
                        f"the packed hour has {len(body) - at} bytes too many")
    return present, answered, body, spans


@lru_cache(maxsize=256)
def _minutes_of(present: int) -> Int64Array:
    """The minutes set in a bitmap; cached (almost every hour is whole, or one of few shapes), so read-only."""
    bits = np.array([present >> m & 1 for m in range(MINUTES)], dtype=bool)
    minutes = np.flatnonzero(bits).astype(np.int64)
    minutes.flags.writeable = False
    return minutes


@lru_cache(maxsize=256)
def _answered_mask(present: int, answered: int) -> npt.NDArray[np.bool_]:
    """Which of the present minutes (in order) are answered; cached and read-only like `_minutes_of`."""
    mask = np.array([answered >> int(m) & 1 for m in _minutes_of(present)], dtype=bool)
    mask.flags.writeable = False
    return mask
