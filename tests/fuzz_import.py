"""Fuzzing `pantau import`: seeded mutations of the real sample network file and of a real spreadsheet CSV.

Every case is imported into a real workspace that holds the sample network, either in-process through
`pantau.cli.main` or through the real `pantau` command in a subprocess, and judged:

- the exit code is 0 or 2, never 1 or a traceback (a *crash*);
- a refused import leaves the workspace file byte-identical;
- every message line names its place: `file:LINE:` for a network file, `file: row N` (or `line N` for a fault in
  the bytes) for a CSV;
- no message carries a raw control character;
- an accepted inventory re-imports cleanly: export → import into a fresh workspace → export is byte-identical.

`python -m tests.fuzz_import --cases 3000 --cli 150` (what `scripts/fuzz.sh` runs) prints the figures; the test
suite runs a few hundred cases (tests/unit/test_fuzz_import.py). A case is reproducible from its seed and number.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pantau import cli
from pantau.domain.text import is_hidden
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace

SRC = Path(__file__).resolve().parents[1] / "src"

SAMPLE_CSV = """\
name,kind,district,lat,lon,address,role,parent
Kantor Camat Babulu,kecamatan,Babulu,-1.454656,116.423295,127.0.60.1,,diskominfo
Kantor Desa Labangka,desa,Babulu,-1.413287,116.46046,127.0.60.2,office-router,Kantor Camat Babulu
Puskesmas Babulu,skpd,Babulu,,,,,kantor-camat-babulu
Kantor Lurah Nipah-Nipah,kelurahan,Penajam,-1.3001,116.7102,127.0.60.4,lan-gateway,POP Telkom Penajam
"""

# ---- hostile values -----------------------------------------------------------------------------------------

_HOSTILE_TEXT = [
    "", " ", " icmp", "icmp ", "ICMP", "tcp:²", "tcp:٨٠", "tcp:0", "tcp:65536", "tcp:080", "tcp:", "tcp:-1",
    "http://127.0.0.1:²/", "http://[zz]/", "http://127.0.0.1/é", "http://127.0.0.1:/", "http://u:p@127.0.0.1/",
    "https://", "dns:x.go.id@127.0.0.53:٥٣", "dns:@", "dns:x@::1", "file:///etc/passwd", "javascript:alert(1)",
    "\x1b[31mred\x1b[0m", "a\nb", "line\r\nbreak", "\u202eevil", "zero\u200bwidth", "nul\x00byte", "del\x7f",
    "-oProxyCommand=x", "fe80::1%eth0", "fe80::1%\x1b[2J", "127.0.0.1", "::1", "localhost", "999.1.1.1",
    "Asia/../etc", "../../etc/passwd", "Asia/Jakarta\n", "UTC", "a" * 70, "x" * 300, "ÿ" * 40, "😀",
    "\ufeffname", "diskominfo", "internet", "ctr-2016", "pop-telkom-penajam", "@channel", "-100123", "12\n34",
    "a@b.id", "a@b.id\r\nBcc: c@d.id", "starttls", "none", "9999-12-31", "2024-02-30", "20240101",
]
_HOSTILE_TOML = [
    "0", "-1", "1", "3", "65536", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "1" + "0" * 30, "9" * 5000, "0x" + "f" * 40, "1_000", "0o777", "+5", "nan", "inf", "-inf", "1e400", "-0.0",
    "1e-400", "3.5", "1e308", "true", "false", "2024-01-01", "1989-12-31", "9999-12-31", "0001-01-01",
    "2024-01-01T10:00:00", "2024-01-01T10:00:00+07:00", "10:00:00", "[]", '["icmp", "icmp"]', '[1, "a"]',
    "[[1]]", "{}", "{ a = 1 }", '{ name = "x" }', "[" * 40 + "]" * 40, '"""multi\nline"""', "'lit\\eral'",
    '"unterminated', "= =", "",
]
_KEYS = ["id", "name", "kind", "parent", "lat", "lon", "address", "role", "checks", "interval_s", "enabled",
         "site", "a", "b", "provider", "medium", "bandwidth_kbps", "contracts", "number", "start", "end",
         "value_idr", "billing_period", "sla_percent", "amount_idr", "year", "status", "token", "password",
         "api_base", "chat_ids", "token_secret", "host", "port", "sender", "recipients", "security", "format",
         "timezone", "down_after", "window", "raw_retention_days", "contract_warn_days", '"evil\\nkey\\u001b[1m"',
         '"payments[x"', '"budget_requests[3].year"', "bandwith_kbps", "a.b.c", '"quoted key"']
_BLOCKS = [
    '[alerts.telegram]\ntoken_secret = "pantau/tg"\nchat_ids = ["-1001"]\napi_base = {v}',
    '[alerts.email]\nhost = {v}\nport = 587\nsender = "pantau@x.go.id"\nrecipients = ["noc@x.go.id"]',
    '[alerts.email]\nhost = "127.0.0.1"\nport = {v}\nsender = {v}\nsecurity = {v}',
    "[monitoring]\ndown_after = {v}\nwindow = {v}",
    "[[contracts.payments]]\npaid_on = {v}\namount_idr = {v}\nperiod_start = 2024-01-01\nperiod_end = {v}",
    '[[sites]]\nid = {v}\nname = {v}\nkind = "desa"\nparent = {v}',
    '[[targets]]\nid = "t-fuzz"\nsite = "diskominfo"\naddress = {v}\nrole = "server"\nchecks = [{v}]',
    '[[links]]\nid = "l-fuzz"\na = "diskominfo"\nb = {v}\nprovider = "x"\nmedium = "fiber"\nbandwidth_kbps = {v}',
]
_UNICODE = ["²", "٨", "\u202e", "\u200b", "\ufeff", "é", "😀", "\x1b", "\u2028", "\x85", "\\", '"', "'", "#", "[",
            "]", "{", "}", "=", "\t", "\r", "\x00"]


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _value(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _toml_string(rng.choice(_HOSTILE_TEXT))
    return rng.choice(_HOSTILE_TOML)


# ---- mutations ----------------------------------------------------------------------------------------------

_KEY_LINE = re.compile(r"^(\s*)([A-Za-z0-9_]+)(\s*=\s*)(.*)$")
Lines = list[str]


def _pick(rng: random.Random, lines: Lines, pattern: re.Pattern[str] | None = None) -> int | None:
    indexes = [i for i, line in enumerate(lines) if pattern is None or pattern.match(line)]
    return rng.choice(indexes) if indexes else None


def _replace_value(rng: random.Random, lines: Lines) -> Lines:
    i = _pick(rng, lines, _KEY_LINE)
    if i is not None:
        match = _KEY_LINE.match(lines[i])
        assert match is not None
        lines[i] = f"{match[1]}{match[2]}{match[3]}{_value(rng)}"
    return lines


def _rename_key(rng: random.Random, lines: Lines) -> Lines:
    i = _pick(rng, lines, _KEY_LINE)
    if i is not None:
        match = _KEY_LINE.match(lines[i])
        assert match is not None
        lines[i] = f"{match[1]}{rng.choice(_KEYS)}{match[3]}{match[4]}"
    return lines


def _add_key(rng: random.Random, lines: Lines) -> Lines:
    i = _pick(rng, lines, re.compile(r"^\s*\["))
    if i is not None:
        lines.insert(i + 1, f"{rng.choice(_KEYS)} = {_value(rng)}")
    return lines


def _delete_line(rng: random.Random, lines: Lines) -> Lines:
    for _ in range(rng.choice([1, 1, 3, 10])):
        if lines:
            del lines[rng.randrange(len(lines))]
    return lines


def _duplicate_line(rng: random.Random, lines: Lines) -> Lines:
    i = rng.randrange(len(lines)) if lines else None
    if i is not None:
        lines.insert(rng.randrange(len(lines)), lines[i])
    return lines


def _swap_lines(rng: random.Random, lines: Lines) -> Lines:
    if len(lines) > 1:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    return lines


def _insert_block(rng: random.Random, lines: Lines) -> Lines:
    block = rng.choice(_BLOCKS)
    while "{v}" in block:
        block = block.replace("{v}", _value(rng), 1)
    lines.insert(rng.randrange(len(lines) + 1), "\n" + block + "\n")
    return lines


def _mangle_header(rng: random.Random, lines: Lines) -> Lines:
    i = _pick(rng, lines, re.compile(r"^\s*\["))
    if i is not None:
        lines[i] = rng.choice(["[sites]", "[[sites.x]]", "[[payments]]", "[[contracts.payments]]", "[[ sites ]]",
                               '[["sites"]]', "[network]", "[[targets]", "[alerts . telegram]", "[[]]",
                               "[a\x1bb]", lines[i] * 2])
    return lines


def _deep_nesting(rng: random.Random, lines: Lines) -> Lines:
    depth = rng.choice([5, 31, 33, 100, 1000, 5000])
    opener, closer = rng.choice([("[", "]"), ("{a = ", "}")])
    lines.insert(rng.randrange(len(lines) + 1), f"deep = {opener * depth}1{closer * depth}")
    return lines


def _huge_value(rng: random.Random, lines: Lines) -> Lines:
    i = _pick(rng, lines, _KEY_LINE)
    if i is not None:
        match = _KEY_LINE.match(lines[i])
        assert match is not None
        size = rng.choice([1_000] * 4 + [100_000] * 3 + [1_000_000])  # a megabyte costs tomllib seconds
        lines[i] = f"{match[1]}{match[2]}{match[3]}" + _toml_string(rng.choice("xé\x1b") * size)
    return lines


def _parent_loop(rng: random.Random, lines: Lines) -> Lines:
    ids = [m[1] for line in lines if (m := re.match(r'^id = "([^"]+)"', line))]
    parents = [i for i, line in enumerate(lines) if line.startswith("parent = ")]
    for i in rng.sample(parents, min(len(parents), rng.choice([1, 2]))):
        lines[i] = f'parent = "{rng.choice(ids)}"'
    return lines


def _sprinkle(rng: random.Random, lines: Lines) -> Lines:
    for _ in range(rng.choice([1, 3])):
        if lines:
            i = rng.randrange(len(lines))
            at = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:at] + rng.choice(_UNICODE) + lines[i][at:]
    return lines


# Unusual values the import accepts: the cases that test that an accepted inventory re-imports byte-identical.
_NAMES = ['"Kantor Désa “Ñ” \\\\ \\"kutip\\" 😀"', '"' + "Panjang " * 60 + '"', "'literal \\ string'",
          '"Ĳ ǅ ﬁ ½ ²"', '""" tiga kutip """']
_BENIGN = {
    "name": _NAMES, "provider": _NAMES, "number": _NAMES, "service": _NAMES, "kecamatan": _NAMES,
    "circuit_id": _NAMES, "reference": _NAMES, "subject": _NAMES, "to": _NAMES,
    "notes": ['"""Baris 1\n\tBaris 2 \\\\ akhir"""', '"tab\\there\\nand a break"', '""'],
    "attribution": ['"""Sumber:\n- a\n- b"""'],
    "address": ['"127.0.0.9"', '"::1"', '"localhost"', '"a-b.example.go.id"'],
    "lat": ["-0.0", "1e-300", "90", "-90", "0"], "lon": ["180", "-180.0", "1_0.5"],
    "value_idr": ["0", "1_000_000_000_000_000", "1"], "amount_idr": ["1000000000000000", "1"],
    "bandwidth_kbps": ["1", "1000000000", "0x10"],
    "checks": ['["icmp", "tcp:65535", "http://[::1]:8080/a?b#c", "dns:a.go.id.@[::1]:53", "https://127.0.0.1/%20"]',
               '["tcp:1"]', '["dns:x.go.id"]'],
    "interval_s": ["0.2", "3600", "1", "2.5e0"], "sla_percent": ["100", "0.0001", "99.999"],
    "timezone": ['"Asia/Jayapura"', '"UTC"', '"Asia/Jakarta"'],
}
_BENIGN_LINE = re.compile(rf"^(\s*)({'|'.join(_BENIGN)})(\s*=\s*)(.*)$")


def _benign_value(rng: random.Random, lines: Lines) -> Lines:
    i = _pick(rng, lines, _BENIGN_LINE)
    if i is not None:
        match = _BENIGN_LINE.match(lines[i])
        assert match is not None
        lines[i] = f"{match[1]}{match[2]}{match[3]}{rng.choice(_BENIGN[match[2]])}"
    return lines


_TOML_OPS: list[Callable[[random.Random, Lines], Lines]] = [
    _replace_value, _replace_value, _replace_value, _rename_key, _add_key, _delete_line, _duplicate_line,
    _swap_lines, _insert_block, _insert_block, _mangle_header, _deep_nesting, _huge_value, _parent_loop,
    _parent_loop, _sprinkle,
]


def _byte_level(rng: random.Random, data: bytes) -> bytes:
    choice = rng.randrange(8)
    if choice == 0:
        return data[:rng.randrange(len(data) + 1)]
    if choice == 1:
        return data.decode("utf-8", "replace").encode("utf-16")
    if choice == 2:
        return b"\xef\xbb\xbf" + data.decode("utf-8", "replace").replace("a", "é").encode("latin-1", "replace")
    if choice == 3:
        return b"\xef\xbb\xbf\xef\xbb\xbf" + data
    if choice == 4:
        at = rng.randrange(len(data) + 1)
        return data[:at] + b"\x00" + data[at:]
    if choice == 5:
        return bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 64, 4096])))
    at = rng.randrange(len(data) + 1)
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16))) + data[at + 8:]


def mutate_toml(rng: random.Random, seed_text: str) -> bytes:
    lines = seed_text.split("\n")
    if rng.random() < 0.3:
        for _ in range(rng.choice([1, 3, 10, 30])):
            lines = _benign_value(rng, lines)
        return "\n".join(lines).encode()
    for _ in range(rng.choice([1, 1, 1, 2, 3, 5])):
        lines = rng.choice(_TOML_OPS)(rng, lines)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    return _byte_level(rng, data) if rng.random() < 0.08 else data


def _csv_cell(rng: random.Random, rows: list[list[str]]) -> str:
    names = [row[0] for row in rows[1:] if row]
    return rng.choice([
        rng.choice(_HOSTILE_TEXT), rng.choice(["nan", "inf", "1e400", "١٫٥", "-1,5", "91", "1_0", "-181", ".5"]),
        rng.choice(names) + rng.choice(["!", "?", " ", "."]) if names else "x", rng.choice(names) if names else "",
        "x" * rng.choice([32_767, 140_000]), "a\rb", '"open', 'q"uote', "Kantor Desa A!", "Kantor Desa A?",
        rng.choice(["opd", "pop", "planet", "DESA", "server", "isp-gateway"]),
    ])


def benign_csv(rng: random.Random, seed_text: str) -> bytes:
    """A CSV the import accepts, written as spreadsheets write it: quoted cells, `;` with decimal commas, CRLF."""
    rows = [line.split(",") for line in seed_text.strip("\n").split("\n")]
    for number, row in enumerate(rows[1:], 1):
        row[0] = rng.choice([row[0], f"{row[0]}, \"Ñ\" {number}", f"Kantor “{number}” ½", f"{row[0]} 😀"])
    delimiter = rng.choice([",", ";", "\t"])
    if delimiter == ";":
        rows[1:] = [[cell.replace(".", ",") if n in (3, 4) else cell for n, cell in enumerate(row)]
                    for row in rows[1:]]
    stream = io.StringIO()
    csv.writer(stream, delimiter=delimiter, lineterminator=rng.choice(["\n", "\r\n"])).writerows(rows)
    return (b"\xef\xbb\xbf" if rng.random() < 0.5 else b"") + stream.getvalue().encode()


def mutate_csv(rng: random.Random, seed_text: str) -> bytes:
    if rng.random() < 0.25:
        return benign_csv(rng, seed_text)
    rows = [line.split(",") for line in seed_text.strip("\n").split("\n")]
    for _ in range(rng.choice([1, 1, 2, 3, 5])):
        op = rng.randrange(10)
        if op <= 3 and len(rows) > 1:
            row = rng.randrange(1, len(rows))
            rows[row][rng.randrange(len(rows[row]))] = _csv_cell(rng, rows)
        elif op == 4:
            rows[0][rng.randrange(len(rows[0]))] = rng.choice(["id", "name", "Nama", "", "parent", "extra", "NAME"])
        elif op == 5 and len(rows) > 1:
            rows.insert(rng.randrange(1, len(rows) + 1), list(rng.choice(rows[1:])))
        elif op == 6 and len(rows) > 1:
            del rows[rng.randrange(1, len(rows))]
        elif op == 7:
            row = rng.randrange(len(rows))
            rows[row] = rows[row] + [_csv_cell(rng, rows)] if rng.random() < 0.5 else rows[row][:-1]
        elif op == 8 and len(rows) > 2 and all(len(row) >= 8 for row in rows[1:]):
            # A parent loop: two rows name each other, or a row names an existing site that it then becomes
            # the parent of.
            a, b = rng.sample(range(1, len(rows)), 2)
            rows[a][7], rows[b][7] = rows[b][0], rows[a][0]
            if rng.random() < 0.5:
                rows.append(["Dinas Komunikasi dan Informatika (Diskominfo)", "datacenter", "", "", "", "", "",
                             rows[a][0]])
        else:
            rows.insert(1, [_csv_cell(rng, rows) for _ in range(len(rows[0]))])
    delimiter = rng.choice([",", ",", ",", ";", "\t"])
    newline = rng.choice(["\n", "\n", "\r\n", "\r"])
    text = newline.join(delimiter.join(row) for row in rows) + newline
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    return _byte_level(rng, data) if rng.random() < 0.08 else data


# ---- judging ------------------------------------------------------------------------------------------------


@dataclass
class Case:
    number: int
    kind: str  # "toml" or "csv"
    data: bytes


@dataclass
class FuzzReport:
    seed: int
    cases: int = 0
    cli_cases: int = 0
    accepted: int = 0
    refused: int = 0
    messages: int = 0
    crashes: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    raw_controls: list[str] = field(default_factory=list)
    workspace_changed: list[str] = field(default_factory=list)
    round_trip_failures: list[str] = field(default_factory=list)
    slowest_s: float = 0.0
    seconds: float = 0.0

    @property
    def failures(self) -> int:
        return (len(self.crashes) + len(self.unlocated) + len(self.raw_controls) + len(self.workspace_changed)
                + len(self.round_trip_failures))

    def summary(self) -> str:
        def example(items: list[str]) -> str:
            return f"  e.g. {items[0][:300]!r}" if items else ""

        return "\n".join([
            f"fuzz seed {self.seed}: {self.cases} cases in-process + {self.cli_cases} through the pantau command, "
            f"{self.seconds:.1f} s (slowest case {self.slowest_s:.2f} s)",
            f"  accepted {self.accepted}, refused {self.refused}, message lines {self.messages}",
            f"  crashes (exit 1 or a traceback): {len(self.crashes)}{example(self.crashes)}",
            f"  messages without location: {len(self.unlocated)}{example(self.unlocated)}",
            f"  messages with raw control characters: {len(self.raw_controls)}{example(self.raw_controls)}",
            f"  refused imports that changed the workspace: {len(self.workspace_changed)}"
            f"{example(self.workspace_changed)}",
            f"  accepted inventories that did not re-import byte-identical: {len(self.round_trip_failures)}"
            f"{example(self.round_trip_failures)}",
        ])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _located(line: str, path: str, kind: str) -> bool:
    if not line.startswith(f"{path}:"):
        return False
    rest = line[len(path) + 1:]
    if kind == "toml":
        return re.match(r"\d+: ", rest) is not None
    return re.match(r" (row \d+|line \d+)\b", rest) is not None


def _judge_messages(report: FuzzReport, stderr: str, input_path: Path, kind: str, tag: str) -> None:
    lines = [line for line in stderr.split("\n") if line]
    problems = [line for line in lines if not re.fullmatch(r"\d+ problems?; the workspace was not changed\.", line)]
    report.messages += len(problems)
    for line in problems:
        if any(is_hidden(char) for char in line):
            report.raw_controls.append(f"{tag}: {line}")
        if not _located(line, str(input_path), kind):
            report.unlocated.append(f"{tag}: {line}")


class Fuzzer:
    """Runs cases against a fresh copy of a workspace holding the sample network, in a scratch directory."""

    def __init__(self, seed: int, scratch: Path) -> None:
        self.rng = random.Random(seed)
        self.report = FuzzReport(seed)
        self.scratch = scratch
        self.template = scratch / "template.sqlite3"
        with Workspace.open(self.template) as workspace:
            workspace.replace_network(load_network_file(sample_network_path()))
        self.toml_seed = sample_network_path().read_text(encoding="utf-8")

    def make_case(self, number: int) -> Case:
        if self.rng.random() < 0.6:
            return Case(number, "toml", mutate_toml(self.rng, self.toml_seed))
        return Case(number, "csv", mutate_csv(self.rng, SAMPLE_CSV))

    def _fresh_workspace(self, name: str) -> Path:
        path = self.scratch / f"{name}.sqlite3"
        for stale in self.scratch.glob(f"{name}.sqlite3*"):
            stale.unlink()
        shutil.copyfile(self.template, path)
        return path

    def _input(self, case: Case) -> Path:
        path = self.scratch / f"case{case.number}.{case.kind}"
        path.write_bytes(case.data)
        return path

    def run_in_process(self, case: Case) -> None:
        tag = f"seed {self.report.seed} case {case.number} ({case.kind})"
        workspace, source = self._fresh_workspace("ws"), self._input(case)
        before = _digest(workspace)
        code, _, stderr, crash = _main(["--workspace", str(workspace), "import", str(source)])
        self.report.cases += 1
        if crash or code not in (0, 2):
            self.report.crashes.append(f"{tag}: exit {code}: {crash or stderr[-500:]}")
            return
        if code == 2:
            self.report.refused += 1
            if _digest(workspace) != before:
                self.report.workspace_changed.append(tag)
            _judge_messages(self.report, stderr, source, case.kind, tag)
            return
        self.report.accepted += 1
        self._round_trip(workspace, tag)

    def _round_trip(self, workspace: Path, tag: str) -> None:
        first, second = self.scratch / "first.toml", self.scratch / "second.toml"
        again = self._fresh_workspace("again")
        steps = [["--workspace", str(workspace), "export", str(first)],
                 ["--workspace", str(again), "import", str(first)],
                 ["--workspace", str(again), "export", str(second)]]
        for step in steps:
            code, _, stderr, crash = _main(step)
            if code != 0 or crash:
                self.report.round_trip_failures.append(f"{tag}: {' '.join(step[2:3])} exit {code}: "
                                                       f"{crash or stderr[:500]}")
                return
        if first.read_bytes() != second.read_bytes():
            self.report.round_trip_failures.append(f"{tag}: export → import → export differs")

    def run_through_cli(self, case: Case, command: list[str]) -> None:
        tag = f"seed {self.report.seed} cli case {case.number} ({case.kind})"
        workspace, source = self._fresh_workspace("cli"), self._input(case)
        before = _digest(workspace)
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        result = subprocess.run([*command, "--workspace", str(workspace), "import", str(source)],
                                capture_output=True, text=True, encoding="utf-8", errors="replace", env=env,
                                timeout=120, check=False)
        self.report.cli_cases += 1
        if result.returncode not in (0, 2) or "Traceback" in result.stderr:
            self.report.crashes.append(f"{tag}: exit {result.returncode}: {result.stderr[-500:]}")
        elif result.returncode == 2:
            self.report.refused += 1
            if _digest(workspace) != before:
                self.report.workspace_changed.append(tag)
            _judge_messages(self.report, result.stderr, source, case.kind, tag)
        else:
            self.report.accepted += 1


def _main(argv: list[str]) -> tuple[int | None, str, str, str]:
    """`pantau.cli.main` in this process: (exit code, stdout, stderr, traceback if an exception escaped)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(argv)
    except Exception:  # judging: whatever escapes is the finding
        return None, out.getvalue(), err.getvalue(), traceback.format_exc(limit=-3)
    return code, out.getvalue(), err.getvalue(), ""


