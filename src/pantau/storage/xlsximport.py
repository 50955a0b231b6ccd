"""Importing sites from an Excel workbook (.xlsx), merged into a network.

The columns, their checks and the merge are storage/site_rows.py's, exactly as for a CSV; this module reads one
sheet into rows of cells and names places as Excel shows them: "offices.xlsx, sheet 'Kantor', row 7, column D
(lat)". The sheet read is the one named like the template's ("Kantor" or "Offices", any case) if there is one, else
the first visible sheet; the result says which. The header is the sheet's first row that is not empty, and empty
rows are skipped.

What a workbook holds beyond text and numbers is named, never guessed at:

- **Merged cells are refused**, each range named. Officers merge a district over the rows of its offices; reading
  the top-left value would import the other rows with the district silently empty, and copying it down would
  invent values the officer never wrote in those rows. Unmerging is one click and leaves nothing to guess.
- **Formulas** are read by their value as Excel last calculated it. A formula with no calculated value (a file a
  program wrote and no spreadsheet ever opened) is named with its formula, not read as an empty cell.
- A date, a yes/no value or an error (#N/A) where text or a coordinate belongs is named with what was found.
- Coordinates may be numbers or text, with a decimal point or comma.

A password-protected workbook (an encrypted OLE container, not a zip), an old .xls, a damaged file or anything else
is "not an Excel .xlsx workbook (…)" with the reason. The file is bounded like a text file (`MAX_BYTES`) and the
sheet to `MAX_ROWS` rows of sites; it is read streaming (openpyxl's read-only mode), so a large sheet costs time in
proportion to its rows, not memory for all its cells at once.

openpyxl's read-only sheet has no merged ranges and reads an uncalculated formula as empty, so the sheet is parsed
here with a subclass of openpyxl's own sheet parser (`_SheetParser`), reached through four private attributes of
the workbook and sheet; the version is locked (requirements.lock) and tests/unit/test_xlsximport.py would fail if
a new one moved them.
"""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any, cast

import openpyxl
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from pantau.domain.inventory import Network
from pantau.domain.text import shown
from pantau.storage.site_rows import (
    COORDINATE_COLUMNS,
    Cell,
    SiteImportError,
    SiteMerge,
    SiteRowProblem,
    Unreadable,
    merge_site_rows,
)

# As for a text file (storage/textinput.py): far above any real office list (50,000 rows take about 2 MB).
MAX_BYTES = 16 * 1024 * 1024
# What the archive may hold unpacked: 100,000 rows of offices are about 60 MB of sheet XML.
MAX_UNPACKED_BYTES = 200_000_000
# Rows of sites in one sheet: ten times the largest inventory Pantau is built for (5,000 offices).
MAX_ROWS = 100_000
# Sheet names the template uses, in either language; any case.
SHEET_NAMES = ("kantor", "offices")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an encrypted Office file keeps its key data in, as an OLE directory names it (UTF-16).
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_UNCALCULATED = "uncalculated"


