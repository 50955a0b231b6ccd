"""Bundled resources: where they are found (checkout, frozen), that they parse, and what the sample holds."""

from __future__ import annotations

import ipaddress
import math
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from pantau import resources
from pantau.domain.addresses import is_ip_literal
from pantau.domain.inventory import (
    INTERNET,
    BudgetStatus,
    LinkRole,
    Network,
    SiteKind,
    TargetRole,
    validate_network,
)
from pantau.storage.networkfile import load_network_file

REPO_RESOURCES = Path(__file__).resolve().parents[2] / "resources"
TODAY = date(2026, 11, 27)


@pytest.fixture
def frozen_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to be a PyInstaller bundle whose data directory holds a copy of the real resources."""
    shutil.copytree(REPO_RESOURCES, tmp_path / "pantau" / "_resources")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    return tmp_path / "pantau" / "_resources"


@pytest.fixture(scope="module")
def sample() -> Network:
    return load_network_file(resources.sample_network_path())


def test_checkout_finds_the_repository_resources() -> None:
    assert resources.resource_root() == REPO_RESOURCES
    assert resources.sample_network_path() == REPO_RESOURCES / "sample" / "network.toml"
    assert resources.map_layer_path("ppu_desa") == REPO_RESOURCES / "map" / "ppu_desa.geojson"


def test_frozen_bundle_reads_from_meipass(frozen_root: Path) -> None:
    assert resources.resource_root() == frozen_root
    assert resources.map_layer_path("ppu_kabupaten") == frozen_root / "map" / "ppu_kabupaten.geojson"
    assert resources.sample_network_path().is_file()


def test_a_frozen_bundle_without_its_resources_says_so_and_never_reads_the_checkout(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(resources.ResourceError, match="_resources"):
        resources.resource_root()


def test_missing_resources_are_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(resources, "_CHECKOUT_RESOURCES", tmp_path / "no-such-dir")
    with pytest.raises(resources.ResourceError, match="no-such-dir"):
        resources.resource_root()


@pytest.mark.parametrize(("layer", "count"), [
    ("ppu_context_neighbours", 4), ("ppu_kabupaten", 1), ("ppu_kecamatan", 4), ("ppu_desa", 54),
])
def test_every_map_layer_is_a_feature_collection(layer: str, count: int) -> None:
    data = resources.load_geojson(layer)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == count


def test_map_sources_keep_the_attribution() -> None:
    notes = (REPO_RESOURCES / "map" / "SOURCES.md").read_text(encoding="utf-8")
    assert notes.splitlines()[0].startswith("These files are shipped unchanged with Pantau")
    assert "cahyadsn/wilayah_boundaries" in notes and "MIT" in notes and "CC BY-SA 4.0" in notes


def test_unknown_layer_is_refused_with_the_known_names() -> None:
    with pytest.raises(ValueError, match="ppu_kecamatan"):
        resources.map_layer_path("../secrets")


def test_missing_layer_names_the_file(frozen_root: Path) -> None:
    path = frozen_root / "map" / "ppu_desa.geojson"
    path.unlink()
    with pytest.raises(resources.ResourceError, match="missing") as caught:
        resources.load_geojson("ppu_desa")
    assert str(path) in str(caught.value)


def test_broken_json_names_the_file_and_line(frozen_root: Path) -> None:
    path = frozen_root / "map" / "ppu_kecamatan.geojson"
    path.write_text('{\n  "type": "FeatureCollection",\n  "features": [,]\n}\n', encoding="utf-8")
    with pytest.raises(resources.ResourceError) as caught:
        resources.load_geojson("ppu_kecamatan")
    assert f"{path}:3: not valid JSON" in str(caught.value)


@pytest.mark.parametrize("content", [
    '{"type": "Feature", "geometry": null, "properties": {}}',
    "[1, 2, 3]",
    '{"type": "FeatureCollection", "features": {}}',
])
def test_json_that_is_not_a_feature_collection_is_refused(frozen_root: Path, content: str) -> None:
    path = frozen_root / "map" / "ppu_kabupaten.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(resources.ResourceError, match="FeatureCollection") as caught:
        resources.load_geojson("ppu_kabupaten")
    assert str(path) in str(caught.value)


def test_checkout_resources_have_no_problems() -> None:
    assert resources.all_resource_problems() == []


def test_selftest_lists_each_broken_file(frozen_root: Path) -> None:
    (frozen_root / "map" / "ppu_desa.geojson").unlink()
    (frozen_root / "map" / "ppu_kabupaten.geojson").write_text('{"type": "FeatureCollection", "features": []}',
                                                                 encoding="utf-8")
    (frozen_root / "map" / "ppu_places.csv").write_text("name,lat\nX,1\n", encoding="utf-8")
    (frozen_root / "map" / "SOURCES.md").unlink()
    sample = frozen_root / "sample" / "network.toml"
    sample.write_text(sample.read_text(encoding="utf-8").replace('address = "127.0.20.3"', 'address = "-x"'),
                      encoding="utf-8")
    problems = resources.all_resource_problems()
    assert len(problems) == 5, problems
    assert any("ppu_desa.geojson" in p and "missing" in p for p in problems)
    assert any("ppu_kabupaten.geojson" in p and "no features" in p for p in problems)
    assert any("ppu_places.csv" in p and "columns" in p for p in problems)
    assert any("SOURCES.md" in p for p in problems)
    assert any("network.toml" in p and "starts with '-'" in p for p in problems)


def test_selftest_notices_a_missing_sample(frozen_root: Path) -> None:
    shutil.rmtree(frozen_root / "sample")
    problems = resources.all_resource_problems()
    assert len(problems) == 1 and "sample network is missing" in problems[0]


# The sample network: these guard the story it tells when someone edits or re-exports it.

def test_sample_is_valid_and_marked_as_sample(sample: Network) -> None:
    assert validate_network(sample) == []
    assert sample.sample is True
    assert sample.timezone == "Asia/Makassar"
    assert "cahyadsn/wilayah_boundaries" in sample.attribution and "CC BY-SA 4.0" in sample.attribution


def test_sample_addresses_are_unique_loopback_literals_probed_by_icmp_only(sample: Network) -> None:
    addresses = [target.address for target in sample.targets]
    assert len(set(addresses)) == len(addresses)
    for target in sample.targets:
        assert is_ip_literal(target.address), target.id
        assert ipaddress.ip_address(target.address) in ipaddress.ip_network("127.0.0.0/8"), target.id
        assert target.checks == ["icmp"], target.id


def test_sample_has_the_data_centre_and_isp_roles(sample: Network) -> None:
    roles = [target.role for target in sample.targets]
    assert roles.count(TargetRole.SERVER) == 1
    assert roles.count(TargetRole.LAN_GATEWAY) == 1
    assert roles.count(TargetRole.ISP_GATEWAY) == 1
    assert roles.count(TargetRole.UPSTREAM) == 2
    datacenter = sample.site("diskominfo")
    assert datacenter is not None and datacenter.kind is SiteKind.DATACENTER
    # The officer's PC sits in the data centre: it is the vantage and the root; the POP is reached through it.
    assert sample.monitoring.vantage == "diskominfo" and datacenter.parent is None
    pop = next(site for site in sample.sites if site.kind is SiteKind.ISP_POP)
    assert pop.parent == "diskominfo"
    assert {t.role for t in sample.targets_of(pop.id)} == {TargetRole.ISP_GATEWAY, TargetRole.UPSTREAM}


def test_sample_offices_sit_where_they_should(sample: Network) -> None:
    complex_site = sample.site("kantor-bupati")
    assert complex_site is not None and complex_site.lat is not None and complex_site.lon is not None
    skpd = [s for s in sample.sites if s.kind is SiteKind.SKPD]
    assert len(skpd) >= 11
    at_same_point = 0
    for site in skpd:
        assert site.parent == "diskominfo" and site.lat is not None and site.lon is not None
        metres = 111_320 * math.hypot(site.lat - complex_site.lat,
                                      (site.lon - complex_site.lon) * math.cos(math.radians(site.lat)))
        assert metres <= 300, site.id
        at_same_point += (site.lat, site.lon) == (complex_site.lat, complex_site.lon)
    assert at_same_point >= 3
    kecamatan = [s for s in sample.sites if s.kind is SiteKind.KECAMATAN]
    assert sorted(s.kecamatan for s in kecamatan) == ["Babulu", "Penajam", "Sepaku", "Waru"]
    assert all(s.parent == "diskominfo" for s in kecamatan)
    villages = [s for s in sample.sites if s.kind in (SiteKind.KELURAHAN, SiteKind.DESA)]
    assert len(villages) >= 6
    for village in villages:
        parent = sample.site(village.parent or "")
        assert parent is not None and parent.kind is SiteKind.KECAMATAN
        assert parent.kecamatan == village.kecamatan
    offices = skpd + kecamatan + villages
    for office in offices:
        assert [t.role for t in sample.targets_of(office.id)] == [TargetRole.OFFICE_ROUTER], office.id


def test_sample_links_give_every_office_a_way_in(sample: Network) -> None:
    primary = [link for link in sample.links if link.role is LinkRole.PRIMARY]
    for site in sample.sites:
        if site.kind in (SiteKind.ISP_POP, SiteKind.DATACENTER):
            continue
        assert any(link.a == site.id and link.b == site.parent for link in primary), site.id
    assert any(link.a == "diskominfo" and link.b == INTERNET for link in primary)
    backups = [link for link in sample.links if link.role is LinkRole.BACKUP]
    assert len(backups) == 3
    for backup in backups:
        main = next(link for link in primary if link.a == backup.a)
        assert backup.provider != main.provider


def test_sample_tells_the_july_2017_story(sample: Network) -> None:
    link = next(link for link in sample.links if link.a == "disdukcapil" and link.role is LinkRole.PRIMARY)
    first, second = (sample.contract(cid) for cid in link.contracts[:2])
    assert first is not None and second is not None
    assert (first.bandwidth_kbps, first.value_idr) == (100, 1_800_000_000)
    assert (first.start, first.end) == (date(2016, 7, 1), date(2017, 6, 30))
    assert [(r.year, r.amount_idr, r.status) for r in first.budget_requests] == [
        (2017, 2_300_000_000, BudgetStatus.CUT)]
    assert {letter.sent_on.month for letter in first.correspondence} == {3}
    assert second.start == date(2017, 8, 1)


def test_sample_has_a_renewal_due_with_a_proposed_budget(sample: Network) -> None:
    current = [c for c in sample.contracts if c.start <= TODAY <= c.end]
    due = [c for c in current if (c.end - TODAY).days <= 90]
    assert due
    assert any(r.year == 2027 and r.status is BudgetStatus.PROPOSED for c in due for r in c.budget_requests)
    assert max(c.end for c in sample.contracts).year == 2027
    for link in sample.links:
        starts = [c.start for c in (sample.contract(cid) for cid in link.contracts) if c is not None]
        assert starts == sorted(starts), link.id


def test_the_origin_names_where_the_files_were_read(frozen_root: Path) -> None:
    assert resources.resource_origin() == "frozen bundle"


def test_a_checkout_reads_its_own_resources_and_says_so() -> None:
    assert resources.resource_origin() == "source checkout"
