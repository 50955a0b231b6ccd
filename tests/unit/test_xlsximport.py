"""Sites from an Excel workbook: real .xlsx files written with openpyxl, the CSV import's columns and checks, places
named as Excel shows them, and every kind of bad workbook refused with a message and nothing changed."""

from __future__ import annotations

import struct
import subprocess
import sys
import time
import zipfile
from copy import deepcopy
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from pantau.domain.inventory import Network, Site, SiteKind
from pantau.resources import office_template_path, sample_network_path
from pantau.storage import xlsximport
from pantau.storage.networkfile import load_network_file
from pantau.storage.site_rows import MAX_PROBLEMS, REQUIRED_COLUMNS, SiteImportError
from pantau.storage.workspace import Workspace
from pantau.storage.xlsximport import import_sites_xlsx

REPO = Path(__file__).resolve().parents[2]
BASE = Network("n", sites=[Site("diskominfo", "Diskominfo", SiteKind.DATACENTER)])
HEADER = ["Name", "Kind", "District", "Lat", "Lon", "Address", "Role", "Parent"]


def workbook(path: Path, rows: list[list[object]], title: str = "Kantor") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def problems(path: Path, network: Network = BASE) -> list[str]:
    before = deepcopy(network)
    with pytest.raises(SiteImportError) as caught:
        import_sites_xlsx(path, network)
    assert network == before, "a refused workbook changes nothing"
    return caught.value.lines()


def test_numbers_and_decimal_comma_text_are_both_coordinates(tmp_path: Path) -> None:
    path = workbook(tmp_path / "offices.xlsx", [
        HEADER,
        ["Kantor Camat Waru", "kecamatan", "Waru", -1.255908, "116,496072", "127.0.30.2", None, "Diskominfo"],
        [],
        [None, "", None],
        ["Kantor Lurah Waru", "Kelurahan", "Waru", "-1.2559", 116, "127.0.40.2", "office-router",
         "Kantor Camat Waru"],
    ])
    merge = import_sites_xlsx(path, BASE)
    assert merge.sheet == "Kantor"
    assert merge.added == ("kantor-camat-waru", "kantor-lurah-waru") and merge.updated == ()
    camat = merge.network.site("kantor-camat-waru")
    assert camat is not None and (camat.lat, camat.lon, camat.parent) == (-1.255908, 116.496072, "diskominfo")
    lurah = merge.network.site("kantor-lurah-waru")
    assert lurah is not None and (lurah.lat, lurah.lon, lurah.parent) == (-1.2559, 116.0, "kantor-camat-waru")
    assert [t.address for t in merge.network.targets] == ["127.0.30.2", "127.0.40.2"]


def test_an_existing_id_is_updated(tmp_path: Path) -> None:
    path = workbook(tmp_path / "o.xlsx", [["id", *HEADER], ["diskominfo", "Diskominfo PPU", "datacenter", "Penajam"]])
    merge = import_sites_xlsx(path, BASE)
    assert merge.updated == ("diskominfo",) and merge.added == ()
    assert [s.name for s in merge.network.sites] == ["Diskominfo PPU"]


def test_messages_name_sheet_row_and_column_letter(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER] + [[f"Dinas A{n}", "skpd", "Penajam", -1.3, 116.7] for n in range(5)]
    rows.append(["Dinas B", "planet", "Penajam", "north", 116.7, "-oProxyCommand=x"])
    path = workbook(tmp_path / "offices.xlsx", rows)
    found = problems(path)
    assert len(found) == 3, found
    assert f"{path}, sheet 'Kantor', row 7, column B (kind): 'planet' is not one of: datacenter, skpd, kecamatan, " \
           "kelurahan, desa, isp-pop" in found
    assert f"{path}, sheet 'Kantor', row 7, column D (lat): 'north' is not a number" in found
    assert any(m.startswith(f"{path}, sheet 'Kantor', row 7, column F (address): '-oProxyCommand=x'") for m in found)


def test_a_missing_column_is_named_on_the_header_row(tmp_path: Path) -> None:
    path = workbook(tmp_path / "o.xlsx", [[], HEADER[:-1], ["Dinas A", "skpd"]])
    assert problems(path) == [f"{path}, sheet 'Kantor', row 2, column 'parent': missing column"]


