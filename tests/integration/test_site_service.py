"""The shared reading of a site's record and a contract's SLA service, from a real workspace file filled through the
real writer (tests/history_fill.py): figures checked against the outages the test itself wrote."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.inventory import Contract, Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.sla_terms import SlaExclusion, SlaTerms, SlaWindow
from pantau.reporting.site_service import line_check, read_site_record, read_sla_service
from pantau.storage.workspace import Workspace
from tests.history_fill import DAY, HOUR, NOW, OUTAGES, fill_history, history_network

TZ = ZoneInfo("Asia/Makassar")


def network_with_contract(terms: SlaTerms | None, sla_percent: float | None = 99.9) -> Network:
    network = history_network(sites=3, references=True)
    network.sites.append(Site("empty", "Kantor tanpa target", SiteKind.SKPD, "Waru"))
    network.links = [Link("l0", "s0", "dc", "Telkom", LinkMedium.FIBER, 2000, circuit_id="C-1", contracts=["k"]),
                     Link("l1", "s1", "dc", "Telkom", LinkMedium.FIBER, 2000, circuit_id="C-2", contracts=["k"])]
    network.contracts = [Contract("k", "Telkom", "1/SPK", "intranet", 2000, date(2026, 1, 1), date(2026, 12, 31),
                                  1_200_000_000, sla_percent=sla_percent, sla=terms)]
    return network


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    path: Path = tmp_path_factory.mktemp("ws") / "w.sqlite3"
    ws = Workspace.open(path)
    fill_history(ws, network_with_contract(None))
    return ws


def test_a_sites_record_counts_the_outages_it_wrote_over_monitored_time(workspace: Workspace) -> None:
    network = network_with_contract(None)
    # A month: hourly rollups, each hour holding rounds (the 10-minute rounds of the first weeks make minute
    # rollups with 9-minute silences, which are not monitored time).
    start = NOW - 29 * DAY
    record = read_site_record(workspace, network, "s0", start, NOW, NOW)
    down = sum(end - begin for begin, end in OUTAGES["s0"])
    assert [(o.start, o.end) for o in record.outages] == OUTAGES["s0"]
    assert all(o.event_id > 0 for o in record.outages)
    assert record.availability.monitored_s == pytest.approx(29 * DAY, abs=HOUR)
    assert record.availability.uptime == pytest.approx(100 * (1 - down / record.availability.measured_s), abs=1e-6)
    quiet = read_site_record(workspace, network, "s1", start, NOW, NOW)
    assert quiet.outages == [] and quiet.availability.uptime == 100.0


def test_a_site_with_nothing_measured_has_no_figure(workspace: Workspace) -> None:
    network = network_with_contract(None)
    assert line_check(network, "empty") is None
    record = read_site_record(workspace, network, "empty", NOW - DAY, NOW, NOW)
    assert record.covered == [] and record.availability.uptime is None


def test_the_sla_service_of_a_contract_follows_its_lines_outages(workspace: Workspace) -> None:
    terms = SlaTerms(SlaWindow.MONTH, credit_percent_per_hour=5, credit_cap_percent=100)
    network = network_with_contract(terms)
    contract = network.contracts[0]
    today = datetime.fromtimestamp(NOW, TZ).date()
    service = read_sla_service(workspace, network, contract, today, today, NOW)
    by_link = {w.link_id: w for w in service.windows}
    month_start = datetime(today.year, today.month, 1, tzinfo=TZ).timestamp()
    down = sum(end - begin for begin, end in OUTAGES["s0"])
    s0 = by_link["l0"]
    assert s0.running and s0.down_s == down
    assert s0.watched_s == pytest.approx(NOW - month_start, abs=60)
    expected_hours = int((down - s0.watched_s * 0.001) // HOUR)
    assert s0.excess_hours == expected_hours > 0
    line_fee = 1_200_000_000 / 12 / 2
    assert service.credit_idr == pytest.approx(line_fee * 5 / 100 * expected_hours)
    assert by_link["l1"].down_s == 0 and by_link["l1"].excess_hours == 0


def test_announced_maintenance_over_the_outage_earns_no_credit(workspace: Workspace) -> None:
    begin, end = OUTAGES["s0"][0]
    exclusion = SlaExclusion(datetime.fromtimestamp(begin, TZ).replace(tzinfo=None),
                             datetime.fromtimestamp(end, TZ).replace(tzinfo=None), "upgrade")
    network = network_with_contract(SlaTerms(SlaWindow.MONTH, 5, 100, [exclusion]))
    today = datetime.fromtimestamp(NOW, TZ).date()
    service = read_sla_service(workspace, network, network.contracts[0], today, today, NOW)
    s0 = next(w for w in service.windows if w.link_id == "l0")
    assert s0.down_s == OUTAGES["s0"][1][1] - OUTAGES["s0"][1][0]
    assert s0.excluded_s == end - begin
    assert service.credit_idr == 0
