"""The one catalogue of the sentences that reports and alerts show, in English and Indonesian, and `t` to fill one.

Every sentence is a key → (English, Indonesian) pair with `{placeholders}` for the facts, so a change to one language
is made next to the other; the glossary in docs/i18n.md gives the terms. The pairs live in topic tables (the
diagnosis report, alerts, contracts, SLA, records, availability, vantages) merged here; a key may be defined once
only. The domain gives facts (enums, numbers, dates) and never wording; the GUI's own labels go through Qt's
translations instead.

The helpers here are shared by every topic: lists ("A, B and C"), a count of days, dates written out, decimal
numbers with the language's separator.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from pantau.reporting.catalogue_alerts import TEXT as ALERT_TEXT
from pantau.reporting.catalogue_availability import TEXT as AVAILABILITY_TEXT
from pantau.reporting.catalogue_contracts import TEXT as CONTRACT_TEXT
from pantau.reporting.catalogue_diagnosis import TEXT as DIAGNOSIS_TEXT
from pantau.reporting.catalogue_records import TEXT as RECORD_TEXT
from pantau.reporting.catalogue_sla import TEXT as SLA_TEXT
from pantau.reporting.catalogue_vantages import TEXT as VANTAGE_TEXT
from pantau.reporting.idformat import format_date, month_name

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")

_SHARED: dict[str, tuple[str, str]] = {
    "and": (" and ", " dan "),
    "and.last": (" and ", ", dan "),
    "days": ("{n} days", "{n} hari"),
    "days.one": ("1 day", "1 hari"),
    "ago": ("{n} days ago", "{n} hari yang lalu"),
    "ago.one": ("1 day ago", "1 hari yang lalu"),
    "left": ("in {n} days", "{n} hari lagi"),
    "left.one": ("in 1 day", "1 hari lagi"),
    "left.today": ("today", "hari ini"),
}


def _merged(*tables: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for table in tables:
        twice = merged.keys() & table.keys()
        if twice:
            raise ValueError(f"catalogue keys defined twice: {sorted(twice)}")
        merged.update(table)
    return merged


TEXT = _merged(_SHARED, DIAGNOSIS_TEXT, ALERT_TEXT, CONTRACT_TEXT, SLA_TEXT, RECORD_TEXT,
               AVAILABILITY_TEXT, VANTAGE_TEXT)


def lang_of(language: str) -> Lang:
    """"en", "en_US" → "en"; anything else is Indonesian, the app's first language."""
    return "en" if language.startswith("en") else "id"


def t(lang: Lang, key: str, **facts: object) -> str:
    """The sentence `key` in `lang`, its placeholders filled from `facts`."""
    english, indonesian = TEXT[key]
    return (indonesian if lang == "id" else english).format(**facts)


def join(lang: Lang, items: Sequence[str]) -> str:
    """"A, B and C" / "A, B, dan C"."""
    items = list(items)
    if len(items) <= 2:
        return t(lang, "and").join(items)
    return ", ".join(items[:-1]) + t(lang, "and.last") + items[-1]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def number(lang: Lang, value: float, digits: int = 1) -> str:
    """A decimal number with a comma in Indonesian, a dot in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "id" else text


def days(lang: Lang, n: int) -> str:
    """"1 day" / "5 days" / "5 hari"."""
    return t(lang, "days.one") if n == 1 else t(lang, "days", n=n)


def ago(lang: Lang, n: int) -> str:
    return t(lang, "ago.one") if n == 1 else t(lang, "ago", n=n)


def left(lang: Lang, n: int) -> str:
    if n == 0:
        return t(lang, "left.today")
    return t(lang, "left.one") if n == 1 else t(lang, "left", n=n)


def day_text(lang: Lang, day: date) -> str:
    """28 Februari 2026 / 28 Feb 2026: the month written out in Indonesian, abbreviated in English."""
    if lang == "id":
        return format_date(day, "id")
    return f"{day.day} {month_name(day.month, 'en')[:3]} {day.year}"
