"""Sites from the rows of a spreadsheet, merged into a network: the one path both office-list imports share.

storage/csvimport.py reads a CSV and storage/xlsximport.py an Excel workbook into rows of cells; this module checks
the header, turns each row into a site (and a target when it has an address), merges them by id into a copy of the
network and checks the rules of the merged inventory. A reader hands its rows numbered as the spreadsheet shows
them, with a `where(row, column)` function that names a place in the reader's own terms ("k.csv: row 3 column
'lat'", "offices.xlsx, sheet 'Kantor', row 7, column D (lat)"), so every message points at the cell the officer
sees, whatever the file.

A cell is text, a number (a workbook's numeric cell: a coordinate is taken as it is, a number in a text column as
its digits), or `Unreadable` when the reader found something that is neither (a date, an error, a formula never
calculated): that cell is named with what it holds, and its row is not imported.

At most `MAX_PROBLEMS` problems are listed, with the count of the others: a wrong file of 50,000 rows gives a
message a person can read, not 50,000 lines.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace

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

REQUIRED_COLUMNS = ("name", "kind", "district", "lat", "lon", "address", "role", "parent")
OPTIONAL_COLUMNS = ("id",)
COORDINATE_COLUMNS = ("lat", "lon")
MAX_PROBLEMS = 100

# Words officers use in spreadsheets for the kinds of site.
KIND_ALIASES = {
    "opd": SiteKind.SKPD,
    "dinas": SiteKind.SKPD,
    "kantor": SiteKind.SKPD,
    "pusat data": SiteKind.DATACENTER,
    "data center": SiteKind.DATACENTER,
    "pop": SiteKind.ISP_POP,
}

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# Text a spreadsheet (or a person) made of a date: 1/3/2024, 2024-03-01, 01.03.24.
_DATE_LIKE = re.compile(r"[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}")

# Names a place in the reader's terms: (row as the spreadsheet shows it or None, column name or None) → text.
Where = Callable[[int | None, str | None], str]


@dataclass(frozen=True)
class Unreadable:
    """A cell that is neither text nor a number; `message` says what it holds and what to do."""

    message: str


Cell = str | float | Unreadable


@dataclass(frozen=True)
class SiteRowProblem:
    """One problem, at the place `where` names (a file, a row, a column)."""

    where: str
    message: str

    def __str__(self) -> str:
        return printable(f"{self.where}: {self.message}")


class SiteImportError(Exception):
    """Every problem found (the first `MAX_PROBLEMS` of them kept); `total` counts them all."""

    def __init__(self, problems: list[SiteRowProblem]) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        self.total = len(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """The problems as text, and a last line with how many more were found when some were left out."""
        lines = [str(problem) for problem in self.problems]
        left_out = self.total - len(self.problems)
        if left_out:
            lines.append(f"… and {left_out:,} more problem{'s' if left_out != 1 else ''} not listed (the first "
                         f"{len(self.problems)} are): is this the right file?")
        return lines


@dataclass(frozen=True)
class SiteMerge:
    """A merge's outcome: the merged network, the ids of the sites it added and updated, and for a workbook the
    sheet that was read."""

    network: Network
    added: tuple[str, ...]
    updated: tuple[str, ...]
    sheet: str | None = field(default=None)


def slug(name: str) -> str:
    """An id from a name: lowercase ASCII letters and digits joined by '-'."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:64].rstrip("-") or "site"


