"""Reachability from the vantage: the graph of sites, the tree of ways in, and which sites are cut off."""

from __future__ import annotations

import pytest

from pantau.domain.inventory import (
    INTERNET,
    Link,
    LinkMedium,
    LinkRole,
    MonitoringSettings,
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
    parse_method,
)
from pantau.domain.reachability import (
    build_site_graph,
    cut_off_sites,
    proves_reachability,
    vantage_of,
)
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file


def _network(*pairs: tuple[str, str | None], vantage: str = "dc", links: tuple[Link, ...] = ()) -> Network:
    return Network("n", monitoring=MonitoringSettings(vantage=vantage),
                   sites=[Site(sid, sid.upper(), SiteKind.SKPD, parent=parent) for sid, parent in pairs],
                   links=list(links))


def _link(link_id: str, a: str, b: str, role: LinkRole = LinkRole.PRIMARY) -> Link:
    return Link(link_id, a, b, "ISP", LinkMedium.FIBER, 1000, role)


def test_a_chain_behind_a_silent_office_is_cut_off_and_named_by_the_nearest_silent_site() -> None:
    graph = build_site_graph(_network(("dc", None), ("kec", "dc"), ("desa", "kec"), ("dusun", "desa")))
    cut = cut_off_sites(graph, answering={"dc"}, silent={"kec", "desa", "dusun"})
    # The silent office nearest the vantage is DOWN (reached), the ones behind it are cut off by it.
    assert cut.blocked_by == {"desa": "kec", "dusun": "kec"}


def test_an_office_that_answers_is_never_cut_off_and_shields_the_offices_behind_it() -> None:
    graph = build_site_graph(_network(("dc", None), ("kec", "dc"), ("desa", "kec"), ("other", "dc")))
    cut = cut_off_sites(graph, answering={"dc", "kec", "other"}, silent={"desa"})
    assert cut.blocked_by == {}


def test_the_vantage_decides_the_direction_not_the_parent_field() -> None:
    # The data centre is the POP's child in this file, but the prober sits in the data centre: a silent POP
    # cuts off nothing on the data centre's side.
    network = _network(("pop", None), ("dc", "pop"), ("kec", "dc"), ("desa", "kec"))
    graph = build_site_graph(network)
    assert graph.vantage == "dc"
    assert graph.site_parents() == {"pop": "dc", "dc": None, "kec": "dc", "desa": "kec"}
    cut = cut_off_sites(graph, answering={"dc", "kec"}, silent={"pop", "desa"})
    assert cut.blocked_by == {}
    # Seen from the kecamatan office instead, the data centre is the way to the POP.
    graph_from_kec = build_site_graph(_network(("pop", None), ("dc", "pop"), ("kec", "dc"), vantage="kec"))
    assert graph_from_kec.way_in("pop") == ["dc", "kec"]


def test_a_silent_vantage_cuts_off_every_silent_site() -> None:
    graph = build_site_graph(_network(("dc", None), ("kec", "dc"), ("desa", "kec"), ("other", "dc")))
    cut = cut_off_sites(graph, answering=set(), silent={"dc", "kec", "other"})
    assert cut.blocked_by == {"kec": "dc", "desa": "dc", "other": "dc"}
    # One answer from beyond proves the data centre's LAN and kec pass traffic: `other`'s silence is its own.
    cut = cut_off_sites(graph, answering={"desa"}, silent={"dc", "kec", "other"})
    assert cut.blocked_by == {}
    assert cut.passing == frozenset({"dc", "kec"})


def test_an_answer_from_beyond_a_silent_router_proves_it_passes_traffic() -> None:
    graph = build_site_graph(_network(("dc", None), ("kec", "dc"), ("desa-a", "kec"), ("desa-b", "kec")))
    cut = cut_off_sites(graph, answering={"dc", "desa-a"}, silent={"kec", "desa-b"})
    # kec ignores ping but desa-a answers through it: desa-b's silence is its own (DOWN), not kec's fault.
    assert cut.blocked_by == {}
    assert cut.passing == frozenset({"kec"})


