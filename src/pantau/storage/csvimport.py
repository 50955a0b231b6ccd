"""Importing sites from a CSV exported from a spreadsheet, merged into a network.

Officers keep their office lists in spreadsheets. An Indonesian-locale Excel writes `;` between fields and a decimal
comma (-1,31), and often a UTF-8 byte-order mark; all three are accepted. Rows are numbered as the spreadsheet shows
them (the header is row 1), so an error message points at the row the officer sees.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, replace
from pathlib import Path

from pantau.domain.addresses import address_problem
from pantau.domain.inventory import (
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
    ancestors,
    validate_network,
)
from pantau.domain.text import printable, shown
from pantau.storage.textinput import TextInputError, read_user_text

REQUIRED_COLUMNS = ("name", "kind", "district", "lat", "lon", "address", "role", "parent")
OPTIONAL_COLUMNS = ("id",)

# Words officers use in spreadsheets for the kinds of site.
_KIND_ALIASES = {
    "opd": SiteKind.SKPD,
    "dinas": SiteKind.SKPD,
    "kantor": SiteKind.SKPD,
    "pusat data": SiteKind.DATACENTER,
    "data center": SiteKind.DATACENTER,
    "pop": SiteKind.ISP_POP,
}


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


@dataclass(frozen=True)
class CsvProblem:
    path: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else ""
        if self.column:
            where = f"{where} column '{self.column}'".strip()
        return printable(f"{self.path}: {where}: {self.message}" if where else f"{self.path}: {self.message}")


class CsvImportError(Exception):
    def __init__(self, problems: list[CsvProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def slug(name: str) -> str:
    """An id from a name: lowercase ASCII letters and digits joined by '-'."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:64].rstrip("-") or "site"


def merge_sites_csv(path: Path, network: Network) -> Network:
    """A copy of `network` with the CSV's sites added (or updated, by id) and a target per row with an address.

    Raises `CsvImportError` with every problem; the given network is never modified.
    """
    display = str(path)
    try:
        text = read_user_text(path)
    except TextInputError as error:
        message = f"line {error.line}: {error.message}" if error.line else error.message
        raise CsvImportError([CsvProblem(display, None, None, message)]) from None
    return merge_sites_text(text, display, network)


def merge_sites_text(text: str, display: str, network: Network) -> Network:
    # A row ends at any line break: '\r\n' (Windows), '\n', or a lone '\r' (old Mac spreadsheets); a break inside
    # a quoted cell stays in that cell (and a name holding one is then refused by the rules).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _sniff_delimiter(text)
    records = _records(text, delimiter, display)
    header = [name.strip().lower() for name in records[0][1]] if records else []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    problems = [CsvProblem(display, 1, column, "missing column") for column in missing]
    problems += [CsvProblem(display, 1, column, "unknown column") for column in unknown]
    problems += [CsvProblem(display, 1, column, "appears twice in the header")
                 for column in dict.fromkeys(c for n, c in enumerate(header) if c in header[:n])]
    if problems:
        raise CsvImportError(problems)

    merged = deepcopy(network)
    names_to_ids = {site.name.casefold(): site.id for site in merged.sites}
    rows: list[tuple[int, dict[str, str]]] = []
    first_row_of: dict[str, tuple[int, str]] = {}
    for row_number, cells in records[1:]:
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
            problems.append(CsvProblem(display, row_number, None, "more fields than columns in the header"))
            continue
        row = {column: (cells[n].strip() if n < len(cells) else "") for n, column in enumerate(header)}
        if not any(row.values()):
            continue
        site_id = row.get("id") or slug(row["name"])
        if site_id in first_row_of:
            first, first_name = first_row_of[site_id]
            column = "id" if row.get("id") else "name"
            problems.append(CsvProblem(display, row_number, column,
                                       f"{shown(row['name'])} gives the site id {shown(site_id)}, as row {first} "
                                       f"({shown(first_name)}) does: give the two rows different names, or "
                                       "different ids in an 'id' column"))
            continue
        first_row_of[site_id] = (row_number, row["name"])
        rows.append((row_number, row))
        names_to_ids.setdefault(row["name"].casefold(), site_id)

    decimal_comma = delimiter == ";"
    row_of_target: dict[str, int] = {}
    for row_number, row in rows:
        site, target = _row_to_site(row, row_number, display, names_to_ids, decimal_comma, problems)
        if site is None:
            continue
        existing = next((i for i, s in enumerate(merged.sites) if s.id == site.id), None)
        if existing is None:
            merged.sites.append(site)
        else:
            merged.sites[existing] = replace(merged.sites[existing], name=site.name, kind=site.kind,
                                             kecamatan=site.kecamatan, lat=site.lat, lon=site.lon, parent=site.parent)
        if target is not None:
            merged.targets = [t for t in merged.targets if t.id != target.id]
            merged.targets.append(target)
            row_of_target[target.id] = row_number

    if not problems:
        row_of_site = {row.get("id") or slug(row["name"]): n for n, row in rows}
        problems += _rule_problems(merged, display, row_of_site, row_of_target)
    if problems:
        raise CsvImportError(problems)
    return merged


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
        raise CsvImportError([CsvProblem(display, row, None, message)]) from None
    return records


