"""Render the site graphs offscreen and save docs/screenshot-graphs-live.png and docs/screenshot-graphs-30d.png.

The history is generated (tests/history_fill.py: three offices and the data centre's server and ISP gateway, 30
days, two outages of the first office), written through the real workspace writer into a temporary file, with a
saved diagnosis of the first outage (its cause in the outage list). The live view is fed a `LiveBuffer` with a
quarter hour of 1-second rounds, during which the first office drops out for a minute (its DOWN event is in the
workspace too). Both views pin the server and the ISP gateway as reference lines.

Usage: PYTHONPATH=src python scripts/screenshot_graphs.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication
from tests.history_fill import NOW, OUTAGES, fill_history, history_network

from pantau.domain.results import ProbeResult
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.history import LiveBuffer
from pantau.storage.workspace import Workspace
from pantau.ui.graphs import SiteGraphs, specs_for_sites

DROP = (NOW - 420, NOW - 360)


def _live_buffer() -> LiveBuffer:
    rng = random.Random(6)
    live = LiveBuffer()
    for second in range(900):
        ts = NOW - 900 + second
        results = []
        results += [ProbeResult("srv", "icmp", ts, 3, 3, tuple(2 + rng.expovariate(2) for _ in range(3)), None),
                    ProbeResult("isp", "icmp", ts, 3, 3, tuple(7 + rng.expovariate(1) for _ in range(3)), None)]
        for i in range(3):
            if i == 0 and DROP[0] <= ts < DROP[1]:
                results.append(ProbeResult(f"t{i}", "icmp", ts, 3, 0, (), None))
                continue
            base = 18 + 9 * i + (6 if i == 1 and 300 < second < 480 else 0)
            rtts = tuple(base + rng.expovariate(1 / (1.5 + i)) for _ in range(3))
            answered = 3 - (1 if rng.random() < 0.04 * (i + 1) else 0)
            results.append(ProbeResult(f"t{i}", "icmp", ts, 3, answered, rtts[:answered], None))
        live.add(results)
    return live


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path("docs")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    network = history_network(references=True)
    with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder) / "w.sqlite3") as workspace:
        workspace.replace_network(network)
        fill_history(workspace, network)
        workspace.record_state_change(StateChange("s0", "site", HealthState.UP, HealthState.DOWN, DROP[0],
                                                  "all packets lost"))
        workspace.record_state_change(StateChange("s0", "site", HealthState.DOWN, HealthState.UP, DROP[1]))
        workspace.save_diagnosis(created=OUTAGES["s0"][0][0] + 600, scope="site s0", verdict="isp-link", lang="en",
                                 report_text="…", report_json=json.dumps(
                                     {"headline": "The link of Kantor Camat 0 is cut between the office and the ISP"}))
        workspace.flush()
        specs = specs_for_sites(network, ["s0", "s1", "s2"])
        for name, live in (("live", _live_buffer()), ("30d", None)):
            graphs = SiteGraphs(network, workspace, live=live, clock=lambda: NOW)
            graphs.resize(1280, 820)
            graphs.show()
            graphs.set_sites(specs)
            graphs.set_references(server=True, isp=True)
            if name != "live":
                graphs.set_range(name)
            # Wait for the background read (events, or the whole range), then let the widget paint.
            while graphs._runner.pending():
                app.processEvents()
            app.processEvents()
            graphs._readout.setText(graphs.readout_at(DROP[0] + 20 if name == "live" else NOW - 3 * 86_400 + 600))
            path = out / f"screenshot-graphs-{name}.png"
            graphs.grab().save(str(path))
            print(path)
            graphs.shutdown()
            graphs.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
