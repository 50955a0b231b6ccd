"""Where things are in a network file's text: the line of each table, array entry and key.

tomllib gives positions only for syntax errors; the reader's problems (a bad value, an unknown key) need the line of
the entry and key they are about, so this module scans the raw text itself: strings and comments are skipped the
way TOML defines them, headers and `key =` lines are recorded.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from pantau.domain.inventory import Problem

# A network file nests three levels at most; a file that nests deeper than Python lets tomllib recurse is refused
# at the first line nested past this.
MAX_NESTING = 32

_TOKEN = re.compile("\"\"\"|'''|[\"'#\\[\\]{}\\n]")
_BASIC_REST = re.compile(r'(?:[^"\\\n]|\\.)*"?')
_LITERAL_REST = re.compile(r"[^'\n]*'?")
_ML_BASIC_REST = re.compile(r'(?:[^"\\]|\\.|"(?!""))*(?:"{3,5}|\Z)', re.DOTALL)
_ML_LITERAL_REST = re.compile(r"(?:[^']|'(?!''))*(?:'{3,5}|\Z)", re.DOTALL)
_SIMPLE_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KEY_LINE = re.compile(rf"\s*({_SIMPLE_KEY}(?:\s*\.\s*{_SIMPLE_KEY})*)\s*=")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# A field of a one-per-entry sub-table: snmp.host is `host` in the entry's [links.snmp].
_TABLE_FIELD = re.compile(r"(snmp)\.(.+)", re.DOTALL)
_NESTED_FIELD = re.compile(r"(payments|budget_requests|correspondence)\[(\d+)\](?:\.(.+))?", re.DOTALL)


def scan(text: str) -> tuple[list[int], int | None]:
    """The lines on which a statement starts (not inside a string or a multi-line array), and the first line where
    arrays or inline tables nest deeper than `MAX_NESTING` (None when they never do).

    A small lexer rather than regular expressions over lines: a line inside a multi-line string that reads
    `[[sites]]` or `name = …` is text, not a header or a key.
    """
    starts = [1]
    line, depth, pos = 1, 0, 0
    deep_line: int | None = None
    while (match := _TOKEN.search(text, pos)) is not None:
        token, pos = match.group(), match.end()
        if token == "\n":
            line += 1
            if depth == 0:
                starts.append(line)
        elif token == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline
        elif token in ('"""', "'''"):
            rest = (_ML_BASIC_REST if token == '"""' else _ML_LITERAL_REST).match(text, pos)
            end = rest.end() if rest else len(text)
            line += text.count("\n", pos, end)
            pos = end
        elif token in ('"', "'"):
            rest = (_BASIC_REST if token == '"' else _LITERAL_REST).match(text, pos)
            pos = rest.end() if rest else pos
        elif token in "[{":
            line_start = text.rfind("\n", 0, match.start()) + 1
            if token == "[" and depth == 0 and not text[line_start:match.start()].strip():
                newline = text.find("\n", pos)  # a [table] or [[array]] header: one line, no values
                pos = len(text) if newline < 0 else newline
                continue
            depth += 1
            if depth > MAX_NESTING and deep_line is None:
                deep_line = line
        else:
            depth = max(0, depth - 1)
    return starts, deep_line


def _key_path(text: str) -> tuple[str, ...] | None:
    """The parts of a dotted TOML key as written (`alerts . "telegram"` → ("alerts", "telegram"))."""
    text = text.strip()
    if _BARE_KEY.fullmatch(text):
        return (text,)
    try:
        value: Any = tomllib.loads(f"{text} = 0")
    except ValueError:
        return None
    path: list[str] = []
    while isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        path.append(key)
        value = value[key]
    return tuple(path)


def last_line(text: str) -> int:
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


