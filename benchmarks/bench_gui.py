"""GUI responsiveness: event-loop latency under a total outage, recolouring on a state storm, time to first window.

Prints four figures against the goals of issue 5:

1. Event-loop latency with SITES sites all timing out (goal: p99 < 50 ms). The real main window monitors a network
   of SITES offices with the real engine, bridge and workspace writer, while a 5 ms timer on the GUI thread records
   how late it fires. As root, every target sits behind a network namespace whose far side drops everything (its
   kernel does not forward), so every ICMP round really times out; an `unreachable` guard route for the whole
   test range is installed first, so a probe can never leave the machine even if the namespace is gone. Without
   root, the targets are loopback TCP ports nobody listens on (refused at once: a weaker test, said so).
2. Recolouring SITES markers on a state storm (goal: the repaint < 16 ms): `MainWindow.set_site_states` with every
   site changing, then a synchronous repaint of the whole window, every scroll area's viewport (map, table rows,
   graphs) included. The goal is judged on the repaint; the frame (both) is printed too.
3. Launch to window shown, from source (goal: < 2 s): `python -m pantau` with a temporary workspace and
   PANTAU_EXIT_AFTER_SHOWN=1, from just before the process starts until the window is first exposed.
4. The same from the PyInstaller bundle dist/pantau/pantau, when it has been built (goal: < 3 s).

Runs offscreen unless DISPLAY is set (then on that X server, e.g. under xvfb-run).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_gui.py [--sites 500] [--seconds 20] [--launches 5]
"""

from __future__ import annotations

