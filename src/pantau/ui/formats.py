"""One way to write a date, a moment, a number and a percentage in the window, following the interface language.

Every panel formats through here, so a date reads "5 Desember 2026" / "5 December 2026" and a moment
"5 Des 2026 14:05 WITA" / "5 Dec 2026 14:05 WITA" everywhere, and decimals use a comma in Indonesian ("41,76 %")
and a dot in English. Month names come from `reporting.idformat` (defined once). The language is the one the window
shows (`QLocale.defaultLocale()`, which `i18n.install_translator` sets), read at each call, so a live language
switch takes effect at the next repaint. Moments are shown in the network's time zone, never the computer's.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale

from pantau.reporting.idformat import ZONE_ABBREVIATIONS, month_name


def ui_language() -> str:
    """"id" or "en": the language numbers and dates are written in now."""
    return "id" if QLocale().language() == QLocale.Language.Indonesian else "en"


def format_day(day: date) -> str:
    """5 Desember 2026 / 5 December 2026."""
    return f"{day.day} {month_name(day.month, ui_language())} {day.year}"


def short_month(month: int) -> str:
    """Des / Dec: the first three letters, which are distinct in both languages."""
    return month_name(month, ui_language())[:3]


def format_moment(epoch_s: float, timezone: str, *, seconds: bool = False, zone: bool = True) -> str:
    """5 Des 2026 14:05 WITA: a moment in the network's time zone (its usual abbreviation, else the UTC offset)."""
    local = _local(epoch_s, timezone)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    text = f"{local.day} {short_month(local.month)} {local.year} {clock}"
    return f"{text} {zone_label(local, timezone)}" if zone else text


def format_clock(epoch_s: float, timezone: str, *, seconds: bool = False) -> str:
    """14:05 (WITA implied by the context): a moment of today, in the network's time zone."""
    return _local(epoch_s, timezone).strftime("%H:%M:%S" if seconds else "%H:%M")


def zone_label(local: datetime, timezone: str) -> str:
    if timezone in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[timezone]
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_number(value: float, decimals: int = 1) -> str:
    """41,8 (id) / 41.8 (en), with the language's grouping of thousands."""
    return QLocale().toString(float(value), "f", decimals)


def format_percent(value: float, decimals: int = 1) -> str:
    """41,76 % (id) / 41.76 % (en): a space before the sign, as both languages' style guides write it."""
    return f"{format_number(value, decimals)} %"


def _local(epoch_s: float, timezone: str) -> datetime:
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return datetime.fromtimestamp(epoch_s, zone)
