"""A contract's measured use from a real workspace: the figures per line, the office-hours warning, and both in the
contract report, in English and Indonesian."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.inventory import Contract, Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.traffic import OperStatus, TrafficInterval
from pantau.reporting.contract_report import contract_report_html
from pantau.reporting.contract_use import line_full_warnings, read_contract_use, use_lines
from pantau.storage.workspace import Workspace

WITA = ZoneInfo("Asia/Makassar")


def network() -> Network:
    snmp = SnmpInterface("127.0.0.1", "ether1", community_secret="c")
    return Network(
        "Uji", timezone="Asia/Makassar",
        sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("k", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="dc")],
        links=[Link("link-waru", "k", "dc", "Telkom", LinkMedium.FIBER, 100, contracts=["c17"], snmp=snmp),
               Link("link-waru-4g", "k", "dc", "Indosat", LinkMedium.CELLULAR_4G, 100, contracts=["c17"])],
        contracts=[Contract("c17", "Telkom", "027/SPK/2016", "100 kbps", 100, date(2016, 7, 1), date(2017, 6, 30),
                            1_800_000_000)])


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "ws.sqlite3") as opened:
        yield opened


def fill_two_weeks(workspace: Workspace) -> None:
    """From Monday 6 March 2017: office hours (09–16 WITA) at 95 kbit/s, the rest at 10 kbit/s, an interval a
    10 minutes (what matters is the hours' means)."""
    rows = []
    start = datetime(2017, 3, 6, tzinfo=WITA)
    for step in range(14 * 24 * 6):
        moment = start + timedelta(minutes=10 * step)
        bps = 95_000.0 if moment.weekday() < 5 and 9 <= moment.hour < 16 else 10_000.0
        t0 = moment.timestamp()
        rows.append(TrafficInterval("link-waru", t0, t0 + 600, bps, bps / 10, OperStatus.UP))
    workspace.record_traffic(rows)


def test_measured_use_per_line_with_the_warning(workspace: Workspace) -> None:
    fill_two_weeks(workspace)
    net = network()
    contract = net.contracts[0]
    usage = read_contract_use(net, workspace, contract)
    assert [link.id for link, _ in usage] == ["link-waru"]  # the 4G line has no SNMP: not listed, not idle
    link, used = usage[0]
    assert used.working_days_measured == 10 and used.working_days_full == 10 and used.full_in_office_hours
    assert used.hours_full == 70
    english = use_lines("en", contract, link, used)
    assert english[0] == "link-waru: measured 14.0 of 365 days (3.8 %) against 100 kbps committed"
    # (70 h at 95 % + 266 h at 10 %) / 336 h = 27.7 %
    assert english[1].startswith("mean 28 %, 95th percentile of the hourly means 95 %, peak 95 %; 70 hours")
    assert english[2].startswith("cost per paid Mbps Rp")
    assert line_full_warnings("en", net, usage) == ["line link-waru full 09–16 WITA on 10 of 10 working days"]
    assert line_full_warnings("id", net, usage) == [
        "jalur link-waru penuh pukul 09–16 WITA pada 10 dari 10 hari kerja"]
    assert use_lines("id", contract, link, used)[0].startswith("link-waru: terukur 14,0 dari 365 hari (3,8 %)")

    html = contract_report_html(net, "c17", date(2017, 7, 10), "en", usage=usage)
    assert "<h2>Measured use (SNMP)</h2>" in html
    assert "line link-waru full 09–16 WITA on 10 of 10 working days" in html
    assert "95th percentile of the hourly means 95 %" in html


def test_a_contract_with_no_measured_line_says_so(workspace: Workspace) -> None:
    net = network()
    for link in net.links:
        link.snmp = None
    assert read_contract_use(net, workspace, net.contracts[0]) == []
    html = contract_report_html(net, "c17", date(2017, 7, 10), "id")
    assert "Tidak ada jalur kontrak ini yang trafiknya diukur (SNMP) dalam masa kontrak." in html


def test_a_measured_line_with_nothing_in_the_period_is_not_a_zero(workspace: Workspace) -> None:
    net = network()
    usage = read_contract_use(net, workspace, net.contracts[0])
    link, used = usage[0]
    assert used.mean_bps is None
    assert use_lines("en", net.contracts[0], link, used) == ["link-waru: nothing measured in the period."]
    assert line_full_warnings("en", net, usage) == []
