"""The network's own time: its zone (WITA for PPU), today's date there, and instants written in it.

A zone this computer does not know falls back to UTC rather than failing: the network file is checked for a valid
zone on import, so this only happens on a machine without a time-zone database (Windows without `tzdata`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str) -> tzinfo:
    """The network's zone; UTC when the name is unknown to this computer."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_date(ts: float, timezone_name: str) -> date:
    """The calendar day of `ts` in the network's zone: the `today` contracts are judged on."""
    return datetime.fromtimestamp(ts, zone(timezone_name)).date()


def iso_time(ts: float, timezone_name: str) -> str:
    return datetime.fromtimestamp(ts, zone(timezone_name)).isoformat(timespec="seconds")
