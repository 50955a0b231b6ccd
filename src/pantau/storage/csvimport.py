"""Importing sites from a CSV exported from a spreadsheet, merged into a network.

Officers keep their office lists in spreadsheets. An Indonesian-locale Excel writes `;` between fields and a decimal
comma (-1,31), and often a UTF-8 byte-order mark; all three are accepted. Rows are numbered as the spreadsheet shows
them (the header is row 1), so an error message points at the row the officer sees. This module only reads the CSV
into rows: the columns, their checks and the merge are storage/site_rows.py's, shared with the .xlsx import.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pantau.domain.inventory import Network
from pantau.storage.site_rows import SiteImportError, SiteMerge, SiteRowProblem, merge_site_rows, slug
from pantau.storage.textinput import TextInputError, read_user_text

# The CSV import's error is the shared one: a caller catches one class whichever file it read.
CsvImportError = SiteImportError

__all__ = ["CsvImportError", "import_sites_csv", "merge_sites_csv", "merge_sites_text", "slug"]


def import_sites_csv(path: Path, network: Network) -> SiteMerge:
    """The CSV's sites merged into a copy of `network` (see `site_rows.merge_site_rows`), with what was added and
    updated. Raises `SiteImportError` with every problem; the given network is never modified."""
    display = str(path)
    try:
        text = read_user_text(path)
    except TextInputError as error:
        message = f"line {error.line}: {error.message}" if error.line else error.message
        raise SiteImportError([SiteRowProblem(display, message)]) from None
    return _merge_text(text, display, network)


def merge_sites_csv(path: Path, network: Network) -> Network:
    """`import_sites_csv`'s merged network."""
    return import_sites_csv(path, network).network


def merge_sites_text(text: str, display: str, network: Network) -> Network:
    """The sites of CSV `text` (named `display` in messages) merged into a copy of `network`."""
    return _merge_text(text, display, network).network


def _merge_text(text: str, display: str, network: Network) -> SiteMerge:
    # A row ends at any line break: '\r\n' (Windows), '\n', or a lone '\r' (old Mac spreadsheets); a break inside
    # a quoted cell stays in that cell (and a name holding one is then refused by the rules).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _sniff_delimiter(text)
    records = _records(text, delimiter, display)

    def where(row: int | None, column: str | None) -> str:
        place = f"row {row}" if row is not None else ""
        if column:
            place = f"{place} column '{column}'".strip()
        return f"{display}: {place}" if place else display

    header = records[0][1] if records else []
    return merge_site_rows(header, records[1:], where, network, decimal_comma=delimiter == ";")


def _records(text: str, delimiter: str, display: str) -> list[tuple[int, list[str]]]:
    """Every record with its row number as the spreadsheet shows it (the header is row 1)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            records.append((len(records) + 1, cells))
    except csv.Error as error:
        row = len(records) + 1
        if "field limit" in str(error):
            message = (f"a cell is longer than {csv.field_size_limit():,} characters (a spreadsheet cell holds at "
                       "most 32,767): is this the right file?")
        else:
            message = f"cannot be read as CSV: {error}"
        raise SiteImportError([SiteRowProblem(f"{display}: row {row}", message)]) from None
    return records


def _sniff_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=first_line.count)
