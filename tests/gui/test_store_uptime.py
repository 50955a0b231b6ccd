"""The window on a shared store's "Uptime 24 h" column (ui/store_uptime.py, reporting/store_uptime.py) against a
real PostgreSQL: two agents' rounds (one a minute, so every minute of the day is measured) and site events are
written to the store, and the figures the table shows are checked against what the test works out from them:
- down 2 h of 24 from both vantages: 22/24;
- down 2 h from one vantage while the other heard it: a broken path, not downtime (100 %);
- down 2 h from one vantage, the other's agent stopped for the second of those hours: only that hour is down (23/24);
- events but never a round: "—", never 100 %;
and a change of the inventory's revision reads the figures again at once (not at the next minute)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.pg_store import PgStore
from pantau.storage.store_access import open_store_window
from pantau.storage.store_url import parse_store_url
from pantau.ui.formats import format_number
from pantau.ui.main_window import MainWindow
from pantau.ui.site_model import Column
from pantau.ui.store_watch import StoreWatch
from tests.conftest import STORE_PASSWORD
from tests.integration.test_store_contract import open_store

pytestmark = pytest.mark.slow

HOUR = 3600.0
# On a minute: each round opens its minute, so the test's own arithmetic matches the minutes the store keeps.
NOW = float(int(time.time()) // 60 * 60)
VANTAGES = ("diskominfo", "camat-waru")
OFFICES = {"desa-api": "Kantor Desa Api-Api", "desa-sotek": "Kantor Desa Sotek", "desa-gunung": "Kantor Desa Gunung",
           "desa-babulu": "Kantor Desa Babulu"}
NETWORK = Network(
    "Kabupaten", timezone="Asia/Makassar",
    sites=[Site("diskominfo", "Diskominfo", SiteKind.DATACENTER, "Penajam"),
           Site("camat-waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru", parent="diskominfo"),
           *(Site(site, name, SiteKind.DESA, "Waru", parent="camat-waru") for site, name in OFFICES.items())],
    targets=[Target(f"{site}-rtr", site, f"127.0.50.{n}", TargetRole.OFFICE_ROUTER)
             for n, site in enumerate(OFFICES, start=1)])
# Down from a vantage over [NOW - 5 h, NOW - 3 h).
DOWN = (NOW - 5 * HOUR, NOW - 3 * HOUR)
DOWN_FROM = {"desa-api": VANTAGES, "desa-sotek": ("diskominfo",), "desa-gunung": ("diskominfo",)}
# camat-waru's agent was stopped over [NOW - 4 h, NOW - 2 h): no rounds of Gunung from there.
STOPPED = (NOW - 4 * HOUR, NOW - 2 * HOUR)


def rounds(site: str, vantage: str, start: float, end: float) -> list[Sample]:
    """A round a minute at each minute's start over [start, end); failed while the site is down from there."""
    down = vantage in DOWN_FROM.get(site, ())
    found = []
    for k in range(int((end - start) // 60)):
        ts = start + 60 * k
        if site == "desa-gunung" and vantage == "camat-waru" and STOPPED[0] <= ts < STOPPED[1]:
            continue
        if down and DOWN[0] <= ts < DOWN[1]:
            found.append(Sample(ts, f"{site}-rtr", "icmp", None, ErrorKind.TIMEOUT, "timed out", 1, 1))
        else:
            found.append(Sample(ts, f"{site}-rtr", "icmp", 12.0))
    return found


def record(store: PgStore, site: str, previous: HealthState, current: HealthState, ts: float) -> None:
    store.record_state_change(StateChange(site, "site", previous, current, ts, "test"))


@pytest.fixture
def store_with_a_day(store_database: str) -> Iterator[str]:
    """A day and an hour of both agents' rounds and events (Babulu: events only), and fresh heartbeats."""
    with open_store(store_database) as centre:
        centre.replace_network(NETWORK)
        for vantage in VANTAGES:
            with open_store(store_database, vantage) as store:
                for site in OFFICES:
                    record(store, site, HealthState.UNKNOWN, HealthState.UP, NOW - 26 * HOUR)
                    if site != "desa-babulu":
                        store.write_samples(rounds(site, vantage, NOW - 25 * HOUR, NOW))
                    if vantage in DOWN_FROM.get(site, ()):
                        record(store, site, HealthState.UP, HealthState.DOWN, DOWN[0])
                        record(store, site, HealthState.DOWN, HealthState.UP, DOWN[1])
                store.heartbeat(NOW, 0.0, "test", NOW - 26 * HOUR)
    yield store_database


def uptime_text(window: MainWindow, site: str) -> str:
    model = window.site_table.model
    row = model.row_of(site)
    assert row is not None
    return str(model.data(model.index(row, Column.UPTIME)))


def test_the_uptime_column_counts_an_office_down_only_when_every_vantage_found_it_silent(
        qtbot: QtBot, store_with_a_day: str) -> None:
    access, network = open_store_window(parse_store_url(store_with_a_day), STORE_PASSWORD)
    window = MainWindow(network, None, tray=False)
    qtbot.addWidget(window)
    watch = StoreWatch(window, access, interval_ms=200, clock=lambda: NOW)
    watch.start()
    try:
        qtbot.waitUntil(lambda: watch.uptime.reads > 0, timeout=15_000)
        assert watch.uptime.error == ""
        day = 24 * HOUR
        both_down = DOWN[1] - DOWN[0]
        # Gunung: down from the data centre for 2 h; Waru heard it in the first hour and saw nothing in the second.
        unheard = DOWN[1] - max(DOWN[0], STOPPED[0])
        expected = {"desa-api": 100.0 * (day - both_down) / day, "desa-sotek": 100.0,
                    "desa-gunung": 100.0 * (day - unheard) / day}
        assert expected["desa-api"] == pytest.approx(91.6667, abs=1e-4)
        assert expected["desa-gunung"] == pytest.approx(95.8333, abs=1e-4)
        assert window.session.uptime == pytest.approx(expected, abs=1e-9)
        for site, value in expected.items():
            assert uptime_text(window, site) == format_number(value, 1)
            assert watch.uptime.figures[site].monitored_s == pytest.approx(day)
        # Events and never a round, or no line to measure: no figure, never 100 %.
        assert uptime_text(window, "desa-babulu") == "—" and uptime_text(window, "diskominfo") == "—"
        model = window.site_table.model
        tooltip = model.data(model.index(0, Column.UPTIME), Qt.ItemDataRole.ToolTipRole)
        assert "silent from every agent that measured it" in str(tooltip)

        # Babulu's rounds arrive and the inventory is imported again: read at once, not at the next minute.
        reads = watch.uptime.reads
        for vantage in VANTAGES:
            with open_store(store_with_a_day, vantage) as store:
                store.write_samples(rounds("desa-babulu", vantage, NOW - 2 * HOUR, NOW))
        with open_store(store_with_a_day) as centre:
            centre.replace_network(NETWORK)
        qtbot.waitUntil(lambda: uptime_text(window, "desa-babulu") == format_number(100.0, 1), timeout=10_000)
        assert watch.uptime.reads > reads
        assert watch.uptime.figures["desa-babulu"].monitored_s == pytest.approx(2 * HOUR)
    finally:
        watch.stop()
        window.shutdown()
