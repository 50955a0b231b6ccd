"""SLA terms: windows, allowance, whole hours beyond it, the credit rule and its cap, maintenance exclusions, the
watched share, and the terms through the network file and the workspace. Every expected figure is worked out by
hand in the test from the contract's numbers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.contract_service import Interval
from pantau.domain.contracts import DateSpan
from pantau.domain.inventory import Contract, Link, LinkMedium, Network, Site, SiteKind, validate_network
from pantau.domain.sla import SlaGap, months_in, sla_service, window_days
from pantau.domain.sla_terms import SlaExclusion, SlaTerms, SlaWindow
from pantau.storage.networkfile import NetworkFileError, dump_network, parse_network_text
from pantau.storage.workspace import Workspace

D = date
TZ = ZoneInfo("Asia/Makassar")
HOUR = 3600.0


def ts(y: int, m: int, d: int, h: float = 0) -> float:
    return datetime(y, m, d, tzinfo=TZ).timestamp() + h * HOUR


def contract(**overrides: Any) -> Contract:
    fields: dict[str, Any] = {
        "provider": "Telkom", "number": "185/SPK/2026", "service": "intranet", "bandwidth_kbps": 2000,
        "start": D(2026, 1, 1), "end": D(2026, 12, 31), "value_idr": 1_200_000_000, "sla_percent": 99.5,
        "sla": SlaTerms(SlaWindow.MONTH, credit_percent_per_hour=5, credit_cap_percent=50)}
    fields.update(overrides)
    return Contract("ctr", **fields)


def network(c: Contract, lines: int = 1) -> Network:
    sites = [Site("dc", "Data centre", SiteKind.DATACENTER)] + [
        Site(f"o{n}", f"Office {n}", SiteKind.SKPD, parent="dc") for n in range(lines)]
    links = [Link(f"l{n}", f"o{n}", "dc", "Telkom", LinkMedium.FIBER, 2000, contracts=[c.id]) for n in range(lines)]
    return Network("n", timezone="Asia/Makassar", sites=sites, links=links, contracts=[c])


def watching(interval: Interval) -> dict[str, list[Interval]]:
    """Every line of `network` (up to four) monitored over `interval`."""
    return {f"l{n}": [interval] for n in range(4)}


def test_month_windows_are_calendar_months_cut_to_the_contract() -> None:
    c = contract(start=D(2026, 1, 15), end=D(2026, 4, 10))
    assert window_days(c, SlaWindow.MONTH, D(2026, 1, 1), D(2026, 12, 31)) == [
        DateSpan(D(2026, 1, 15), D(2026, 1, 31)), DateSpan(D(2026, 2, 1), D(2026, 2, 28)),
        DateSpan(D(2026, 3, 1), D(2026, 3, 31)), DateSpan(D(2026, 4, 1), D(2026, 4, 10))]
    assert window_days(c, SlaWindow.QUARTER, D(2026, 3, 1), D(2026, 3, 2)) == [DateSpan(D(2026, 1, 15),
                                                                                       D(2026, 3, 31))]
    assert window_days(c, SlaWindow.YEAR, D(2020, 1, 1), D(2030, 1, 1)) == [DateSpan(D(2026, 1, 15),
                                                                                    D(2026, 4, 10))]
    assert window_days(c, SlaWindow.MONTH, D(2027, 1, 1), D(2027, 2, 1)) == []


def test_months_in_counts_part_months_by_their_days() -> None:
    assert months_in(DateSpan(D(2026, 1, 1), D(2026, 3, 31))) == pytest.approx(3.0)
    assert months_in(DateSpan(D(2026, 1, 15), D(2026, 1, 31))) == pytest.approx(17 / 31)
    assert months_in(DateSpan(D(2024, 2, 1), D(2024, 2, 29))) == pytest.approx(1.0)


def test_credit_counts_whole_hours_beyond_the_allowance_of_the_watched_window() -> None:
    c = contract()
    n = network(c)
    april = Interval(ts(2026, 4, 1), ts(2026, 5, 1))
    # 30 days watched: 99.5 % allows 3.6 h down; 9.5 h down is 5.9 h beyond, so 5 whole hours.
    down = [Interval(ts(2026, 4, 10, 8), ts(2026, 4, 10, 17.5))]
    service = sla_service(n, c, TZ, {"l0": down}, watching(april), now=ts(2026, 6, 1), first=D(2026, 4, 1),
                          last=D(2026, 4, 30))
    (window,) = service.windows
    assert window.days == DateSpan(D(2026, 4, 1), D(2026, 4, 30))
    assert window.watched_s == 30 * 24 * HOUR
    assert window.down_s == 9.5 * HOUR
    assert window.allowed_down_s == pytest.approx(3.6 * HOUR)
    assert window.excess_hours == 5
    assert window.availability_percent == pytest.approx(100 * (1 - 9.5 / 720))
    assert window.meets_target is False
    monthly_fee = 1_200_000_000 / 12
    assert window.monthly_fee_idr == pytest.approx(monthly_fee)
    assert service.credit_idr == pytest.approx(monthly_fee * 5 * 5 / 100)
    assert service.gap is None


def test_credit_is_capped_per_window_at_a_share_of_the_windows_fee() -> None:
    c = contract()
    n = network(c)
    april = Interval(ts(2026, 4, 1), ts(2026, 5, 1))
    # Three days down: 68 hours beyond the allowance at 5 %: 340 %, capped at 50 % of April's fee.
    service = sla_service(n, c, TZ, {"l0": [Interval(ts(2026, 4, 2), ts(2026, 4, 5))]}, watching(april),
                          now=ts(2026, 6, 1), first=D(2026, 4, 1), last=D(2026, 4, 30))
    assert service.windows[0].excess_hours == 68
    assert service.credit_idr == pytest.approx(1_200_000_000 / 12 * 0.5)


def test_a_contract_on_several_lines_credits_each_line_on_its_share_of_the_fee() -> None:
    c = contract()
    n = network(c, lines=4)
    april = Interval(ts(2026, 4, 1), ts(2026, 5, 1))
    down = {"l2": [Interval(ts(2026, 4, 10, 8), ts(2026, 4, 10, 17.5))]}
    service = sla_service(n, c, TZ, down, watching(april), now=ts(2026, 6, 1), first=D(2026, 4, 1), last=D(2026, 4, 30))
    assert [w.link_id for w in service.windows] == ["l0", "l1", "l2", "l3"]
    assert [w.excess_hours for w in service.windows] == [0, 0, 5, 0]
    assert service.credit_idr == pytest.approx(1_200_000_000 / 12 / 4 * 0.25)


def test_maintenance_leaves_the_downtime_and_the_measured_time() -> None:
    terms = SlaTerms(SlaWindow.MONTH, 5, 100, [SlaExclusion(datetime(2026, 4, 10, 8), datetime(2026, 4, 10, 14))])
    c = contract(sla=terms)
    april = Interval(ts(2026, 4, 1), ts(2026, 5, 1))
    service = sla_service(network(c), c, TZ, {"l0": [Interval(ts(2026, 4, 10, 8), ts(2026, 4, 10, 17.5))]},
                          watching(april), now=ts(2026, 6, 1), first=D(2026, 4, 1), last=D(2026, 4, 30))
    (window,) = service.windows
    assert window.excluded_s == 6 * HOUR
    assert window.down_s == 3.5 * HOUR
    assert window.watched_s == (720 - 6) * HOUR
    # 714 h watched allow 3.57 h: 3.5 h is within it.
    assert window.excess_hours == 0
    assert window.meets_target is True
    assert service.credit_idr == 0


def test_only_watched_time_counts_and_a_window_nobody_watched_has_no_figure() -> None:
    c = contract()
    n = network(c)
    ten_days = Interval(ts(2026, 4, 1), ts(2026, 4, 11))
    service = sla_service(n, c, TZ, {"l0": [Interval(ts(2026, 4, 20), ts(2026, 4, 22))]}, watching(ten_days),
                          now=ts(2026, 6, 1), first=D(2026, 4, 1), last=D(2026, 5, 31))
    april, may = service.windows
    # The down days fall outside what was watched: not counted, and the window says it rests on a third.
    assert april.down_s == 0
    assert april.watched_share == pytest.approx(1 / 3)
    assert april.availability_percent == 100.0
    assert may.watched_s == 0
    assert may.availability_percent is None
    assert may.meets_target is None


def test_a_running_window_is_watched_only_until_now() -> None:
    c = contract()
    now = ts(2026, 4, 15, 12)
    service = sla_service(network(c), c, TZ, {}, watching(Interval(ts(2026, 4, 1), ts(2026, 5, 1))), now=now,
                          first=D(2026, 4, 1), last=D(2026, 4, 30))
    (window,) = service.windows
    assert window.running
    assert window.watched_s == pytest.approx(14.5 * 24 * HOUR)


@pytest.mark.parametrize(("overrides", "gap"), [
    ({"sla_percent": None}, SlaGap.NO_TARGET),
    ({"sla": None}, SlaGap.NO_CREDIT_RULE),
    ({"sla": SlaTerms(SlaWindow.MONTH, credit_percent_per_hour=0)}, SlaGap.NO_CREDIT_RULE),
])
def test_without_a_target_or_a_rule_there_is_no_credit_figure(overrides: dict[str, Any], gap: SlaGap) -> None:
    c = contract(**overrides)
    service = sla_service(network(c), c, TZ, {"l0": [Interval(ts(2026, 4, 2), ts(2026, 4, 5))]},
                          watching(Interval(ts(2026, 4, 1), ts(2026, 5, 1))), now=ts(2026, 6, 1), first=D(2026, 4, 1),
                          last=D(2026, 4, 30))
    assert service.gap == gap
    assert service.credit_idr is None
    if gap is SlaGap.NO_CREDIT_RULE:
        assert service.windows[0].meets_target is False


def test_terms_are_validated_with_the_field_named() -> None:
    bad = SlaTerms(SlaWindow.MONTH, credit_percent_per_hour=150, credit_cap_percent=0,
                   exclusions=[SlaExclusion(datetime(2026, 4, 2), datetime(2026, 4, 1))])
    problems = {(p.field, p.message) for p in validate_network(network(contract(sla=bad, sla_percent=None)))}
    fields = {f for f, _ in problems}
    assert {"sla", "sla.credit_percent_per_hour", "sla.credit_cap_percent", "sla.exclusions[0].end"} <= fields


_FILE = """
format = 1
[network]
name = "n"
timezone = "Asia/Makassar"
[[sites]]
id = "dc"
name = "Data centre"
kind = "datacenter"
[[sites]]
id = "o0"
name = "Office"
kind = "skpd"
parent = "dc"
[[links]]
id = "l0"
a = "o0"
b = "dc"
provider = "Telkom"
medium = "fiber"
bandwidth_kbps = 2000
contracts = ["ctr"]
[[contracts]]
id = "ctr"
provider = "Telkom"
number = "1/SPK"
bandwidth_kbps = 2000
start = 2026-01-01
end = 2026-12-31
value_idr = 1200000000
sla_percent = 99.5
[contracts.sla]
window = "quarter"
credit_percent_per_hour = 2.5
credit_cap_percent = 30
[[contracts.sla.exclusions]]
start = 2026-03-08T22:00:00
end = 2026-03-09T02:00:00
note = "Pemeliharaan"
"""


def test_terms_round_trip_through_the_network_file_and_the_workspace(tmp_path: Path) -> None:
    parsed = parse_network_text(_FILE, "net.toml")
    terms = parsed.contracts[0].sla
    assert terms == SlaTerms(SlaWindow.QUARTER, 2.5, 30.0,
                             [SlaExclusion(datetime(2026, 3, 8, 22), datetime(2026, 3, 9, 2), "Pemeliharaan")])
    assert parse_network_text(dump_network(parsed), "again.toml").contracts == parsed.contracts
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        workspace.replace_network(parsed)
        loaded = workspace.load_network()
    assert loaded is not None and loaded.contracts[0].sla == terms


@pytest.mark.parametrize(("old", "new", "words"), [
    ('window = "quarter"', 'window = "weekly"', "not one of: month, quarter, year"),
    ("credit_cap_percent = 30", "credit_cap_percent = 0", "above 0"),
    ("start = 2026-03-08T22:00:00", "start = 2026-03-08T22:00:00+08:00", "without an offset"),
    ("start = 2026-03-08T22:00:00", "start = 2026-03-08", "local date and time"),
    ("sla_percent = 99.5\n", "", "need the availability target"),
    ('note = "Pemeliharaan"', 'note = "x"\nwho = 1', "unknown key"),
])
def test_bad_terms_in_the_file_are_named_by_file_and_field(old: str, new: str, words: str) -> None:
    text = _FILE.replace(old, new)
    with pytest.raises(NetworkFileError) as error:
        parse_network_text(text, "net.toml")
    assert words in str(error.value)
    assert "net.toml" in str(error.value) and "sla" in str(error.value)
