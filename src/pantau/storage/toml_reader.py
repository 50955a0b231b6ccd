"""Reading one table of a parsed TOML network file into typed values: each key checked for its type and range,
every problem collected (with the section, the entry and the field) instead of raised, and secrets refused by name
where a keyring key belongs. The network file's own loader (`networkfile.py`) builds the network with it."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, TypeVar, cast

from pantau.domain.text import shown

# Keys that would hold a secret's value. They are refused by name, so a pasted token never sits in a file.
SECRET_VALUE_KEYS = frozenset({"token", "password", "secret", "api_key", "bot_token", "community", "auth_key",
                               "priv_key", "auth_password", "priv_password"})
# The key that names a secret's keyring entry, for the secret written in its place.
SECRET_KEY_FIELD = {"password": "password_secret", "community": "community_secret", "auth_key": "auth_secret",
                    "auth_password": "auth_secret", "priv_key": "priv_secret", "priv_password": "priv_secret"}

# TOML integers are signed 64-bit; tomllib reads longer ones as Python ints, which SQLite cannot store.
INT_BITS = 63

E = TypeVar("E", bound=StrEnum)
C = TypeVar("C", date, datetime)


class TableReader:
    """Reads one table of the parsed TOML into typed values, collecting problems instead of raising."""

    def __init__(self, table: dict[str, Any], section: str, index: int | None, report: Callable[..., None],
                 parent: TableReader | None = None, prefix: str = "") -> None:
        self.table = table
        self.section = section
        self.index = index
        own_id = table.get("id")
        self.entry: str | None = parent.entry if parent else (own_id if isinstance(own_id, str) else None)
        self._prefix = prefix
        self._report = report
        self._used: set[str] = set()

    def sub(self, table: dict[str, Any], name: str) -> TableReader:
        """A reader for the `[section.name]` table of this entry, reporting against it as field `name.key`."""
        return TableReader(table, self.section, self.index, self._report, parent=self, prefix=f"{self._prefix}{name}.")

    def nested(self, table: dict[str, Any], name: str, n: int) -> TableReader:
        """A reader for `[[section.name]]` record n, reporting against its entry as field `name[n].key`."""
        return TableReader(table, self.section, self.index, self._report, parent=self,
                           prefix=f"{self._prefix}{name}[{n}].")

    def problem(self, key: str | None, message: str) -> None:
        field_name = f"{self._prefix}{key}" if key else (self._prefix.rstrip(".") or None)
        self._report(self.section, self.index, self.entry, field_name, message)

    def _get(self, key: str, kinds: tuple[type, ...], kind_name: str, required: bool) -> Any:
        self._used.add(key)
        if key not in self.table:
            if required:
                self.problem(key, "missing (required)")
            return None
        value = self.table[key]
        # bool is an int in Python; a TOML `true` is never a number here.
        if isinstance(value, bool) and bool not in kinds:
            value = None
        if not isinstance(value, kinds):
            self.problem(key, f"expected {kind_name}, found {describe(self.table[key])}")
            return None
        if too_long(value):
            self.problem(key, f"expected a whole number of at most {2**INT_BITS - 1:,} (TOML's 64 bits), found "
                              f"{describe(value)}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(key, f"expected a finite number, found {value}")
            return None
        return value

    def text(self, key: str, default: str = "", required: bool = False) -> str:
        value = self._get(key, (str,), "a string", required)
        return default if value is None else str(value)

    def optional_text(self, key: str) -> str | None:
        value = self._get(key, (str,), "a string", False)
        return None if value is None else str(value)

    def integer(self, key: str, default: int = 0, required: bool = False) -> int:
        value = self._get(key, (int,), "a whole number", required)
        return default if value is None else int(value)

    def number(self, key: str, default: float = 0.0, required: bool = False) -> float:
        value = self._get(key, (int, float), "a number", required)
        return default if value is None else float(value)

    def optional_number(self, key: str) -> float | None:
        value = self._get(key, (int, float), "a number", False)
        return None if value is None else float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, (bool,), "true or false", False)
        return default if value is None else bool(value)

    def day(self, key: str, required: bool = True) -> date | None:
        return self._calendar(key, required, lambda value: isinstance(value, date) and not hasattr(value, "hour"),
                              date.fromisoformat, "a date like 2017-06-30")

    def local_time(self, key: str) -> datetime | None:
        """A TOML local date-time (2026-03-01T22:00:00) or the same as a string; an offset is kept for the
        domain's validation to refuse by name."""
        return self._calendar(key, True, lambda value: isinstance(value, datetime), datetime.fromisoformat,
                              "a local date and time like 2026-03-01T22:00:00")

    def _calendar(self, key: str, required: bool, native: Callable[[Any], bool], parse: Callable[[str], C],
                  expected: str) -> C | None:
        """A TOML date or date-time value, or the same written as a string."""
        self._used.add(key)
        if key not in self.table:
            if required:
                self.problem(key, "missing (required)")
            return None
        value = self.table[key]
        if native(value):
            return cast(C, value)
        if isinstance(value, str):
            try:
                return parse(value)
            except ValueError:
                pass
        self.problem(key, f"expected {expected}, found {describe(value)}")
        return None

    def strings(self, key: str, default: list[str] | None = None) -> list[str]:
        value = self._get(key, (list,), "a list of strings", False)
        if value is None:
            return list(default or [])
        if not all(isinstance(item, str) for item in value):
            self.problem(key, "every item must be a string")
            return [item for item in value if isinstance(item, str)]
        return list(value)

    def choice(self, key: str, enum: type[E], default: E | None = None) -> E | None:
        raw = self._get(key, (str,), "a string", default is None)
        if raw is None:
            return default
        try:
            return enum(raw)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self.problem(key, f"{shown(raw)} is not one of: {allowed}")
            return default

    def tables(self, key: str) -> list[dict[str, Any]]:
        value = self._get(key, (list,), "an array of tables", False)
        if value is None:
            return []
        good = [item for item in value if isinstance(item, dict)]
        if len(good) != len(value):
            self.problem(key, "every item must be a table")
        return good

    def finish(self) -> None:
        for key in self.table:
            if key in self._used:
                continue
            if key in SECRET_VALUE_KEYS:
                named_by = SECRET_KEY_FIELD.get(key, "token_secret")
                self.problem(key, "secrets never go in the network file: store the value with "
                                  f"`pantau secret set KEY` and name that KEY here as {named_by}")
            else:
                self.problem(key, "unknown key")


def too_long(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > INT_BITS


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if too_long(value):
        return f"a larger one ({value.bit_length():,} bits)"
    if isinstance(value, date | time):
        kind = "date" if type(value) is date else "date and time" if isinstance(value, datetime) else "time"
        return f"the {kind} {value.isoformat()}"
    return shown(value)
