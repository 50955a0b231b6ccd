"""Render the contracts panel on the sample network offscreen and save docs/screenshot-contracts.png; with
pdftoppm (Debian poppler-utils) also the first page of the 2016 contract's report as
docs/screenshot-contract-report.png.

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

from PySide6.QtWidgets import QApplication

from pantau.reporting.contract_report import contract_report_html
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.ui.contract_pdf import write_pdf
from pantau.ui.contracts_panel import ContractsPanel


def main(argv: list[str]) -> int:
    lang = "en" if "--lang" in argv and argv[argv.index("--lang") + 1] == "en" else "id"
    paths = [a for a in argv if not a.startswith("--") and a not in ("en", "id")]
    out = Path(paths[0]) if paths else Path("docs/screenshot-contracts.png")
    app = QApplication.instance() or QApplication([])
    panel = ContractsPanel(lang=lang)
    panel.set_network(load_network_file(sample_network_path()))
    panel.resize(1500, 1000)
    panel.select_contract("ctr-dukcapil-2016")
    panel.tabs.setCurrentIndex(2)  # budget requests: the cut 2017 request
    panel.show_link("link-disdukcapil")
    panel.show()
    app.processEvents()
    ok = panel.grab().save(str(out))
    panel.shutdown()
    print(out if ok else f"could not write {out}")
    if shutil.which("pdftoppm"):
        report = out.with_name("screenshot-contract-report.png")
        html = contract_report_html(panel.network(), "ctr-dukcapil-2016", date(2017, 7, 10), lang)
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "report.pdf"
            write_pdf(html, pdf)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(report.with_suffix(""))], check=True)
        print(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
