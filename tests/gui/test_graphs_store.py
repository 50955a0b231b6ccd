"""The graphs panel over the shared store (a real PostgreSQL): "Seen from" draws the chosen vantage's rounds and
outages, read again on a worker when the choice changes, and a back-filled hour is hatched "delivered late" with a
legend entry and a read-out saying when it arrived, while a live hour is not."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import psycopg
import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.pg_history import VantageHistory
from pantau.storage.pg_store import PgStore
from pantau.storage.store_url import parse_store_url
from pantau.ui.graphs import SiteGraphs, site_spec
from tests.conftest import STORE_PASSWORD

NOW = float(int(time.time()))
HOUR = 3600
NETWORK = Network("Waru", timezone="Asia/Makassar",
                  sites=[Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru")],
                  targets=[Target("waru-gw", "waru", "127.0.40.1", TargetRole.OFFICE_ROUTER)])


def rounds(start: float, count: int, rtt: float) -> list[Sample]:
    return [Sample(start + 10 * k, "waru-gw", "icmp", rtt + k % 3) for k in range(count)]


@pytest.fixture
def store(store_database: str) -> Iterator[PgStore]:
    with PgStore.open(parse_store_url(store_database), STORE_PASSWORD, vantage="camat-waru") as opened:
        opened.write_samples(rounds(NOW - 3 * HOUR, 360, 20.0))  # the hour of a cut, back-filled now
        opened.write_samples(rounds(NOW - HOUR, 360, 20.0))
        opened.write_samples(rounds(NOW - 3 * HOUR, 1080, 80.0), vantage="diskominfo")
        opened.record_state_change(StateChange("waru", "site", HealthState.UP, HealthState.DOWN, NOW - 1800, "x"))
        opened.record_state_change(StateChange("waru", "site", HealthState.DOWN, HealthState.UP, NOW - 1500, "y"))
        for vantage in ("camat-waru", "diskominfo"):
            opened.heartbeat(NOW, 0.0, "test", NOW - 3 * HOUR, vantage=vantage)
        # Delivered live: all but camat-waru's back-filled hour came in a second after they were taken.
        with psycopg.connect(store_database, password=STORE_PASSWORD) as conn:
            conn.execute("UPDATE samples SET received_ms = ts_ms + 1000 WHERE ts_ms >= %s OR series_id IN "
                         "(SELECT id FROM series WHERE vantage = 'diskominfo')", (int((NOW - HOUR) * 1000),))
        yield opened


def test_seen_from_switches_the_vantage_and_the_backfill_is_hatched(qtbot: QtBot, store: PgStore) -> None:
    graphs = SiteGraphs(NETWORK, None, clock=lambda: NOW)
    qtbot.addWidget(graphs)
    graphs.resize(1000, 600)
    graphs.show()
    spec = site_spec(NETWORK, "waru")
    assert spec is not None
    graphs.set_sites([spec])
    with qtbot.waitSignal(graphs.loaded, timeout=10_000):
        graphs.set_history(lambda vantage: VantageHistory(store, vantage), list(store.agents()), "camat-waru")
    with qtbot.waitSignal(graphs.loaded, timeout=10_000):
        graphs.set_range("24h")
    combo = graphs.findChild(QComboBox)
    assert combo is not None and combo.isVisible() and combo.currentText() == "camat-waru"
    assert [combo.itemText(i) for i in range(combo.count())] == ["camat-waru", "diskominfo"]
    assert np.nanmax(graphs.curve_data()[1]) < 30
    assert graphs.outage_table().rowCount() == 1
    (late,) = graphs.late_spans()
    assert late[0] == pytest.approx(NOW - 3 * HOUR) and late[1] == pytest.approx(NOW - 2 * HOUR - 10)
    entry = graphs.legend().shading_entry()
    assert entry is not None and entry.isVisible() and entry.text() == "delivered late"
    assert "delivered late, at" in graphs.readout_at(NOW - 2.5 * HOUR)
    assert "delivered late" not in graphs.readout_at(NOW - 0.5 * HOUR)

    with qtbot.waitSignal(graphs.loaded, timeout=10_000):
        combo.setCurrentText("diskominfo")
    assert graphs.vantage() == "diskominfo"
    assert np.nanmin(graphs.curve_data()[1]) > 70
    assert graphs.outage_table().rowCount() == 0
    assert graphs.late_spans() == [] and graphs.legend().shading_entry() is None
    # No live buffer here stands for this vantage: the live quarter hour is read from the store.
    with qtbot.waitSignal(graphs.loaded, timeout=10_000):
        graphs.set_range("live")
    assert np.nanmin(graphs.curve_data()[1]) > 70 and graphs.data().series[0][1].source == "raw"
    graphs.shutdown()