class _SheetParser(WorkSheetParser):
    """openpyxl's sheet parser, marking a formula cell that has no calculated value instead of reading it as
    empty (its `merged_cells` holds the sheet's merged ranges once every row has been read)."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        formula = element.find(FORMULA_TAG)
        if cell["value"] is None and formula is not None:
            cell["data_type"] = _UNCALCULATED
            cell["value"] = f"={formula.text}" if formula.text else ""
        return cell


def import_sites_xlsx(path: Path, network: Network) -> SiteMerge:
    """The sites of the workbook's office sheet merged into a copy of `network` (see `site_rows.merge_site_rows`),
    with what was added and updated and which sheet was read. Raises `SiteImportError` with every problem; the
    given network is never modified."""
    display = str(path)
    _check_container(path, display)
    # openpyxl warns about parts of a workbook it drops (extensions, odd styles): none of them hold the offices.
    # (The filter is process-wide while it holds; nothing else in Pantau relies on warnings meanwhile.)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # whatever a parser raises on foreign bytes means the same thing
            raise _not_a_workbook(display, f"damaged, or not a workbook: {error or type(error).__name__}") from None
        try:
            title, sheet = _office_sheet(workbook, display)
            with sheet._get_source() as source:
                header_row, header, records = _read(_parser(workbook, sheet, source), display, title)
        except SiteImportError:
            raise
        except Exception as error:  # a damaged part found while streaming: a bad zip entry or broken XML
            raise _not_a_workbook(display, f"damaged: {error or type(error).__name__}") from None
        finally:
            workbook.close()

    letter_of: dict[str, str] = {}
    for n, name in enumerate(header):
        letter_of.setdefault(name.strip().lower(), get_column_letter(n + 1))

    def where(row: int | None, column: str | None) -> str:
        place = f"{display}, sheet {shown(title)}"
        if row is not None:
            place = f"{place}, row {row}"
        if column is not None:
            letter = letter_of.get(column)
            place = f"{place}, column {letter} ({column})" if letter else f"{place}, column {shown(column)}"
        return place

    merge = merge_site_rows(header, records, where, network, decimal_comma=True, header_row=header_row)
    return replace(merge, sheet=title)


def _check_container(path: Path, display: str) -> None:
    """Refuse what is not a zip archive before openpyxl sees it, saying what it is when the first bytes tell."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
            if head == _OLE_MAGIC and size <= MAX_BYTES:
                head += stream.read()
    except OSError as error:
        raise SiteImportError([SiteRowProblem(display, f"cannot read the file: {error.strerror or error}")]) from None
    if size > MAX_BYTES:
        raise SiteImportError([SiteRowProblem(
            display, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB, far more than any office list "
            "needs: is it the right file?")])
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTION_INFO in head:
            raise _not_a_workbook(display, "it is protected with a password: open it in Excel, remove the password "
                                  "(File ▸ Info ▸ Protect Workbook ▸ Encrypt with Password) and save it again")
        raise _not_a_workbook(display, "it is an old Excel 97–2003 .xls file or another Office document: open it "
                              "in Excel or LibreOffice Calc and save it as an Excel workbook (.xlsx)")
    if not head.startswith(b"PK"):
        raise _not_a_workbook(display, "it is not a zip archive, as every .xlsx file is: is it the right file?")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_a_workbook(display, f"damaged, or not a workbook: {error}") from None
    if unpacked > MAX_UNPACKED_BYTES:
        # A small file that unpacks to gigabytes (a "zip bomb", or a sheet of millions of empty rows) would keep
        # the reader busy for minutes: refused before reading.
        raise SiteImportError([SiteRowProblem(
            display, f"the workbook unpacks to {unpacked / 1e6:,.0f} MB, far more than any office list needs "
            f"(at most {MAX_UNPACKED_BYTES // 1_000_000} MB): is it the right file?")])


def _not_a_workbook(display: str, reason: str) -> SiteImportError:
    return SiteImportError([SiteRowProblem(display, f"not an Excel .xlsx workbook ({reason})")])


def _office_sheet(workbook: Any, display: str) -> tuple[str, Any]:
    """The sheet to read and its title: the one named like the template's, else the first visible one."""
    sheets = list(workbook.worksheets)
    named = [sheet for sheet in sheets if sheet.title.strip().casefold() in SHEET_NAMES]
    visible = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
    chosen = (named or visible or [None])[0]
    if chosen is None:
        raise SiteImportError([SiteRowProblem(display, "the workbook has no visible sheet to read offices from")])
    return cast(str, chosen.title), chosen


def _parser(workbook: Any, sheet: Any, source: IO[bytes]) -> _SheetParser:
    """A parser over `source`, the sheet's part, with the private parts the read-only sheet reads itself with (see
    the module's docstring)."""
    return _SheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                        date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)


