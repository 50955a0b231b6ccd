"""Which site a link serves and which link serves a site on a day (`domain.links`): the rule's edge cases, and the
table's contract risk, the diagnosis and the backup check all following it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pantau.domain.contract_risk import site_contract_risks
from pantau.domain.diagnosis import Verdict
from pantau.domain.inventory import INTERNET, Link, LinkMedium, LinkRole, MonitoringSettings, Network, Site, SiteKind
from pantau.domain.links import link_subject, serving_link, site_links
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from tests.unit.test_contracts import contract
from tests.unit.test_diagnosis import TODAY, diagnose, expired, in_force, small_network

D = date


def line(link_id: str, a: str, b: str, role: LinkRole = LinkRole.PRIMARY, contracts: tuple[str, ...] = ()) -> Link:
    return Link(link_id, a, b, "Telkom", LinkMedium.FIBER, 1000, role, contracts=list(contracts))


def tree(*links: Link, parents: bool = True, vantage: str = "") -> Network:
    """A data centre, two kecamatan under it, a desa under the first (with `parents`, else no parent written)."""
    sites = [Site("dc", "Diskominfo", SiteKind.DATACENTER),
             Site("kec1", "Camat Waru", SiteKind.KECAMATAN, parent="dc" if parents else None),
             Site("kec2", "Camat Babulu", SiteKind.KECAMATAN, parent="dc" if parents else None),
             Site("desa", "Desa Sesulu", SiteKind.DESA, parent="kec1" if parents else None)]
    return Network("t", sites=sites, links=list(links), monitoring=MonitoringSettings(vantage=vantage),
                   contracts=[contract("old", D(2020, 1, 1), D(2020, 12, 31)),
                              contract("now", D(2026, 1, 1), D(2026, 12, 31)),
                              contract("later", D(2027, 1, 1), D(2027, 12, 31))])


def served(network: Network, site_id: str, day: date) -> str | None:
    link = serving_link(network, site_id, day)
    return link.id if link is not None else None


# ---- Which site a link serves ----


def test_a_link_serves_the_child_whichever_end_the_file_writes_first_and_an_internet_line_its_site() -> None:
    links = [line("down", "dc", "kec1"), line("up", "kec1", "dc"), line("net", INTERNET, "dc"),
             line("net2", "dc", INTERNET)]
    net = tree(*links)
    assert [link_subject(net, link) for link in links] == ["kec1", "kec1", "dc", "dc"]


def test_without_parents_the_end_farther_from_the_vantage_is_served() -> None:
    # Written hub first, as a spreadsheet of lines often is; no site names a parent.
    links = [line("k1", "dc", "kec1"), line("k2", "dc", "kec2"), line("d", "kec1", "desa"),
             line("d-backup", "kec2", "desa", LinkRole.BACKUP)]
    found = site_links(tree(*links, parents=False))
    assert [found.subject(link) for link in links] == ["kec1", "kec2", "desa", "desa"]
    assert found.serving("kec2", D(2026, 6, 1)) == links[1]


def test_the_farther_end_is_judged_from_the_vantage_when_the_file_names_no_parent() -> None:
    link = line("k1", "kec1", "dc")
    assert link_subject(tree(link, parents=False, vantage="kec1"), link) == "dc"
    # A parent written in the file wins over the vantage's view.
    assert link_subject(tree(link, parents=True, vantage="kec1"), link) == "kec1"


def test_two_sites_equally_far_or_cut_off_fall_back_to_the_first_end_written() -> None:
    lateral = line("lateral", "kec2", "kec1")
    assert link_subject(tree(line("k1", "dc", "kec1"), line("k2", "dc", "kec2"), lateral), lateral) == "kec2"
    island = Network("t", sites=[Site("x", "X", SiteKind.DESA), Site("y", "Y", SiteKind.DESA)],
                     links=[line("xy", "y", "x")])
    assert link_subject(island, island.links[0]) == "y"


def test_a_hub_is_not_served_by_its_offices_links() -> None:
    net = tree(line("k1", "kec1", "dc", contracts=("now",)), line("k2", "kec2", "dc", contracts=("now",)))
    assert serving_link(net, "dc", D(2026, 6, 1)) is None
    assert serving_link(net, "nowhere", D(2026, 6, 1)) is None


# ---- Which link serves a site on a day ----


def test_a_primary_line_serves_before_a_backup_even_when_its_contract_lapsed() -> None:
    """The officer must see the lapsed primary (the probable cause of a cut), not the backup's good standing."""
    net = tree(line("backup", "kec1", "dc", LinkRole.BACKUP, ("now",)),
               line("primary", "kec1", "dc", contracts=("old",)))
    found = site_links(net)
    assert served(net, "kec1", D(2026, 6, 1)) == "primary"
    assert [link.id for link in found.links_of("kec1", D(2026, 6, 1))] == ["primary", "backup"]
    assert site_contract_risks(net, D(2026, 6, 1))["kec1"].link_id == "primary"


