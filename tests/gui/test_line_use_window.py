"""The office table's "Use %" in the real window: the real engine with its link poller reads a real snmpd on
loopback, the measured office shows its line's busiest interval of the hour, an office whose line has no SNMP
shows "—" (not measured, never 0 %), and the hour recorded before a restart is read back into it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Link, LinkMedium, MonitoringSettings, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.probing.engine import EngineSettings, ProbeEngine
from pantau.probing.link_poller import LinkPoller
from pantau.storage.workspace import Workspace
from pantau.ui.main_window import MainWindow
from pantau.ui.site_model import Column
from pantau.ui.traffic_heatmap import utilisation_colour
from tests.servers import TcpListener
from tests.snmp_agent import COMMUNITY, SnmpAgent

FAST = EngineSettings(tcp_timeout_s=0.5, retry_interval_s=0.2, publish_interval_s=0.05)


@pytest.fixture
def listener() -> Iterator[int]:
    with TcpListener("127.0.0.1") as server:
        yield server.port


def network(port: int, listening: int) -> Network:
    snmp = SnmpInterface("127.0.0.1", "lo", port=port, community_secret="snmp/ro", interval_s=1.0)
    check = [f"tcp:{listening}"]
    return Network(
        "Use", monitoring=MonitoringSettings(vantage="dc"),
        sites=[Site("dc", "Diskominfo", SiteKind.DATACENTER, lat=-1.3, lon=116.7),
               Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, lat=-1.25, lon=116.5, parent="dc"),
               Site("babulu", "Kantor Camat Babulu", SiteKind.KECAMATAN, lat=-1.5, lon=116.3, parent="dc")],
        targets=[Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, check),
                 Target("rtr-waru", "waru", "127.0.0.1", TargetRole.OFFICE_ROUTER, check),
                 Target("rtr-babulu", "babulu", "127.0.0.1", TargetRole.OFFICE_ROUTER, check)],
        links=[Link("l-waru", "waru", "dc", "Telkom", LinkMedium.FIBER, 1, snmp=snmp),
               Link("l-babulu", "babulu", "dc", "Telkom", LinkMedium.FIBER, 1000)])


def test_use_column_from_a_real_agent_and_the_hour_before_a_restart(qtbot: QtBot, tmp_path: Path,
                                                                    snmp_agent: SnmpAgent, listener: int) -> None:
    net = network(snmp_agent.port, listener)
    secrets = {"snmp/ro": COMMUNITY}
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.replace_network(net)
        # Recorded before this window started, 20 minutes ago: a burst far above anything loopback carries now.
        ago = time.time() - 1200
        workspace.record_traffic([TrafficInterval("l-waru", ago, ago + 30, 5e7, 50.0, OperStatus.UP)])
        window = MainWindow(net, workspace, tray=False, engine_factory=lambda n: ProbeEngine(
            n, sink=workspace, settings=FAST, links=LinkPoller(n, workspace.record_traffic, secrets.get,
                                                                 timeout_s=0.5, retries=0)))
        qtbot.addWidget(window)
        try:
            window.show()
            model = window.site_table.model
            assert window.start_monitoring()

            def cell(site: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
                return model.index(model.row_of(site) or 0, Column.USE).data(role)

            qtbot.waitUntil(lambda: model.site_use("waru") is not None
                            and model.site_use("waru").now_percent is not None, timeout=15_000)
            use = model.site_use("waru")
            qtbot.waitUntil(lambda: (model.site_use("waru").peak_percent or 0) >= 5e6, timeout=5_000)
            use = model.site_use("waru")
            assert use is not None and use.now_percent is not None and use.now_percent < 5e6  # the seed's hour
            assert cell("waru") not in ("—", "0")
            assert "Busiest interval of the last hour" in str(cell("waru", Qt.ItemDataRole.ToolTipRole))
            assert cell("babulu") == "—"
            assert "no SNMP interface" in str(cell("babulu", Qt.ItemDataRole.ToolTipRole))
            assert model.headerData(Column.USE, Qt.Orientation.Horizontal) == "Use %"

            # The map colours the measured line by its use when asked; the unmeasured one keeps its state colour.
            waru, babulu = window.map_view.link_item("l-waru"), window.map_view.link_item("l-babulu")
            assert waru is not None and babulu is not None
            state_pen = babulu.pen()
            window.window_actions.lines_by_use.setChecked(True)
            assert waru.pen().color().name() == utilisation_colour(use.peak_percent or 0).name()
            assert waru.pen().widthF() > state_pen.widthF()
            assert babulu.pen() == state_pen
            window.window_actions.lines_by_use.setChecked(False)
            assert waru.pen().widthF() == state_pen.widthF()
        finally:
            window.shutdown()
