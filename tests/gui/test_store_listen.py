"""The store announces what a window shows (ui/store_listen.py, PgStore.wait_for_change), against a real
PostgreSQL: a delivered state change or a new inventory is announced once its transaction commits, an agent's
pass that changes nothing is not, and a window whose poll is a minute away still shows a state change within a
second or two."""

from __future__ import annotations

import time

import pytest
from pytestqt.qtbot import QtBot

from pantau.domain.states import HealthState, StateChange
from pantau.storage.pg_store import CHANGE_EVENTS, CHANGE_INVENTORY
from pantau.storage.store_access import open_store_window
from pantau.storage.store_url import parse_store_url
from pantau.storage.workspace import EventRow
from pantau.ui.main_window import MainWindow
from pantau.ui.store_watch import StoreWatch
from tests.conftest import STORE_PASSWORD
from tests.integration.test_agent import network
from tests.integration.test_store_contract import open_store

pytestmark = pytest.mark.slow


def test_changes_are_announced_and_a_pass_that_changes_nothing_is_not(store_database: str) -> None:
    now = time.time()
    with open_store(store_database) as ear, open_store(store_database, "camat-waru") as agent:
        assert ear.wait_for_change(0) == set()  # listening from here on
        agent.replace_network(network(1, 2))
        assert ear.wait_for_change(5) == {CHANGE_INVENTORY}

        running = EventRow("desa-api", "site", HealthState.DOWN, HealthState.UP, now - 10, None, "silent", id=7)
        agent.upsert_forwarded_events([running])
        assert ear.wait_for_change(5) == {CHANGE_EVENTS}
        # The next pass sends the same open event again: nothing changed, nothing announced.
        agent.upsert_forwarded_events([running])
        assert ear.wait_for_change(1) == set()
        # Its end arrives: announced.
        agent.upsert_forwarded_events([EventRow("desa-api", "site", HealthState.DOWN, HealthState.UP, now - 10,
                                                now - 1, "silent", id=7)])
        assert ear.wait_for_change(5) == {CHANGE_EVENTS}
        assert [e.ended for e in agent.events(subject="desa-api")] == [now - 1]


def test_a_window_shows_a_state_change_before_its_next_poll(qtbot: QtBot, store_database: str) -> None:
    now = time.time()
    with open_store(store_database, "camat-waru") as agent:
        agent.replace_network(network(1, 2))
        agent.heartbeat(now, 0.0, "test", now - 60)
        agent.record_state_change(StateChange("camat-waru", "site", HealthState.UNKNOWN, HealthState.UP, now - 5))
        access, net = open_store_window(parse_store_url(store_database), STORE_PASSWORD)
        window = MainWindow(net, None, tray=False)
        qtbot.addWidget(window)
        # One read when it starts, the next a minute later: only the announcement can bring the change sooner.
        watch = StoreWatch(window, access, interval_ms=60_000)
        watch.start()
        try:
            qtbot.waitUntil(lambda: window.session.states.get("camat-waru") is HealthState.UP, timeout=10_000)
            qtbot.waitUntil(lambda: watch.listener.heard == 0 and watch.reads >= 2, timeout=10_000)
            reads = watch.reads
            changed_at = time.time()
            agent.heartbeat(changed_at, 0.0, "test", now - 60)
            agent.record_state_change(StateChange("camat-waru", "site", HealthState.UP, HealthState.DOWN,
                                                  changed_at, "silent"))
            qtbot.waitUntil(lambda: window.session.states.get("camat-waru") is HealthState.DOWN, timeout=5_000)
            assert time.time() - changed_at < 3.0
            assert watch.listener.heard >= 1 and watch.reads > reads
        finally:
            watch.stop()
            window.shutdown()