def test_a_backup_serves_a_site_that_has_no_primary() -> None:
    net = tree(line("b1", "kec1", "dc", LinkRole.BACKUP, ("old",)), line("b2", "kec1", "dc", LinkRole.BACKUP, ("now",)))
    assert served(net, "kec1", D(2026, 6, 1)) == "b2"


@pytest.mark.parametrize(("day", "expected"), [
    (D(2020, 6, 1), "superseded"),  # the old line under contract
    (D(2025, 12, 31), "superseded"),  # neither in force: the first in the file; the new line is not yet in service
    (D(2026, 1, 1), "current"),  # the first day of the new contract
    (D(2026, 12, 31), "current"),  # its last day
    (D(2027, 1, 1), "superseded"),  # lapsed both, and "later" is on neither: the first in the file again
])
def test_of_several_primaries_the_one_under_contract_that_day_serves(day: date, expected: str) -> None:
    net = tree(line("superseded", "kec1", "dc", contracts=("old",)), line("current", "kec1", "dc", contracts=("now",)))
    assert served(net, "kec1", day) == expected


def test_a_line_whose_contracts_all_start_later_serves_last() -> None:
    """An ordered line not yet installed comes after the regency's own line with no contract on record."""
    net = tree(line("ordered", "kec1", "dc", contracts=("later",)), line("own", "kec1", "dc"))
    assert served(net, "kec1", D(2026, 6, 1)) == "own"
    assert served(net, "kec1", D(2027, 1, 1)) == "ordered"
    alone = tree(line("ordered", "kec1", "dc", contracts=("later",)))
    assert served(alone, "kec1", D(2026, 6, 1)) == "ordered"


def test_serving_all_follows_the_site_order_and_names_only_served_sites() -> None:
    net = tree(line("d", "desa", "kec1"), line("net", "dc", INTERNET), line("k1", "kec1", "dc"))
    assert {site: link.id for site, link in site_links(net).serving_all(D(2026, 6, 1)).items()} == \
        {"dc": "net", "kec1": "k1", "desa": "d"}
    assert list(site_links(net).serving_all(D(2026, 6, 1))) == ["dc", "kec1", "desa"]


def test_the_sample_networks_contract_risks_name_the_serving_lines() -> None:
    sample = load_network_file(sample_network_path())
    for day in (D(2017, 7, 10), D(2026, 11, 27)):
        serving = site_links(sample).serving_all(day)
        risks = site_contract_risks(sample, day)
        assert {site: risk.link_id for site, risk in risks.items() if risk.link_id} == \
            {site: link.id for site, link in serving.items()}


# ---- The diagnosis follows the same rule ----


def test_the_diagnosis_names_the_primary_line_under_contract_not_the_superseded_one() -> None:
    network = small_network()
    network.contracts.append(expired("ctr-old", days_ago=400))
    # A superseded line written first: the office's line today is the one under contract.
    network.links.insert(0, line("link-kec-old", "dc", "kec", contracts=("ctr-old",)))
    report = diagnose(network, "site", "kec", failing={"rtr-kec", "rtr-desa"})
    assert report.result.verdict is not Verdict.OK and report.context is not None
    assert report.context.link.link_id == "link-kec" and report.context.link.site_id == "kec"
    assert [backup.link_id for backup in report.context.backups] == ["link-kec-vsat"]


def test_the_diagnosis_names_a_lapsed_primary_rather_than_a_backup_in_force() -> None:
    network = small_network(office=expired("ctr-kec"))
    network.contracts.append(in_force("ctr-vsat"))
    next(link for link in network.links if link.id == "link-kec-vsat").contracts = ["ctr-vsat"]
    report = diagnose(network, "site", "kec", failing={"rtr-kec", "rtr-desa"}, backup={"link-kec-vsat": True})
    assert report.context is not None and report.context.link.link_id == "link-kec"
    assert report.context.link.contract is not None and report.context.link.contract.days_left < 0
    assert report.context.backup is not None and report.context.backup.reachable is True
    assert TODAY - timedelta(days=10) == report.context.link.contract.end
