"""Where the graphs read their history: the window's workspace by default, or the shared store as seen from one
vantage the user chooses ("Seen from"), with which live buffer, if any, stands for that vantage's last quarter hour.

`HistorySource` owns that choice and nothing else (no widget): `graphs.SiteGraphs` asks it for a reader, made on the
worker thread that reads (a store reader may open a connection), and for the live buffer to draw. Over the store,
only the vantage whose rounds this window's own engine measures draws from its live buffer; any other vantage's
live view re-reads the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pantau.reporting.history import LiveBuffer
from pantau.storage.store import HistoryReader
from pantau.storage.workspace import Workspace

__all__ = ["HistorySource", "ReaderFactory"]

# Makes the reader of one vantage's history; called on the reading thread.
ReaderFactory = Callable[[str], HistoryReader]


@dataclass
class HistorySource:
    """The workspace (`store` None), or the store through `store(vantage)` for the chosen `vantage` among
    `vantages`; `live_vantage` is the vantage the window's live buffer measures ("" for none)."""

    workspace: Workspace | None
    store: ReaderFactory | None = None
    vantages: Sequence[str] = ()
    vantage: str = ""
    live_vantage: str = ""

    @property
    def from_store(self) -> bool:
        return self.store is not None

    def reader(self) -> Callable[[], HistoryReader] | None:
        """What makes the reader of the current choice (call it on the reading thread); None: nothing to read."""
        store, vantage, workspace = self.store, self.vantage, self.workspace
        if store is not None:
            return lambda: store(vantage)
        if workspace is not None:
            return lambda: workspace
        return None

    def live(self, buffer: LiveBuffer | None) -> LiveBuffer | None:
        """`buffer` when it holds the rounds of what is shown: always over the workspace; over the store, only
        for the window's own vantage."""
        if self.store is not None and self.vantage != self.live_vantage:
            return None
        return buffer
