"""The writer's in-memory backlog: bounded, oldest lost first, state changes kept apart from samples, and the
losses told in words with their time span."""

from __future__ import annotations

import sqlite3

import pytest

from pantau.domain.samples import Sample
from pantau.storage.backlog import Backlog, WriteHealth, write_failure_reason


def samples(start: int, count: int) -> list[Sample]:
    return [Sample(float(start + i), "t", "icmp", 1.0) for i in range(count)]


def test_the_oldest_samples_go_first_and_the_span_of_the_loss_is_kept() -> None:
    backlog: Backlog[str] = Backlog(max_samples=5, max_changes=3)
    backlog.add(samples(100, 4), ["a", "b"])
    backlog.add(samples(200, 4), ["c"])
    assert [s.ts for s in backlog.samples] == [102, 103, 200, 201, 202, 203][1:]
    assert backlog.lost_samples == 3 and (backlog.lost_from, backlog.lost_to) == (100.0, 102.0)
    # Changes have their own bound: samples flooding in never push a state change out.
    assert list(backlog.changes) == ["a", "b", "c"] and backlog.lost_changes == 0
    backlog.add([], ["d"])
    assert list(backlog.changes) == ["b", "c", "d"] and backlog.lost_changes == 1


def test_what_a_failed_write_gives_back_goes_before_what_came_since() -> None:
    backlog: Backlog[str] = Backlog(max_samples=4)
    backlog.add(samples(0, 3), ["a"])
    taken, changes = backlog.take()
    assert not backlog
    backlog.add(samples(10, 2), ["b"])
    backlog.give_back(taken, changes)
    assert [s.ts for s in backlog.samples] == [1, 2, 10, 11]
    assert list(backlog.changes) == ["a", "b"]
    assert backlog.lost_samples == 1 and backlog.lost_from == backlog.lost_to == 0.0
    backlog.lose_all()
    assert not backlog and backlog.lost_samples == 5 and backlog.lost_changes == 2


def test_losses_in_words() -> None:
    assert WriteHealth().losses() == "nothing was lost"
    health = WriteHealth(failing=True, reason="the disk is full", lost_samples=12_345, lost_changes=2,
                         lost_from=0.0, lost_to=90.0)
    text = health.losses()
    assert text.startswith("12,345 samples from ") and text.endswith(" and 2 state changes were lost")


def test_lasting_write_failures_are_told_from_bad_data() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x NOT NULL)")
    with pytest.raises(sqlite3.IntegrityError) as bad_data:
        conn.execute("INSERT INTO t VALUES (NULL)")
    assert write_failure_reason(bad_data.value) is None  # retrying bad data would fail forever
    conn.execute("PRAGMA query_only = ON")
    with pytest.raises(sqlite3.OperationalError) as read_only:
        conn.execute("INSERT INTO t VALUES (1)")
    assert write_failure_reason(read_only.value) == "the workspace is read-only"
    assert write_failure_reason(ValueError("x")) is None
