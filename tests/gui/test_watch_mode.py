"""The window and the workspace's one writer: a window opening a workspace that `pantau monitor` probes watches
it (no second engine, no second alert service, a banner naming the monitor) and can monitor once that one stops;
a workspace on read-only media is watched the same way; a full disk raises a red banner while monitoring goes on.

Real parts: `pantau monitor` as a subprocess holding the OS lock, the real engine against loopback TCP servers,
a real read-only bind mount and a real full tmpfs (both root only).
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState, StateChange
from pantau.probing.engine import ProbeEngine
from pantau.storage.lock import lock_holder
from pantau.storage.workspace import Workspace
from pantau.ui.main_window import MainWindow
from pantau.ui.watch import WorkspaceClaim
from tests.gui.test_live_window import FAST
from tests.integration.test_full_disk import SmallDisk, small_disk  # noqa: F401
from tests.integration.test_read_only_workspace import read_only_view  # noqa: F401
from tests.integration.test_workspace_lock import Monitor
from tests.servers import TcpListener, free_port


def network(up_port: int, down_port: int) -> Network:
    sites = [Site("hub", "Diskominfo", SiteKind.DATACENTER),
             Site("kantor", "Kantor Desa", SiteKind.DESA, parent="hub")]
    targets = [Target("srv", "hub", "127.0.0.1", TargetRole.SERVER, [f"tcp:{up_port}"], interval_s=0.5),
               Target("rtr", "kantor", "127.0.0.1", TargetRole.OFFICE_ROUTER, [f"tcp:{down_port}"], interval_s=0.5)]
    return Network("Watch test", sites=sites, targets=targets)


@pytest.fixture
def listener() -> Iterator[TcpListener]:
    with TcpListener("127.0.0.1", max_lifetime_s=120) as server:
        yield server


class Opened:
    """A window on a workspace, with the claim `run_gui` makes; everything shut down at the end."""

    def __init__(self, qtbot: QtBot, workspace: Workspace, net: Network) -> None:
        self.workspace = workspace
        self.window = MainWindow(net, workspace, engine_factory=lambda n: ProbeEngine(n, sink=workspace,
                                                                                     settings=FAST))
        qtbot.addWidget(self.window)
        self.window.show()
        self.claim = WorkspaceClaim(self.window, workspace, interval_ms=200)
        self.claim.begin()

    def close(self) -> None:
        self.window.shutdown()
        self.claim.end()
        self.workspace.close()


def states(window: MainWindow) -> dict[str, HealthState]:
    return window.site_states()


@pytest.mark.slow
def test_a_window_watches_what_a_running_monitor_records_and_takes_over_when_it_stops(
        qtbot: QtBot, tmp_path: Path, listener: TcpListener) -> None:
    net = network(listener.port, free_port())
    path = tmp_path / "ws.sqlite3"
    with Workspace.open(path) as workspace:
        workspace.replace_network(net)
    monitor = Monitor(path, "--duration", "120")
    opened: Opened | None = None
    try:
        monitor.wait_started()
        opened = Opened(qtbot, Workspace.open(path), net)
        window, banner = opened.window, opened.window.workspace_banner
        assert window.engine() is None and window.alert_service() is None, "a second engine or alert service"
        assert opened.claim.watch is not None and opened.claim.lock is None
        assert banner.isVisibleTo(window)
        assert banner.text.text() == (
            f"Watching: pantau monitor (pid {monitor.proc.pid} on {socket.gethostname()}) is probing this "
            "workspace. This window shows what it records and does not probe or send alerts itself.")
        assert not window.open_action.isEnabled()
        # The monitor's states, read from the workspace: the server up, the office with the closed port down.
        qtbot.waitUntil(lambda: states(window) == {"hub": HealthState.UP, "kantor": HealthState.DOWN},
                        timeout=30_000)
        # Still only the monitor writes: each state change once.
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM events WHERE subject = 'hub' AND state = 'UP'").fetchone() \
                == (1,)
        assert monitor.finish(signal.SIGTERM) == 0
        qtbot.waitUntil(lambda: "has stopped" in banner.text.text(), timeout=10_000)
        assert banner.take_over_button.isVisibleTo(window)
        assert set(states(window).values()) == {HealthState.UNKNOWN}  # no evidence any more
        banner.take_over_button.click()
        assert window.engine() is not None and opened.claim.watch is None
        holder = lock_holder(path)
        assert holder is not None and holder.pid == os.getpid() and holder.command == "the Pantau window"
        assert not banner.isVisibleTo(window) and window.open_action.isEnabled()
        qtbot.waitUntil(lambda: states(window) == {"hub": HealthState.UP, "kantor": HealthState.DOWN},
                        timeout=30_000)
    finally:
        if monitor.proc.poll() is None:
            monitor.finish(signal.SIGKILL)
        if opened is not None:
            opened.close()
    assert lock_holder(path) is None  # given back when the window ended


def test_a_read_only_workspace_is_watched_and_said(qtbot: QtBot,
                                                   read_only_view: tuple[Path, Path]) -> None:  # noqa: F811
    source, mounted = read_only_view
    net = network(free_port(), free_port())
    with Workspace.open(source / "ws.sqlite3") as workspace:
        workspace.replace_network(net)
        workspace.record_state_change(StateChange("hub", "site", HealthState.UNKNOWN, HealthState.UP, 1.0e9))
        workspace.record_state_change(StateChange("kantor", "site", HealthState.UNKNOWN, HealthState.DOWN, 1.0e9))
    opened = Opened(qtbot, Workspace.open(mounted / "ws.sqlite3", read_only=True), net)
    try:
        window, banner = opened.window, opened.window.workspace_banner
        assert window.engine() is None and opened.claim.lock is None
        assert banner.text.text().startswith("Read-only workspace: it is on media that cannot be written")
        assert not banner.take_over_button.isVisibleTo(window)
        assert not window.open_action.isEnabled() and not window.alert_settings_action.isEnabled()
        qtbot.waitUntil(lambda: states(window) == {"hub": HealthState.UP, "kantor": HealthState.DOWN},
                        timeout=10_000)
    finally:
        opened.close()


def test_a_full_disk_raises_a_red_banner_while_monitoring_goes_on(
        qtbot: QtBot, small_disk: SmallDisk, listener: TcpListener) -> None:  # noqa: F811
    net = network(listener.port, free_port())
    path = small_disk.root / "ws.sqlite3"
    workspace = Workspace.open(path, retry_interval_s=0.5)
    workspace.replace_network(net)
    opened = Opened(qtbot, workspace, net)
    try:
        window, banner = opened.window, opened.window.workspace_banner
        assert window.engine() is not None and not banner.isVisibleTo(window)
        qtbot.waitUntil(lambda: states(window).get("hub") is HealthState.UP, timeout=20_000)
        small_disk.fill()
        qtbot.waitUntil(lambda: banner.failing, timeout=60_000)
        assert banner.isVisibleTo(window) and "#b00020" in banner.styleSheet()
        assert banner.text.text().startswith("Cannot save to the workspace: the disk is full (database or disk is "
                                             "full). Monitoring and alerts go on;")
        assert window.engine() is not None and states(window)["hub"] is HealthState.UP
        small_disk.free()
        qtbot.waitUntil(lambda: "works again" in banner.text.text(), timeout=20_000)
        assert banner.text.text() == "Saving to the workspace works again; nothing was lost."
        banner.dismiss_button.click()
        assert not banner.isVisibleTo(window)
    finally:
        small_disk.free()
        opened.close()
