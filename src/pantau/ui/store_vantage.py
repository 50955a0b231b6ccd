"""The window on the shared store probing as one more vantage (`pantau --store URL gui --vantage SITE`).

It does what an agent does, without the agent's output and alerts (the agents alert; a window that alerted too
would say everything twice): an engine probes the network from the vantage's site into a buffer, the agent's own
default buffer for that vantage (`storage.forwarder.default_buffer_path`), so an agent and a window on one computer
cannot both be that vantage (the buffer's lock says which holds it); a forwarder ships the buffer to the store in
order, with the heartbeat; closing the window signs the vantage off (its heartbeat goes), so an alerting agent does
not report a closed window as a silent agent. The window shows this vantage through the store like any agent's, so
what it shows is what every other window shows.

Opening the buffer happens before the window (`open`: a held lock or a vantage that is not a site is said before
anything is shown). Stopping an engine waits for probes in flight, so starting, restarting on a new network from
the store (`follow`) and stopping run on this class's own thread, never the screen's; `stop` waits for it and is
called once the window is off the screen.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
from pathlib import Path

from pantau import __version__
from pantau.domain.inventory import Network
from pantau.domain.vantages import vantage_problem
from pantau.probing.engine import ProbeEngine
from pantau.probing.icmp import IcmpPinger
from pantau.storage.forwarder import Forwarder
from pantau.storage.lock import WorkspaceLock, WorkspaceLockedError
from pantau.storage.pg_store import StoreError
from pantau.storage.retention import RetentionKeeper
from pantau.storage.store_access import StoreAccess
from pantau.storage.workspace import Workspace, WorkspaceError

_log = logging.getLogger(__name__)

# How long `stop` waits for the thread to stop the engine and ship what is left.
_STOP_WAIT_S = 45.0


class VantageError(Exception):
    """This window cannot probe as the vantage asked for; phrased for the user."""


def as_vantage(network: Network, vantage: str) -> Network:
    """`network` judged from `vantage`: a copy, so the window's own network (which edits save back to the store)
    never carries this computer's vantage to every other window."""
    return dataclasses.replace(network, monitoring=dataclasses.replace(network.monitoring, vantage=vantage))


class StoreVantage:
    """Probes `network` as `vantage` into the buffer at `buffer_path` and ships it to the store `access` opens."""

    def __init__(self, access: StoreAccess, vantage: str, buffer_path: Path) -> None:
        self.access = access
        self.vantage = vantage
        self.buffer_path = buffer_path
        self._pinger: IcmpPinger | None = None
        self._lock = WorkspaceLock(buffer_path, "the Pantau window probing as " + vantage)
        self._buffer: Workspace | None = None
        self._orders: queue.SimpleQueue[Network | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self.network: Network | None = None
        self.engine: ProbeEngine | None = None
        self.forwarder: Forwarder | None = None

    def open(self, network: Network) -> None:
        """Check the vantage and take the buffer (VantageError says why not); nothing probes yet."""
        problem = vantage_problem(network, self.vantage)
        if problem is not None:
            raise VantageError(problem)
        self.buffer_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except WorkspaceLockedError as error:
            raise VantageError(f"this computer already probes as {self.vantage}: {error.holder.describe()} holds "
                               f"its buffer {self.buffer_path}. Stop that one first, or watch without --vantage "
                               f"(its rounds reach this window through the store)") from None
        except WorkspaceError as error:
            raise VantageError(str(error)) from None
        try:
            self._buffer = Workspace.open(self.buffer_path)
        except WorkspaceError as error:
            self._lock.release()
            raise VantageError(str(error)) from None

    def start(self, network: Network, pinger: IcmpPinger) -> None:
        """Probe `network` from the vantage, in the background, with the window's ICMP pinger."""
        self._pinger = pinger
        self._thread = threading.Thread(target=self._run, args=(network,), name="pantau-store-vantage", daemon=True)
        self._thread.start()

    def follow(self, network: Network) -> None:
        """The store's network changed: probe this one (restarting the engine only if what it probes changed)."""
        self._orders.put(network)

    def stop(self) -> None:
        """Stop probing, ship what is left, close the buffer; blocks (call it with the window off the screen)."""
        if self._thread is not None:
            self._orders.put(None)
            self._thread.join(_STOP_WAIT_S)
        if self._buffer is not None and (self._thread is None or not self._thread.is_alive()):
            self._buffer.close()
            self._buffer = None
            self._lock.release()

    # --- the thread ----------------------------------------------------------------------------------------------

    def _run(self, network: Network) -> None:
        buffer = self._buffer
        assert buffer is not None, "open() before start()"
        retention = RetentionKeeper(buffer, network.monitoring)
        self.forwarder = Forwarder(buffer, as_vantage(network, self.vantage), self.vantage,
                                   lambda: self.access.open(self.vantage), __version__)
        self._probe(network)
        retention.start()
        self.forwarder.start()
        try:
            while (order := self._orders.get()) is not None:
                self._probe(order)
        finally:
            self._stop_engine()
            retention.stop()
            self.forwarder.stop(final_pass=True)
            self._sign_off()

    def _sign_off(self) -> None:
        # A window closing is not an agent falling silent: without this, an alerting agent would report this
        # vantage silent five minutes after every close. A window killed never signs off, and is reported.
        try:
            with self.access.open(self.vantage, connect_timeout_s=5) as store:
                store.sign_off(self.vantage)
        except StoreError:
            _log.warning("could not sign %s off from the store; alerting agents will report it silent",
                         self.vantage, exc_info=True)

    def _probe(self, network: Network) -> None:
        if network.site(self.vantage) is None:
            return  # the vantage left the store's network: go on probing the one this window has
        judged = as_vantage(network, self.vantage)
        current = self.network
        if current is not None and (current.sites, current.targets, current.monitoring) == \
                (judged.sites, judged.targets, judged.monitoring):
            return  # a contract edit: nothing this vantage probes changed
        self._stop_engine()
        buffer = self._buffer
        assert buffer is not None
        buffer.replace_network(judged)
        if self.forwarder is not None:
            self.forwarder.set_network(judged)
        self.network = judged
        self.engine = ProbeEngine(judged, sink=buffer, pinger=self._pinger)
        self.engine.start()

    def _stop_engine(self) -> None:
        if self.engine is not None:
            self.engine.stop()
            self.engine = None
