"""One date, moment and number format per interface language (ui/formats.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale

from pantau.ui.formats import format_day, format_moment, format_number, format_percent, ui_language
from pantau.ui.i18n import locale_for

MOMENT = datetime(2026, 12, 5, 14, 5, 9, tzinfo=ZoneInfo("Asia/Makassar")).timestamp()


@pytest.fixture
def language() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(("lang", "day", "moment", "percent"), [
    ("id", "5 Desember 2026", "5 Des 2026 14:05 WITA", "41,76 %"),
    ("en", "5 December 2026", "5 Dec 2026 14:05 WITA", "41.76 %"),
])
def test_each_language_has_one_way_to_write_each_thing(language: None, lang: str, day: str, moment: str,
                                                       percent: str) -> None:
    QLocale.setDefault(locale_for(lang))
    assert ui_language() == lang
    assert format_day(date(2026, 12, 5)) == day
    assert format_moment(MOMENT, "Asia/Makassar") == moment
    assert format_percent(41.756, 2) == percent


def test_moments_are_in_the_networks_zone_and_other_zones_get_their_offset(language: None) -> None:
    QLocale.setDefault(locale_for("en"))
    assert format_moment(MOMENT, "Asia/Jakarta", seconds=True) == "5 Dec 2026 13:05:09 WIB"
    assert format_moment(MOMENT, "Asia/Kathmandu") == "5 Dec 2026 11:50 UTC+5:45"
    assert format_number(1234.5, 1).endswith("4.5")  # the desktop decides the grouping of an English UI
    QLocale.setDefault(locale_for("id"))
    assert format_number(1234.5, 1) == "1.234,5"
