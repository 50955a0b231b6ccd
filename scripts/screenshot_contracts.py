"""Render the contracts panel on the sample network and save docs/screenshot-contracts.png; with pdftoppm (Debian
poppler-utils) also the first page of the 2016 contract's report, written by the panel as the user's "PDF report…"
does (timeline picture included), as docs/screenshot-contract-report.png.

The sample's story is told as of 27 November 2026 (its intranet contracts end 31 December 2026), so the pictures do
not change with the day they are made. Offscreen by default; under Xvfb for the real platform:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshot_contracts.py

Usage: PYTHONPATH=src python scripts/screenshot_contracts.py [OUTPUT] [--lang en]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.ui.contracts_panel import ContractsPanel

SAMPLE_TODAY = date(2026, 11, 27)


def main(argv: list[str]) -> int:
    lang = "en" if "--lang" in argv and argv[argv.index("--lang") + 1] == "en" else "id"
    paths = [a for a in argv if not a.startswith("--") and a not in ("en", "id")]
    out = Path(paths[0]) if paths else Path("docs/screenshot-contracts.png")
    app = QApplication.instance() or QApplication([])
    panel = ContractsPanel(today=lambda: SAMPLE_TODAY, lang=lang)
    panel.set_network(load_network_file(sample_network_path()))
    panel.resize(1500, 1000)
    panel.select_contract("ctr-dukcapil-2016")
    panel.tabs.setCurrentIndex(2)  # budget requests: the cut 2017 request
    panel.budgets.selectRow(0)  # its form then shows it: cut, decided 30 November 2016
    panel.show_link("link-disdukcapil")
    panel.show()
    app.processEvents()
    ok = panel.grab().save(str(out))
    print(out if ok else f"could not write {out}")
    if shutil.which("pdftoppm"):
        report = out.with_name("screenshot-contract-report.png")
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "report.pdf"
            loop = QEventLoop()
            panel.report_written.connect(loop.quit)
            panel.save_failed.connect(loop.quit)
            QTimer.singleShot(30_000, loop.quit)
            panel.export_pdf(pdf)
            loop.exec()
            ok = ok and pdf.is_file()
            if pdf.is_file():
                subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                                str(report.with_suffix(""))], check=True)
                print(report)
    panel.shutdown()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
