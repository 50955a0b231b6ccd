"""Red means down, in the window, under the 2017 story's faults: the real engine, real silent hosts on loopback
(a TCP port whose accept queue is full drops every new connection, as a dead line does), the rendered map.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import MonitoringSettings, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.probing.engine import EngineSettings, ProbeEngine
from pantau.storage.workspace import Workspace
from pantau.ui.main_window import MainWindow
from pantau.ui.site_model import Column
from pantau.ui.state_style import style
from tests.gui.test_main_window import COMPLEX
from tests.privilege import requires_icmp
from tests.servers import StalledTcpListener

FAST = EngineSettings(icmp_timeout_s=0.5, tcp_timeout_s=0.5, retry_interval_s=0.2, publish_interval_s=0.05)
UP, DOWN, UNREACHABLE = HealthState.UP, HealthState.DOWN, HealthState.UNREACHABLE


@pytest.fixture
def silent() -> Iterator[StalledTcpListener]:
    with StalledTcpListener() as listener:
        if not listener.stalled:
            pytest.skip("this kernel accepted every connection: no silent TCP port on loopback")
        yield listener


def story_network(silent: StalledTcpListener) -> Network:
    """The data centre (where the prober sits) with its LAN gateway answering and its server silent; the ISP's
    POP silent; Dinas Kesehatan answering; Kantor Camat Waru's router dead, and a village office behind it."""
    lat, lon = COMPLEX
    dead = [f"tcp:{silent.port}"]
    sites = [Site("dc", "Diskominfo", SiteKind.DATACENTER, "Penajam", lat, lon),
             Site("pop", "POP Telkom", SiteKind.ISP_POP, "Penajam", -1.256264, 116.768376, parent="dc"),
             Site("dinkes", "Dinas Kesehatan", SiteKind.SKPD, "Sepaku", -0.92393, 116.583088, parent="dc"),
             Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru", -1.255908, 116.496072, parent="dc"),
             Site("api-api", "Kantor Desa Api-api", SiteKind.DESA, "Waru", -1.40, 116.45, parent="waru")]
    targets = [Target("gw-lan", "dc", "127.0.0.1", TargetRole.LAN_GATEWAY, ["icmp"], interval_s=0.3),
               Target("srv", "dc", silent.host, TargetRole.SERVER, dead, interval_s=0.3),
               Target("gw-isp", "pop", silent.host, TargetRole.ISP_GATEWAY, dead, interval_s=0.3),
               Target("rtr-dinkes", "dinkes", "127.0.0.2", TargetRole.OFFICE_ROUTER, ["icmp"], interval_s=0.3),
               Target("rtr-waru", "waru", silent.host, TargetRole.OFFICE_ROUTER, dead, interval_s=0.3),
               Target("rtr-api-api", "api-api", silent.host, TargetRole.OFFICE_ROUTER, dead, interval_s=0.3)]
    return Network("Story", monitoring=MonitoringSettings(vantage="dc"), sites=sites, targets=targets)


def marker_shows(window: MainWindow, image: QImage, site_id: str, expected: QColor) -> bool:
    """Whether the rendered map has the expected colour in the site's marker (a few pixels around its centre:
    some state shapes leave the very centre open)."""
    position = window.map_view.marker_view_pos(site_id)
    assert position is not None, f"{site_id} is not on the map"
    ratio = image.devicePixelRatio()
    cx, cy = round(position.x() * ratio), round(position.y() * ratio)
    reach = round(5 * ratio)
    want = expected.getRgb()[:3]
    for x in range(cx - reach, cx + reach + 1):
        for y in range(cy - reach, cy + reach + 1):
            if 0 <= x < image.width() and 0 <= y < image.height():
                have = image.pixelColor(x, y).getRgb()[:3]
                if all(abs(a - b) <= 30 for a, b in zip(have, want, strict=True)):
                    return True
    return False


