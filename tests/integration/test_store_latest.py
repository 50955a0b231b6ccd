"""The store's newest round of each series (schema version 2): kept with the rounds, per vantage, never moved
back by a late back-fill, and filled from the rounds already there when a version 1 store is migrated. A real
PostgreSQL (tests/pg_server.py)."""

from __future__ import annotations

import psycopg
import pytest

from pantau.domain.samples import ErrorKind, Sample
from pantau.storage.pg_store import PG_SCHEMA_VERSION, StoreError
from pantau.storage.store_access import open_store_window
from pantau.storage.store_url import parse_store_url
from tests.conftest import STORE_PASSWORD
from tests.integration.test_store_contract import T0, network, open_store, rounds


def test_the_newest_round_of_each_vantage_is_kept_and_a_late_backfill_does_not_move_it_back(
        store_database: str) -> None:
    with open_store(store_database) as centre, open_store(store_database, "camat-waru") as waru:
        centre.write_samples(rounds(20))
        waru.write_samples([Sample(T0 + 5, "waru-gw", "icmp", 2.5, sent=4, lost=1)])
        newest = centre.latest_rounds()
        assert newest["diskominfo"]["waru-gw"].ts == T0 + 19 * 1.5
        assert (newest["diskominfo"]["waru-gw"].rtt_ms, newest["diskominfo"]["waru-gw"].error) == (
            None, ErrorKind.TIMEOUT)  # every tenth round of `rounds` timed out
        assert (newest["camat-waru"]["waru-gw"].rtt_ms, newest["camat-waru"]["waru-gw"].lost) == (2.5, 1)
        # A back-fill of older rounds after newer ones: the newest stays.
        waru.write_samples([Sample(T0 + 1, "waru-gw", "icmp", None, ErrorKind.TIMEOUT, "timeout", 4, 4)])
        assert centre.latest_rounds()["camat-waru"]["waru-gw"].ts == T0 + 5
        waru.write_samples([Sample(T0 + 9, "waru-gw", "icmp", None, ErrorKind.TIMEOUT, "timeout", 4, 4)])
        later = centre.latest_rounds()["camat-waru"]["waru-gw"]
        assert (later.ts, later.rtt_ms, later.error, later.lost) == (T0 + 9, None, ErrorKind.TIMEOUT, 4)


def test_a_version_1_store_is_migrated_and_its_newest_rounds_filled_from_the_rounds(store_database: str) -> None:
    with open_store(store_database) as centre:
        centre.write_samples(rounds(30))
    # A version 1 store is this one without the table of newest rounds.
    with psycopg.connect(store_database, password=STORE_PASSWORD, autocommit=True) as conn:
        conn.execute("DROP TABLE latest")
        conn.execute("UPDATE pantau_schema SET version = 1")
    with open_store(store_database) as migrated:
        assert migrated.schema_version() == PG_SCHEMA_VERSION == 2
        assert migrated.latest_rounds()["diskominfo"]["waru-gw"].ts == T0 + 29 * 1.5
        migrated.write_samples(rounds(1, start=T0 + 100))
        assert migrated.latest_rounds()["diskominfo"]["waru-gw"].ts == T0 + 100


def test_a_window_is_refused_an_empty_store_and_told_how_to_fill_it(store_database: str) -> None:
    url = parse_store_url(store_database)
    with pytest.raises(StoreError, match=r"holds no network yet: run `pantau --store URL import FILE`"):
        open_store_window(url, STORE_PASSWORD)
    with open_store(store_database) as owner:
        owner.replace_network(network())
    access, shown = open_store_window(url, STORE_PASSWORD)
    assert shown == network() and not access.read_only
    assert STORE_PASSWORD not in repr(access)
