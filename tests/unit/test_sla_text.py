"""The SLA worded (`reporting.sla_text`): window names, an earlier window summed up by its worst line, and no figure
where nothing was watched or the contract gives no rule."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pantau.domain.contract_service import Interval
from pantau.domain.contracts import DateSpan
from pantau.domain.inventory import Contract, Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.sla import sla_service
from pantau.domain.sla_terms import SlaTerms, SlaWindow
from pantau.reporting.idformat import format_rupiah
from pantau.reporting.sla_text import panel_lines, window_name

TZ = ZoneInfo("Asia/Makassar")


def ts(year: int, month: int, day: int, hour: int = 0) -> float:
    return datetime(year, month, day, hour, tzinfo=TZ).timestamp()


def network(terms: SlaTerms | None) -> Network:
    return Network("n", timezone="Asia/Makassar",
                   sites=[Site("dc", "Pusat data", SiteKind.DATACENTER), Site("a", "Kantor A", SiteKind.SKPD),
                          Site("b", "Kantor B", SiteKind.SKPD)],
                   links=[Link("la", "a", "dc", "Telkom", LinkMedium.FIBER, 10, contracts=["k"]),
                          Link("lb", "b", "dc", "Telkom", LinkMedium.FIBER, 10, contracts=["k"])],
                   contracts=[Contract("k", "Telkom", "1/SPK", "intranet", 10, date(2026, 1, 1), date(2026, 12, 31),
                                       1_200_000_000, sla_percent=99.0, sla=terms)])


def test_window_names() -> None:
    span = DateSpan(date(2026, 10, 1), date(2026, 12, 31))
    assert window_name("id", span, SlaWindow.QUARTER) == "Triwulan 4 2026"
    assert window_name("en", span, SlaWindow.QUARTER) == "Q4 2026"
    assert window_name("id", span, SlaWindow.MONTH) == "Oktober 2026"
    assert window_name("en", span, SlaWindow.YEAR) == "2026"


def test_an_earlier_window_is_summed_up_by_its_worst_line_and_the_credit_so_far_counts_it() -> None:
    net = network(SlaTerms(SlaWindow.MONTH, credit_percent_per_hour=10, credit_cap_percent=25))
    # October watched whole on both lines; line a down 12 h: 744 h × 1 % allows 7.44 h, so 4 whole hours beyond:
    # 40 % of its monthly fee (Rp 50,000,000: the year's value over 12 months and 2 lines), capped at 25 %.
    october = [Interval(ts(2026, 10, 1), ts(2026, 11, 1))]
    service = sla_service(net, net.contracts[0], TZ, {"la": [Interval(ts(2026, 10, 5), ts(2026, 10, 5, 12))]},
                          {"la": october, "lb": october}, ts(2026, 11, 2), date(2026, 10, 1), date(2026, 11, 2))
    lines = panel_lines("en", net, service, date(2026, 11, 2))
    credit = format_rupiah(0.25 * 50_000_000)
    assert lines == ["November 2026 (running): not monitored, no figure",
                     f"October 2026: worst line Kantor A {100 * (1 - 12 / 744):.2f} % (target 99 %), 4 h beyond the "
                     f"allowance, credit {credit}",
                     f"SLA credit due so far: {credit}"]


def test_no_credit_rule_gives_no_amount() -> None:
    net = network(None)
    october = [Interval(ts(2026, 10, 1), ts(2026, 11, 1))]
    service = sla_service(net, net.contracts[0], TZ, {}, {"la": october}, ts(2026, 11, 1), date(2026, 10, 1),
                          date(2026, 10, 31))
    lines = panel_lines("id", net, service, date(2026, 10, 31))
    assert lines[0].startswith("Oktober 2026 · Kantor A: ketersediaan 100,00 % (target 99 %)")
    assert "tanpa aturan kompensasi" in lines[0]
    assert lines[-1] == "Tidak ada kompensasi SLA: kontrak tidak mencantumkan aturan kompensasi."
    assert not any("Rp" in line for line in lines)