def _read(parser: _SheetParser, display: str, title: str) -> tuple[int, list[str], list[tuple[int, list[Cell]]]]:
    """The header row's number, its cells as text, and every row below it that is not empty."""
    place = f"{display}, sheet {shown(title)}"
    header_row = 0
    header: list[str] = []
    records: list[tuple[int, list[Cell]]] = []
    for row_number, cells in parser.parse():
        if not header_row:
            if any(cell["value"] not in (None, "") for cell in cells):
                header_row = row_number
                header = _header(cells)
            continue
        row = _row(cells, header)
        if not any(cell != "" for cell in row):
            continue
        if len(records) == MAX_ROWS:
            raise SiteImportError([SiteRowProblem(
                f"{place}, row {row_number}",
                f"more than {MAX_ROWS:,} rows of offices, far more than any network needs: is it the right "
                "sheet?")])
        records.append((row_number, row))
    if not header_row:
        raise SiteImportError([SiteRowProblem(
            place, "the sheet is empty: it needs a header row (name, kind, district, …) and a row per office")])
    merges = [str(merge.ref) for merge in parser.merged_cells.mergeCell] if parser.merged_cells else []
    if merges:
        raise SiteImportError([SiteRowProblem(
            f"{place}, cells {ref}",
            "merged cells: each office needs its own value in its own row; unmerge them (Home ▸ Merge & Center) "
            "and write the value in every row") for ref in merges])
    return header_row, header, records


def _header(cells: list[dict[str, Any]]) -> list[str]:
    """The header's names by column, up to its last filled cell."""
    width = max((cell["column"] for cell in cells if cell["value"] not in (None, "")), default=0)
    names = [""] * width
    for cell in cells:
        if cell["column"] <= width and cell["value"] is not None:
            value = cell["value"]
            names[cell["column"] - 1] = str(int(value)) if isinstance(value, float) and value.is_integer() \
                else str(value)
    return names


def _row(cells: list[dict[str, Any]], header: list[str]) -> list[Cell]:
    """A row's cells under the header's columns; a filled cell right of the header is kept (as the one cell past
    it), so the row is refused as having more fields than the header, as a CSV's would be."""
    width = len(header)
    row: list[Cell] = [""] * width
    for cell in cells:
        column = cell["column"] - 1
        name = header[column].strip().lower() if column < width else ""
        value = _cell(cell, name)
        if column < width:
            row[column] = value
        elif value != "" and len(row) == width:
            row.append(value)
    return row


def _cell(cell: dict[str, Any], column: str) -> Cell:
    """A cell as the shared rows take it: text, a number, or what it holds when it is neither."""
    value, kind = cell["value"], cell["data_type"]
    wanted = "a number" if column in COORDINATE_COLUMNS else "text"
    if kind == _UNCALCULATED:
        formula = f"the formula {shown(value)}" if value else "a formula shared with the cells above it"
        return Unreadable(f"holds {formula} and no value: it was never calculated (a program wrote the file and no "
                          "spreadsheet has opened it since); open the workbook in Excel or LibreOffice Calc and "
                          "save it, or type the value")
    if value is None:
        return ""
    if kind == "e":
        return Unreadable(f"holds the error {shown(str(value))} from a formula that failed: correct it in the "
                          "workbook, or type the value")
    if isinstance(value, bool):
        return Unreadable(f"holds the yes/no value {'TRUE' if value else 'FALSE'}, not {wanted}")
    if isinstance(value, datetime | date | time | timedelta):
        found = _date_text(value)
        if column in COORDINATE_COLUMNS:
            return Unreadable(f"holds a date or time ({found}), not a number: the spreadsheet turned what was typed "
                              "into a date; format the column as Number and type the coordinate again (e.g. "
                              "-1,255908)")
        return Unreadable(f"holds a date or time ({found}), not text: format the column as Text and type it again")
    if isinstance(value, int | float):
        return float(value)
    return str(value)


def _date_text(value: datetime | date | time | timedelta) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
