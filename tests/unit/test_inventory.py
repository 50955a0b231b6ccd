"""Validation rules of the inventory: ids, parents, cycles, coordinates, addresses, probe methods."""

from __future__ import annotations

from datetime import date

import pytest

from pantau.domain.addresses import address_problem
from pantau.domain.inventory import (
    Contract,
    Link,
    LinkMedium,
    MethodError,
    MethodKind,
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
    ancestors,
    parse_method,
    validate_network,
)
from pantau.domain.snmp_config import SnmpInterface, SnmpVersion


def office(site_id: str, parent: str | None = None, lat: float | None = -1.3, lon: float | None = 116.7) -> Site:
    return Site(id=site_id, name=site_id.upper(), kind=SiteKind.SKPD, lat=lat, lon=lon, parent=parent)


def problems_of(network: Network) -> list[tuple[str, int | None, str | None]]:
    return [(p.section, p.index, p.field) for p in validate_network(network)]


def test_a_clean_network_has_no_problems() -> None:
    network = Network("n", sites=[office("dc"), office("dinkes", parent="dc")],
                      targets=[Target("t1", "dinkes", "127.0.0.2", TargetRole.OFFICE_ROUTER)])
    assert validate_network(network) == []


def test_duplicate_ids_are_reported_on_the_second_entry() -> None:
    network = Network("n", sites=[office("a"), office("a")])
    assert problems_of(network) == [("sites", 1, "id")]


def test_missing_parent_and_self_parent() -> None:
    network = Network("n", sites=[office("a", parent="ghost"), office("b", parent="b")])
    assert problems_of(network) == [("sites", 0, "parent"), ("sites", 1, "parent")]


def test_a_parent_cycle_is_reported_once_with_its_path() -> None:
    network = Network("n", sites=[office("a", parent="c"), office("b", parent="a"), office("c", parent="b"),
                                  office("d", parent="a")])
    problems = validate_network(network)
    assert len(problems) == 1
    assert problems[0].entry == "a"
    assert "a → c → b → a" in problems[0].message


def test_ancestors_stop_at_a_loop() -> None:
    network = Network("n", sites=[office("a", parent="b"), office("b", parent="a")])
    assert ancestors(network, "a") == ["b"]


@pytest.mark.parametrize(("lat", "lon", "field"), [(200.0, 116.0, "lat"), (-1.0, 181.0, "lon"),
                                                   (None, 116.0, "lat")])
def test_coordinates_out_of_range_or_half_given(lat: float | None, lon: float | None, field: str) -> None:
    network = Network("n", sites=[office("a", lat=lat, lon=lon)])
    assert problems_of(network) == [("sites", 0, field)]


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "server-1.ppu.go.id", "localhost"])
def test_valid_addresses(address: str) -> None:
    assert address_problem(address) is None


@pytest.mark.parametrize("address", ["-oProxyCommand=x", "", "bad_host", "a..b", "host name", "300.1.1.1",
                                     "x" * 64 + ".id", "$(reboot)"])
def test_invalid_addresses(address: str) -> None:
    assert address_problem(address) is not None


def test_a_leading_dash_is_named_in_the_message() -> None:
    assert "starts with '-'" in (address_problem("-oProxyCommand=x") or "")


@pytest.mark.parametrize(("spec", "kind", "port"), [
    ("icmp", MethodKind.ICMP, None),
    ("tcp:5432", MethodKind.TCP, 5432),
    ("http://127.0.0.1:8080/health", MethodKind.HTTP, 8080),
    ("https://simda.ppu.go.id/", MethodKind.HTTP, None),
    ("dns:simda.ppu.go.id@127.0.0.53:5353", MethodKind.DNS, 5353),
    ("dns:simda.ppu.go.id", MethodKind.DNS, None),
])
def test_probe_methods_parse(spec: str, kind: MethodKind, port: int | None) -> None:
    method = parse_method(spec)
    assert (method.kind, method.port) == (kind, port)


@pytest.mark.parametrize("spec", ["ping", "tcp:0", "tcp:70000", "tcp:http", "http://", "http://user:pw@host/",
                                  "dns:name@resolver.example", "dns:", "http://-bad/"])