def test_a_backup_line_is_a_way_in_until_it_passes_a_silent_site_too() -> None:
    links = (_link("l-kec", "kec", "dc"), _link("l-desa", "desa", "kec"),
             _link("l-desa-backup", "desa", "dc", LinkRole.BACKUP))
    graph = build_site_graph(_network(("dc", None), ("kec", "dc"), ("desa", "kec"), links=links))
    # The tree follows the primary path even though the backup is one hop shorter.
    assert graph.tree_parent["desa"] == "kec"
    # kec silent, desa silent: desa still has a way in over its backup line, so its silence is its own.
    assert cut_off_sites(graph, answering={"dc"}, silent={"kec", "desa"}).blocked_by == {}


def test_sites_joined_through_the_internet_reach_each_other() -> None:
    links = (_link("uplink", "dc", INTERNET), _link("kec-4g", "kec", INTERNET, LinkRole.BACKUP))
    graph = build_site_graph(_network(("dc", None), ("kec", "dc"), ("desa", "kec"), links=links))
    cut = cut_off_sites(graph, answering={"dc"}, silent={"kec", "desa"})
    # kec has a way in over the internet; desa hangs behind kec only.
    assert cut.blocked_by == {"desa": "kec"}
    assert graph.site_parents()["kec"] == "dc"


def test_sites_without_any_path_are_judged_on_their_own() -> None:
    graph = build_site_graph(_network(("dc", None), ("kec", "dc"), ("island", None)))
    assert not graph.connected("island")
    assert cut_off_sites(graph, answering=set(), silent={"dc", "island"}).blocked_by == {"kec": "dc"}


def test_parent_loops_do_not_hang() -> None:
    network = _network(("a", "b"), ("b", "a"), ("c", "a"), vantage="a")
    graph = build_site_graph(network)
    assert cut_off_sites(graph, answering=set(), silent={"a", "b"}).blocked_by == {"b": "a", "c": "a"}


def test_the_vantage_defaults_to_the_central_servers_site() -> None:
    network = Network("n", sites=[Site("pop", "POP", SiteKind.ISP_POP), Site("dc", "DC", SiteKind.DATACENTER)],
                      targets=[Target("srv", "dc", "127.0.0.1", TargetRole.SERVER)])
    assert vantage_of(network) == "dc"
    network.targets.clear()
    assert vantage_of(network) == "dc"
    network.sites[1].kind = SiteKind.SKPD
    assert vantage_of(network) == "pop"
    assert vantage_of(Network("empty")) is None


@pytest.mark.parametrize(("address", "check", "proves"), [
    ("10.0.0.1", "icmp", True),
    ("10.0.0.1", "tcp:443", True),
    ("10.0.0.1", "http://10.0.0.1:8080/health", True),
    ("10.0.0.1", "http://portal.example/", False),
    ("10.0.0.1", "dns:app.example@10.0.0.1", False),
    ("::1", "http://[::1]/", True),
])
def test_which_checks_prove_a_host_reachable(address: str, check: str, proves: bool) -> None:
    target = Target("t", "s", address, TargetRole.SERVER, [check])
    assert proves_reachability(target, parse_method(check)) is proves


def test_the_sample_is_seen_from_the_data_centre() -> None:
    network = load_network_file(sample_network_path())
    graph = build_site_graph(network)
    assert graph.vantage == "diskominfo"
    parents = graph.site_parents()
    assert parents["diskominfo"] is None
    assert parents["pop-telkom-penajam"] == "diskominfo"
    assert parents["desa-api-api"] == "camat-waru"
    # Every office router silent, the POP and the data centre answering: the 26 offices nearest the data centre
    # are reached (and DOWN), the villages behind the kecamatan offices cut off by them.
    offices = {t.site for t in network.targets if t.role is TargetRole.OFFICE_ROUTER}
    assert len(offices) == 26
    cut = cut_off_sites(graph, answering={"diskominfo", "pop-telkom-penajam"}, silent=offices)
    assert set(cut.blocked_by) == {site for site in offices if parents[site] not in ("diskominfo",)}
    assert cut.blocked_by["desa-api-api"] == "camat-waru"
