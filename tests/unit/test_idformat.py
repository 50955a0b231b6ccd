"""Indonesian and English formatting of rupiah, dates and bandwidth."""

from __future__ import annotations

from datetime import date

from pantau.reporting.catalogue import day_text
from pantau.reporting.idformat import format_bandwidth, format_date, format_rupiah


def test_rupiah_uses_dots_for_thousands_and_rounds() -> None:
    assert format_rupiah(1_800_000_000) == "Rp 1.800.000.000"
    assert format_rupiah(999.6) == "Rp 1.000"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(-5000) == "-Rp 5.000"


def test_dates_in_indonesian_by_default_and_english_for_en() -> None:
    assert format_date(date(2017, 6, 30)) == "30 Juni 2017"
    assert format_date(date(2017, 8, 1), "id") == "1 Agustus 2017"
    assert format_date(date(2024, 2, 29), "en") == "29 February 2024"
    assert format_date(date(2017, 6, 30), "en_US") == "30 June 2017"


def test_the_diagnosis_report_writes_days_with_the_same_month_names() -> None:
    """One list of Indonesian month names: the report's days are the formatter's, English abbreviated."""
    for month in range(1, 13):
        day = date(2026, month, 28)
        assert day_text("id", day) == format_date(day, "id")
        assert day_text("en", day) == format_date(day, "en")[:6] + " 2026"
    assert day_text("id", date(2026, 12, 5)) == "5 Desember 2026"
    assert day_text("en", date(2026, 12, 5)) == "5 Dec 2026"


def test_bandwidth_switches_to_mbps_with_a_decimal_comma() -> None:
    assert format_bandwidth(100) == "100 kbps"
    assert format_bandwidth(2000) == "2 Mbps"
    assert format_bandwidth(1500) == "1,5 Mbps"