# The CSV column a rule's field comes from.
_COLUMN_OF_FIELD = {"kecamatan": "district"}


def _rule_problems(merged: Network, display: str, row_of_site: dict[str, int],
                   row_of_target: dict[str, int]) -> list[CsvProblem]:
    """Every rule the merged inventory breaks, on the row that caused it. The whole inventory is checked, not only
    the rows: a parent loop can close through a site already in the workspace."""
    problems = []
    for problem in validate_network(merged):
        row = None
        if problem.section == "sites" and problem.entry is not None:
            row = row_of_site.get(problem.entry)
            if row is None and problem.field == "parent":
                loop = [problem.entry, *ancestors(merged, problem.entry)]
                row = min((row_of_site[site] for site in loop if site in row_of_site), default=None)
        elif problem.section == "targets" and problem.entry is not None:
            row = row_of_target.get(problem.entry)
        if row is not None:
            column = _COLUMN_OF_FIELD.get(problem.field or "", problem.field)
            problems.append(CsvProblem(display, row, column, problem.message))
        else:
            problems.append(CsvProblem(display, None, None,
                                       f"the network already in the workspace (not this file): {problem.where()}: "
                                       f"{problem.message}; correct the network file and import it first"))
    return problems


def _sniff_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=first_line.count)


def _row_to_site(row: dict[str, str], row_number: int, display: str, names_to_ids: dict[str, str],
                 decimal_comma: bool, problems: list[CsvProblem]) -> tuple[Site | None, Target | None]:
    def problem(column: str, message: str) -> None:
        problems.append(CsvProblem(display, row_number, column, message))

    before = len(problems)
    name = row["name"]
    if not name:
        problem("name", "a site needs a name")
    site_id = row.get("id") or slug(name)
    kind = _parse_kind(row["kind"])
    if kind is None:
        problem("kind", f"{shown(row['kind'])} is not one of: {', '.join(k.value for k in SiteKind)}")
    lat = _parse_coordinate(row["lat"], decimal_comma, "lat", problem)
    lon = _parse_coordinate(row["lon"], decimal_comma, "lon", problem)
    parent = None
    if row["parent"]:
        parent = names_to_ids.get(row["parent"].casefold(), row["parent"])
    target = None
    if row["address"]:
        address_issue = address_problem(row["address"])
        if address_issue:
            problem("address", address_issue)
        role = TargetRole.OFFICE_ROUTER
        if row["role"]:
            try:
                role = TargetRole(row["role"].lower())
            except ValueError:
                problem("role", f"{shown(row['role'])} is not one of: {', '.join(r.value for r in TargetRole)}")
        target = Target(id=f"{site_id}-{role.value}", site=site_id, address=row["address"], role=role)
    elif row["role"]:
        problem("role", "a role needs an address to probe")
    if len(problems) > before or kind is None:
        return None, None
    site = Site(id=site_id, name=name, kind=kind, kecamatan=row["district"], lat=lat, lon=lon, parent=parent)
    return site, target


def _parse_kind(text: str) -> SiteKind | None:
    key = text.strip().lower()
    try:
        return SiteKind(key)
    except ValueError:
        return _KIND_ALIASES.get(key)


def _parse_coordinate(text: str, decimal_comma: bool, column: str,
                      problem: Callable[[str, str], None]) -> float | None:
    if not text:
        return None
    cleaned = text.replace(",", ".") if decimal_comma else text
    # Only ASCII digits and one point: float() also reads '١٫٥', '1_0', 'nan' and 'inf'.
    value = float(cleaned) if _DECIMAL.fullmatch(cleaned) else math.nan
    if not math.isfinite(value):
        problem(column, f"{shown(text)} is not a number")
        return None
    return value
