"""The window on a shared store (ui/store_watch.py), against a real PostgreSQL: two vantages disagreeing about an
office show a broken path, not DOWN, with both sides named; every vantage silent is DOWN; the graphs read the
store seen from the data centre; edits are refused with the reason; a store that stops answering turns red and,
once what the agents said is too old, every office Unknown (never its last green), and it recovers by itself."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from pantau.domain.states import HealthState, StateChange
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.store_access import open_store_window
from pantau.storage.store_url import parse_store_url
from pantau.ui.main_window import MainWindow
from pantau.ui.store_watch import StoreWatch
from tests.conftest import STORE_PASSWORD
from tests.integration.test_agent import network
from tests.integration.test_store_contract import open_store
from tests.pg_server import PostgresServer

pytestmark = pytest.mark.slow


@pytest.fixture
def store_with_views(store_database: str) -> Iterator[str]:
    """The agents' network in the store; Diskominfo hears nothing of Waru and Api-Api, Waru's agent hears Waru."""
    now = time.time()
    with open_store(store_database) as centre, open_store(store_database, "camat-waru") as waru:
        centre.replace_network(network(1, 2))
        centre.record_state_change(StateChange("camat-waru", "site", HealthState.UNKNOWN, HealthState.DOWN,
                                               now - 30, "silent"))
        waru.record_state_change(StateChange("camat-waru", "site", HealthState.UNKNOWN, HealthState.UP, now - 29))
        for store in (centre, waru):
            store.record_state_change(StateChange("desa-api", "site", HealthState.UNKNOWN, HealthState.DOWN,
                                                  now - 30, "silent"))
            store.heartbeat(now, 0.0, "test", now - 60)
    yield store_database


def open_window(qtbot: QtBot, url: str, stale_after_s: float = 120.0) -> tuple[MainWindow, StoreWatch]:
    access, net = open_store_window(parse_store_url(url), STORE_PASSWORD)
    window = MainWindow(net, None, tray=False)
    qtbot.addWidget(window)
    watch = StoreWatch(window, access, interval_ms=200, stale_after_s=stale_after_s)
    watch.start()
    return window, watch


def test_the_window_shows_a_broken_path_and_who_hears_the_office(qtbot: QtBot, store_with_views: str) -> None:
    window, watch = open_window(qtbot, store_with_views)
    try:
        qtbot.waitUntil(lambda: window.session.states.get("camat-waru") is HealthState.PATH_BROKEN, timeout=10_000)
        states = window.session.states
        assert states["desa-api"] is HealthState.DOWN  # silent from every vantage: a real DOWN stays DOWN
        assert states["diskominfo"] is HealthState.UNKNOWN  # nobody judged it: never up
        assert "Answers Kantor Camat Waru; silent from Diskominfo." in window.session.notes["camat-waru"]
        banner = window.workspace_banner.text.text()
        assert "Watching the shared store" in banner and "camat-waru (" in banner and "diskominfo (" in banner
        # The graphs read the store, seen from the data centre (the network's own vantage) by default.
        qtbot.waitUntil(lambda: window.graphs.vantage() == "diskominfo", timeout=5_000)
        assert window.contracts.isEnabled()  # the owner's contract edits go to the store
        assert "Edits made here (network files, office lists, contracts) are saved to the store" in banner
        evidence = watch.vantage_evidence()
        assert evidence.here == "diskominfo" and evidence.views["camat-waru"]["camat-waru"].state is HealthState.UP
    finally:
        watch.stop()
        window.shutdown()


def test_a_silent_store_turns_every_office_unknown_and_recovers(qtbot: QtBot, store_with_views: str,
                                                                 postgres_server: PostgresServer) -> None:
    window, watch = open_window(qtbot, store_with_views, stale_after_s=3.0)
    try:
        qtbot.waitUntil(lambda: window.session.states.get("camat-waru") is HealthState.PATH_BROKEN, timeout=10_000)
        postgres_server.pause()
        try:
            qtbot.waitUntil(lambda: bool(watch.error), timeout=15_000)
            qtbot.waitUntil(lambda: "Cannot read the shared store" in window.workspace_banner.text.text(),
                            timeout=5_000)
            # What the agents said ages on the window's clock: after the stale limit nothing counts any more.
            qtbot.waitUntil(lambda: set(window.session.states.values()) == {HealthState.UNKNOWN}, timeout=15_000)
        finally:
            postgres_server.resume()
        with open_store(store_with_views) as centre, open_store(store_with_views, "camat-waru") as waru:
            for store in (centre, waru):
                store.heartbeat(time.time(), 0.0, "test", time.time() - 60)
        qtbot.waitUntil(lambda: window.session.states.get("camat-waru") is HealthState.PATH_BROKEN, timeout=20_000)
        assert watch.error == ""
    finally:
        watch.stop()
        window.shutdown()


def test_a_select_only_role_watches_and_is_told_why_it_cannot_edit(qtbot: QtBot, store_with_views: str,
                                                                   postgres_server: PostgresServer) -> None:
    database = store_with_views.rsplit("/", 1)[1]
    owner = store_with_views.split("//", 1)[1].split("@", 1)[0]
    postgres_server.admin_sql(f"CREATE ROLE {database}_watch LOGIN PASSWORD '{STORE_PASSWORD}'")
    postgres_server.admin_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {database}_watch", database)
    window, watch = open_window(qtbot, store_with_views.replace(f"{owner}@", f"{database}_watch@"))
    try:
        assert watch.access.read_only
        qtbot.waitUntil(lambda: window.session.states.get("camat-waru") is HealthState.PATH_BROKEN, timeout=10_000)
        reason = f"The store role {database}_watch may only read: editing is off."
        assert reason in window.workspace_banner.text.text()
        assert not window.contracts.isEnabled() and window.contracts.toolTip() == reason
        assert not window.window_actions.open.isEnabled() and not window.window_actions.alert_settings.isEnabled()
    finally:
        watch.stop()
        window.shutdown()


def test_a_contract_edited_in_one_window_reaches_the_other_through_the_store(qtbot: QtBot,
                                                                             store_database: str) -> None:
    with open_store(store_database) as store:
        store.replace_network(load_network_file(sample_network_path()))
    first, first_watch = open_window(qtbot, store_database)
    second, second_watch = open_window(qtbot, store_database)
    try:
        qtbot.waitUntil(lambda: first_watch.reads > 0 and second_watch.reads > 0, timeout=10_000)
        today = first.network_today()
        first.contracts.select_contract("ctr-intranet-2026")
        with qtbot.waitSignal(first.contracts.saved, timeout=10_000):
            assert first.contracts.end_selected()

        def ended_in_second() -> bool:
            contract = second.network.contract("ctr-intranet-2026")
            return contract is not None and contract.end == today

        qtbot.waitUntil(ended_in_second, timeout=10_000)
        assert second.contracts.network().contract("ctr-intranet-2026").end == today  # type: ignore[union-attr]
        with open_store(store_database) as store:
            stored = store.load_network()
        assert stored is not None and stored.contract("ctr-intranet-2026").end == today  # type: ignore[union-attr]
    finally:
        for watch, window in ((first_watch, first), (second_watch, second)):
            watch.stop()
            window.shutdown()