def test_merged_cells_are_refused_by_range(tmp_path: Path) -> None:
    path = tmp_path / "o.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kantor"
    sheet.append(HEADER)
    for name in ("Kantor Desa A", "Kantor Desa B", "Kantor Desa C"):
        sheet.append([name, "desa", "Waru"])
    sheet.merge_cells("C2:C4")
    book.save(path)
    assert problems(path) == [
        f"{path}, sheet 'Kantor', cells C2:C4: merged cells: each office needs its own value in its own row; "
        "unmerge them (Home ▸ Merge & Center) and write the value in every row"]


def test_a_formula_never_calculated_is_named_not_read_as_empty(tmp_path: Path) -> None:
    path = workbook(tmp_path / "o.xlsx", [HEADER, ["Kantor Desa A", "desa", '=UPPER("waru")']])
    (message,) = problems(path)
    assert message.startswith(f"{path}, sheet 'Kantor', row 2, column C (district): holds the formula "
                              "'=UPPER(\"waru\")' and no value: it was never calculated")


def test_a_formula_is_read_by_its_calculated_value(tmp_path: Path) -> None:
    """What Excel saves: the formula and its last value (<v>), which is what the import reads."""
    written = workbook(tmp_path / "w.xlsx", [HEADER, ["Kantor Desa A", "desa", '=UPPER("waru")']])
    path = tmp_path / "calculated.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                cell = b'<c r="C2"><f>UPPER("waru")</f><v /></c>'
                assert cell in data
                data = data.replace(cell, b'<c r="C2" t="str"><f>UPPER("waru")</f><v>WARU</v></c>')
            target.writestr(item, data)
    site = import_sites_xlsx(path, BASE).network.site("kantor-desa-a")
    assert site is not None and site.kecamatan == "WARU"


def test_dates_error_values_and_yes_no_are_named_with_what_was_found(tmp_path: Path) -> None:
    path = workbook(tmp_path / "o.xlsx", [
        HEADER,
        ["Kantor Desa A", "desa", datetime(2024, 3, 1), datetime(2024, 1, 3), 116.5],
        ["Kantor Desa B", "desa", "Waru", "01/03/2024", 116.5, "#N/A", True],
    ])
    assert problems(path) == [
        f"{path}, sheet 'Kantor', row 2, column C (district): holds a date or time (2024-03-01), not text: format "
        "the column as Text and type it again",
        f"{path}, sheet 'Kantor', row 2, column D (lat): holds a date or time (2024-01-03), not a number: the "
        "spreadsheet turned what was typed into a date; format the column as Number and type the coordinate again "
        "(e.g. -1,255908)",
        f"{path}, sheet 'Kantor', row 3, column F (address): holds the error '#N/A' from a formula that failed: "
        "correct it in the workbook, or type the value",
        f"{path}, sheet 'Kantor', row 3, column G (role): holds the yes/no value TRUE, not text",
        f"{path}, sheet 'Kantor', row 3, column D (lat): '01/03/2024' is not a number (it looks like a date)",
    ]


def test_an_empty_sheet_and_a_header_alone_are_refused(tmp_path: Path) -> None:
    empty = workbook(tmp_path / "empty.xlsx", [[], [None, ""]])
    assert problems(empty) == [f"{empty}, sheet 'Kantor': the sheet is empty: it needs a header row (name, kind, "
                               "district, …) and a row per office"]
    header = workbook(tmp_path / "header.xlsx", [HEADER, [], []])
    assert problems(header) == [f"{header}, sheet 'Kantor': no sites under the header: nothing to import"]


