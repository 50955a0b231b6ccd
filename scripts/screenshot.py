"""Take the documentation screenshots of the real window on the sample network (run under Xvfb by screenshots.sh).

The window is built as `pantau` builds it (`ui.app.run_gui`): a fresh workspace seeded from the bundled sample, one
ICMP pinger for the engine and the diagnostics panel, the engine monitoring. The picture is taken once live states
have arrived (the sample's loopback offices answer), so it shows monitoring as it looks, not a window of UNKNOWNs.
Window settings go to a temporary folder: the user's saved layout is neither used nor changed.

Two pictures of the same moment: docs/screenshot-main.png in English, then the window switched live to Indonesian
(as View ▸ Language does) for docs/screenshot-main-id.png.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from pantau.bootstrap import open_workspace
from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.probing.engine import ProbeEngine
from pantau.probing.icmp import IcmpPinger
from pantau.ui.main_window import MainWindow

STATES_TIMEOUT_S = 20.0


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
            window.set_language("id")
            settle(app, 800)
            save(window, out_dir / "screenshot-main-id.png")
        finally:
            window.hide()
            window.shutdown()
            window.deleteLater()
            workspace.close()
            pinger.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")))
