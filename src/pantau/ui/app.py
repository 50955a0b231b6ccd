"""Starting the GUI: the QApplication, the shared ICMP pinger, the engine, the alert service and the main window;
the orderly stop after the window closes; and the window check behind `pantau --selftest`.

`PANTAU_EXIT_AFTER_SHOWN=1` (for benchmarks/bench_gui.py): once the window is first exposed on the screen,
`run_gui` prints "PANTAU_SHOWN <epoch seconds>" on stdout and quits, so launch time can be measured from outside.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from pantau.alerts.service import AlertService, senders_for
from pantau.alerts.settings import load_rules
from pantau.domain.inventory import Network
from pantau.probing.engine import ProbeEngine
from pantau.probing.icmp import IcmpPinger
from pantau.probing.link_poller import LinkPoller
from pantau.reporting.alert_text import ALERT_SENTENCES
from pantau.resources import resource_root, snmp_secret_lookup, start_sample_agent
from pantau.sample_agent import SampleAgent
from pantau.storage.retention import RetentionKeeper
from pantau.ui.main_window import SETTINGS_APPLICATION, SETTINGS_ORGANIZATION, MainWindow
from pantau.ui.watch import WorkspaceClaim
from pantau.ui.wheel_guard import WheelGuard

if TYPE_CHECKING:
    from pantau.storage.store_access import StoreAccess
    from pantau.storage.workspace import Workspace
    from pantau.ui.store_vantage import StoreVantage

EXIT_AFTER_SHOWN_ENV = "PANTAU_EXIT_AFTER_SHOWN"


def _application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        WheelGuard.install(existing)
        return existing
    if existing is not None:
        raise RuntimeError("a non-widget Qt application is already running; the GUI needs a QApplication")
    app = QApplication(argv)
    WheelGuard.install(app)
    app.setApplicationName(SETTINGS_APPLICATION)
    app.setOrganizationName(SETTINGS_ORGANIZATION)
    icon_path = resource_root() / "icons" / "pantau.svg"
    if icon_path.is_file():
        app.setWindowIcon(QIcon(str(icon_path)))
    return app


class _ShownProbe(QObject):
    """Prints when the window is first exposed, then asks it to quit (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and not self._done:
            handle = self._window.windowHandle()
            if handle is not None and handle.isExposed():
                self._done = True
                print(f"PANTAU_SHOWN {time.time():.6f}", flush=True)
                QTimer.singleShot(0, self._window.request_quit)
        return False


def run_gui(network: Network, workspace: Workspace | None, sample_notice: bool, store: StoreAccess | None = None,
            vantage: StoreVantage | None = None) -> int:
    """Monitor `network` in the main window until the user quits; returns the application's exit code.

    With `store` (and no workspace) the window watches the shared store instead: what every agent sees, combined
    (ui/store_watch.py); it probes nothing itself unless given a `vantage` (opened: ui/store_vantage.py), then it
    also probes as that one more vantage, shipping to the store like an agent.

    The window monitors only when it gets the workspace's lock; when another Pantau holds it (or the workspace is on
    read-only media) it watches what that one records instead (ui/watch.py). One ICMP pinger serves the engine and
    the diagnostics panel. When the window has closed for good, the engine is
    stopped (a probe in flight may take seconds to time out: the window is already off the screen), the workspace
    flushed and closed, and the pinger closed.
    """
    app = _application(sys.argv)
    # The window decides when Pantau ends: hidden in the tray it is not "closed", and a dialog closing while it
    # hides must not end monitoring.
    app.setQuitOnLastWindowClosed(False)
    pinger = IcmpPinger()
    pinger.start()

    sample_agents: list[SampleAgent] = []

    def make_engine(monitored: Network) -> ProbeEngine:
        # The links' SNMP counters are read beside the probes, into the same workspace (not into a read-only one);
        # the bundled sample's made-up agent starts with the first engine that monitors the sample.
        links = None
        if any(link.snmp for link in monitored.links):
            if not sample_agents and (agent := start_sample_agent(monitored)) is not None:
                sample_agents.append(agent)
            traffic_sink = workspace.record_traffic if workspace is not None and not workspace.read_only else None
            links = LinkPoller(monitored, traffic_sink, snmp_secret_lookup(monitored))
        return ProbeEngine(monitored, sink=workspace, pinger=pinger, links=links)

    def make_alerts(monitored: Network) -> AlertService | None:
        # Built even with no Telegram or e-mail channel: the tray shows the same storm-free alerts.
        if workspace is None:
            return None
        return AlertService(monitored, workspace, load_rules(workspace), senders_for(monitored.alerts),
                            wording=ALERT_SENTENCES, lang=window.language())

    if store is not None:
        return _watch_store(app, network, store, pinger, vantage)
    window = MainWindow(network, workspace, sample_notice, engine_factory=make_engine, pinger=pinger,
                        alert_factory=make_alerts)
    window.finished.connect(app.quit)
    # The retention follows the network the window was opened on; an import replaces the inventory, not these.
    retention = RetentionKeeper(workspace, network.monitoring) \
        if workspace is not None and not workspace.read_only else None
    # The purges are writes: only a window that monitors makes them (a watched monitor makes its own).
    claim = WorkspaceClaim(window, workspace, on_monitor=retention.start if retention is not None else None)
    try:
        claim.begin()
        if os.environ.get(EXIT_AFTER_SHOWN_ENV) == "1":
            window.createWinId()  # the native window exists now, so its first Expose cannot be missed
            handle = window.windowHandle()
            if handle is not None:
                handle.installEventFilter(_ShownProbe(window))
        window.show()
        return app.exec()
    finally:
        window.hide()
        window.shutdown()
        claim.end()
        if retention is not None:
            retention.stop()
        if workspace is not None:
            workspace.close()
        pinger.close()
        for agent in sample_agents:
            agent.stop()


def _watch_store(app: QApplication, network: Network, store: StoreAccess, pinger: IcmpPinger,
                 vantage: StoreVantage | None) -> int:
    """The window on the shared store until the user quits (see `run_gui`); the diagnostics still probe from here."""
    from pantau.ui.store_watch import StoreWatch

    window = MainWindow(network, None, False, pinger=pinger)
    window.finished.connect(app.quit)
    watch = StoreWatch(window, store, own_vantage=vantage.vantage if vantage is not None else "",
                       on_network=vantage.follow if vantage is not None else None)
    try:
        if vantage is not None:
            vantage.start(network, pinger)
        watch.start()
        window.show()
        return app.exec()
    finally:
        window.hide()
        window.shutdown()
        watch.stop()
        if vantage is not None:
            vantage.stop()
        pinger.close()


def selftest_window(network: Network) -> str | None:
    """Build the main window off-screen and check that it shows the network; None when all is well.

    Without a display (and no platform chosen), Qt would abort the process; the offscreen platform is used instead.
    """
    if QApplication.instance() is None and "QT_QPA_PLATFORM" not in os.environ \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        _application([sys.argv[0] if sys.argv else "pantau"])
    except RuntimeError as error:
        return str(error)
    if not QFontDatabase.families():
        return QCoreApplication.translate("Selftest", "no fonts found: every text would be drawn as empty boxes")
    window = MainWindow(network, tray=False)
    try:
        problems: list[str] = []
        problems += window.map_view.map_problems()
        if not window.map_view.scene().items():
            problems.append(QCoreApplication.translate("Selftest", "the map has nothing to draw"))
        rows = window.site_table.model.rowCount()
        if rows != len(network.sites):
            problems.append(QCoreApplication.translate("Selftest", "the office table has {rows} rows for {sites} "
                                                                   "sites").format(rows=rows,
                                                                                   sites=len(network.sites)))
        return "; ".join(problems) or None
    finally:
        # Not closed: closing would save this invisible window's layout over the user's.
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
