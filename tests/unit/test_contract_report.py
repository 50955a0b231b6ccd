"""The contract report's HTML: sections, Indonesian and English text, gaps, measured service and outages."""

from __future__ import annotations

from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.contract_service import Interval
from pantau.domain.inventory import Network
from pantau.domain.sla import SlaGap, SlaService, sla_service
from pantau.reporting.contract_report import contract_report_html, evidence_diagnoses, link_groups
from pantau.reporting.idformat import format_rupiah
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import DiagnosisRow


def test_indonesian_report_of_the_seed_contract_shows_the_gap_and_the_cut_request() -> None:
    network = load_network_file(sample_network_path())
    html = contract_report_html(network, "ctr-dukcapil-2016", date(2017, 7, 10), "id")
    for text in ("027/SPK/DISKOMINFO/VI/2016", "Rp 1.800.000.000", "TANPA KONTRAK", "1 Juli 2017", "31 Juli 2017",
                 "31 hari", "dicoret", "Bappeda PPU", "berakhir", "Tidak ada riwayat pemantauan"):
        assert text in html
    assert "color:#c00000" in html


def march_service(network: Network, down_hours: float) -> SlaService:
    """ctr-intranet-2026 over March 2026, the Disdukcapil line watched all month and down `down_hours` from 2 March
    23:30; the other lines never watched."""
    tz = ZoneInfo(network.timezone)
    contract = network.contract("ctr-intranet-2026")
    assert contract is not None
    start = datetime(2026, 3, 2, 23, 30, tzinfo=tz).timestamp()
    month = Interval(datetime(2026, 3, 1, tzinfo=tz).timestamp(), datetime(2026, 4, 1, tzinfo=tz).timestamp())
    return sla_service(network, contract, tz, {"link-disdukcapil": [Interval(start, start + down_hours * 3600)]},
                       {"link-disdukcapil": [month]}, month.end, date(2026, 3, 1), date(2026, 3, 31))


def test_english_report_shows_the_sla_terms_the_credit_per_window_and_outages_in_the_network_zone() -> None:
    network = load_network_file(sample_network_path())
    tz = ZoneInfo(network.timezone)
    start = datetime(2026, 3, 2, 23, 30, tzinfo=tz).timestamp()
    html = unescape(contract_report_html(network, "ctr-intranet-2026", date(2026, 11, 27), "en",
                                         march_service(network, 10),
                                         [("link-disdukcapil", Interval(start, start + 10 * 3600))]))
    lines = sum(1 for link in network.links if "ctr-intranet-2026" in link.contracts)
    # March has 744 hours; the announced maintenance of 8 March (22:00-02:00) leaves 740 watched, of which 99.5 %
    # allows 3.7 hours down: 10 hours down is 6 whole hours beyond, 6 x 2 % of the line's monthly fee (a twelfth
    # of the year's value shared by the contract's lines), below the 30 % cap.
    credit = round(6 * 0.02 * 3_120_000_000 / 12 / lines)
    assert "Rp 3.120.000.000" in html  # the value the fee is taken from
    for text in ("Availability target 99.5 % per calendar month", "2 % of the line's monthly fee per whole hour",
                 "at most 30 %", "Maintenance excluded: 8 March 2026 22:00 – 9 March 2026 02:00",
                 "March 2026", "Dinas Kependudukan", f"{100 * (1 - 10 / 740):.2f} %", ">6<",
                 f"{format_rupiah(credit)}", "Total", f"Left out, not monitored (no figure): {lines - 1} line",
                 "2 March 2026 23:30", "3 March 2026 09:30"):
        assert text in html


def test_indonesian_report_says_why_there_is_no_credit() -> None:
    network = load_network_file(sample_network_path())
    html = unescape(contract_report_html(network, "ctr-dukcapil-2016", date(2017, 7, 10), "id",
                                         SlaService("ctr-dukcapil-2016", 99.5, None, (), SlaGap.NO_CREDIT_RULE)))
    assert "Target ketersediaan 99,5 % per bulan kalender" in html
    assert "Tidak ada kompensasi SLA: kontrak tidak mencantumkan aturan kompensasi." in html
    assert "Tidak ada jalur kontrak ini yang dipantau" in html
    assert "Rp 0" not in html


