"""The helpers that fill a diagnosis report's sentences with its own kinds of facts: round-trip times, the moment of
a run in the network's time zone, and the age of the monitor's states.

The sentences themselves are in the catalogue (`catalogue_diagnosis`, filled by `catalogue.t`).
"""

from __future__ import annotations

from datetime import datetime

from pantau.domain.timezones import zone
from pantau.reporting.catalogue import Lang, number, t
from pantau.reporting.idformat import ZONE_ABBREVIATIONS


def rtt(lang: Lang, value: float) -> str:
    return number(lang, value, 0 if value >= 100 else 1 if value >= 0.1 else 2)


def clock(ts: float, timezone_name: str) -> str:
    moment = datetime.fromtimestamp(ts, zone(timezone_name))
    label = ZONE_ABBREVIATIONS.get(timezone_name)
    if label is None:
        offset = moment.strftime("%z")
        label = f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment:%Y-%m-%d %H:%M} {label}"


def age(lang: Lang, seconds: float) -> str:
    """"12 s" / "12 detik"; whole minutes from two minutes on."""
    if seconds >= 120:
        return t(lang, "age.min", n=round(seconds / 60))
    return t(lang, "age.s", n=round(seconds))
