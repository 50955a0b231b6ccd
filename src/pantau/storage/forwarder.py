"""Store and forward: an agent writes every round and event to its own workspace first (it survives kill -9 and a
full WAN cut like any workspace), and this thread ships them to the shared store, oldest first per series.

What was shipped is remembered in the workspace (`forward/<vantage>`: each series' last shipped round and the time
from which events are re-sent), written only after the store committed, so a crash or a cut between the two sends
a batch again, which the store takes once (`PgStore.write_samples` skips rounds it holds; events are upserted by
their local id). When the store cannot be reached the thread keeps trying every `retry_s`, says so once through
`on_state`, and back-fills from where it stopped when the store answers again: nothing lost, nothing twice.

A heartbeat goes with every pass (`PgStore.heartbeat`, with how far behind the agent is), so a silent agent can be
told from a quiet network; once an hour the pass also applies the network's retention to the store.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from pantau.domain.inventory import Network
from pantau.domain.samples import Sample
from pantau.storage.pg_store import PgStore, StoreError
from pantau.storage.workspace import Workspace

_log = logging.getLogger(__name__)

# Rounds per series per pass, and per pass in all: bound the memory of a long back-fill and one transaction's size.
BATCH_PER_SERIES = 2_000
BATCH_ROWS = 100_000
# How often an agent applies the network's retention to the store.
PURGE_EVERY_S = 3_600.0
# Events still running this long before the last pass are sent again, so their end reaches the store.
EVENT_OVERLAP_S = 3_600.0


def default_buffer_path(vantage: str) -> Path:
    """Where the agent (or a window probing as one) at `vantage` keeps its buffer, unless told otherwise."""
    return platformdirs.user_data_path("pantau", appauthor=False) / f"agent-{vantage}.sqlite3"


@dataclass(frozen=True)
class ForwardState:
    """Whether the forwarder delivers; while it cannot, the store's error."""

    connected: bool
    message: str