@requires_icmp
def test_with_the_pop_and_the_server_silent_red_is_where_the_faults_are(
    qtbot: QtBot, tmp_path: Path, silent: StalledTcpListener,
) -> None:
    network = story_network(silent)
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.replace_network(network)
        window = MainWindow(network, workspace, tray=False,
                            engine_factory=lambda n: ProbeEngine(n, sink=workspace, settings=FAST))
        qtbot.addWidget(window)
        try:
            window.resize(1000, 700)
            window.show()
            qtbot.waitExposed(window)
            assert window.start_monitoring()
            qtbot.waitUntil(lambda: window.site_states() == {"dc": DOWN, "pop": DOWN, "dinkes": UP, "waru": DOWN,
                                                              "api-api": UNREACHABLE}, timeout=15_000)
            # States hold: nothing flips the dead office to UNREACHABLE a moment later.
            qtbot.wait(2000)
            assert window.site_states()["waru"] is DOWN and window.site_states()["dc"] is DOWN

            model = window.site_table.model
            rows = {model.index(row, Column.NAME).data(): row for row in range(model.rowCount())}
            for name, state in (("Diskominfo", DOWN), ("Dinas Kesehatan", UP), ("Kantor Camat Waru", DOWN)):
                shown = model.index(rows[name], Column.STATE).data()
                assert shown is not None and style(state).source_label.lower() in str(shown).lower(), name

            window.map_view.fit_all()
            qtbot.wait(100)
            image = window.map_view.viewport().grab().toImage()
            red, green = style(DOWN).color, style(UP).color
            assert marker_shows(window, image, "dc", red), "the server's site is red on the map"
            assert marker_shows(window, image, "waru", red), "the dead office is red on the map"
            assert marker_shows(window, image, "dinkes", green), "the office that answers stays green"
            assert not marker_shows(window, image, "dinkes", red)
            assert not marker_shows(window, image, "dc", green)
            assert "1 unreachable" in window.summary_text() and "3 down" in window.summary_text()
        finally:
            window.shutdown()


def test_a_scoped_diagnosis_in_the_window_sees_what_the_engine_knows(
    qtbot: QtBot, tmp_path: Path, silent: StalledTcpListener,
) -> None:
    """Issue 12 item 3: "Diagnose server" must not show a green All clear while an office is dark."""
    from pantau.domain.diagnosis import DiagnosisReport, Verdict
    from pantau.probing.icmp import IcmpPinger

    lat, lon = COMPLEX
    network = Network("Story", monitoring=MonitoringSettings(vantage="dc"),
                      sites=[Site("dc", "Diskominfo", SiteKind.DATACENTER, "Penajam", lat, lon),
                             Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru", -1.255908, 116.496072,
                                  parent="dc")],
                      targets=[Target("gw-lan", "dc", "127.0.0.1", TargetRole.LAN_GATEWAY, ["icmp"], interval_s=0.3),
                               Target("srv", "dc", "127.0.0.2", TargetRole.SERVER, ["icmp"], interval_s=0.3),
                               Target("rtr-waru", "waru", silent.host, TargetRole.OFFICE_ROUTER,
                                      [f"tcp:{silent.port}"], interval_s=0.3)])
    with IcmpPinger() as pinger, Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.replace_network(network)
        window = MainWindow(network, workspace, tray=False, pinger=pinger,
                            engine_factory=lambda n: ProbeEngine(n, sink=workspace, settings=FAST, pinger=pinger))
        qtbot.addWidget(window)
        try:
            assert window.start_monitoring()
            qtbot.waitUntil(lambda: window.site_states().get("waru") is DOWN, timeout=15_000)
            panel = window.diagnostics
            assert panel is not None
            with qtbot.waitSignal(panel.runFinished, timeout=30_000) as finished:
                assert window.diagnose("server")
            report = finished.args[0]
            assert isinstance(report, DiagnosisReport)
            assert report.result.verdict is not Verdict.OK, "the live view has Waru DOWN"
            assert "Kantor Camat Waru" in (panel.report_text() or "")
        finally:
            window.shutdown()
