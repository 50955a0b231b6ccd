"""Take the documentation screenshots of the real window on the sample network (run under Xvfb by screenshots.sh).

The window is built as `pantau` builds it (`ui.app.run_gui`): a fresh workspace seeded from the bundled sample, one
ICMP pinger for the engine and the diagnostics panel, the engine monitoring. The picture is taken once live states
have arrived (the sample's loopback offices answer), so it shows monitoring as it looks, not a window of UNKNOWNs.
Window settings go to a temporary folder: the user's saved layout is neither used nor changed.

Pictures of one session: docs/screenshot-main.png in English with a finished diagnosis; screenshot-main-graphs.png
with the graphs tab comparing the regent's office and the kecamatan offices after a minute of live rounds;
screenshot-main-id.png switched live to Indonesian (as View ▸ Language does) with the map coloured by contract risk
and the contracts tab on top; screenshot-alert-settings.png, the alert settings dialog.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from pantau.bootstrap import open_workspace
from pantau.domain.inventory import Network, SiteKind
from pantau.domain.states import HealthState
from pantau.probing.engine import ProbeEngine
from pantau.probing.icmp import IcmpPinger
from pantau.ui.main_window import MainWindow

STATES_TIMEOUT_S = 20.0
LIVE_GRAPH_MS = 60_000


def settle(app: QApplication, milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    app.processEvents()


def wait_for_states(app: QApplication, window: MainWindow) -> bool:
    """Until no site is UNKNOWN any more (the engine has judged every one), within STATES_TIMEOUT_S."""
    deadline = time.monotonic() + STATES_TIMEOUT_S
    while time.monotonic() < deadline:
        if HealthState.UNKNOWN not in window.site_states().values():
            return True
        settle(app, 100)
    return False


def save(window: MainWindow, target: Path) -> None:
    if not window.grab().save(str(target)):
        raise SystemExit(f"could not write {target}")
    print(f"wrote {target}: {window.summary_text()}")


def main(out_dir: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="pantau-shot-") as folder:
        for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(Path(folder) / "settings"))
        app = QApplication(sys.argv[:1])
        opened = open_workspace(Path(folder) / "workspace.sqlite3", seed_sample=True)
        assert opened.network is not None
        workspace = opened.workspace
        pinger = IcmpPinger()
        pinger.start()

        def make_engine(network: Network) -> ProbeEngine:
            return ProbeEngine(network, sink=workspace, pinger=pinger)

        window = MainWindow(opened.network, workspace, sample_notice=opened.network.sample,
                            engine_factory=make_engine, pinger=pinger, tray=False)
        try:
            window.resize(1600, 1000)
            window.show()
            window.start_monitoring()
            if not wait_for_states(app, window):
                print(f"warning: some sites still UNKNOWN after {STATES_TIMEOUT_S:.0f} s: "
                      f"{window.summary_text()}", file=sys.stderr)
            window.map_view.fit_all()
            window.select_site("kantor-bupati")
            # The 24 h uptime as the window shows it after its first periodic refresh (a fresh workspace has no
            # history at start), then two bridge updates, so the figures of the last rounds are in the table.
            workspace.flush()
            window.refresh_uptime()
            # A finished diagnosis of the selected office, so the panel shows its checks and verdict.
            if window.diagnose_selected() and window.diagnostics is not None:
                deadline = time.monotonic() + STATES_TIMEOUT_S
                while window.diagnostics.is_running() and time.monotonic() < deadline:
                    settle(app, 100)
            window.set_language("en")
            settle(app, 1200)
            out_dir.mkdir(parents=True, exist_ok=True)
            save(window, out_dir / "screenshot-main.png")

            # The graphs tab comparing the regent's office with the four kecamatan offices, the central server
            # pinned as a reference, after a minute of live rounds.
            window.graphs_dock.raise_()
            window.graphs.set_references(True, False)
            compared = ["kantor-bupati", *[site.id for site in opened.network.sites
                                           if site.kind is SiteKind.KECAMATAN]]
            window.show_graphs(compared)
            settle(app, LIVE_GRAPH_MS)
            save(window, out_dir / "screenshot-main-graphs.png")

            # In Indonesian, the map coloured by contract risk and the contracts tab on top.
            window.set_language("id")
            window.map_view.set_color_mode("contract")
            window.contracts_dock.raise_()
            settle(app, 800)
            save(window, out_dir / "screenshot-main-id.png")

            window.set_language("en")
            dialog = window.open_alert_settings()
            if dialog is not None:
                dialog.resize(760, 620)
                settle(app, 800)
                if not dialog.grab().save(str(out_dir / "screenshot-alert-settings.png")):
                    raise SystemExit("could not write the alert settings screenshot")
                print(f"wrote {out_dir / 'screenshot-alert-settings.png'}")
                dialog.reject()
        finally:
            window.hide()
            window.shutdown()
            window.deleteLater()
            workspace.close()
            pinger.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")))
