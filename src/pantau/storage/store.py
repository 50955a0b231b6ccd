"""What a history store offers, whichever backend holds it: the SQLite workspace (`storage.workspace.Workspace`,
the default, embedded) or the shared PostgreSQL store (`storage.pg_store.PgStore`). Both pass the same contract
tests (tests/integration/test_store_contract.py); code that only needs these calls takes a `HistoryStore`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol

from pantau.domain.inventory import Network
from pantau.domain.samples import Sample
from pantau.domain.states import StateChange
from pantau.storage.workspace import EventRow, RollupRow


class HistoryStore(Protocol):
    def submit(self, samples: Iterable[Sample]) -> None:
        """Queue rounds; `flush` makes them durable."""

    def flush(self) -> None:
        """Everything submitted so far is stored when this returns."""

    def samples(self, target: str, start: float, end: float, method: str | None = None) -> list[Sample]:
        """`target`'s rounds in [start, end), oldest first."""

    def sample_count(self) -> int: ...

    def rollups(self, target: str, method: str, resolution: Literal["1m", "1h"], start: float,
                end: float) -> list[RollupRow]:
        """1-minute or 1-hour buckets of one series overlapping [start, end), oldest first."""

    def record_state_change(self, change: StateChange, first_error: str = "") -> None:
        """Close the subject's open event and open one for the new state (durable after `flush`)."""

    def events(self, since: float | None = None, subject: str | None = None) -> list[EventRow]:
        """Events oldest first; with `since`, those still running at or after it."""

    def replace_network(self, network: Network) -> None: ...

    def load_network(self) -> Network | None: ...

    def has_network(self) -> bool: ...

    def purge_history(self, now_ts: float, raw_days: float, minute_rollup_days: float) -> tuple[int, int]:
        """Drop rounds older than `raw_days` (and minute rollups older than `minute_rollup_days`)."""
