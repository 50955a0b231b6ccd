"""Sites from a spreadsheet CSV: Indonesian-locale Excel output, row-numbered errors, merge by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.domain.inventory import Network, Site, SiteKind, TargetRole
from pantau.storage.csvimport import CsvImportError, merge_sites_csv, merge_sites_text, slug

BASE = Network("n", sites=[Site("diskominfo", "Diskominfo", SiteKind.DATACENTER)])


def test_excel_indonesian_locale_semicolons_decimal_comma_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "kantor.csv"
    path.write_bytes(
        "\ufeffName;Kind;District;Lat;Lon;Address;Role;Parent\n"
        "Kantor Camat Waru;kecamatan;Waru;-1,255908;116,496072;127.0.30.2;;Diskominfo\n"
        "Kantor Lurah Waru;kelurahan;Waru;-1,2559;116,4960;127.0.40.2;office-router;Kantor Camat Waru\n"
        ";;;;;;;\n".encode())
    merged = merge_sites_csv(path, BASE)
    camat = merged.site("kantor-camat-waru")
    assert camat is not None and camat.lat == -1.255908 and camat.parent == "diskominfo"
    lurah = merged.site("kantor-lurah-waru")
    assert lurah is not None and lurah.parent == "kantor-camat-waru" and lurah.kind is SiteKind.KELURAHAN
    assert [t.role for t in merged.targets] == [TargetRole.OFFICE_ROUTER, TargetRole.OFFICE_ROUTER]
    assert BASE.sites == [Site("diskominfo", "Diskominfo", SiteKind.DATACENTER)], "input must not change"


def test_errors_name_the_spreadsheet_row_and_column() -> None:
    text = ("name,kind,district,lat,lon,address,role,parent\n"
            "Dinas A,skpd,Penajam,-1.3,116.7,127.0.0.5,server,\n"
            "Dinas B,planet,Penajam,north,116.7,-oProxyCommand=x,,\n"
            "Dinas C,skpd,Penajam,95,116.7,,,Nowhere\n")
    with pytest.raises(CsvImportError) as caught:
        merge_sites_text(text, "k.csv", BASE)
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("k.csv: row 3 column 'kind': 'planet' is not one of")
    assert messages[1] == "k.csv: row 3 column 'lat': 'north' is not a number"
    assert messages[2].startswith("k.csv: row 3 column 'address': '-oProxyCommand=x' starts with '-'")
    assert len(messages) == 3, "rule checks wait until the rows themselves are readable"


def test_rule_problems_map_back_to_rows() -> None:
    text = ("name,kind,district,lat,lon,address,role,parent\n"
            "Dinas C,skpd,Penajam,95,116.7,,,Nowhere\n")
    with pytest.raises(CsvImportError) as caught:
        merge_sites_text(text, "k.csv", BASE)
    messages = sorted(str(p) for p in caught.value.problems)
    assert messages == ["k.csv: row 2 column 'lat': latitude 95.0 is outside -90…90",
                        "k.csv: row 2 column 'parent': parent 'Nowhere' is not a site in this network"]


def test_missing_columns_are_named() -> None:
    with pytest.raises(CsvImportError, match="row 1 column 'parent': missing column"):
        merge_sites_text("name,kind,district,lat,lon,address,role\n", "k.csv", BASE)


def test_an_existing_id_is_updated_not_duplicated() -> None:
    text = "id,name,kind,district,lat,lon,address,role,parent\ndiskominfo,Diskominfo PPU,datacenter,Penajam,,,,,\n"
    merged = merge_sites_text(text, "k.csv", BASE)
    assert [s.name for s in merged.sites] == ["Diskominfo PPU"]


def test_slug() -> None:
    assert slug("Dinas Kependudukan & Pencatatan Sipil") == "dinas-kependudukan-pencatatan-sipil"
    assert slug("***") == "site"
