"""`pantau agent`: the headless monitor at one vantage, shipping to the shared store; and putting a network file
into the store (`pantau --store URL import FILE`), where every agent and window reads it.

The agent keeps everything in its own workspace first (the buffer: `--buffer`, by default `agent-<vantage>.sqlite3`
in the user data directory), so a WAN cut loses nothing and a restart during one still knows the network (the copy
from the store's last answer). `storage.forwarder` ships the buffer to the store in order. Probing, state changes,
evidence and alerts are `pantau monitor`'s own (monitor.run_monitor), with the vantage set, so reachability is
judged from where the agent sits. The agent follows the store's network: when its revision changes (an import,
an edit in a window) monitoring restarts on the new one, unless it no longer holds the agent's site. An agent that
alerts (`--alerts`) also alerts when another agent of the store falls silent (`AgentWatch`,
`domain.agent_alerts`), and words a DOWN that another vantage still hears as a broken path from here
(`domain.path_alerts`). The store's password comes from the keyring (`--store-secret KEY`) or libpq's
pgpass/service files; `--install-service` prints (or writes) the systemd unit.
"""

from __future__ import annotations

import shlex
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from pantau import __version__
from pantau.alerts.service import AlertService
from pantau.domain.inventory import Network
from pantau.domain.text import printable
from pantau.domain.vantages import vantage_problem
from pantau.metrics import ListenAddress, MetricsServer, MonitorMetrics
from pantau.monitor import AlertsMode, install_stop_handlers, restore_handlers, run_monitor
from pantau.resources import agent_unit_template
from pantau.secrets import SecretStoreError, get_secret
from pantau.storage.forwarder import Forwarder, ForwardState
from pantau.storage.lock import WorkspaceLock
from pantau.storage.networkfile import NetworkFileError, load_network_file
from pantau.storage.pg_store import PgStore, StoreError
from pantau.storage.store_access import no_network_message
from pantau.storage.store_url import StoreUrl
from pantau.storage.workspace import Workspace, WorkspaceError

Connect = Callable[[StoreUrl, str | None, str], PgStore]


class AgentError(Exception):
    """The agent cannot start; phrased for the user (exit 2)."""


def store_password(secret_key: str) -> str | None:
    """The store's password from the keyring under `secret_key`; None without a key (libpq's pgpass/service files
    then answer)."""
    if not secret_key:
        return None
    try:
        password = get_secret(secret_key)
    except SecretStoreError as error:
        raise AgentError(f"cannot read the store's password ({secret_key}) from the keyring: {error}") from None
    if password is None:
        raise AgentError(f"the keyring holds no secret {secret_key!r}: store the store's password with "
                         f"`pantau secret set {secret_key}`")
    return password


def _open_store(url: StoreUrl, password: str | None, vantage: str) -> PgStore:
    return PgStore.open(url, password, vantage)


def import_to_store(file: Path, url: StoreUrl, password: str | None, connect: Connect = _open_store) -> Network:
    """Replace the store's inventory with the network file `file`; every agent and window reads it from there."""
    try:
        network = load_network_file(file)
    except NetworkFileError as error:
        raise AgentError(str(error)) from None
    try:
        with connect(url, password, "") as store:
            store.replace_network(network)
    except StoreError as error:
        raise AgentError(str(error)) from None
    return network


# The buffer keeps the revision of its copy of the network, so an agent started during a cut knows whether the
# store's network moved on meanwhile.
_REVISION_KEY = "store/inventory-revision"


def agent_network(url: StoreUrl, password: str | None, vantage: str, buffer: Workspace,
                  warn: Callable[[str], None], connect: Connect = _open_store) -> tuple[Network, int]:
    """The network from the store and its revision (kept in the buffer too), or the buffer's copy while the store
    cannot answer."""
    try:
        with connect(url, password, vantage) as store:
            revision, network = store.load_inventory()
    except StoreError as error:
        network = buffer.load_network()
        if network is None:
            raise AgentError(f"{error}; this agent has no copy of the network yet, so it needs the store once") \
                from None
        warn(f"{error}; monitoring the network as the store last gave it. Rounds are kept here and sent when "
             f"the store answers.")
        return network, int(buffer.get_setting(_REVISION_KEY, "0") or 0)
    if network is None:
        raise AgentError(no_network_message(url))
    keep_network(buffer, network, revision)
    return network, revision


