"""Sites from a spreadsheet CSV: Indonesian-locale Excel output, row-numbered errors, merge by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
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


# ---- Hostile and unlucky spreadsheets: a message naming the row, never a traceback (issue 18) ----

HEADER = "name,kind,district,lat,lon,address,role,parent\n"


def csv_problems(text: str, network: Network = BASE) -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        merge_sites_text(text, "k.csv", network)
    return [str(p) for p in caught.value.problems]


def test_a_cell_beyond_the_csv_field_limit_names_its_row() -> None:
    text = HEADER + "Dinas A,skpd,,,,,,\n" + "Dinas B,skpd," + "x" * 140_000 + ",,,,,\n"
    assert csv_problems(text) == ["k.csv: row 3: a cell is longer than 131,072 characters (a spreadsheet cell holds "
                                  "at most 32,767): is this the right file?"]


def test_a_lone_carriage_return_ends_a_row_as_old_mac_spreadsheets_write_them() -> None:
    text = (HEADER + "Dinas A,skpd,,,,,,\rDinas B,skpd,,,,,,\r").replace("\n", "\r")
    merged = merge_sites_text(text, "k.csv", BASE)
    assert [s.id for s in merged.sites] == ["diskominfo", "dinas-a", "dinas-b"]
    messages = csv_problems(HEADER + "Dinas\rA,skpd,,,,,,\n")
    assert messages and all(m.startswith("k.csv: row ") for m in messages)
    assert csv_problems(HEADER + '"Dinas\rA",skpd,,,,,,\n') == [
        "k.csv: row 2 column 'name': holds control or formatting characters (\\n): write it on one line, in plain "
        "text"]


def test_rows_whose_names_give_the_same_id_are_refused_with_both_rows() -> None:
    text = HEADER + "Kantor Desa A!,desa,,,,,,\nKantor Desa B,desa,,,,,,\nKantor Desa A?,desa,,,,,,\n"
    assert csv_problems(text) == [
        "k.csv: row 4 column 'name': 'Kantor Desa A?' gives the site id 'kantor-desa-a', as row 2 "
        "('Kantor Desa A!') does: give the two rows different names, or different ids in an 'id' column"]
    text = "id," + HEADER + "x1,Kantor A,desa,,,,,,\nx1,Kantor B,desa,,,,,,\n"
    assert csv_problems(text)[0].startswith("k.csv: row 3 column 'id': 'Kantor B' gives the site id 'x1', as row 2")
    distinct = "id," + HEADER + "desa-a-1,Kantor Desa A!,desa,,,,,,\ndesa-a-2,Kantor Desa A?,desa,,,,,,\n"
    assert [s.id for s in merge_sites_text(distinct, "k.csv", BASE).sites][1:] == ["desa-a-1", "desa-a-2"]


def test_a_parent_loop_through_sites_already_in_the_workspace_is_refused() -> None:
    network = Network("n", sites=[Site("kantor-a", "Kantor A", SiteKind.SKPD, parent="kantor-b"),
                                  Site("kantor-b", "Kantor B", SiteKind.SKPD)])
    text = HEADER + "Dinas C,skpd,,,,,,\nKantor B,skpd,,,,,,Kantor A\n"
    assert csv_problems(text, network) == [
        "k.csv: row 3 column 'parent': parent chain loops: kantor-a → kantor-b → kantor-a"]


def test_a_problem_of_the_network_already_in_the_workspace_is_named_as_such() -> None:
    network = Network("n", sites=[Site("a", "A", SiteKind.SKPD)],
                      targets=[Target("t", "a", "127.0.0.1", TargetRole.SERVER, checks=[" icmp"])])
    (message,) = csv_problems(HEADER + "Dinas C,skpd,,,,,,\n", network)
    assert message.startswith("k.csv: the network already in the workspace (not this file): targets[0] (id 't') "
                              "field 'checks': ' icmp': a check has no spaces")


@pytest.mark.parametrize("value", ["١٫٥", "nan", "inf", "1e5", "1_0", "--1", "1.2.3", "9" * 400])
def test_coordinates_are_plain_decimal_numbers(value: str) -> None:
    messages = csv_problems(HEADER + f"Dinas C,skpd,,{value},116.7,,,\n")
    assert messages[0].startswith("k.csv: row 2 column 'lat': ")


def test_a_column_given_twice_is_refused() -> None:
    assert csv_problems("name," + HEADER) == ["k.csv: row 1 column 'name': appears twice in the header"]


def test_control_characters_never_reach_a_message_raw() -> None:
    messages = csv_problems(HEADER + "Dinas \x1b[31mC,planet\x1b[2J,,,,,,\n")
    assert messages == ["k.csv: row 2 column 'kind': 'planet\\x1b[2J' is not one of: datacenter, skpd, kecamatan, "
                        "kelurahan, desa, isp-pop"]
    messages = csv_problems(HEADER + "Dinas \x1b[31mC,skpd,,,,,,\n")
    assert messages == ["k.csv: row 2 column 'name': holds control or formatting characters (\\x1b): write it on "
                        "one line, in plain text"]


@pytest.mark.parametrize("data, expected", [
    (HEADER.encode("utf-16") + "Dinas C,skpd,,,,,,\n".encode("utf-16-le"), "line 1: the file is UTF-16 text"),
    ((HEADER + "Dinas C,skpd,,,,,,\n").encode("utf-16-le"), "line 1: the file holds a NUL byte (byte 1)"),
    ((HEADER + "Dinas Pariwisata é,skpd,,,,,,\n").encode("latin-1"),
     "line 2: the file is not UTF-8 text (byte 64 is 0xe9)"),
])
def test_encodings_other_than_utf8_are_named(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes(data)
    with pytest.raises(CsvImportError) as caught:
        merge_sites_csv(path, BASE)
    assert str(caught.value).startswith(f"{path}: {expected}")
