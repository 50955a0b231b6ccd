"""How long `pantau import` takes to read and merge a 50,000-row office workbook (.xlsx), and a wrong one.

Writes a workbook (openpyxl, write-only) with one sheet "Kantor" of 50,000 valid offices, merges it into a network of
one data centre (`storage.xlsximport.import_sites_xlsx`, what the CLI and the window run), and prints the time
of each of `--runs` merges; then the same sheet with a kind no site has in every row, which is refused with
`MAX_PROBLEMS` problems listed. The import must finish in seconds, not minutes: it streams the sheet.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_xlsx_import.py [--rows 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import openpyxl

from pantau.domain.inventory import Network, Site, SiteKind
from pantau.storage.site_rows import REQUIRED_COLUMNS, SiteImportError
from pantau.storage.xlsximport import import_sites_xlsx

BASE = Network("bench", sites=[Site("diskominfo", "Diskominfo", SiteKind.DATACENTER)])


def write_sheet(path: Path, rows: int, kind: str) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Kantor")
    sheet.append(list(REQUIRED_COLUMNS))
    for n in range(rows):
        sheet.append([f"Kantor {n}", kind, "Waru", -1.2 - n / 1e6, 116.5, f"127.1.{n // 256 % 256}.{n % 256}",
                      "office-router", "diskominfo"])
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        good, bad = Path(folder) / "good.xlsx", Path(folder) / "bad.xlsx"
        write_sheet(good, args.rows, "desa")
        write_sheet(bad, args.rows, "planet")
        print(f"{args.rows:,} rows: {good.stat().st_size / 1e6:.1f} MB")
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            merge = import_sites_xlsx(good, BASE)
            times.append(time.perf_counter() - started)
        print(f"valid sheet: {len(merge.added):,} sites merged in {statistics.median(times):.2f} s (median of "
              f"{args.runs}; {', '.join(f'{t:.2f}' for t in times)})")
        started = time.perf_counter()
        try:
            import_sites_xlsx(bad, BASE)
        except SiteImportError as error:
            print(f"wrong sheet: refused in {time.perf_counter() - started:.2f} s, {error.total:,} problems, "
                  f"{len(error.problems)} listed")


if __name__ == "__main__":
    main()
