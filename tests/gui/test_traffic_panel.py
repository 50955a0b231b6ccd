"""The Bandwidth panel on a real workspace: the lines break at gaps (never a zero), the contracted rate is drawn,
the caption gives the newest figures and the last hour, and the heat-map's pixels follow the utilisation scale."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.storage.workspace import Workspace
from pantau.ui.traffic_heatmap import NO_DATA_COLOUR, utilisation_colour
from pantau.ui.traffic_panel import TrafficPanel

WITA = ZoneInfo("Asia/Makassar")


def network() -> Network:
    snmp = SnmpInterface("127.0.0.1", "ether1", port=16100, community_secret="snmp/x")
    return Network("n", timezone="Asia/Makassar",
                   sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("k", "K", SiteKind.KECAMATAN)],
                   links=[Link("l-k", "k", "dc", "Telkom", LinkMedium.FIBER, 100, snmp=snmp),
                          Link("l-plain", "dc", "internet", "Lintas", LinkMedium.VSAT, 2000)])


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "ws.sqlite3") as opened:
        opened.replace_network(network())
        yield opened


def last_monday_9() -> float:
    now = datetime.now(WITA)
    monday = (now - timedelta(days=now.weekday() + 7)).replace(hour=9, minute=0, second=0, microsecond=0)
    return monday.timestamp()


def test_the_panel_draws_rates_gaps_contract_caption_and_heatmap(qtbot: QtBot, workspace: Workspace) -> None:
    now = time.time()
    rows = [TrafficInterval("l-k", now - 900 + 30 * n, now - 870 + 30 * n, 95_000.0, 9_000.0, OperStatus.UP)
            for n in range(10)]
    rows.append(TrafficInterval("l-k", now - 600, now - 570, None, None, problem="SNMP: no answer from 127.0.0.1"))
    rows += [TrafficInterval("l-k", now - 570 + 30 * n, now - 540 + 30 * n, 40_000.0, 4_000.0, OperStatus.UP)
             for n in range(18)]
    monday = last_monday_9()
    rows.append(TrafficInterval("l-k", monday, monday + 3600, 97_000.0, 5_000.0, OperStatus.UP))
    workspace.record_traffic(rows)

    panel = TrafficPanel(network(), workspace)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    panel.set_range("1h")
    qtbot.waitUntil(lambda: panel.view() is not None and len(panel.view().series) > 0, timeout=5000)
    assert panel.current_link() is not None and panel.current_link().id == "l-k"
    (_, v_in), _ = panel.curves()
    assert np.isnan(v_in).sum() >= 1  # the failed poll breaks the line
    assert 0.0 not in set(v_in[~np.isnan(v_in)])
    assert panel.contract_line() == 100_000
    caption = panel.caption()
    assert "In 40 kbit/s, out 4 kbit/s at" in caption and "40 % of the contracted 100 kbit/s" in caption
    assert "Last hour: mean" in caption and "peak 95 %" in caption

    heat = panel.heatmap_widget()
    qtbot.waitUntil(lambda: heat.heatmap() is not None, timeout=5000)
    image = heat.grab().toImage()
    monday_cell = heat.cell_rect(0, 9).center().toPoint()
    assert image.pixelColor(monday_cell).name() == utilisation_colour(97.0).name()
    quiet_cell = heat.cell_rect(2, 3).center().toPoint()
    # No data: grey (the hatch lines are grey too), never the colour of an idle line.
    assert image.pixelColor(quiet_cell).name() in (NO_DATA_COLOUR.name(), "#9e9e9e")
    assert heat.cell_text(0, 9) == "Mon 09:00–10:00: 97 % (1 hour measured)"
    assert heat.cell_text(2, 3) == "Wed 03:00–04:00: no data"
    assert heat.cell_at(QPoint(int(monday_cell.x()), int(monday_cell.y()))) == (0, 9)


def test_without_snmp_links_the_panel_says_how_to_set_one_up(qtbot: QtBot, workspace: Workspace) -> None:
    plain = network()
    plain.links = [link for link in plain.links if link.snmp is None]
    panel = TrafficPanel(plain, workspace)
    qtbot.addWidget(panel)
    assert panel.current_link() is None
    assert "No link has an SNMP interface set up" in panel.caption()
    assert panel.contract_line() is None


def test_nothing_recorded_yet_is_said_not_drawn_as_zero(qtbot: QtBot, workspace: Workspace) -> None:
    panel = TrafficPanel(network(), workspace)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.view() is not None, timeout=5000)
    assert "Nothing recorded yet" in panel.caption()
    (_, values), _ = panel.curves()
    assert values is None or len(values) == 0 or all(math.isnan(v) for v in values)
