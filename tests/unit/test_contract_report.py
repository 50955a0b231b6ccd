"""The contract report's HTML: sections, Indonesian and English text, gaps, measured service and outages."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.contract_service import ContractService, Interval, LinkService
from pantau.reporting.contract_report import contract_report_html
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file


def test_indonesian_report_of_the_seed_contract_shows_the_gap_and_the_cut_request() -> None:
    network = load_network_file(sample_network_path())
    html = contract_report_html(network, "ctr-dukcapil-2016", date(2017, 7, 10), "id")
    for text in ("027/SPK/DISKOMINFO/VI/2016", "Rp 1.800.000.000", "TANPA KONTRAK", "1 Juli 2017", "31 Juli 2017",
                 "31 hari", "dicoret", "Bappeda PPU", "berakhir", "Tidak ada riwayat pemantauan"):
        assert text in html
    assert "color:#c00000" in html


def test_english_report_shows_measured_service_and_outages_in_the_network_zone() -> None:
    network = load_network_file(sample_network_path())
    tz = ZoneInfo(network.timezone)
    start = datetime(2026, 3, 2, 23, 30, tzinfo=tz).timestamp()
    service = ContractService("ctr-intranet-2026", 99.5, (LinkService("link-disdukcapil", 100 * 3600, 3 * 3600),),
                              1_000_000.0)
    html = contract_report_html(network, "ctr-intranet-2026", date(2026, 11, 27), "en", service,
                                [("link-disdukcapil", Interval(start, start + 3 * 3600))])
    for text in ("Contract report", "97.00 %", "Downtime: 3.0 hours", "SLA credit estimate: Rp 1.000.000",
                 "2 March 2026 23:30", "3 March 2026 02:30"):
        assert text in html


def test_unknown_contract_is_refused() -> None:
    network = load_network_file(sample_network_path())
    with pytest.raises(KeyError):
        contract_report_html(network, "nope", date(2026, 1, 1))