import argparse
import os

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.probing.engine import ProbeEngine
from pantau.probing.icmp import IcmpPinger
from pantau.storage.workspace import Workspace
from pantau.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[1]
TICK_MS = 5
# The regency's extent, roughly: offices are scattered over it, some crowded together as in real life.
LAT_RANGE = (-1.55, -0.85)
LON_RANGE = (116.35, 116.85)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run_loop(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def network_of(addresses: list[str], checks: list[str]) -> Network:
    rng = random.Random(7)
    sites: list[Site] = []
    targets: list[Target] = []
    for index, address in enumerate(addresses):
        # A third of the offices share one of a few government complexes, the rest are scattered.
        if index % 3 == 0:
            lat, lon = rng.choice([(-1.310028, 116.727606), (-1.2559, 116.4961), (-0.9239, 116.5831)])
        else:
            lat, lon = rng.uniform(*LAT_RANGE), rng.uniform(*LON_RANGE)
        sites.append(Site(f"s{index}", f"Kantor Nomor {index}", SiteKind.DESA, "Penajam", lat, lon))
        targets.append(Target(f"t{index}", f"s{index}", address, TargetRole.OFFICE_ROUTER, checks, interval_s=5.0))
    return Network(f"Bench {len(addresses)}", sites=sites, targets=targets)


# --- a namespace whose far side drops everything -------------------------------------------------------------------


def _ip(*args: str, namespace: str | None = None, check: bool = True) -> None:
    command = ["ip", *args] if namespace is None else ["ip", "netns", "exec", namespace, "ip", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip()}")


@contextmanager
def silent_subnets(count: int) -> Iterator[list[str]]:
    """`count` addresses whose every packet is dropped in a namespace (as root); removed afterwards."""
    base = random.randrange(16, 60) * 4  # a /22 of 10.250.0.0/16: the link /30 and up to three /24s of targets
    guard = f"10.250.{base}.0/22"
    tag = f"ptb{os.getpid() % 100000}"
    namespace, near, far = f"{tag}-ns", f"{tag}n", f"{tag}f"
    # The guard first: whatever fails later, nothing sent to this range can leave the machine.
    _ip("route", "add", "unreachable", guard)
    routes: list[str] = []
    try:
        _ip("netns", "add", namespace)
        _ip("link", "add", near, "type", "veth", "peer", "name", far)
        _ip("link", "set", far, "netns", namespace)
        _ip("addr", "add", f"10.250.{base}.1/30", "dev", near)
        _ip("addr", "add", f"10.250.{base}.2/30", "dev", far, namespace=namespace)
        _ip("link", "set", near, "up")
        _ip("link", "set", far, "up", namespace=namespace)
        addresses: list[str] = []
        for third in range(1, 4):
            if len(addresses) >= count:
                break
            subnet = f"10.250.{base + third}.0/24"
            _ip("route", "add", subnet, "via", f"10.250.{base}.2")
            routes.append(subnet)
            addresses += [f"10.250.{base + third}.{host}" for host in range(1, 255)]
        if len(addresses) < count:
            raise ValueError(f"at most {3 * 254} silent targets")
        yield addresses[:count]
    finally:
        for subnet in routes:
            _ip("route", "del", subnet, check=False)
        _ip("link", "del", near, check=False)
        _ip("netns", "del", namespace, check=False)
        _ip("route", "del", "unreachable", guard, check=False)


def closed_ports(count: int) -> list[int]:
    import socket

    ports = []
    for _ in range(count):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(int(sock.getsockname()[1]))
    return ports


# --- 1. event-loop latency -------------------------------------------------------------------------------------------


def latency_under_outage(app: QApplication, sites: int, seconds: float) -> None:
    can_namespace = sys.platform == "linux" and os.geteuid() == 0 and shutil.which("ip") is not None
    with tempfile.TemporaryDirectory(prefix="pantau-bench-") as folder:
        workspace = Workspace.open(Path(folder) / "ws.sqlite3")
        pinger = IcmpPinger()
        pinger.start()
        try:
            if can_namespace:
                with silent_subnets(sites) as addresses:
                    how = f"{sites} ICMP targets behind a namespace that drops everything (rounds time out)"
                    _measure(app, network_of(addresses, ["icmp"]), workspace, pinger, seconds, how)
            else:
                addresses = ["127.0.0.1"] * sites
                network = network_of(addresses, ["tcp:0"])
                for target, port in zip(network.targets, closed_ports(sites), strict=True):
                    target.checks = [f"tcp:{port}"]
                how = f"{sites} loopback TCP ports nobody listens on (refused at once; not root, no namespace)"
                _measure(app, network, workspace, pinger, seconds, how)
        finally:
            pinger.close()
            workspace.close()


def _measure(app: QApplication, network: Network, workspace: Workspace, pinger: IcmpPinger, seconds: float,
             how: str) -> None:
    workspace.replace_network(network)
    window = MainWindow(network, workspace, engine_factory=lambda n: ProbeEngine(n, sink=workspace, pinger=pinger),
                        pinger=pinger, tray=False)
    window.resize(1400, 900)
    window.show()
    run_loop(300)
    updates = 0

    def counted(_when: float) -> None:
        nonlocal updates
        updates += 1

    window.bridge.updated.connect(counted)
    lateness: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(TICK_MS)
    last = 0

    def tick() -> None:
        nonlocal last
        now = clock.nsecsElapsed()
        lateness.append(max(0.0, (now - last) / 1e6 - TICK_MS))
        last = now

    ticker.timeout.connect(tick)
    window.start_monitoring()
    clock.start()
    ticker.start()
    run_loop(int(seconds * 1000))
    ticker.stop()
    states = window.site_states()
    engine = window.engine()
    stats = engine.stats() if engine is not None else None
    window.hide()
    stopping = time.perf_counter()
    window.shutdown()
    stop_s = time.perf_counter() - stopping
    window.deleteLater()
    QCoreApplication.processEvents()
    down = sum(1 for state in states.values() if state is HealthState.DOWN)
    p99 = percentile(lateness, 0.99)
    print(f"1. event-loop latency, {how}, {seconds:.0f} s:")
    print(f"   timer lateness p50 {percentile(lateness, 0.5):.1f} ms, p99 {p99:.1f} ms, max {max(lateness):.1f} ms "
          f"over {len(lateness)} ticks of {TICK_MS} ms  (goal p99 < 50 ms: {'met' if p99 < 50 else 'NOT met'})")
    print(f"   {down}/{len(states)} sites DOWN at the end; {updates} bridge updates "
          f"({updates / seconds:.1f}/s); engine rounds {stats.rounds if stats else 0}, late "
          f"{stats.late_rounds if stats else 0}; engine stop after the window hid: {stop_s:.2f} s")


# --- 2. recolouring on a state storm ---------------------------------------------------------------------------------


class PaintCounter(QObject):
    """Counts the paint events each watched widget receives."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.counts = dict.fromkeys(widgets, 0)
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self.counts:
            self.counts[watched] += 1  # type: ignore[index]
        return False


def repaint_all(window: QWidget, viewports: list[QWidget]) -> None:
    """Paint the whole window now. A window's repaint() leaves out the viewports of its scroll areas (the map, the
    table's rows, the graphs) unless they are marked dirty themselves: mark them, then repaint, so each is painted
    once, whether or not the storm touched it."""
    for viewport in viewports:
        viewport.update()
    window.repaint()


def recolour_storm(app: QApplication, sites: int, frames: int) -> None:
    network = network_of([f"127.0.0.{1 + i % 250}" for i in range(sites)], ["icmp"])
    window = MainWindow(network, tray=False)
    window.resize(1400, 900)
    window.show()
    run_loop(300)
    viewports = [area.viewport() for area in window.findChildren(QAbstractScrollArea)
                 if area.viewport().isVisible() and not area.viewport().visibleRegion().isEmpty()]
    painted_count = PaintCounter(viewports)
    rng = random.Random(3)
    storms = [
        {site.id: HealthState.DOWN for site in network.sites},
        {site.id: HealthState.UP for site in network.sites},
        {site.id: rng.choice(list(HealthState)) for site in network.sites},
    ]
    set_ms: list[float] = []
    paint_ms: list[float] = []
    frame_ms: list[float] = []
    for frame in range(frames):
        states = storms[frame % len(storms)] if frame % 3 != 2 else \
            {site.id: rng.choice(list(HealthState)) for site in network.sites}
        started = time.perf_counter()
        window.set_site_states(states)
        applied = time.perf_counter()
        repaint_all(window, viewports)
        painted = time.perf_counter()
        set_ms.append(1000 * (applied - started))
        paint_ms.append(1000 * (painted - applied))
        frame_ms.append(1000 * (painted - started))
    unpainted = [viewport.parentWidget().metaObject().className() for viewport, count in painted_count.counts.items()
                 if count < frames]
    window.hide()
    window.deleteLater()
    QCoreApplication.processEvents()
    median_paint = statistics.median(paint_ms)
    verdict = "met" if median_paint < 16 else "NOT met"
    print(f"2. recolouring {sites} markers, every site changing, {frames} frames:")
    print(f"   set_site_states median {statistics.median(set_ms):.1f} ms, max {max(set_ms):.1f} ms")
    print(f"   full synchronous repaint of the window ({len(viewports)} scroll-area viewports among it): median "
          f"{median_paint:.1f} ms, max {max(paint_ms):.1f} ms  (goal < 16 ms: {verdict})")
    print(f"   frame (set + repaint): median {statistics.median(frame_ms):.1f} ms, max {max(frame_ms):.1f} ms")
    if unpainted:
        print(f"   NOT an honest repaint: viewports of {', '.join(unpainted)} were not painted in every frame")


# --- 3, 4. launch to window shown -------------------------------------------------------------------------------------


def launch_times(command: list[str], launches: int, env_extra: dict[str, str]) -> tuple[float, list[float]]:
    """(first launch, later launches) in seconds, each on its own fresh workspace and settings."""
    times: list[float] = []
    for _ in range(launches + 1):
        with tempfile.TemporaryDirectory(prefix="pantau-launch-") as folder:
            env = {**os.environ, **env_extra, "PANTAU_EXIT_AFTER_SHOWN": "1",
                   "XDG_CONFIG_HOME": str(Path(folder) / "config")}
            started = time.time()
            done = subprocess.run([*command, "--workspace", str(Path(folder) / "ws.sqlite3")], env=env,
                                  capture_output=True, text=True, timeout=120, cwd=folder)
            shown = [line for line in done.stdout.splitlines() if line.startswith("PANTAU_SHOWN ")]
            if done.returncode != 0 or not shown:
                raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
            times.append(float(shown[0].split()[1]) - started)
    return times[0], times[1:]


def report_launch(label: str, goal_s: float, first: float, later: list[float]) -> None:
    median = statistics.median(later)
    print(f"   {label}: median {median:.2f} s (min {min(later):.2f}, max {max(later):.2f}) over {len(later)} launches; "
          f"first launch {first:.2f} s  (goal < {goal_s:.0f} s: {'met' if median < goal_s else 'NOT met'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--frames", type=int, default=30)
    parser.add_argument("--launches", type=int, default=5)
    parser.add_argument("--skip", action="append", default=[], choices=["latency", "storm", "launch"])
    args = parser.parse_args()
    # The windows made here must neither read nor overwrite the user's saved window layout.
    settings_folder = tempfile.TemporaryDirectory(prefix="pantau-bench-settings-")
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, settings_folder.name)
    app = QApplication(sys.argv[:1])
    print(f"Qt platform: {app.platformName()}; {os.cpu_count()} CPUs")
    if "latency" not in args.skip:
        latency_under_outage(app, args.sites, args.seconds)
    if "storm" not in args.skip:
        recolour_storm(app, args.sites, args.frames)
    if "launch" not in args.skip:
        print("3./4. launch to window shown (fresh workspace seeded from the sample, engine running):")
        env = {"PYTHONPATH": str(REPO / "src")}
        if app.platformName() == "offscreen":
            env["QT_QPA_PLATFORM"] = "offscreen"
        first, later = launch_times([sys.executable, "-m", "pantau"], args.launches, env)
        report_launch("from source (python -m pantau)", 2.0, first, later)
        bundle = REPO / "dist" / "pantau" / "pantau"
        if bundle.is_file():
            first, later = launch_times([str(bundle)], args.launches, {k: v for k, v in env.items()
                                                                      if k != "PYTHONPATH"})
            report_launch("from the executable (dist/pantau/pantau)", 3.0, first, later)
        else:
            print("   from the executable: dist/pantau/pantau not built (bash scripts/build.sh)")
    settings_folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
