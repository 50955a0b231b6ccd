"""The packed 1-minute rollups: the blob format (pure), the writer's rewrite of an hour, migration 6 from an old file,
retention by whole hours and salvage from a file of either layout."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.domain.samples import ErrorKind, Sample
from pantau.storage.history_rows import p95, rollup_of_minutes
from pantau.storage.minute_pack import (
    FORMAT,
    HourMerger,
    Minute,
    PackError,
    minutes_in,
    pack,
    unpack,
    unpack_columns,
)
from pantau.storage.salvage import salvage
from pantau.storage.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from pantau.storage.workspace import Workspace

HOUR0 = 1_790_000_000 // 3600 * 3600

rtt = st.integers(min_value=0, max_value=120_000_000)


@st.composite
def hours(draw: st.DrawFn) -> list[Minute]:
    """Any subset of the 60 minutes; each answered (four rtts in any order, even impossible ones) or not."""
    present = draw(st.lists(st.integers(0, 59), unique=True, max_size=60))
    minutes: list[Minute] = []
    for minute in present:
        count = draw(st.integers(1, 2**40))
        failures = draw(st.integers(0, count))
        if draw(st.booleans()):
            minutes.append((minute, count, failures, draw(rtt), draw(rtt), draw(rtt), draw(rtt)))
        else:
            minutes.append((minute, count, count, None, None, None, None))
    return minutes


@settings(max_examples=300, deadline=None)
@given(hours())
def test_any_hour_packs_and_unpacks_to_itself(minutes: list[Minute]) -> None:
    blob = pack(minutes)
    assert blob[0] == FORMAT
    assert unpack(blob) == sorted(minutes)
    assert minutes_in(blob) == len(minutes)
    columns = unpack_columns(blob)
    ordered = sorted(minutes)
    assert columns.minute.tolist() == [m[0] for m in ordered]
    assert columns.count.dtype == np.int64 and columns.count.tolist() == [m[1] for m in ordered]
    assert columns.failures.tolist() == [m[2] for m in ordered]
    assert columns.answered.tolist() == [m[3] is not None for m in ordered]
    answered = [m for m in ordered if m[3] is not None]
    for index, name in enumerate(("rtt_min", "rtt_avg", "rtt_max", "rtt_p95"), start=3):
        assert getattr(columns, name)[columns.answered].tolist() == [m[index] for m in answered]


def merged_by_unpacking(blob: bytes | None, changed: dict[int, tuple[int, int, int | None, int | None, int | None,
                                                                     int | None]]) -> tuple[list[Minute], bytes]:
    """What `HourMerger.merge` stands for: unpack the row, put the changed minutes over it, pack it all."""
    held = {row[0]: row for row in unpack(blob)} if blob is not None else {}
    held.update((minute, (minute, *values)) for minute, values in changed.items())
    merged = sorted(held.values())
    return merged, pack(merged)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(hours(), st.integers(0, 3)), min_size=1, max_size=12), st.integers(1, 3))
def test_merging_minutes_into_a_remembered_row_is_unpacking_and_packing_it(
        steps: list[tuple[list[Minute], int]], remembered: int) -> None:
    """Whatever the changes (the last minute again, later ones, earlier ones) and whichever row they go onto (the
    one just made, an older one as after a rolled-back batch, one made elsewhere, none), the merger gives the
    minutes and bytes that unpacking, updating and packing give."""
    merger = HourMerger(remembered)
    made: list[bytes | None] = [None]
    for changes, back in steps:
        # Mostly onto the newest row; sometimes an older one, a foreign one (packed here), or none.
        if back == 3:
            base: bytes | None = pack(changes[len(changes) // 2:])
        else:
            base = made[max(0, len(made) - 1 - back)]
        changed = {minute: tuple(values) for minute, *values in changes}
        got = merger.merge(base, changed)  # type: ignore[arg-type]
        assert (got.minutes, got.blob) == merged_by_unpacking(base, changed)  # type: ignore[arg-type]
        assert got.hour == rollup_of_minutes(got.minutes)
        made.append(got.blob)


def test_the_merger_follows_a_live_minute_then_the_next() -> None:
    """The writer's steady case: each batch changes the current minute, then the hour moves on to the next."""
    merger = HourMerger()
    blob: bytes | None = None
    for second in range(0, 180, 2):
        minute = second // 60
        count = second % 60 + 2
        changed = {minute: (count, second % 7 // 3, 900 + second, 1000 + second, 1300 + second, 1200 + second)
                   if second % 11 else (count, count, None, None, None, None)}
        merged, made, hour = merger.merge(blob, changed)
        assert (merged, made) == merged_by_unpacking(blob, changed)
        assert hour == rollup_of_minutes(merged)
        blob = made
    assert [row[0] for row in unpack(blob or b"")] == [0, 1, 2]


def test_the_merger_refuses_what_pack_refuses() -> None:
    merger = HourMerger()
    blob = merger.merge(None, {5: (3, 0, 1, 2, 4, 3)}).blob
    with pytest.raises(PackError, match="some rtts and not others"):
        merger.merge(blob, {6: (3, 0, 1, None, 4, 3)})
    with pytest.raises(PackError, match="outside 0-59"):
        merger.merge(blob, {60: (3, 3, None, None, None, None)})
    with pytest.raises(PackError):
        merger.merge(b"\x01\x01garbage", {6: (3, 3, None, None, None, None)})
    # The refused changes left the remembered row as it was.
    assert merger.merge(blob, {6: (3, 3, None, None, None, None)})[:2] == merged_by_unpacking(
        blob, {6: (3, 3, None, None, None, None)})


def test_a_full_hour_of_a_real_line_takes_a_few_bytes_a_minute() -> None:
    rng = random.Random(3)
    minutes: list[Minute] = []
    for minute in range(60):
        rtts = sorted(round(30_000 * (1 + abs(rng.gauss(0, 0.08))) + rng.expovariate(1 / 400)) for _ in range(40))
        minutes.append((minute, 120, int(rng.random() < 0.2), rtts[0], round(sum(rtts) / 40), rtts[-1],
                        p95(rtts) or 0))
    blob = pack(minutes)
    assert unpack(blob) == minutes
    # The old table took about 31 bytes a minute (benchmarks/bench_workspace_growth.py).
    assert len(blob) < 12 * 60


def test_bad_minutes_and_foreign_blobs_are_refused_with_a_reason() -> None:
    with pytest.raises(PackError, match="minute 60 is outside"):
        pack([(60, 1, 0, 1, 1, 1, 1)])
    with pytest.raises(PackError, match="minute 3 is given twice"):
        pack([(3, 1, 0, 1, 1, 1, 1), (3, 2, 0, 1, 1, 1, 1)])
    with pytest.raises(PackError, match="some rtts and not others"):
        pack([(3, 1, 0, 1, None, 1, 1)])
    blob = pack([(0, 3, 0, 1000, 1000, 1000, 1000)])
    with pytest.raises(PackError, match="format 2, which this Pantau cannot read"):
        unpack(bytes([2]) + blob[1:])
    with pytest.raises(PackError, match=r"cut short|cannot be inflated"):
        unpack(blob[:-1])
    with pytest.raises(PackError, match="at least 10 bytes"):
        unpack(b"\x01")


# The workspace ------------------------------------------------------------------------------------------------------


def rounds_across_an_hour(seed: int) -> list[Sample]:
    """Rounds every 7 s from 10 minutes before an hour to 10 minutes into it, with losses and a silent stretch."""
    rng = random.Random(seed)
    samples = []
    for k in range(20 * 60 // 7):
        ts = HOUR0 - 600 + k * 7 + rng.uniform(0, 0.5)
        if HOUR0 + 120 <= ts < HOUR0 + 300:
            continue  # nothing measured: those minutes have no rollup
        lost = rng.choice((0, 0, 0, 1, 3))
        if lost == 3:
            samples.append(Sample(ts, "t1", "icmp", None, ErrorKind.TIMEOUT, "", sent=3, lost=3))
        else:
            samples.append(Sample(ts, "t1", "icmp", rng.uniform(1, 90), sent=3, lost=lost))
    return samples


def expected_minutes(samples: list[Sample]) -> dict[int, tuple[int, int, float | None, float | None,
                                                              float | None, float | None]]:
    """Each minute's rollup computed here from the samples, by the rules of history_rows.py (rtts to the µs)."""
    buckets: dict[int, list[Sample]] = {}
    for sample in samples:
        buckets.setdefault(int(sample.ts // 60 * 60), []).append(sample)
    expected = {}
    for bucket, rounds in buckets.items():
        count = sum(s.sent for s in rounds)
        failures = sum(s.lost if s.rtt_ms is not None else s.sent for s in rounds)
        rtts = sorted(round(s.rtt_ms * 1000) for s in rounds if s.rtt_ms is not None)
        if not rtts:
            expected[bucket] = (count, failures, None, None, None, None)
            continue
        weighted = sum(round(s.rtt_ms * 1000) * (s.sent - s.lost) for s in rounds if s.rtt_ms is not None)
        expected[bucket] = (count, failures, rtts[0] / 1000, round(weighted / (count - failures)) / 1000,
                            rtts[-1] / 1000, (p95(rtts) or 0) / 1000)
    return expected


def test_the_writer_packs_minutes_across_an_hour_boundary_as_the_samples_say(tmp_path: Path) -> None:
    samples = rounds_across_an_hour(5)
    with Workspace.open(tmp_path / "w.sqlite3") as ws:
        # Small batches in time order, as the engine delivers them: each rewrites its hour's row.
        for at in range(0, len(samples), 9):
            ws.submit(samples[at:at + 9])
            ws.flush()
        rows = ws.rollups("t1", "icmp", "1m", HOUR0 - 3600, HOUR0 + 3600)
        columns = ws.rollup_columns("t1", "icmp", "1m", HOUR0 - 3600, HOUR0 + 3600)
        hours = ws.rollups("t1", "icmp", "1h", HOUR0 - 3600, HOUR0 + 3600)
        stored = ws.writer.call(lambda conn: conn.execute(
            "SELECT hour FROM rollup_1m_hours ORDER BY hour").fetchall())
    expected = expected_minutes(samples)
    assert {r.bucket_start: (r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max, r.rtt_p95) for r in rows} == \
        expected
    assert [r.bucket_start for r in rows] == sorted(expected)
    assert HOUR0 + 180 not in expected  # the silent stretch has no rollup, not an empty one
    assert stored == [(HOUR0 - 3600,), (HOUR0,)]
    assert columns.bucket_start.tolist() == sorted(expected)
    assert columns.count.dtype == np.int64 and columns.rtt_avg.dtype == np.float64
    assert columns.failures.tolist() == [expected[b][1] for b in sorted(expected)]
    assert np.array_equal(columns.rtt_max, np.array([np.nan if expected[b][4] is None else expected[b][4]
                                                     for b in sorted(expected)]), equal_nan=True)
    # The hour's rollup is its minutes' (counts summed): the same whichever layout held them.
    after = [value for bucket, value in expected.items() if bucket >= HOUR0]
    assert hours[-1].bucket_start == HOUR0
    assert (hours[-1].count, hours[-1].failures) == (sum(v[0] for v in after), sum(v[1] for v in after))
    assert hours[-1].rtt_max == max(v[4] for v in after if v[4] is not None)


def old_file(path: Path) -> list[tuple[int, ...]]:
    """A schema-5 file (one rollup_1m row a minute) with two series; returns its minute rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:5])
    conn.execute("INSERT INTO series (id, target, method) VALUES (1, 't1', 'icmp'), (2, 't2', 'tcp:22')")
    rows: list[tuple[int, ...]] = []
    rng = random.Random(9)
    for series_id in (1, 2):
        for minute in range(150):
            if rng.random() < 0.2:
                continue
            bucket = HOUR0 + minute * 60
            if rng.random() < 0.1:
                rows.append((series_id, bucket, 3, 3, None, None, None, None))
            else:
                low = rng.randrange(500, 90_000)
                rows.append((series_id, bucket, 36, rng.randrange(4), low, low + 300, low + 9000, low + 800))
    conn.executemany("INSERT INTO rollup_1m VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    conn.close()
    return rows


def as_read(rows: list[tuple[int, ...]], series_id: int) -> list[tuple[object, ...]]:
    return [(bucket, count, failures, *(None if v is None else v / 1000 for v in rtts))
            for sid, bucket, count, failures, *rtts in rows if sid == series_id]


def test_migration_6_packs_an_old_files_minute_rollups(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    rows = old_file(path)
    with Workspace.open(path) as ws:
        read = {(target, method): [(r.bucket_start, r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max, r.rtt_p95)
                                   for r in ws.rollups(target, method, "1m", HOUR0, HOUR0 + 3 * 3600)]
                for target, method in (("t1", "icmp"), ("t2", "tcp:22"))}
    assert read[("t1", "icmp")] == as_read(rows, 1)
    assert read[("t2", "tcp:22")] == as_read(rows, 2)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "rollup_1m" not in tables
        assert conn.execute("SELECT count(*) FROM rollup_1m_hours").fetchone()[0] == 2 * 3
    finally:
        conn.close()


def test_a_failing_migration_6_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    rows = old_file(path)
    conn = sqlite3.connect(path, isolation_level=None)
    # A row no hour can hold (its rtts half NULL) makes the packing fail halfway through the data step.
    conn.execute("INSERT INTO rollup_1m VALUES (2, ?, 3, 0, 5, NULL, 5, 5)", (HOUR0 + 200 * 60,))
    with pytest.raises(PackError):
        migrate(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    assert conn.execute("SELECT count(*) FROM rollup_1m").fetchone()[0] == len(rows) + 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'rollup_1m_hours'").fetchone()[0] == 0
    conn.close()


def test_salvage_packs_an_old_files_minutes_and_copies_a_new_files_hours(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    rows = old_file(old)
    with Workspace.open(tmp_path / "from-old.sqlite3") as target:
        report = salvage(old, target)
        assert report.table("rollup_1m").copied == len(rows)
        back = [(r.bucket_start, r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max, r.rtt_p95)
                for r in target.rollups("t1", "icmp", "1m", HOUR0, HOUR0 + 3 * 3600)]
    assert back == as_read(rows, 1)
    new = tmp_path / "new.sqlite3"
    with Workspace.open(new) as source:
        source.submit(rounds_across_an_hour(2))
        source.flush()
        before = source.rollups("t1", "icmp", "1m", HOUR0 - 3600, HOUR0 + 3600)
    with Workspace.open(tmp_path / "from-new.sqlite3") as target:
        report = salvage(new, target)
        assert report.table("rollup_1m_hours").copied == 2
        assert target.rollups("t1", "icmp", "1m", HOUR0 - 3600, HOUR0 + 3600) == before


def test_an_unreadable_packed_hour_is_rebuilt_from_the_raw_rounds(tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    samples = [Sample(HOUR0 + 60 * m + 5, "t1", "icmp", 10.0 + m, sent=3) for m in range(10)]
    with Workspace.open(tmp_path / "w.sqlite3") as ws:
        ws.submit(samples[:9])
        ws.flush()
        ws.writer.call(lambda conn: conn.execute("UPDATE rollup_1m_hours SET minutes = x'01010300'"))
        ws.submit(samples[9:])
        ws.flush()
        rows = ws.rollups("t1", "icmp", "1m", HOUR0, HOUR0 + 3600)
        (hour,) = ws.rollups("t1", "icmp", "1h", HOUR0, HOUR0 + 3600)
    assert [(r.bucket_start, r.count, r.rtt_avg) for r in rows] == [(HOUR0 + 60 * m, 3, 10.0 + m) for m in range(10)]
    assert (hour.count, hour.rtt_max) == (30, 19.0)
    assert "cannot be read" in caplog.text and "rebuilt from the raw rounds" in caplog.text