def test_the_sheet_named_like_the_template_is_read_else_the_first_visible(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Catatan"
    notes.append(["this is not the office list"])
    offices = book.create_sheet("OFFICES")
    offices.append(HEADER)
    offices.append(["Kantor Desa A", "desa"])
    book.save(tmp_path / "named.xlsx")
    assert import_sites_xlsx(tmp_path / "named.xlsx", BASE).sheet == "OFFICES"

    book = openpyxl.Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "Lama"
    hidden.sheet_state = "hidden"
    shown_sheet = book.create_sheet("Daftar 2025")
    shown_sheet.append(HEADER)
    shown_sheet.append(["Kantor Desa B", "desa"])
    book.save(tmp_path / "first.xlsx")
    merge = import_sites_xlsx(tmp_path / "first.xlsx", BASE)
    assert merge.sheet == "Daftar 2025" and merge.added == ("kantor-desa-b",)


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """A real OLE compound file (version 3, 512-byte sectors) holding `streams` of 4,096 bytes or more each, as
    Office writes an encrypted workbook (EncryptionInfo, EncryptedPackage) or an old .xls (Workbook)."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sector, end]
    data = b""
    entries = [("Root Entry", 5, 0, end, 0)]
    for n, (name, content) in enumerate(streams.items()):
        content = content.ljust(-(-len(content) // 512) * 512, b"\0")
        first = len(fat)
        sectors = len(content) // 512
        fat += [*range(first + 1, first + sectors), end]
        entries.append((name, 2, n + 2 if n + 1 < len(streams) else no_stream, first, len(content)))
        data += content
    directory = b""
    for n, (name, kind, right, start, size) in enumerate(entries):
        encoded = (name + "\0").encode("utf-16-le")
        child = 1 if n == 0 else no_stream
        directory += (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, no_stream,
                                                             right if n else no_stream, child)
                      + b"\0" * 36 + struct.pack("<IQ", start, size))
    directory = directory.ljust(512, b"\0")
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *([free] * 108)))
    assert len(header) == 512
    return header + fat_bytes + directory + data


@pytest.mark.parametrize("content, reason", [
    (_compound_file({"EncryptionInfo": b"\x04\x00\x04\x00" * 1024, "EncryptedPackage": b"\x5a" * 4096}),
     "it is protected with a password: open it in Excel, remove the password"),
    (_compound_file({"Workbook": b"\x09\x08" * 2048}), "it is an old Excel 97–2003 .xls file"),
    (b"name;kind\nKantor;desa\n", "it is not a zip archive, as every .xlsx file is"),
    (b"PK\x03\x04" + b"\0" * 200, "damaged, or not a workbook: "),
])
def test_what_is_not_an_xlsx_workbook_is_named(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "kantor.xlsx"
    path.write_bytes(content)
    (message,) = problems(path)
    assert message.startswith(f"{path}: not an Excel .xlsx workbook ({reason}")


def test_a_zip_that_is_not_a_workbook_and_a_truncated_workbook_are_named(tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert problems(other)[0].startswith(f"{other}: not an Excel .xlsx workbook (damaged, or not a workbook: ")
    whole = workbook(tmp_path / "whole.xlsx", [HEADER, ["Kantor Desa A", "desa"]])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert problems(cut)[0].startswith(f"{cut}: not an Excel .xlsx workbook (damaged")


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_reading(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # A sheet of millions of empty rows compresses to a few MB and would keep the reader busy for minutes.
    bomb = workbook(tmp_path / "bomb.xlsx", [HEADER, ["Kantor Desa A", "desa"]])
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/media/pad.bin", "w") as pad:
        for _ in range(3):
            pad.write(bytes(1_000_000))
    monkeypatch.setattr(xlsximport, "MAX_UNPACKED_BYTES", 2_000_000)
    assert problems(bomb) == [f"{bomb}: the workbook unpacks to 3 MB, far more than any office list needs (at "
                              "most 2 MB): is it the right file?"]


def test_problems_are_capped_and_rows_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "o.xlsx", [HEADER] + [[f"Kantor {n}", "planet"] for n in range(300)])
    lines = problems(path)
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1] == "… and 200 more problems not listed (the first 100 are): is this the right file?"
    monkeypatch.setattr(xlsximport, "MAX_ROWS", 50)
    assert problems(path) == [f"{path}, sheet 'Kantor', row 52: more than 50 rows of offices, far more than any "
                              "network needs: is it the right sheet?"]


def fifty_thousand_rows(path: Path) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Kantor")
    sheet.append(list(REQUIRED_COLUMNS))
    for n in range(50_000):
        sheet.append([f"Kantor {n}", "desa", "Waru", -1.2 - n / 1e6, 116.5, f"127.1.{n // 256 % 256}.{n % 256}",
                      "", ""])
    book.save(path)
    return path


@pytest.mark.slow
def test_a_fifty_thousand_row_sheet_is_imported(tmp_path: Path) -> None:
    path = fifty_thousand_rows(tmp_path / "big.xlsx")
    started = time.perf_counter()
    merge = import_sites_xlsx(path, BASE)
    took = time.perf_counter() - started
    assert len(merge.added) == 50_000 and len(merge.network.targets) == 50_000
    assert took < 60, f"{took:.1f} s"


def test_the_template_imports_into_the_sample_workspace(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        workspace.replace_network(load_network_file(sample_network_path()))
        network = workspace.load_network()
        assert network is not None
        merge = import_sites_xlsx(office_template_path(), network)
        workspace.replace_network(merge.network)
        stored = workspace.load_network()
    assert merge.sheet == "Kantor" and merge.added == ("kantor-kelurahan-waru", "kantor-desa-bangun-mulya")
    assert stored is not None
    desa = stored.site("kantor-desa-bangun-mulya")
    assert desa is not None and desa.parent == "kantor-kelurahan-waru" and desa.kind is SiteKind.DESA
    assert len(stored.sites) == len(network.sites) + 2


def test_the_committed_template_is_what_the_script_writes(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    subprocess.run([sys.executable, str(REPO / "scripts" / "make-offices-template.py"), str(out)], check=True,
                   capture_output=True, env={"PYTHONPATH": str(REPO / "src")}, timeout=120)
    committed, fresh = openpyxl.load_workbook(office_template_path()), openpyxl.load_workbook(out)
    assert committed.sheetnames == fresh.sheetnames == ["Kantor", "Petunjuk"]
    for name in committed.sheetnames:
        assert [[c.value for c in row] for row in committed[name].iter_rows()] == \
               [[c.value for c in row] for row in fresh[name].iter_rows()], name
    kantor = committed["Kantor"]
    assert [c.value for c in kantor[1]] == list(REQUIRED_COLUMNS)
    assert kantor.freeze_panes == "A2"
    (kinds,) = kantor.data_validations.dataValidation
    assert kinds.type == "list" and "B2:B1000" in str(kinds.sqref)
    assert kinds.formula1 == '"datacenter,skpd,kecamatan,kelurahan,desa,isp-pop"'


def test_pantau_import_merges_a_workbook_and_says_which_sheet(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from pantau import cli

    workspace = tmp_path / "w.sqlite3"
    assert cli.main(["--workspace", str(workspace), "import", str(sample_network_path())]) == 0
    before = load_network_file(sample_network_path())
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Catatan"
    offices = book.create_sheet("Kantor")
    offices.append(["id", *HEADER])
    offices.append(["", "Kantor Desa Baru", "desa", "Waru", -1.3, 116.5, "127.0.77.1", "", "Kantor Camat Waru"])
    offices.append(["diskominfo", "Diskominfo PPU", "datacenter", "Penajam", -1.310028, 116.727606])
    book.save(tmp_path / "offices.xlsx")
    capsys.readouterr()
    assert cli.main(["--workspace", str(workspace), "import", str(tmp_path / "offices.xlsx")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Merged {tmp_path / 'offices.xlsx'}, sheet 'Kantor': 1 site added, 1 updated\n")
    with Workspace.open(workspace) as opened:
        stored = opened.load_network()
    assert stored is not None and len(stored.sites) == len(before.sites) + 1
    new = stored.site("kantor-desa-baru")
    assert new is not None and new.parent == "camat-waru"
    diskominfo = stored.site("diskominfo")
    assert diskominfo is not None and diskominfo.name == "Diskominfo PPU"

    offices["E3"] = "north"
    book.save(tmp_path / "bad.xlsx")
    assert cli.main(["--workspace", str(workspace), "import", str(tmp_path / "bad.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err == (f"{tmp_path / 'bad.xlsx'}, sheet 'Kantor', row 3, column E (lat): 'north' is not a number\n"
                   "1 problem; the workspace was not changed.\n")
    with Workspace.open(workspace) as opened:
        assert opened.load_network() == stored
