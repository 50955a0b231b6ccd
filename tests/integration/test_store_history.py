"""The history views read from the shared store (a real PostgreSQL) as from the workspace: the same rounds and
events give the same graph data; each vantage draws its own rounds; a back-filled hour reads as delivered late and
a live one does not."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import psycopg
import pytest

from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.pg_history import VantageHistory
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url
from pantau.storage.workspace import Workspace
from pantau.ui.graph_data import SeriesSpec, read_graph_data
from tests.conftest import STORE_PASSWORD

NOW = float(int(time.time()))
SPEC = SeriesSpec("waru", "Waru", "waru-gw", "icmp")
DAY = 86_400


def rounds(start: float, count: int, step: float = 10.0, rtt: float = 20.0) -> list[Sample]:
    """Rounds every `step` seconds; every seventh unanswered."""
    return [Sample(start + k * step, "waru-gw", "icmp", None, ErrorKind.TIMEOUT, "timeout", 3, 3) if k % 7 == 6
            else Sample(start + k * step, "waru-gw", "icmp", rtt + k % 5, sent=3, lost=int(k % 4 == 0))
            for k in range(count)]


def outage(store: Workspace | PgStore, start: float, end: float) -> None:
    store.record_state_change(StateChange("waru", "site", HealthState.UP, HealthState.DOWN, start, "no answer"))
    store.record_state_change(StateChange("waru", "site", HealthState.DOWN, HealthState.UP, end, "answers"))


@pytest.fixture
def store(store_database: str) -> Iterator[PgStore]:
    with PgStore.open(parse_store_url(store_database), STORE_PASSWORD, vantage="camat-waru") as opened:
        yield opened


def test_the_store_draws_the_same_graph_as_the_workspace(store: PgStore, tmp_path: Path) -> None:
    written = rounds(NOW - 2 * DAY, 2 * DAY // 30, step=30.0)
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        for backend in (workspace, store):
            backend.submit(written)
            outage(backend, NOW - 3000, NOW - 2400)
            outage(backend, NOW - DAY, NOW - DAY + 600)
            backend.flush()
        seen = VantageHistory(store, "camat-waru")
        for span in (3600, DAY, 30 * DAY):  # raw rounds, minute and hour rollups
            local = read_graph_data(workspace, [SPEC], NOW - span, NOW, NOW)
            shared = read_graph_data(seen, [SPEC], NOW - span, NOW, NOW)
            (_, a), (_, b) = local.series[0], shared.series[0]
            assert a.source == b.source and len(a) > 50
            for column in ("t", "rtt_avg", "rtt_min", "rtt_max", "loss"):
                np.testing.assert_allclose(getattr(a, column), getattr(b, column), equal_nan=True)
            assert [(o.start, o.end) for o in local.primary.outages] == [(o.start, o.end)
                                                                         for o in shared.primary.outages]
            assert local.primary.availability == shared.primary.availability
            assert local.primary.outages and shared.late  # all rounds came in at once, long after


def test_each_vantage_draws_its_own_rounds_and_outages(store: PgStore) -> None:
    store.write_samples(rounds(NOW - 3600, 360, rtt=20.0), vantage="camat-waru")
    store.write_samples(rounds(NOW - 3600, 360, rtt=80.0), vantage="diskominfo")
    outage(store, NOW - 1800, NOW - 1700)  # seen from camat-waru only
    waru = read_graph_data(VantageHistory(store, "camat-waru"), [SPEC], NOW - 3600, NOW, NOW)
    centre = read_graph_data(VantageHistory(store, "diskominfo"), [SPEC], NOW - 3600, NOW, NOW)
    assert np.nanmax(waru.series[0][1].rtt_avg) < 30 < np.nanmin(centre.series[0][1].rtt_avg)
    assert len(waru.primary.outages) == 1 and not centre.primary.outages
    assert waru.primary.availability.spans != centre.primary.availability.spans


def test_a_backfilled_hour_is_delivered_late_and_a_live_hour_is_not(store: PgStore, store_database: str) -> None:
    store.write_samples(rounds(NOW - 3 * 3600, 360, step=10.0))  # the cut's hour, back-filled now
    live = rounds(NOW - 3600, 360, step=10.0)
    store.write_samples(live)
    # As the forwarder delivers while the link is up: each round a second after it was taken.
    with psycopg.connect(store_database, password=STORE_PASSWORD) as conn:
        conn.execute("UPDATE samples SET received_ms = ts_ms + 1000 WHERE ts_ms >= %s", (int(live[0].ts * 1000),))
    started = time.monotonic()
    late = VantageHistory(store, "camat-waru").delivered_late([("waru-gw", "icmp")], NOW - DAY, NOW)
    assert time.monotonic() - started < 1.0
    assert len(late) == 1
    assert (late[0].start, late[0].end, late[0].rounds) == (NOW - 3 * 3600, NOW - 2 * 3600 - 10, 360)
    assert NOW - 60 < late[0].first_received <= late[0].last_received < time.time() + 1
    assert VantageHistory(store, "diskominfo").delivered_late([("waru-gw", "icmp")], NOW - DAY, NOW) == []
