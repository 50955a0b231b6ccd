#!/usr/bin/env python3
"""Writes resources/templates/offices-template.xlsx, the office list an officer fills in for `pantau import`.

    PYTHONPATH=src .venv/bin/python scripts/make-offices-template.py [OUTPUT]

The "Kantor" sheet has the header row with exactly the columns the import reads (storage/site_rows.py), two
example rows, a frozen header, widths to fit, and a drop-down of the kinds of site; the "Petunjuk" sheet explains
each column in Indonesian and English. Both the script and the workbook are committed; tests/unit/test_xlsximport.py
checks that the committed workbook holds what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pantau.domain.inventory import SiteKind, TargetRole
from pantau.storage.site_rows import REQUIRED_COLUMNS

OUTPUT = Path(__file__).resolve().parents[1] / "resources" / "templates" / "offices-template.xlsx"

# Made up, in the sample network's style (Kabupaten Penajam Paser Utara; places the sample has no office in): an
# office reached from the data centre, and a village office reached through it. Private addresses, not loopback.
EXAMPLES = [
    ["Kantor Kelurahan Waru", "kelurahan", "Waru", -1.255908, 116.496072, "10.31.2.1", "office-router",
     "diskominfo"],
    ["Kantor Desa Bangun Mulya", "desa", "Waru", -1.362326, 116.585174, "10.31.5.1", "office-router",
     "Kantor Kelurahan Waru"],
]

WIDTHS = {"name": 34, "kind": 13, "district": 16, "lat": 12, "lon": 12, "address": 18, "role": 15, "parent": 24}

# (column, Indonesian, English)
INSTRUCTIONS = [
    ("name", "Nama kantor, satu baris per kantor. Wajib. Nama menjadi id kantor (huruf kecil dan '-'), kecuali "
     "ada kolom 'id'.",
     "The office's name, one row per office. Required. The name gives the office's id (lowercase and '-'), unless "
     "there is an 'id' column."),
    ("kind", f"Jenis kantor: {', '.join(k.value for k in SiteKind)} (juga: opd, dinas, kantor, pusat data, pop). "
     "Pilih dari daftar.",
     f"The kind of site: {', '.join(k.value for k in SiteKind)} (also: opd, dinas, kantor, pusat data, pop). "
     "Pick it from the list."),
    ("district", "Kecamatan tempat kantor berada. Boleh kosong.",
     "The district (kecamatan) the office is in. May be empty."),
    ("lat", "Lintang dalam derajat desimal, mis. -1,255908 (koma atau titik). Boleh kosong: kantor tanpa koordinat "
     "tidak tampil di peta.",
     "Latitude in decimal degrees, e.g. -1.255908 (comma or point). May be empty: an office without coordinates is "
     "not on the map."),
    ("lon", "Bujur dalam derajat desimal, mis. 116,496072.", "Longitude in decimal degrees, e.g. 116.496072."),
    ("address", "Alamat IP atau nama host router kantor yang dipantau. Kosong: kantor tanpa target.",
     "The IP address or host name of the office's router to watch. Empty: the office has no target."),
    ("role", f"Peran alamat itu: {', '.join(r.value for r in TargetRole)}. Kosong berarti office-router.",
     f"What that address is: {', '.join(r.value for r in TargetRole)}. Empty means office-router."),
    ("parent", "Jalan masuk ke kantor ini: nama atau id kantor yang sudah ada di jaringan, atau di baris lain "
     "(mis. diskominfo).",
     "The way in to this office: the name or id of a site already in the network, or in another row (e.g. "
     "diskominfo)."),
    ("id", "Opsional (kolom tambahan): id tetap kantor. Baris dengan id yang sudah ada memperbarui kantor itu.",
     "Optional (an extra column): the office's fixed id. A row with an id already in the network updates that "
     "office."),
]

NOTES = [
    ("Isi lembar 'Kantor', lalu: pantau import file.xlsx, atau di Pantau: File ▸ Buka berkas jaringan.",
     "Fill in the 'Kantor' sheet, then: pantau import file.xlsx, or in Pantau: File ▸ Open network file."),
    ("Kantor digabungkan ke jaringan yang ada: kantor baru ditambahkan, kantor dengan id sama diperbarui.",
     "Offices are merged into the network: new ones are added, ones with the same id are updated."),
    ("Jangan menggabungkan sel (merge) dan jangan memakai tanggal; baris kosong dilewati.",
     "Do not merge cells and do not use dates; empty rows are skipped."),
    ("Hapus dua baris contoh sebelum mengimpor daftar Anda sendiri.",
     "Delete the two example rows before importing your own list."),
]


def build_template() -> Workbook:
    workbook = Workbook()
    offices = workbook.active
    assert offices is not None
    offices.title = "Kantor"
    offices.append(list(REQUIRED_COLUMNS))
    for example in EXAMPLES:
        offices.append(example)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in offices[1]:
        cell.font = bold
        cell.fill = fill
    for n, column in enumerate(REQUIRED_COLUMNS):
        letter = get_column_letter(n + 1)
        offices.column_dimensions[letter].width = WIDTHS[column]
        if column in ("lat", "lon"):
            for row_number in range(2, 2 + len(EXAMPLES)):
                offices.cell(row=row_number, column=n + 1).number_format = "0.000000"
    offices.freeze_panes = "A2"
    kinds = DataValidation(type="list", formula1=f'"{",".join(k.value for k in SiteKind)}"', allow_blank=True,
                           showErrorMessage=False)
    kinds.prompt = "datacenter, skpd, kecamatan, kelurahan, desa, isp-pop"
    kinds.promptTitle = "kind"
    kind_letter = get_column_letter(REQUIRED_COLUMNS.index("kind") + 1)
    kinds.add(f"{kind_letter}2:{kind_letter}1000")
    offices.add_data_validation(kinds)

    help_sheet = workbook.create_sheet("Petunjuk")
    help_sheet.append(["Kolom / Column", "Petunjuk (Bahasa Indonesia)", "Instructions (English)"])
    for cell in help_sheet[1]:
        cell.font = bold
        cell.fill = fill
    for column, indonesian, english in INSTRUCTIONS:
        help_sheet.append([column, indonesian, english])
    help_sheet.append([])
    for indonesian, english in NOTES:
        help_sheet.append(["", indonesian, english])
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 70
    help_sheet.column_dimensions["C"].width = 70
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    help_sheet.freeze_panes = "A2"
    return workbook


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    build_template().save(output)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