def test_unknown_contract_is_refused() -> None:
    network = load_network_file(sample_network_path())
    with pytest.raises(KeyError):
        contract_report_html(network, "nope", date(2026, 1, 1))


def saved(row_id: int, when: datetime, scope: str, verdict: str = "isp-link") -> DiagnosisRow:
    return DiagnosisRow(row_id, when.timestamp(), scope, verdict, "en", f"Verdict: {verdict} #{row_id}", "{}")


def test_evidence_is_the_diagnoses_of_the_contracts_sites_within_its_period_and_the_gap_after() -> None:
    network = load_network_file(sample_network_path())
    tz = ZoneInfo(network.timezone)
    contract = network.contract("ctr-dukcapil-2016")
    assert contract is not None
    rows = [
        saved(1, datetime(2017, 7, 3, 9, tzinfo=tz), "site disdukcapil"),  # in the July gap: the cut
        saved(2, datetime(2016, 9, 1, 9, tzinfo=tz), "all", "degraded"),
        saved(3, datetime(2017, 7, 3, 9, tzinfo=tz), "site camat-waru"),  # another office's line
        saved(4, datetime(2017, 7, 3, 9, tzinfo=tz), "server", "server"),  # not about a line
        saved(5, datetime(2017, 8, 1, 0, 0, tzinfo=tz), "site disdukcapil"),  # the next contract's first minute
        saved(6, datetime(2016, 6, 30, 23, 59, tzinfo=tz), "site disdukcapil"),  # before the start
        saved(7, datetime(2017, 7, 3, 9, tzinfo=tz), "isp"),  # the contract is not the internet uplink
    ]
    assert [row.id for row in evidence_diagnoses(network, contract, rows)] == [1, 2]
    internet = network.contract("ctr-internet-2026")
    assert internet is not None
    isp = saved(8, datetime(2026, 5, 1, tzinfo=tz), "isp")
    behind = saved(9, datetime(2026, 5, 2, tzinfo=tz), "site camat-waru")  # behind the data centre's uplink
    assert [row.id for row in evidence_diagnoses(network, internet, [isp, behind])] == [9, 8]


def test_report_prints_the_evidence_the_timeline_pictures_and_indonesian_warnings() -> None:
    network = load_network_file(sample_network_path())
    tz = ZoneInfo(network.timezone)
    rows = [saved(1, datetime(2017, 7, 3, 9, 15, tzinfo=tz), "site disdukcapil")]
    groups = link_groups(network, "ctr-dukcapil-2016")
    assert [[link.id for link in group] for group in groups] == [["link-disdukcapil"]]
    html = contract_report_html(network, "ctr-dukcapil-2016", date(2017, 7, 10), "id", diagnoses=rows,
                                timeline_images={"link-disdukcapil": "timeline-0.png"})
    assert "<img src='timeline-0.png'" in html
    assert "Bukti: hasil diagnosis tersimpan" in html
    office = network.site("disdukcapil")
    assert office is not None and f"3 Juli 2017 09:15 · {office.name}" in html
    assert "Kesimpulan: server dan LAN normal, link ISP putus" in html and "Verdict: isp-link #1" in html
    assert "(isp-link)" not in html
    assert "jalur link-disdukcapil tanpa kontrak 1 Juli 2017 – 31 Juli 2017 (31 hari)" in html


def test_links_with_one_history_share_a_section() -> None:
    network = load_network_file(sample_network_path())
    groups = link_groups(network, "ctr-intranet-2026")
    assert len(groups) == 3
    assert sum(len(group) for group in groups) == sum(1 for link in network.links
                                                      if "ctr-intranet-2026" in link.contracts)
    html = contract_report_html(network, "ctr-intranet-2026", date(2026, 11, 27), "en")
    assert html.count("<h3>") == 3 and "Links link-kantor-bupati, link-bappelitbang" in html
    assert "No saved diagnosis" in html
