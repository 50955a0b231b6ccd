"""How a window (or any reader beside an agent) reaches the shared store: the checked URL and the password, and
the inventory read from it with the one message every command gives when the store holds none.

`StoreAccess` is what the window holds in store mode: each part of it that reads or writes the store opens its own
connection with `open()` (a `PgStore` is used from one worker thread at a time), and the password stays here, out of
every message and repr. `StoreInventory` writes edits of the network (`replace_network`, a compare-and-set on the
revision the window read) from whatever worker thread saves them, on a connection it makes on first use and makes
again after a failure.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from pantau.domain.inventory import Network
from pantau.storage.pg_store import PgStore, RevisionMoved, StoreError
from pantau.storage.store_url import StoreUrl


def no_network_message(url: StoreUrl) -> str:
    return (f"the store ({url.display}) holds no network yet: run `pantau --store URL import FILE` to put one "
            f"there")


def read_store_inventory(store: PgStore) -> tuple[int, Network]:
    """The store's inventory and its revision; StoreError (saying how to put one there) when it holds none."""
    revision, network = store.load_inventory()
    if network is None:
        raise StoreError(no_network_message(store.url))
    return revision, network


@dataclass(frozen=True)
class StoreAccess:
    """The shared store a window shows: `url` (no password in it), `password` (None: libpq's pgpass or service
    file answers), whether the role may only read (`read_only`, as found when the window opened), and the
    inventory's revision the window's network was read at (`revision`: its first edit is saved over that one)."""

    url: StoreUrl
    password: str | None = field(default=None, repr=False)
    read_only: bool = False
    revision: int = 0

    def open(self, vantage: str = "", connect_timeout_s: int = 10) -> PgStore:
        """A new connection (StoreError when the store cannot be used)."""
        return PgStore.open(self.url, self.password, vantage, connect_timeout_s)


def open_store_window(url: StoreUrl, password: str | None) -> tuple[StoreAccess, Network]:
    """Check, before any window, that the store can be shown: it answers, takes the password, has a schema this
    Pantau understands and holds a network. Returns the access (with the role's rights) and the network."""
    with PgStore.open(url, password) as store:
        revision, network = read_store_inventory(store)
        read_only = store.read_only
    return StoreAccess(url, password, read_only, revision), network


class StoreInventory:
    """Writes the network to the store (`replace_network`, which bumps the revision other windows watch); called
    on worker threads, one call at a time.

    Every save is a compare-and-set on `revision`, the revision of the network the window shows: first the one
    the window opened on (`access.revision`), then what its reads tell it (`note_read`); each save it makes moves
    it on. A save over a revision the window has not read raises `RevisionMoved` and writes nothing."""

    def __init__(self, access: StoreAccess) -> None:
        self._access = access
        self._store: PgStore | None = None
        self._lock = threading.Lock()
        # Apart from the save's lock: the GUI thread notes a read without waiting for a save on a slow store.
        self._revision_lock = threading.Lock()
        self._revision = access.revision

    @property
    def revision(self) -> int:
        with self._revision_lock:
            return self._revision

    def note_read(self, revision: int) -> None:
        """The window now shows the network of `revision`. Revisions only grow: a read that began before this
        window's own save must not take the revision back."""
        with self._revision_lock:
            self._revision = max(self._revision, revision)

    def replace_network(self, network: Network) -> None:
        with self._lock:
            try:
                if self._store is None:
                    self._store = self._access.open()
                saved = self._store.replace_network(network, expected_revision=self.revision)
            except RevisionMoved:
                raise  # the store answered: the connection is fine
            except StoreError:
                # The connection may be the broken part: the next save makes a new one.
                self._close_locked()
                raise
            self.note_read(saved)

    def close(self) -> None:
        with self._lock:
            self._close_locked()

    def _close_locked(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
