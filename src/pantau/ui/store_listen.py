"""The window's ear on the shared store: a thread with its own connection LISTENing for the store's announcements
(`PgStore.wait_for_change`: a state change an agent delivered, a new inventory) and saying so with `changed`, so
the window reads the store at once instead of at its next poll. The poll stays: views age and figures change
without any announcement, and a listener that lost its connection hears nothing until it has a new one (it says
`changed` once it has, for what it may have missed).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from pantau.storage.pg_store import PgStore, StoreError
from pantau.storage.store_access import StoreAccess

# How long one wait lasts (and so how long `stop` may wait for the thread), and the pause after a failure.
_WAIT_S = 0.5
_RETRY_S = 5.0
_CONNECT_TIMEOUT_S = 5


class StoreListener(QObject):
    """Emits `changed` (on the GUI thread, queued) whenever the store `access` opens announces a change."""

    changed = Signal()

    def __init__(self, access: StoreAccess, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pantau-store-listen", daemon=True)
        self.heard = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop listening; waits for the thread (at most a wait and a connection attempt)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(_WAIT_S + _CONNECT_TIMEOUT_S + 1.0)

    def _run(self) -> None:
        store: PgStore | None = None
        while not self._stop.is_set():
            try:
                if store is None:
                    store = self._access.open(connect_timeout_s=_CONNECT_TIMEOUT_S)
                    store.wait_for_change(0)  # listening from here on
                    self.changed.emit()  # what happened while it was not
                if store.wait_for_change(_WAIT_S):
                    self.heard += 1
                    self.changed.emit()
            except StoreError:
                # The window's poll says what is wrong with the store; this only tries again.
                if store is not None:
                    store.close()
                store = None
                self._stop.wait(_RETRY_S)
        if store is not None:
            store.close()
