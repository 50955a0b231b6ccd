"""Take the documentation screenshots of the real window on the sample network (run under Xvfb by screenshots.sh).

The window is built exactly as `pantau` builds it, on a fresh workspace seeded from the bundled sample, so the
picture shows what a first launch shows.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from pantau.bootstrap import open_workspace
from pantau.ui.main_window import MainWindow


def settle(app: QApplication, milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    app.processEvents()


def main(out_dir: Path) -> int:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="pantau-shot-") as folder:
        opened = open_workspace(Path(folder) / "workspace.sqlite3", seed_sample=True)
        assert opened.network is not None
        window = MainWindow(opened.network, opened.workspace, sample_notice=opened.network.sample)
        window.resize(1600, 1000)
        window.show()
        settle(app, 800)
        window.map_view.fit_all()
        settle(app, 300)
        target = out_dir / "screenshot-main.png"
        window.grab().save(str(target))
        print(f"wrote {target}")
        window.deleteLater()
        opened.workspace.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")))