class Forwarder:
    """Ships `workspace`'s rounds and events to the store `connect()` opens, every `interval_s`."""

    def __init__(self, workspace: Workspace, network: Network, vantage: str, connect: Callable[[], PgStore],
                 version: str, interval_s: float = 1.0, retry_s: float = 5.0,
                 on_state: Callable[[ForwardState], None] | None = None,
                 on_behind: Callable[[float], None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._workspace = workspace
        self._retention = network.monitoring
        self._purged_at: float | None = None
        self._series = _series_of(network)
        self._vantage = vantage
        self._connect = connect
        self._version = version
        self._interval_s = interval_s
        self._retry_s = retry_s
        self._on_state = on_state
        self._on_behind = on_behind
        self._clock = clock
        self._started = clock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._store: PgStore | None = None
        self._connected: bool | None = None
        # The events this connection's store took, by local id, with their end as sent: a pass sends only the new
        # ones and those that ended since (hundreds stay open, and upserting them all each second cost more than
        # the rounds). Forgotten with the connection, so a new one is sent everything since the mark again.
        self._sent_events: dict[int, float | None] = {}
        # The newest event id when the events were last read: an event only ends when its subject's next one is
        # recorded (history_rows.apply_state_change), so while it is the same there is nothing new to send.
        self._events_read_to: int | None = None

    def set_network(self, network: Network) -> None:
        """Ship the series of `network` from now on (the store's network changed); a series no longer in it keeps
        its mark, so it resumes where it stopped if it comes back."""
        # One assignment each: the thread's pass reads whichever list it finds, whole.
        self._series = _series_of(network)
        self._retention = network.monitoring

    # --- the marks, kept in the workspace --------------------------------------------------------------------------

    @property
    def _key(self) -> str:
        return f"forward/{self._vantage}"

    def _marks(self) -> tuple[dict[str, float], float]:
        raw = self._workspace.get_setting(self._key, "")
        if not raw:
            return {}, 0.0
        stored = json.loads(raw)
        return dict(stored.get("series", {})), float(stored.get("events_since", 0.0))

    def _save_marks(self, series: dict[str, float], events_since: float) -> None:
        self._workspace.set_setting(self._key, json.dumps({"series": series, "events_since": events_since}))

    # --- one pass --------------------------------------------------------------------------------------------------

    def forward_once(self) -> int:
        """Ship what is waiting (a share of every series, one transaction); returns the rounds shipped. Raises
        StoreError (and the next call connects again)."""
        try:
            return self._forward(self._store_or_connect())
        except StoreError:
            self._drop_store()
            raise

    def _forward(self, store: PgStore) -> int:
        marks, events_since = self._marks()
        previous_since = events_since
        now = self._clock()
        self._workspace.flush()
        # Events before rounds: a window's states come from the events, which are few, while the rounds' write
        # recomputes their rollups (most of a pass: benchmarks/bench_fleet.py), so a state change waits for none.
        newest_event = self._workspace.newest_event_id()
        if newest_event != self._events_read_to:
            events = self._workspace.events(since=events_since)
            sent = self._sent_events
            store.upsert_forwarded_events([e for e in events if e.id not in sent or sent[e.id] != e.ended],
                                          self._vantage)
            # Only the events still in the window: older ones are not read again.
            self._sent_events = {e.id: e.ended for e in events}
            self._events_read_to = newest_event
            open_since = min((e.started for e in events if e.ended is None), default=now)
            events_since = max(events_since, min(open_since, now) - EVENT_OVERLAP_S)
        batch: list[Sample] = []
        reached: dict[str, float] = {}
        # The series as they are when the pass starts: `set_network` may swap the list meanwhile.
        all_series = self._series
        # Every series moves on in each pass: a long back-fill brings all of them forward together.
        per_series = max(100, min(BATCH_PER_SERIES, BATCH_ROWS // max(1, len(all_series))))
        # Stored times are whole milliseconds: half a millisecond past the mark leaves the mark itself out.
        found = self._workspace.samples_after(
            [(target, method, marks.get(f"{target}|{method}", 0.0) + 0.0005) for target, method in all_series],
            now + 1.0, per_series)
        # A series given its whole share may have more waiting; one that got less was read to its newest round.
        cut_short = False
        for target, method in all_series:
            key = f"{target}|{method}"
            waiting = found.get((target, method))
            if waiting:
                batch.extend(waiting)
                reached[key] = waiting[-1].ts
                cut_short = cut_short or len(waiting) >= per_series
            if len(batch) >= BATCH_ROWS:
                cut_short = True
                break
        # One transaction for the pass: a back-fill's cost is in the round trips, not the rows.
        store.write_samples(batch, self._vantage)
        marks.update(reached)
        # Once a pass, after the store committed: events the store took before a failed write are sent again,
        # which it takes once (upserted by local id).
        if reached or events_since != previous_since:
            self._save_marks(marks, events_since)
        shipped = len(batch)
        # Every series read to its newest round and shipped: nothing is waiting, without asking the workspace.
        behind = self._behind(marks, now) if cut_short else 0.0
        store.heartbeat(now, behind, self._version, self._started, self._vantage)
        if self._purged_at is None or now - self._purged_at >= PURGE_EVERY_S:
            # The store's retention, by the network's settings: whole days of rounds, whole hours of minutes.
            # Every agent does it; the store's lock makes a second one at the same moment wait and find nothing.
            store.purge_history(now, self._retention.raw_retention_days, self._retention.minute_rollup_retention_days)
            self._purged_at = now
        if self._on_behind is not None:
            self._on_behind(behind)
        return shipped

    def _behind(self, marks: dict[str, float], now: float) -> float:
        """How old the oldest undelivered round is: 0 when every series is shipped up to its newest round."""
        newest = self._workspace.latest_sample_per_target()
        lags = [newest[target].ts - marks.get(f"{target}|{method}", 0.0)
                for target, method in self._series if target in newest and newest[target].method == method]
        lag = max((max(0.0, value) for value in lags), default=0.0)
        return min(lag, now - self._started) if lag else 0.0

    def _store_or_connect(self) -> PgStore:
        if self._store is None:
            self._store = self._connect()
        return self._store

    def _drop_store(self) -> None:
        if self._store is not None:
            try:
                self._store.close()
            except Exception:  # the connection is already broken: closing is best effort
                _log.debug("closing a broken store connection failed", exc_info=True)
            self._store = None
        self._sent_events = {}
        self._events_read_to = None

    # --- the thread ------------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="pantau-forwarder", daemon=True)
        self._thread.start()

    def stop(self, final_pass: bool = True, timeout_s: float = 30.0) -> None:
        """Stop the thread; with `final_pass`, try once more to ship what is left."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        if final_pass:
            try:
                while self.forward_once():
                    pass
            except StoreError as error:
                self._report(False, str(error))
        self._drop_store()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                shipped = self.forward_once()
            except StoreError as error:
                self._report(False, str(error))
                self._stop.wait(self._retry_s)
                continue
            self._report(True, "")
            if not shipped:
                self._stop.wait(self._interval_s)

    def _report(self, connected: bool, message: str) -> None:
        if connected == self._connected:
            return
        self._connected = connected
        if self._on_state is not None:
            self._on_state(ForwardState(connected, message))


def _series_of(network: Network) -> list[tuple[str, str]]:
    return sorted({(t.id, check) for t in network.targets if t.enabled for check in t.checks})