def merge_site_rows(header: Sequence[str], records: Iterable[tuple[int, Sequence[Cell]]], where: Where,
                    network: Network, *, decimal_comma: bool, header_row: int = 1) -> SiteMerge:
    """A copy of `network` with the rows' sites added (or updated, by id) and a target per row with an address.

    `header` holds the header's cells as written (case and spaces do not matter); `records` the rows below it, each
    with its number as the spreadsheet shows it. Raises `SiteImportError` with every problem; `network` is never
    modified.
    """
    header = [name.strip().lower() for name in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    problems = [SiteRowProblem(where(header_row, column), "missing column") for column in missing]
    problems += [SiteRowProblem(where(header_row, column), "unknown column") for column in unknown]
    problems += [SiteRowProblem(where(header_row, column), "appears twice in the header")
                 for column in dict.fromkeys(c for n, c in enumerate(header) if c in header[:n])]
    if problems:
        raise SiteImportError(problems)

    merged = deepcopy(network)
    names_to_ids = {site.name.casefold(): site.id for site in merged.sites}
    rows: list[tuple[int, dict[str, str], dict[str, float]]] = []
    first_row_of: dict[str, tuple[int, str]] = {}
    for row_number, cells in records:
        if len(cells) > len(header) and any(_filled(cell) for cell in cells[len(header):]):
            problems.append(SiteRowProblem(where(row_number, None), "more fields than columns in the header"))
            continue
        row = {column: _stripped(cells[n]) if n < len(cells) else "" for n, column in enumerate(header)}
        if not any(_filled(cell) for cell in row.values()):
            continue
        refused = {column: cell for column, cell in row.items() if isinstance(cell, Unreadable)}
        problems += [SiteRowProblem(where(row_number, column), cell.message) for column, cell in refused.items()]
        # A row with a refused cell is not imported; its other cells are still checked below, unless its id
        # cannot be known.
        if "name" in refused or "id" in refused:
            continue
        texts = {column: _text(cell) for column, cell in row.items()}
        numbers = {column: cell for column, cell in row.items() if isinstance(cell, float)}
        site_id = texts.get("id") or slug(texts["name"])
        if site_id in first_row_of:
            first, first_name = first_row_of[site_id]
            column = "id" if texts.get("id") else "name"
            problems.append(SiteRowProblem(
                where(row_number, column),
                f"{shown(texts['name'])} gives the site id {shown(site_id)}, as row {first} ({shown(first_name)}) "
                "does: give the two rows different names, or different ids in an 'id' column"))
            continue
        first_row_of[site_id] = (row_number, texts["name"])
        if refused:
            for column in refused:
                texts[column] = ""
            _row_to_site(texts, numbers, row_number, where, names_to_ids, decimal_comma, problems,
                         silent=set(refused))
            continue
        rows.append((row_number, texts, numbers))
        names_to_ids.setdefault(texts["name"].casefold(), site_id)

    if not rows and not problems:
        raise SiteImportError([SiteRowProblem(where(None, None), "no sites under the header: nothing to import")])

    index_of = {site.id: n for n, site in enumerate(merged.sites)}
    targets = {target.id: target for target in merged.targets}
    added: list[str] = []
    updated: list[str] = []
    row_of_target: dict[str, int] = {}
    for row_number, texts, numbers in rows:
        site, target = _row_to_site(texts, numbers, row_number, where, names_to_ids, decimal_comma, problems)
        if site is None:
            continue
        existing = index_of.get(site.id)
        if existing is None:
            index_of[site.id] = len(merged.sites)
            merged.sites.append(site)
            added.append(site.id)
        else:
            merged.sites[existing] = replace(merged.sites[existing], name=site.name, kind=site.kind,
                                             kecamatan=site.kecamatan, lat=site.lat, lon=site.lon, parent=site.parent)
            updated.append(site.id)
        if target is not None:
            # A target given again moves to the end, as a file listing it last would put it.
            targets.pop(target.id, None)
            targets[target.id] = target
            row_of_target[target.id] = row_number
    merged.targets = list(targets.values())

    if not problems:
        row_of_site = {texts.get("id") or slug(texts["name"]): n for n, texts, _ in rows}
        problems += _rule_problems(merged, where, row_of_site, row_of_target)
    if problems:
        raise SiteImportError(problems)
    return SiteMerge(merged, tuple(added), tuple(updated))


def _stripped(cell: Cell) -> Cell:
    return cell.strip() if isinstance(cell, str) else cell


def _filled(cell: Cell) -> bool:
    return not isinstance(cell, str) or bool(cell.strip())


def _text(cell: Cell) -> str:
    """A cell as text: a whole number without its '.0' (a workbook stores 12 as 12.0)."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return ""


# The column a rule's field comes from.
_COLUMN_OF_FIELD = {"kecamatan": "district"}


def _rule_problems(merged: Network, where: Where, row_of_site: dict[str, int],
                   row_of_target: dict[str, int]) -> list[SiteRowProblem]:
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
            problems.append(SiteRowProblem(where(row, column), problem.message))
        else:
            problems.append(SiteRowProblem(
                where(None, None),
                f"the network already in the workspace (not this file): {problem.where()}: {problem.message}; "
                "correct the network file and import it first"))
    return problems


def _row_to_site(row: dict[str, str], numbers: dict[str, float], row_number: int, where: Where,
                 names_to_ids: dict[str, str], decimal_comma: bool, problems: list[SiteRowProblem],
                 silent: set[str] | None = None) -> tuple[Site | None, Target | None]:
    """The row's site and target, or (None, None) with its problems added. Columns in `silent` were already
    refused by the reader: they are not judged again."""
    quiet = silent or set()

    def problem(column: str, message: str) -> None:
        if column not in quiet:
            problems.append(SiteRowProblem(where(row_number, column), message))

    before = len(problems)
    name = row["name"]
    if not name:
        problem("name", "a site needs a name")
    site_id = row.get("id") or slug(name)
    kind = _parse_kind(row["kind"])
    if kind is None:
        problem("kind", f"{shown(row['kind'])} is not one of: {', '.join(k.value for k in SiteKind)}")
    lat = _parse_coordinate(numbers.get("lat", row["lat"]), decimal_comma, "lat", problem)
    lon = _parse_coordinate(numbers.get("lon", row["lon"]), decimal_comma, "lon", problem)
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
    elif row["role"] and "address" not in quiet:
        problem("role", "a role needs an address to probe")
    if len(problems) > before or kind is None or quiet:
        return None, None
    site = Site(id=site_id, name=name, kind=kind, kecamatan=row["district"], lat=lat, lon=lon, parent=parent)
    return site, target


def _parse_kind(text: str) -> SiteKind | None:
    key = text.strip().lower()
    try:
        return SiteKind(key)
    except ValueError:
        return KIND_ALIASES.get(key)


def _parse_coordinate(cell: str | float, decimal_comma: bool, column: str,
                      problem: Callable[[str, str], None]) -> float | None:
    if isinstance(cell, float):
        if math.isfinite(cell):
            return cell
        problem(column, f"{cell} is not a number")
        return None
    if not cell:
        return None
    cleaned = cell.replace(",", ".") if decimal_comma else cell
    # Only ASCII digits and one point: float() also reads '١٫٥', '1_0', 'nan' and 'inf'.
    value = float(cleaned) if _DECIMAL.fullmatch(cleaned) else math.nan
    if not math.isfinite(value):
        looks = " (it looks like a date)" if _DATE_LIKE.fullmatch(cell) else ""
        problem(column, f"{shown(cell)} is not a number{looks}")
        return None
    return value