def keep_network(buffer: Workspace, network: Network, revision: int) -> None:
    buffer.replace_network(network)
    buffer.set_setting(_REVISION_KEY, str(revision))


def check_vantage(network: Network, vantage: str) -> None:
    problem = vantage_problem(network, vantage)
    if problem is not None:
        raise AgentError(problem)


def run_agent(url: StoreUrl, vantage: str, buffer_path: Path, *, password: str | None = None,
              duration_s: float | None = None, lang: str = "id", alerts_mode: AlertsMode = AlertsMode.OFF,
              as_json: bool = False, include_targets: bool = False, connect: Connect = _open_store,
              metrics_address: ListenAddress | None = None, watch_every_s: float = 30.0,
              views_every_s: float = 5.0, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Probe from `vantage` and ship to the store until stopped (SIGINT, SIGTERM, `duration_s`). When the store's
    network changes (an import, an edit in a window), the agent stops monitoring the old one and starts on the new
    one: its sites are UNKNOWN ("monitoring stopped") for the moment between."""
    errors = err or sys.stderr

    def warn(text: str) -> None:
        print(printable(f"pantau agent: {text}", keep_newlines=True), file=errors, flush=True)

    def on_forward(state: ForwardState) -> None:
        if state.connected:
            warn(f"delivering to the store ({url.display}).")
        else:
            warn(f"cannot deliver to the store: {state.message}. Rounds are kept in {buffer_path} and sent, in "
                 f"order, when it answers.")

    buffer_path.parent.mkdir(parents=True, exist_ok=True)
    lock = WorkspaceLock(buffer_path, "pantau agent")
    try:
        lock.acquire()
    except WorkspaceError as error:
        raise AgentError(str(error)) from None
    try:
        with Workspace.open(buffer_path) as buffer:
            network, revision = agent_network(url, password, vantage, buffer, warn, connect)
            check_vantage(network, vantage)
            network.monitoring.vantage = vantage
            metrics = MonitorMetrics(network, vantage) if metrics_address is not None else None
            server = _serve(metrics, metrics_address) if metrics is not None and metrics_address else None
            forwarder = Forwarder(buffer, network, vantage, lambda: connect(url, password, vantage), __version__,
                                  on_state=on_forward, on_behind=metrics.set_undelivered if metrics else None)
            # `stop` ends a run of the monitor, for a signal or a new network; `signalled` says it was a signal.
            stop, signalled = threading.Event(), threading.Event()
            follow = _Follow(vantage, stop, warn)
            watch = AgentWatch(lambda: connect(url, password, vantage), watch_every_s, views_every_s,
                               revision=revision, on_network=follow.offer)
            previous = install_stop_handlers(stop, signalled)
            deadline = None if duration_s is None else time.monotonic() + duration_s
            forwarder.start()
            watch.start()
            try:
                while True:
                    status = run_monitor(
                        network, buffer, as_json=as_json, include_targets=include_targets,
                        duration_s=None if deadline is None else max(0.0, deadline - time.monotonic()),
                        lang=lang, alerts_mode=alerts_mode, out=out, err=err,
                        listeners=[metrics.on_event] if metrics else [],
                        link_listeners=[metrics.on_link_use] if metrics else [],
                        prepare_alerts=lambda service: watch.prepare(service, vantage), stop=stop)
                    newer = follow.take()
                    if newer is None or status != 0 or signalled.is_set():
                        return status
                    network, revision = newer
                    network.monitoring.vantage = vantage
                    keep_network(buffer, network, revision)
                    forwarder.set_network(network)
                    if metrics is not None:
                        metrics.set_network(network)
                    warn(f"the store's network changed (revision {revision}): monitoring {network.name!r} now.")
                    stop.clear()
                    if signalled.is_set():  # a signal while switching over still stops the agent
                        return status
            finally:
                restore_handlers(previous)
                watch.stop()
                forwarder.stop(final_pass=True)
                if server is not None:
                    server.stop()
    finally:
        lock.release()


class _Follow:
    """Between the watch's thread, which finds a new network in the store, and the agent's loop, which restarts
    monitoring on it: `offer` keeps it and stops the running monitor, `take` hands it over once."""

    def __init__(self, vantage: str, stop: threading.Event, warn: Callable[[str], None]) -> None:
        self._vantage = vantage
        self._stop = stop
        self._warn = warn
        self._lock = threading.Lock()
        self._newer: tuple[Network, int] | None = None

    def offer(self, network: Network, revision: int) -> None:
        try:
            check_vantage(network, self._vantage)
        except AgentError as error:
            # Monitoring goes on with the network this agent has: better an old network than none.
            self._warn(f"the store's network changed (revision {revision}), but {error}: this agent keeps "
                       f"monitoring the network it has.")
            return
        with self._lock:
            self._newer = (network, revision)
        self._stop.set()

    def take(self) -> tuple[Network, int] | None:
        with self._lock:
            newer, self._newer = self._newer, None
        return newer


class AgentWatch:
    """Reads the store on its own thread (a slow or cut store never holds up the probe loop or the alert service):
    every `views_every_s` the inventory's revision, and a new network is handed to `on_network`; when an alert
    service is prepared, the other agents' heartbeats every `every_s`, so it alerts a silent agent, and every
    site's views every `views_every_s`, so a site DOWN from here that another vantage hears alerts as a broken path
    (`domain.path_alerts`)."""

    def __init__(self, connect: Callable[[], PgStore], every_s: float = 30.0, views_every_s: float = 5.0, *,
                 revision: int = 0, on_network: Callable[[Network, int], None] | None = None) -> None:
        self._connect = connect
        self._every_s = every_s
        self._views_every_s = min(views_every_s, every_s)
        self._revision = revision
        self._on_network = on_network
        self._service: AlertService | None = None
        self._vantage = ""
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pantau-agent-watch", daemon=True)

    def prepare(self, service: AlertService, own_vantage: str) -> None:
        """`run_monitor`'s hook: the service watches the agents and the paths, and this feeds it."""
        service.watch_agents(own_vantage)
        service.expect_views(own_vantage, grace_s=2 * self._views_every_s)
        self._vantage = own_vantage
        self._service = service
        self._wake.set()  # read for it now, not at the next turn

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(30)

    def _run(self) -> None:
        store: PgStore | None = None
        beats_due = 0.0
        while not self._stop.is_set():
            # Cleared before the read: a `prepare` during it wakes the next turn at once.
            self._wake.clear()
            service = self._service
            try:
                store = store or self._connect()
                revision = store.inventory_revision()
                network = None
                if revision != self._revision:
                    revision, network = store.load_inventory()
                views = store.site_views() if service is not None else None
                beats = None
                if service is not None and time.monotonic() >= beats_due:
                    beats = {vantage: seen for vantage, (seen, _behind) in store.agents().items()}
                    beats_due = time.monotonic() + self._every_s
            except StoreError:
                # The store cannot say who is silent or who hears what: no alert either way from it (the views the
                # service holds age and are set aside; the forwarder says the store is gone).
                if store is not None:
                    store.close()
                store = None
            else:
                if network is not None:
                    self._revision = revision
                    if self._on_network is not None:
                        self._on_network(network, revision)
                if service is not None and views is not None:
                    service.on_views(self._vantage, views)
                    if beats is not None:
                        service.on_heartbeats(beats)
            self._wake.wait(self._views_every_s)
        if store is not None:
            store.close()


def _serve(metrics: MonitorMetrics, address: ListenAddress) -> MetricsServer:
    try:
        return metrics.serve(address)
    except OSError as error:
        raise AgentError(f"cannot serve metrics on {address.host}:{address.port}: "
                         f"{error.strerror or error}") from None


def service_unit(url: StoreUrl, options: list[str], executable: str | None = None) -> str:
    """The systemd unit for agents of this store, started with `options` (quoted for the unit's command line)."""
    program = executable or (sys.executable if getattr(sys, "frozen", False) else "/usr/bin/pantau")
    # systemd reads % as a specifier: a literal one (in a URL's escapes) is written %%.
    return agent_unit_template().format(
        executable=program, store_url=url.conninfo.replace("%", "%%").replace('"', '\\"'),
        options=" ".join(shlex.quote(option).replace("%", "%%") for option in options))
