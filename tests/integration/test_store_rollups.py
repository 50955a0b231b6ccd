"""The shared store's rollups after interleaved batches, as a forwarder sends them (live rounds, a resent round, late
rounds into an hour already packed, an older hour back-filled, one series' wide batch beside others' single
rounds, a day's partition crossed) equal a fresh computation from all the rounds: the same packed minutes, byte for
byte, and the same hourly buckets."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import Any

import psycopg
import pytest

from pantau.domain.samples import ErrorKind, Sample
from pantau.storage.history_rows import HOUR, MINUTE, rollup, rollup_of_minutes
from pantau.storage.minute_pack import pack
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url
from tests.conftest import STORE_PASSWORD

DAY = 86_400
# Two hours before yesterday's midnight (UTC), so the rounds cross into the next day's partition.
T = float(int(time.time()) // DAY * DAY - DAY - 2 * HOUR)


def rounds(target: str, start: float, end: float, step: float = 10.0, shift: int = 0) -> list[Sample]:
    """Rounds of `target` every `step` seconds in [start, end): every fifth unanswered, some with losses."""
    made = []
    for k in range(int((end - start) // step)):
        ts = start + k * step
        if (k + shift) % 5 == 4:
            made.append(Sample(ts, target, "icmp", None, ErrorKind.TIMEOUT, "timeout", 3, 3))
        else:
            made.append(Sample(ts, target, "icmp", 10.0 + (k * 7 + shift) % 13 + 0.25, sent=3,
                               lost=int((k + shift) % 3 == 0)))
    return made


def batches() -> list[list[Sample]]:
    live = [rounds("a", T, T + 2400), rounds("b", T, T + 2400, shift=1)]
    return [
        live[0] + live[1],
        # a: the rest of its hour and the next; b: late rounds into minutes of hour T already packed, and new
        # minutes there; c: one round just after midnight.
        rounds("a", T + 2400, T + 7200) + rounds("b", T + 605, T + 965, step=60, shift=2)
        + rounds("b", T + 3000, T + 3300, shift=3) + rounds("c", T + 7205, T + 7215),
        # a resends rounds it sent before beside new ones; b back-fills the hour before T and adds to its minute 39;
        # c adds a round to the minute it began.
        live[0][100:110] + rounds("a", T + 7200, T + 7500) + rounds("b", T - HOUR, T, step=30, shift=4)
        + rounds("b", T + 2345, T + 2355, shift=1) + rounds("c", T + 7235, T + 7245, shift=2),
        # Forwarder passes of one round a series.
        *([s for target in "abc" for s in rounds(target, T + 7600 + k * 10, T + 7610 + k * 10, shift=k)]
          for k in range(5)),
    ]


def fresh(written: Iterable[Sample]) -> tuple[dict[tuple[str, int], bytes], dict[tuple[str, int], tuple[Any, ...]]]:
    """({(target, hour): packed minutes}, {(target, hour): hourly bucket}) computed from scratch; a resent round
    counts once (the store keeps the first)."""
    kept: dict[tuple[str, int], Sample] = {}
    for s in written:
        kept.setdefault((s.target, int(s.ts * 1000)), s)
    minutes: dict[tuple[str, int], list[tuple[Any, ...]]] = defaultdict(list)
    ordered = sorted(kept.items())
    for (target, minute), in_minute in groupby(ordered, key=lambda item: (item[0][0], item[0][1] // 60_000 * 60)):
        hour = minute // HOUR * HOUR
        values = rollup([(None if s.rtt_ms is None else round(s.rtt_ms * 1000), s.sent, s.lost)
                         for _, s in in_minute])
        minutes[(target, hour)].append(((minute - hour) // MINUTE, *values))
    return ({key: pack(rows) for key, rows in minutes.items()},
            {key: rollup_of_minutes(rows) for key, rows in minutes.items()})


@pytest.fixture
def store(store_database: str) -> Iterator[PgStore]:
    with PgStore.open(parse_store_url(store_database), STORE_PASSWORD, vantage="camat-waru") as opened:
        yield opened


def stored(url: str) -> tuple[dict[tuple[str, int], bytes], dict[tuple[str, int], tuple[Any, ...]]]:
    with psycopg.connect(url, password=STORE_PASSWORD) as conn:
        packed = {(target, int(hour)): bytes(blob) for target, hour, blob in conn.execute(
            "SELECT se.target, r.hour, r.minutes FROM series se JOIN rollup_1m_hours r ON r.series_id = se.id")}
        hourly = {(target, int(bucket)): tuple(values) for target, bucket, *values in conn.execute(
            "SELECT se.target, r.bucket, r.count, r.failures, r.rtt_min, r.rtt_avg, r.rtt_max, r.rtt_p95 "
            "FROM series se JOIN rollup_1h r ON r.series_id = se.id")}
    return packed, hourly


def test_interleaved_batches_leave_the_rollups_a_fresh_computation_gives(store: PgStore,
                                                                          store_database: str) -> None:
    sent: list[Sample] = []
    for batch in batches():
        store.write_samples(batch)
        sent.extend(batch)
        # After every batch, not only the last: each one rewrites hours that others packed.
        assert stored(store_database) == fresh(sent)
    packed, hourly = stored(store_database)
    # The scenario reaches what it means to: b's back-filled hour, a's across midnight, c's single minute.
    assert {hour for target, hour in packed if target == "b"} == {T - HOUR, T, T + 2 * HOUR}
    assert {hour for target, hour in packed if target == "a"} == {T, T + HOUR, T + 2 * HOUR}
    assert hourly[("c", int(T + 2 * HOUR))][0] == 3 * 7


def test_a_resent_batch_changes_no_rollup(store: PgStore, store_database: str) -> None:
    sent: Sequence[Sample] = [s for batch in batches()[:3] for s in batch]
    store.write_samples(sent)
    before = stored(store_database)
    assert store.write_samples(sent) == 0
    assert stored(store_database) == before == fresh(sent)


def test_odd_rounds_roll_up_in_sql_as_in_python(store: PgStore, store_database: str) -> None:
    """The store sums each minute in SQL; `history_rows.rollup` is the rule. Rounds that stretch it: no packet
    counted (sent 0), more lost than sent, an rtt beside "all lost" (it still got an answer), means that end in .5
    (Python rounds half to even), one round a minute, a minute of nothing but timeouts, p95 ranks of 1 to 40 rtts."""
    generator = random.Random(14)
    made: list[Sample] = []
    for n in range(60):
        for k in range(1 + n % 40):
            ts = T + n * MINUTE + k * 1.25
            sent = generator.choice([0, 1, 2, 3, 3, 3, 5])
            lost = generator.choice([0, 0, 1, 2, 3, 7])
            if n % 13 == 5 or generator.random() < 0.15:
                made.append(Sample(ts, f"s{n % 7}", "icmp", None, ErrorKind.TIMEOUT, "timeout", sent, lost))
            else:
                rtt = generator.choice([0.001, 0.5, 1.5, 2.5, 10.0, 10.001, 250.75, 3000.0])
                made.append(Sample(ts, f"s{n % 7}", "icmp", rtt, sent=sent, lost=lost))
    for start in range(0, len(made), 97):  # passes that cut minutes in two
        store.write_samples(made[start:start + 97])
    assert stored(store_database) == fresh(made)
