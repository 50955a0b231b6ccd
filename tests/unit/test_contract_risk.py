"""Each site's contract risk for the map, the office table and the tray: levels, days left, texts, which link
counts (the one that serves the site that day, `domain.links`), and edge cases at the day boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from pantau.domain.contract_risk import RiskLevel, SiteContractRisk, site_contract_risks
from pantau.domain.inventory import (
    BudgetRequest,
    BudgetStatus,
    Contract,
    Link,
    LinkMedium,
    LinkRole,
    Network,
    Site,
    SiteKind,
)
from pantau.reporting.contract_text import risk_text
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from tests.unit.test_contracts import contract

D = date


def approved(year: int) -> list[BudgetRequest]:
    return [BudgetRequest(year, 1_000_000, BudgetStatus.APPROVED, D(year - 1, 11, 30))]


def network(contracts: list[Contract], primary: list[str], backup: list[str] | None = None) -> Network:
    sites = [Site("hub", "Diskominfo", SiteKind.DATACENTER),
             Site("office", "Disdukcapil", SiteKind.SKPD, parent="hub"),
             Site("lonely", "Desa", SiteKind.DESA, parent="hub")]
    links = [Link("primary", "office", "hub", "Telkom", LinkMedium.FIBER, 100, contracts=primary)]
    if backup is not None:
        links.append(Link("backup", "office", "hub", "Indosat", LinkMedium.CELLULAR_4G, 20000, role=LinkRole.BACKUP,
                          contracts=backup))
    return Network("t", sites=sites, links=links, contracts=contracts)


SEED = contract("seed", D(2016, 7, 1), D(2017, 6, 30))
NEXT = contract("next", D(2017, 8, 1), D(2017, 12, 31), budget_requests=approved(2018))


def risk(net: Network, today: date, site: str = "office") -> SiteContractRisk:
    return site_contract_risks(net, today)[site]


def test_levels_are_ordered_from_harmless_to_worst() -> None:
    assert (RiskLevel.NO_CONTRACT < RiskLevel.OK < RiskLevel.EXPIRING < RiskLevel.EXPIRING_SOON
            < RiskLevel.AT_RISK < RiskLevel.LAPSED)


def test_expired_ten_days_ago_in_both_languages() -> None:
    found = risk(network([SEED], ["seed"]), D(2017, 7, 10))
    assert found.level is RiskLevel.LAPSED and found.days_left == -10
    assert risk_text(found, "id") == "Kontrak habis 10 hari lalu"
    assert risk_text(found, "en") == "Contract expired 10 days ago"
    assert (found.link_id, found.contract_id) == ("primary", "seed")


def test_the_first_uncovered_day_is_lapsed_and_the_last_covered_day_is_not() -> None:
    net = network([SEED], ["seed"])
    last = risk(net, D(2017, 6, 30))
    assert last.days_left == 0 and last.level is RiskLevel.AT_RISK  # no approved 2017 budget
    assert "today" not in risk_text(last, "en")
    first = risk(net, D(2017, 7, 1))
    assert first.level is RiskLevel.LAPSED and risk_text(first, "en") == "Contract expired 1 day ago"


def test_inside_a_gap_between_contracts_counts_days_since_it_began() -> None:
    found = risk(network([SEED, NEXT], ["seed", "next"]), D(2017, 7, 10))
    assert found.level is RiskLevel.LAPSED and found.days_left == -10
    assert risk_text(found, "en") == "No contract for 10 days"
    assert risk_text(found, "id") == "Tanpa kontrak sejak 10 hari"
    assert found.contract_id == "seed"


def test_a_gap_ahead_outranks_the_days_left() -> None:
    found = risk(network([SEED, NEXT], ["seed", "next"]), D(2017, 1, 15))
    assert found.level is RiskLevel.AT_RISK and found.days_left == 166
    assert risk_text(found, "en") == "Contract gap of 31 days starts in 167 days"


def test_a_one_day_gap_is_a_gap() -> None:
    after = contract("after", D(2017, 7, 2), D(2018, 6, 30), budget_requests=approved(2018))
    net = network([SEED, after], ["seed", "after"])
    assert risk_text(risk(net, D(2017, 6, 30)), "en") == "Contract gap of 1 day starts in 1 day"
    assert risk(net, D(2017, 7, 1)).level is RiskLevel.LAPSED
    assert risk(net, D(2017, 7, 2)).level is RiskLevel.OK


def test_touching_and_overlapping_contracts_are_continuous_coverage() -> None:
    a = contract("a", D(2024, 1, 1), D(2024, 12, 31))
    b = contract("b", D(2024, 6, 1), D(2025, 12, 31), budget_requests=approved(2026))
    found = risk(network([a, b], ["a", "b"]), D(2024, 12, 31))
    assert found.level is RiskLevel.OK and found.days_left == 365 and found.contract_id == "b"


@pytest.mark.parametrize(("today", "level", "left"), [
    (D(2026, 10, 1), RiskLevel.OK, 91),
    (D(2026, 10, 2), RiskLevel.EXPIRING, 90),
    (D(2026, 11, 30), RiskLevel.EXPIRING, 31),
    (D(2026, 12, 1), RiskLevel.EXPIRING_SOON, 30),
    (D(2026, 12, 31), RiskLevel.EXPIRING_SOON, 0),
])
def test_expiry_windows_with_the_next_years_budget_approved(today: date, level: RiskLevel, left: int) -> None:
    ending = contract("c", D(2026, 1, 1), D(2026, 12, 31), budget_requests=approved(2027))
    found = risk(network([ending], ["c"]), today)
    assert (found.level, found.days_left) == (level, left)


def test_ends_today_wording() -> None:
    ending = contract("c", D(2026, 1, 1), D(2026, 12, 31), budget_requests=approved(2027))
    found = risk(network([ending], ["c"]), D(2026, 12, 31))
    assert risk_text(found, "en") == "Contract ends today" and risk_text(found, "id") == "Kontrak habis hari ini"


def test_no_approved_budget_for_the_year_after_is_at_risk_within_the_horizon() -> None:
    # Ends 31 December: the following budget year is the next one.
    ending = contract("c", D(2026, 1, 1), D(2026, 12, 31),
                      budget_requests=[BudgetRequest(2027, 5, BudgetStatus.CUT, D(2026, 11, 1))])
    net = network([ending], ["c"])
    found = risk(net, D(2026, 9, 1))
    assert found.level is RiskLevel.AT_RISK and found.days_left == 121
    assert risk_text(found, "en") == "Contract ends in 121 days, no approved 2027 budget"
    assert risk_text(found, "id") == "Kontrak habis 121 hari lagi, anggaran 2027 belum disetujui"
    assert risk(net, D(2026, 1, 5)).level is RiskLevel.OK  # beyond 180 days
    assert site_contract_risks(net, D(2026, 9, 1), budget_horizon_days=90)["office"].level is RiskLevel.OK


def test_leap_day_end() -> None:
    leap = contract("leap", D(2023, 3, 1), D(2024, 2, 29), budget_requests=approved(2024))
    net = network([leap], ["leap"])
    assert risk(net, D(2024, 1, 30)).days_left == 30
    assert risk(net, D(2024, 3, 1)).days_left == -1


def test_backup_lines_count_only_when_alone() -> None:
    running = contract("run", D(2026, 1, 1), D(2027, 12, 31), budget_requests=approved(2028))
    old_backup = contract("old", D(2020, 1, 1), D(2020, 12, 31))
    with_primary = network([running, old_backup], ["run"], ["old"])
    assert risk(with_primary, D(2026, 6, 1)).level is RiskLevel.OK
    only_backup = network([running, old_backup], [], ["old"])
    del only_backup.links[0]
    found = risk(only_backup, D(2026, 6, 1))
    assert found.level is RiskLevel.LAPSED and found.link_id == "backup"


def test_the_primary_line_in_force_is_the_one_judged() -> None:
    """A superseded primary line left in the file (its only contract ended in 2020) does not paint an office whose
    other primary line runs today as lapsed; with neither in force, the first in the file is judged."""
    running = contract("run", D(2026, 1, 1), D(2027, 12, 31), budget_requests=approved(2028))
    expired = contract("old", D(2020, 1, 1), D(2020, 12, 31))
    net = network([running, expired], ["old"])
    net.links.append(Link("second", "office", "hub", "Telkom", LinkMedium.FIBER, 100, contracts=["run"]))
    found = risk(net, D(2026, 6, 1))
    assert found.level is RiskLevel.OK and (found.link_id, found.contract_id) == ("second", "run")
    before = risk(net, D(2025, 12, 31))
    assert before.level is RiskLevel.LAPSED and (before.link_id, before.contract_id) == ("primary", "old")


def test_sites_without_links_or_contracts_and_before_the_first_contract() -> None:
    later = contract("later", D(2027, 1, 1), D(2027, 12, 31))
    net = network([later], ["later"])
    risks = site_contract_risks(net, D(2026, 12, 27))
    assert list(risks) == ["hub", "office", "lonely"]
    assert risks["lonely"].level is RiskLevel.NO_CONTRACT and risks["lonely"].days_left is None
    assert risks["hub"].level is RiskLevel.NO_CONTRACT  # the hub is an end of the office link, not served by it
    assert risks["office"].level is RiskLevel.NO_CONTRACT
    assert risk_text(risks["office"], "en") == "First contract starts in 5 days"
    no_ids = network([], ["missing"])
    assert risk_text(risk(no_ids, D(2026, 1, 1)), "id") == "Tanpa kontrak tercatat"


def test_sample_network() -> None:
    sample = load_network_file(sample_network_path())
    today = site_contract_risks(sample, D(2026, 11, 27))
    assert today["diskominfo"].level is RiskLevel.AT_RISK  # internet ends 2027-01-31, 2027 budget only proposed
    assert today["kantor-bupati"].level is RiskLevel.EXPIRING and today["kantor-bupati"].days_left == 34
    july = site_contract_risks(sample, D(2017, 7, 10))
    assert july["disdukcapil"].level is RiskLevel.LAPSED
    assert risk_text(july["disdukcapil"], "id") == "Tanpa kontrak sejak 10 hari"