def run_fuzz(cases: int, cli_cases: int = 0, seed: int = 18, command: list[str] | None = None,
             keep: Path | None = None) -> FuzzReport:
    """Run `cases` in-process and `cli_cases` through the `pantau` command (`command`, default
    `python -m pantau`); keep the inputs of failing cases in `keep` when given."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pantau-fuzz-") as scratch:
        fuzzer = Fuzzer(seed, Path(scratch))
        for number in range(cases + cli_cases):
            case = fuzzer.make_case(number)
            failures_before = fuzzer.report.failures
            case_started = time.monotonic()
            if number < cases:
                fuzzer.run_in_process(case)
            else:
                fuzzer.run_through_cli(case, command or [sys.executable, "-m", "pantau"])
            fuzzer.report.slowest_s = max(fuzzer.report.slowest_s, time.monotonic() - case_started)
            if keep is not None and fuzzer.report.failures > failures_before:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"seed{seed}-case{number}.{case.kind}").write_bytes(case.data)
        report = fuzzer.report
    report.seconds = time.monotonic() - started
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description="Fuzz `pantau import` and print the figures.")
    parser.add_argument("--cases", type=int, default=3000, help="cases run in-process")
    parser.add_argument("--cli", type=int, default=150, help="cases run through the pantau command")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--command", default=None, help="the pantau command (default: python -m pantau)")
    parser.add_argument("--keep", type=Path, default=None, help="directory for the inputs of failing cases")
    args = parser.parse_args()
    command = [args.command] if args.command else None
    report = run_fuzz(args.cases, args.cli, args.seed, command, args.keep)
    print(report.summary())
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