class LineIndex:
    """Finds the line of a table, of an array-of-tables entry and of a key inside them, from the raw text.

    tomllib gives positions only for syntax errors; for everything else we read the text ourselves. Tables and
    entries written with headers (`[monitoring]`, `[[sites]]`, the style the exporter writes and the documentation
    shows) give the line of each key. Inline tables, dotted keys and inline arrays give the line where the key that
    holds them is written; a key missing at the top level is reported at line 1. Every problem gets a line.
    """

    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        self._entries: dict[tuple[str, ...], list[int]] = {}
        self._tables: dict[tuple[str, ...], int] = {}
        # (line, the header line the key sits under or 0 at the top, that header's path, the key's own path)
        self._keys: list[tuple[int, int, tuple[str, ...], tuple[str, ...]]] = []
        header_line = 0
        header_path: tuple[str, ...] = ()
        starts, _ = scan(text)
        for number in starts:
            line = lines[number - 1] if number <= len(lines) else ""
            stripped = line.lstrip()
            if stripped.startswith("["):
                array = stripped.startswith("[[")
                inner = stripped[2:].split("]]", 1)[0] if array else stripped[1:].split("]", 1)[0]
                path = _key_path(inner)
                if path is None:
                    continue
                header_line, header_path = number, path
                if array:
                    self._entries.setdefault(path, []).append(number)
                else:
                    self._tables.setdefault(path, number)
                continue
            key = _KEY_LINE.match(line)
            if key:
                key_path = _key_path(key[1])
                if key_path:
                    self._keys.append((number, header_line, header_path, key_path))

    def _defined_at(self, path: tuple[str, ...]) -> int | None:
        """Where a table is written: its header, else the first key inside it, else the key that holds it."""
        if path in self._tables:
            return self._tables[path]
        if path in self._entries:
            return self._entries[path][0]
        best: tuple[int, int] | None = None  # (length of the prefix matched, line)
        for number, header_line, header_path, key_path in self._keys:
            full = header_path + key_path if header_line else key_path
            common = next((i for i, (a, b) in enumerate(zip(full, path, strict=False)) if a != b),
                          min(len(full), len(path)))
            if common == len(path):
                return number
            if common == len(full) and (best is None or common > best[0]):
                best = (common, number)
        return best[1] if best else None

    def entry_line(self, section: str, index: int | None) -> int | None:
        path = tuple(section.split("."))
        if index is None or section == "file":
            return None if section == "file" else self._defined_at(path)
        entries = self._entries.get(path, [])
        return entries[index] if index < len(entries) else self._defined_at(path)

    def _entry_end(self, section: str, start: int) -> int:
        later = [line for line in self._entries.get(tuple(section.split(".")), []) if line > start]
        return later[0] if later else 2**31

    def field_line(self, section: str, index: int | None, key: str | None) -> int | None:
        if section == "file":
            return self._defined_at((key,)) if key else None
        start = self.entry_line(section, index)
        if key is None:
            return start
        path = tuple(section.split("."))
        if index is None:
            return self._defined_at((*path, key)) or start
        if start is None or start not in self._entries.get(path, []):
            return start
        end = self._entry_end(section, start)
        for number, header_line, _, key_path in self._keys:
            if header_line == start and key_path[0] == key and start < number < end:
                return number
        return start

    def problem_line(self, problem: Problem) -> int:
        """The line a problem points at; a field of a nested record (payments[2].amount_idr) finds that record."""
        nested = _NESTED_FIELD.fullmatch(problem.field or "")
        if nested and problem.section == "contracts" and problem.index is not None:
            start = self.entry_line(problem.section, problem.index) or 0
            end = self._entry_end(problem.section, start)
            section = f"{problem.section}.{nested[1]}"
            headers = self._entries.get(tuple(section.split(".")), [])
            own = [line for line in headers if start < line < end]
            n = int(nested[2])
            if n < len(own):
                line = self.field_line(section, headers.index(own[n]), nested[3])
                if line is not None:
                    return line
            return self.field_line(problem.section, problem.index, nested[1]) or 1
        table = _TABLE_FIELD.fullmatch(problem.field or "")
        if table and problem.section == "links" and problem.index is not None:
            return self.table_key_line(problem.section, problem.index, table[1], table[2]) or 1
        return self.field_line(problem.section, problem.index, problem.field) or 1

    def table_key_line(self, section: str, index: int, name: str, key: str) -> int | None:
        """The line of `key` in entry `index`'s `[section.name]` table, else of that table, else of the entry."""
        start = self.entry_line(section, index)
        if start is None:
            return None
        end = self._entry_end(section, start)
        header: int | None = None
        for number, header_line, header_path, key_path in self._keys:
            if start < header_line < end and header_path == (section, name):
                header = header or header_line
                if key_path[0] == key:
                    return number
        return header or self.field_line(section, index, name)
