"""What a history store offers, whichever backend holds it: the SQLite workspace (`storage.workspace.Workspace`,
the default, embedded) or the shared PostgreSQL store (`storage.pg_store.PgStore`). Both pass the same contract
tests (tests/integration/test_store_contract.py); code that only needs these calls takes a `HistoryStore`.

The history views (graphs, outage list, availability) only read, and take a `HistoryReader`: the workspace, or one
vantage's view of the shared store (`storage.pg_history.VantageHistory`). What a reader does not hold (the store
keeps no SNMP traffic or saved diagnoses) it answers with nothing, which the views show as "not measured".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from pantau.domain.inventory import Network
from pantau.domain.samples import Sample
from pantau.domain.states import StateChange
from pantau.domain.traffic import TrafficInterval, TrafficRollup
from pantau.storage.workspace import DiagnosisRow, EventRow, RollupColumns, RollupRow


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


class HistoryReader(Protocol):
    """The reads the history views make (`reporting.history.load_series`, `reporting.site_service`,
    `reporting.traffic_series`, `ui.graph_data.read_graph_data`). Reads block on the disk or the network: call
    them on a worker thread."""

    def samples(self, target: str, start: float, end: float, method: str | None = None) -> list[Sample]:
        """`target`'s rounds in [start, end), oldest first."""

    def rollup_columns(self, target: str, method: str, resolution: Literal["1m", "1h"], start: float,
                       end: float) -> RollupColumns:
        """1-minute or 1-hour buckets of one series overlapping [start, end), oldest first, as columns."""

    def events(self, since: float | None = None, subject: str | None = None) -> list[EventRow]:
        """Events oldest first; with `since`, those still running at or after it."""

    def diagnoses(self, limit: int = 20) -> list[DiagnosisRow]:
        """The most recent saved diagnoses, newest first (none where they are not kept)."""

    def traffic(self, link: str, start: float, end: float) -> list[TrafficInterval]:
        """A measured line's poll intervals in [start, end) (none where traffic is not kept)."""

    def traffic_rollups(self, link: str, resolution: Literal["1m", "1h"], start: float,
                        end: float) -> list[TrafficRollup]:
        """A measured line's rollups of `resolution` overlapping [start, end) (none where traffic is not kept)."""


@dataclass(frozen=True)
class LateStretch:
    """Rounds taken in [start, end] that reached the store late (a back-fill after a cut), received from
    `first_received` to `last_received`; `rounds` of them."""

    start: float
    end: float
    first_received: float
    last_received: float
    rounds: int


@runtime_checkable
class DeliveryReader(Protocol):
    """A reader that knows when each round arrived (the shared store; a workspace records rounds as they are
    taken, so it has nothing to say)."""

    def delivered_late(self, series: Sequence[tuple[str, str]], start: float, end: float) -> list[LateStretch]:
        """The stretches of the (target, method) series in [start, end) that came in late, oldest first."""


class NetworkSink(Protocol):
    """Where an edited network is saved whole: the workspace, or the shared store (`store_access.StoreInventory`,
    which bumps the revision other windows watch). Called on a worker thread."""

    def replace_network(self, network: Network) -> None: ...