def test_bad_probe_methods_are_refused(spec: str) -> None:
    with pytest.raises(MethodError):
        parse_method(spec)


def test_dns_resolver_must_be_an_ip_so_checking_dns_needs_no_dns() -> None:
    assert parse_method("dns:a.id@[::1]:53").dns_server == "::1"
    with pytest.raises(MethodError, match="IP address"):
        parse_method("dns:a.id@ns1.example.com")


def test_link_references_and_contract_dates() -> None:
    contract = Contract("c1", "T", "1", "s", 100, date(2017, 6, 30), date(2016, 7, 1), 1)
    network = Network("n", sites=[office("a")], contracts=[contract],
                      links=[Link("l1", "a", "ghost", "T", LinkMedium.FIBER, 100, contracts=["c1", "c9"])])
    assert problems_of(network) == [("links", 0, "b"), ("links", 0, "contracts"), ("contracts", 0, "end")]


def test_interval_defaults_follow_the_role() -> None:
    assert Target("s", "a", "127.0.0.1", TargetRole.SERVER).effective_interval_s == 1.0
    assert Target("r", "a", "127.0.0.1", TargetRole.OFFICE_ROUTER).effective_interval_s == 1.5
    assert Target("r", "a", "127.0.0.1", TargetRole.OFFICE_ROUTER, interval_s=2.5).effective_interval_s == 2.5


def test_the_time_zone_must_be_a_real_zone() -> None:
    assert problems_of(Network("n", timezone="WITA")) == [("network", None, "timezone")]
    assert validate_network(Network("n", timezone="Asia/Jayapura")) == []


def _network_with_snmp(snmp: SnmpInterface) -> Network:
    network = Network(name="n", sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("k", "K", SiteKind.KECAMATAN)])
    network.links = [Link("l1", "dc", "k", "Telkom", LinkMedium.FIBER, 100, snmp=snmp)]
    return network


def test_a_valid_snmp_block_has_no_problem() -> None:
    v2c = SnmpInterface(host="127.0.0.1", interface="eth0", community_secret="snmp-dc")
    v3 = SnmpInterface(host="10.0.0.1", interface="3", version=SnmpVersion.V3, user="pantau",
                       auth_secret="a", priv_secret="p")
    assert validate_network(_network_with_snmp(v2c)) == []
    assert validate_network(_network_with_snmp(v3)) == []
    assert v3.if_index == 3 and v2c.if_index is None
    assert v3.describe() == "10.0.0.1 (v3 user pantau)"
    assert SnmpInterface(host="::1", port=16100, interface="lo").describe() == "[::1]:16100 (v2c)"


@pytest.mark.parametrize(("snmp", "field", "words"), [
    (SnmpInterface(host="-oX", interface="eth0", community_secret="c"), "snmp.host", "starts with '-'"),
    (SnmpInterface(host="127.0.0.1", interface="", community_secret="c"), "snmp.interface", "ifName"),
    (SnmpInterface(host="127.0.0.1", interface="0", community_secret="c"), "snmp.interface", "outside"),
    (SnmpInterface(host="127.0.0.1", interface="eth0", port=0, community_secret="c"), "snmp.port", "UDP port"),
    (SnmpInterface(host="127.0.0.1", interface="eth0"), "snmp.community_secret", "pantau secret set"),
    (SnmpInterface(host="127.0.0.1", interface="eth0", community_secret="c", interval_s=1), "snmp.interval_s",
     "outside"),
    (SnmpInterface(host="127.0.0.1", interface="eth0", community_secret="c", user="u"), "snmp.user", "only SNMP v3"),
    (SnmpInterface(host="127.0.0.1", interface="eth0", version=SnmpVersion.V3, auth_secret="a", priv_secret="p"),
     "snmp.user", "USM user"),
    (SnmpInterface(host="127.0.0.1", interface="eth0", version=SnmpVersion.V3, user="u", auth_secret="a b",
                   priv_secret="p"), "snmp.auth_secret", "keyring key"),
])
def test_snmp_block_problems_name_the_field(snmp: SnmpInterface, field: str, words: str) -> None:
    problems = validate_network(_network_with_snmp(snmp))
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message
    assert problems[0].where() == f"links[0] (id 'l1') field '{field}'"
