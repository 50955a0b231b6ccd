"""One vantage's history in the shared store, read as the history views read a workspace (`store.HistoryReader`):
the graphs, outage list and availability of a window on the store draw the rounds and events of the vantage the
user chose ("Seen from"), never a mix of vantages.

The store keeps rounds, rollups and events; it keeps no SNMP traffic and no saved diagnoses, so those reads answer
with nothing: the views then show the line's use as not measured and outages without a cause, never as an idle
line. The store also says which rounds came in late (`delivered_late`, a `store.DeliveryReader`).

Every call goes through the `PgStore`, which serialises its connection's use: readers on several threads may share
one store (each call waits for the one before), or each open its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from pantau.domain.samples import Sample
from pantau.domain.traffic import TrafficInterval, TrafficRollup
from pantau.storage.pg_store import PgStore
from pantau.storage.store import LateStretch
from pantau.storage.workspace import DiagnosisRow, EventRow, RollupColumns

__all__ = ["VantageHistory"]


def _ms(values: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


class VantageHistory:
    """The store's history as seen from `vantage`; satisfies `store.HistoryReader` and `store.DeliveryReader`."""

    def __init__(self, store: PgStore, vantage: str) -> None:
        self.store = store
        self.vantage = vantage

    def samples(self, target: str, start: float, end: float, method: str | None = None) -> list[Sample]:
        return self.store.samples(target, start, end, method, vantage=self.vantage)

    def rollup_columns(self, target: str, method: str, resolution: Literal["1m", "1h"], start: float,
                       end: float) -> RollupColumns:
        rows = self.store.rollups(target, method, resolution, start, end, vantage=self.vantage)
        return RollupColumns(np.array([r.bucket_start for r in rows], dtype=np.int64),
                             np.array([r.count for r in rows], dtype=np.int64),
                             np.array([r.failures for r in rows], dtype=np.int64),
                             _ms([r.rtt_min for r in rows]), _ms([r.rtt_avg for r in rows]),
                             _ms([r.rtt_max for r in rows]))

    def events(self, since: float | None = None, subject: str | None = None) -> list[EventRow]:
        return self.store.events(since, subject, vantage=self.vantage)

    def diagnoses(self, limit: int = 20) -> list[DiagnosisRow]:
        """None: diagnoses are saved in a window's own workspace, not in the store."""
        return []

    def traffic(self, link: str, start: float, end: float) -> list[TrafficInterval]:
        """None: SNMP traffic is polled and kept by a window's own workspace, not the store."""
        return []

    def traffic_rollups(self, link: str, resolution: Literal["1m", "1h"], start: float,
                        end: float) -> list[TrafficRollup]:
        return []

    def delivered_late(self, series: Sequence[tuple[str, str]], start: float, end: float) -> list[LateStretch]:
        return self.store.delivered_late(series, start, end, vantage=self.vantage)
