"""Saving the inventory over a revision (storage/pg_store.py `replace_network(..., expected_revision=)`,
storage/store_access.py `StoreInventory`), against a real PostgreSQL: a save over a revision someone else has moved
is refused with both revisions named and writes nothing; of several savers racing over one revision exactly one
wins; a role that may only read is refused by name."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from pantau.storage.pg_store import RevisionMoved, StoreError
from pantau.storage.store_access import StoreAccess, StoreInventory
from pantau.storage.store_url import parse_store_url
from tests.conftest import STORE_PASSWORD
from tests.integration.test_store_contract import network, open_store
from tests.pg_server import PostgresServer

pytestmark = pytest.mark.slow


def test_a_save_over_a_moved_revision_is_refused_and_writes_nothing(store_database: str) -> None:
    with open_store(store_database) as first, open_store(store_database) as second:
        assert first.load_inventory() == (0, None)
        assert first.replace_network(network(), expected_revision=0) == 1
        with pytest.raises(RevisionMoved, match=r"changed \(revision 0 → 1\)") as refused:
            second.replace_network(replace(network(), name="Nobody read revision 1"), expected_revision=0)
        assert (refused.value.expected, refused.value.found) == (0, 1)
        revision, read = second.load_inventory()
        assert revision == 1 and read is not None
        assert second.replace_network(replace(read, name="Second"), expected_revision=1) == 2
        with pytest.raises(RevisionMoved, match=r"changed \(revision 1 → 2\)"):
            first.replace_network(replace(network(), name="First, over an edit it has not seen"), expected_revision=1)
        stored = first.load_inventory()
        assert stored[0] == 2 and stored[1] is not None and stored[1].name == "Second"
        # Without a revision (`pantau import`): the file wins, as ever.
        assert first.replace_network(network()) == 3


def test_of_savers_racing_over_one_revision_exactly_one_wins(store_database: str) -> None:
    with open_store(store_database) as store:
        store.replace_network(network())
    stores = [open_store(store_database) for _ in range(6)]
    outcomes: list[object] = [None] * len(stores)
    start = threading.Barrier(len(stores))

    def save(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = stores[index].replace_network(replace(network(), name=f"Saver {index}"),
                                                            expected_revision=1)
        except RevisionMoved as error:
            outcomes[index] = error

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(stores))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        winners = [i for i, outcome in enumerate(outcomes) if outcome == 2]
        assert len(winners) == 1, outcomes
        assert all(isinstance(outcome, RevisionMoved) and outcome.found == 2
                   for i, outcome in enumerate(outcomes) if i != winners[0])
        revision, stored = stores[0].load_inventory()
        assert revision == 2 and stored is not None and stored.name == f"Saver {winners[0]}"
    finally:
        for store in stores:
            store.close()


def test_the_inventory_saves_over_what_the_window_read_and_moves_on_with_its_own_saves(store_database: str) -> None:
    with open_store(store_database) as store:
        store.replace_network(network())
    inventory = StoreInventory(StoreAccess(parse_store_url(store_database), STORE_PASSWORD))
    try:
        inventory.note_read(1)
        inventory.replace_network(replace(network(), name="Edit 1"))
        inventory.replace_network(replace(network(), name="Edit 2"))  # over its own save: no read needed
        assert inventory.revision == 3
        inventory.note_read(2)  # a read that began before the last save does not take the revision back
        assert inventory.revision == 3
        with open_store(store_database) as other:
            other.replace_network(replace(network(), name="Another window"), expected_revision=3)
        with pytest.raises(RevisionMoved, match=r"revision 3 → 4"):
            inventory.replace_network(replace(network(), name="Edit 3"))
        with open_store(store_database) as store:
            assert store.load_inventory()[0] == 4 and store.load_network().name == "Another window"  # type: ignore[union-attr]
    finally:
        inventory.close()


def test_a_role_that_may_only_read_is_refused_by_name(store_database: str, postgres_server: PostgresServer) -> None:
    with open_store(store_database) as store:
        store.replace_network(network())
    database = store_database.rsplit("/", 1)[1]
    owner = store_database.split("//", 1)[1].split("@", 1)[0]
    postgres_server.admin_sql(f"CREATE ROLE {database}_ro LOGIN PASSWORD '{STORE_PASSWORD}'")
    postgres_server.admin_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {database}_ro", database)
    url = parse_store_url(store_database.replace(f"{owner}@", f"{database}_ro@"))
    inventory = StoreInventory(StoreAccess(url, STORE_PASSWORD, read_only=True, revision=1))
    try:
        with pytest.raises(StoreError, match=rf"the store \({database} on 127\.0\.0\.1:\d+ as {database}_ro\) could "
                                             r"not store the inventory: permission denied"):
            inventory.replace_network(replace(network(), name="Not allowed"))
    finally:
        inventory.close()
    with open_store(store_database) as store:
        assert store.load_inventory()[0] == 1
