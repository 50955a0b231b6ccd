"""Importing sites from a CSV exported from a spreadsheet, merged into a network.

Officers keep their office lists in spreadsheets. An Indonesian-locale Excel writes `;` between fields and a decimal
comma (-1,31), and often a UTF-8 byte-order mark; all three are accepted. Rows are numbered as the spreadsheet shows
them (the header is row 1), so an error message points at the row the officer sees.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, replace
from pathlib import Path

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole, address_problem, validate_network

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
        return f"{self.path}: {where}: {self.message}" if where else f"{self.path}: {self.message}"


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
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise CsvImportError([CsvProblem(display, None, None, f"cannot read the file: {error.strerror}")]) from None
    except UnicodeDecodeError:
        raise CsvImportError([CsvProblem(display, None, None, "the file is not UTF-8 text; in the spreadsheet "
                                                              "choose 'CSV UTF-8' when saving")]) from None
    return merge_sites_text(text, display, network)


def merge_sites_text(text: str, display: str, network: Network) -> Network:
    delimiter = _sniff_delimiter(text)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    problems = [CsvProblem(display, 1, column, "missing column") for column in missing]
    problems += [CsvProblem(display, 1, column, "unknown column") for column in unknown]
    if problems:
        raise CsvImportError(problems)

    merged = deepcopy(network)
    names_to_ids = {site.name.casefold(): site.id for site in merged.sites}
    rows: list[tuple[int, dict[str, str]]] = []
    for row_number, raw in enumerate(reader, start=2):
        row = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key is not None}
        if not any(row.values()):
            continue
        if None in raw:
            problems.append(CsvProblem(display, row_number, None, "more fields than columns in the header"))
            continue
        rows.append((row_number, row))
        names_to_ids[row["name"].casefold()] = row.get("id") or slug(row["name"])

    decimal_comma = delimiter == ";"
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

    if not problems:
        row_of_site = {row.get("id") or slug(row["name"]): n for n, row in rows}
        for problem in validate_network(merged):
            if problem.section == "sites" and problem.entry in row_of_site:
                problems.append(CsvProblem(display, row_of_site[problem.entry], problem.field, problem.message))
            elif problem.section == "targets" and problem.field == "id":
                problems.append(CsvProblem(display, None, None, f"{problem.where()}: {problem.message}"))
    if problems:
        raise CsvImportError(problems)
    return merged


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
        problem("kind", f"{row['kind']!r} is not one of: {', '.join(k.value for k in SiteKind)}")
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
                problem("role", f"{row['role']!r} is not one of: {', '.join(r.value for r in TargetRole)}")
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
    try:
        return float(cleaned)
    except ValueError:
        problem(column, f"{text!r} is not a number")
        return None
