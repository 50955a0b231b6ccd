"""The window on the shared store: what the agents see, combined, read every second on a worker thread.

`StoreWatch` reads the store's views of every site (each agent's open event, dated by its heartbeat), the agents'
heartbeats, the inventory's revision and each series' newest round, on its own connection used only by its read
task (never on the GUI thread, one read at a time), every second and at once when the store announces a state
change or a new inventory (ui/store_listen.py). The window shows each site's combined state
(ui/store_view.py: PATH_BROKEN when some vantages hear it and others do not), a note naming both sides, and the
figures of a vantage that hears it; the banner names the store and its agents with when each last spoke. The
24 h uptime column is read apart, once a minute (ui/store_uptime.py), and again when the revision or the agents
change.

When the store cannot be read, the banner says so with the error and the watch tries again every interval with a
new connection; meanwhile the last views keep ageing on the window's clock, so once they are older than the stale
limit every site is UNKNOWN (never its last known green). When the inventory's revision changes (an edit or an
import from any window), the network is read again: the same sites are an edit (`networkEdited`), others a new
network (`networkChanged`); not while an edit of this window is being saved (its edits: ui/store_edits.py).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

from pantau.domain.diagnosis import VantageEvidence
from pantau.domain.inventory import Network
from pantau.domain.reachability import vantage_of
from pantau.domain.states import HealthState
from pantau.domain.vantages import DEFAULT_STALE_AFTER_S
from pantau.storage.pg_history import VantageHistory
from pantau.storage.pg_store import PgStore, StoreError
from pantau.storage.store_access import StoreAccess, StoreInventory
from pantau.ui.main_window import MainWindow
from pantau.ui.site_model import SiteMetrics, format_time
from pantau.ui.store_edits import StoreEdits
from pantau.ui.store_listen import StoreListener
from pantau.ui.store_uptime import UPTIME_REFRESH_MS, StoreUptime
from pantau.ui.store_view import StoreRead, agents_text, format_age, store_display
from pantau.ui.workers import Progress, TaskRunner

STORE_POLL_MS = 1000
# A read that waits longer than this for the store fails (and is tried again): a blackholed store must not leave
# the window reading for the kernel's quarter of an hour.
_CONNECT_TIMEOUT_S = 5
_SHUTDOWN_WAIT_S = 10.0


@dataclass(frozen=True)
class _Polled:
    read: StoreRead
    network: Network | None  # read again because the revision changed


def same_sites(one: Network, other: Network) -> bool:
    """An edit keeps the sites, targets and links; anything else is a new network."""
    return one.sites == other.sites and one.targets == other.targets and one.links == other.links


class StoreWatch(QObject):
    """Shows the shared store `access` in `window`, read every `interval_ms`; views older than `stale_after_s`
    (on `clock`) count for nothing. `own_vantage`: this computer probes as that vantage too (ui/store_vantage.py),
    which is then where its diagnoses run from; `on_network` hears each new network read from the store."""

    def __init__(self, window: MainWindow, access: StoreAccess, *, interval_ms: int = STORE_POLL_MS,
                 stale_after_s: float = DEFAULT_STALE_AFTER_S, clock: Callable[[], float] = time.time,
                 own_vantage: str = "", on_network: Callable[[Network], None] | None = None,
                 uptime_interval_ms: int = UPTIME_REFRESH_MS) -> None:
        super().__init__(window)
        self._window = window
        self.access = access
        self.own_vantage = own_vantage
        self._on_network = on_network
        self._stale_after_s = stale_after_s
        self._clock = clock
        self._tasks = TaskRunner(self)
        # Touched only by the read task (one at a time), and by `stop` once no task runs.
        self._store: PgStore | None = None
        self._reading = False
        # An announcement came while a read was under way: read again when it ends.
        self._again = False
        self._stopped = False
        # The inventory's revision this window's network was read at: first the one it opened on.
        self._revision = access.revision
        self._last: StoreRead | None = None
        # The last read's error; "" while the store answers.
        self.error = ""
        self.reads = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        # The store announces state changes and new inventories: read at once, not at the next poll.
        self.listener = StoreListener(access, self)
        self.listener.changed.connect(self._on_changed)
        # The graphs' reads (on their own worker thread) share one more connection, opened when first needed.
        self._history_lock = threading.Lock()
        self._history_store: PgStore | None = None
        self._history_vantages: tuple[str, ...] = ()
        self.uptime = StoreUptime(window, access, interval_ms=uptime_interval_ms, clock=clock)
        # Edits go to the store (its revision tells the other windows); none for a role that only reads.
        self._inventory = None if access.read_only else StoreInventory(access)
        self.edits: StoreEdits | None = None

    def start(self) -> None:
        """Start reading (the window shows the network the store held at `access.revision`)."""
        window = self._window
        window.map_view.set_vantages_combined(True)
        self.edits = StoreEdits(window, self.access, self._inventory, self._editing_words, self.poll)
        if window.diagnostics is not None:
            window.diagnostics.set_vantage_source(self.vantage_evidence)
        self._show()
        self._timer.start()
        self.listener.start()
        self.poll()
        self.uptime.start()

    def stop(self) -> None:
        """Stop reading and close the connections; waits for a read in flight (the window is gone by then)."""
        self._stopped = True
        self._timer.stop()
        self.listener.stop()
        self.uptime.stop()
        if self._tasks.wait(_SHUTDOWN_WAIT_S) and self._store is not None:
            self._store.close()
            self._store = None
        with self._history_lock:
            if self._history_store is not None:
                self._history_store.close()
                self._history_store = None
        if self._inventory is not None:
            self._inventory.close()

    def vantage_evidence(self) -> VantageEvidence:
        """The last read's views for a diagnosis run from this computer (at the network's own vantage); why there
        are none when the store could not be read."""
        network = self._window.network
        here = self.own_vantage or network.monitoring.vantage or vantage_of(network) or ""
        if self.error:
            return VantageEvidence(here, unavailable=self.error)
        if self._last is None:
            return VantageEvidence(here, unavailable=self.tr("the shared store has not been read yet"))
        return VantageEvidence(here, self._last.views, self._stale_after_s)

    def history(self, vantage: str) -> VantageHistory:
        """One vantage's history for the graphs, on the graphs' reading thread (a broken connection is opened
        again on the next read)."""
        with self._history_lock:
            store = self._history_store
            if store is None or store.closed:
                store = self._history_store = self.access.open(connect_timeout_s=_CONNECT_TIMEOUT_S)
        return VantageHistory(store, vantage)

    def _vantage_name(self, vantage: str) -> str:
        site = self._window.network.site(vantage)
        return site.name if site is not None else vantage

    def _editing_words(self) -> str:
        if self.access.read_only:
            return self.tr("The store role {user} may only read: editing is off.").format(
                user=self.access.url.user or "?")
        return self.tr("Edits made here (network files, office lists, contracts) are saved to the store for every "
                       "window and agent.")

    def poll(self) -> None:
        if self._stopped:
            return
        if self._reading:
            # A read hangs on a dead link: the last views still age on this clock.
            self._show()
            return
        self._reading = True
        known = self._revision

        def read(_progress: Progress) -> _Polled:
            try:
                if self._store is None:
                    self._store = self.access.open(connect_timeout_s=_CONNECT_TIMEOUT_S)
                store = self._store
                revision, network = store.inventory_revision(), None
                if revision != known:
                    # Together: a save between two reads would pair a network with the wrong revision.
                    revision, network = store.load_inventory()
                polled = StoreRead(store.site_views(), store.agents(), revision, store.latest_rounds())
                return _Polled(polled, network)
            except StoreError:
                # The connection may be what broke: the next read makes a new one.
                if self._store is not None:
                    self._store.close()
                    self._store = None
                raise

        self._tasks.submit(read, self._on_read, on_error=self._on_failed, name="pantau-store-read")

    # --- inside ------------------------------------------------------------------------------------------------

    def _on_changed(self) -> None:
        if self._reading:
            self._again = True
        else:
            self.poll()

    def _read_again_if_told(self) -> None:
        if self._again and not self._stopped:
            self._again = False
            self.poll()

    def _on_read(self, polled: _Polled) -> None:
        self._reading = False
        if self._stopped:
            return
        self.reads += 1
        self.error = ""
        read_at, zone = self._clock(), self._window.network.timezone
        self._window.status.set_updated_text(lambda: self.tr("Store read {time}").format(
            time=format_time(read_at, zone, with_date=False)))
        revision = polled.read.revision
        if polled.network is not None and not self._network_from_store(polled.network, revision):
            revision = self._revision  # read again once this window's own edit is saved
        # A new network or a new agent changes the figures now, not at the next minute (the first read needs no
        # second: the uptime was asked for at the start, and is read again if the network changed meanwhile).
        if self._last is not None and (revision != self._revision
                                       or set(polled.read.agents) != set(self._last.agents)):
            self.uptime.refresh()
        self._revision = revision
        self._last = polled.read
        self._offer_history(tuple(sorted(polled.read.agents)))
        self._show()
        self._read_again_if_told()

    def _offer_history(self, vantages: tuple[str, ...]) -> None:
        """The graphs read the store's history, "seen from" any agent's vantage (the network's own first)."""
        if not vantages or vantages == self._history_vantages:
            return
        self._history_vantages = vantages
        home = vantage_of(self._window.network)
        default = home if home in vantages else vantages[0]
        self._window.graphs.set_history(self.history, vantages, default)

    def _on_failed(self, error: Exception) -> None:
        self._reading = False
        if self._stopped:
            return
        self.error = str(error)
        self._show()
        self._read_again_if_told()

    def _network_from_store(self, network: Network, revision: int) -> bool:
        """Show the store's `network` (at `revision`, which this window's next save then expects); False, nothing
        shown, while an edit of this window is being saved or confirmed: it was made on the network before, and its
        save must be checked against that revision (ui/store_edits.py)."""
        if self.edits is not None and self.edits.busy():
            return False
        if self._on_network is not None:
            self._on_network(network)
        session = self._window.session
        if network == session.network:
            pass  # this window's own edit, back from the store
        elif same_sites(network, session.network):
            session.apply_edit(network)
            self._window.contracts.set_network(network)
        else:
            session.replace_network(network)
        if self._inventory is not None:
            self._inventory.note_read(revision)
        return True

    def _show(self) -> None:
        """The last read as it stands now (views age even while the store is silent), and the banner."""
        window = self._window
        now = self._clock()
        session = window.session
        if self._last is None:
            states = {site.id: HealthState.UNKNOWN for site in window.network.sites}
            notes: dict[str, str] = {}
            metrics: dict[str, SiteMetrics] = {}
        else:
            display = store_display(window.network, self._last, now, self._stale_after_s)
            states, notes, metrics = display.states, display.notes, display.metrics
        # Only what changed: the views redraw what they are told of.
        session.set_site_states({sid: state for sid, state in states.items() if session.states.get(sid) != state})
        changed_metrics = {sid: value for sid, value in metrics.items() if session.metrics.get(sid) != value}
        if changed_metrics:
            session.set_site_metrics(changed_metrics)
        changed_notes = {sid: note for sid, note in notes.items() if session.notes.get(sid, "") != note}
        if changed_notes:
            session.set_site_notes(changed_notes)
        window.workspace_banner.show_store(self._banner_text(now), alarm=bool(self.error))

    def _banner_text(self, now: float) -> Callable[[], str]:
        agents = dict(self._last.agents) if self._last is not None else {}
        error, store, stale = self.error, self.access.url.display, self._stale_after_s
        refusal = self._editing_words()
        probing = self._vantage_name(self.own_vantage) if self.own_vantage else ""

        def text() -> str:
            if error:
                return self.tr("Cannot read the shared store {store}: {error}. Offices show Unknown once what the "
                               "agents last said is more than {limit} old; trying again every second.").format(
                    store=store, error=error, limit=format_age(stale))
            words = self.tr("Watching the shared store {store}: agents {agents}.").format(
                store=store, agents=agents_text(agents, now, stale))
            if probing:
                words += " " + self.tr("This computer probes as {vantage} too.").format(vantage=probing)
            return words + " " + refusal

        return text
