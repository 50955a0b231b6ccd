"""Indonesian (and English) formatting of money, dates and bandwidth for reports and the GUI.

Rupiah always uses Indonesian grouping (Rp 1.800.000.000), whatever the language: it is how the amounts appear on
the contracts and budget documents people compare them with. Dates are written out (30 Juni 2017 / 30 June 2017),
never numerically, so day and month cannot be confused.
"""

from __future__ import annotations

from datetime import date

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def format_rupiah(amount: float) -> str:
    """Indonesian grouping: Rp 1.800.000.000; a negative amount as -Rp 5.000."""
    rounded = round(amount)
    sign = "-" if rounded < 0 else ""
    return f"{sign}Rp " + f"{abs(rounded):,}".replace(",", ".")


def month_name(month: int, lang: str = "id") -> str:
    return (MONTHS_EN if lang.startswith("en") else MONTHS_ID)[month - 1]


def format_date(day: date, lang: str = "id") -> str:
    """30 Juni 2017 (Indonesian, the default) or 30 June 2017 (any `en` locale)."""
    return f"{day.day} {month_name(day.month, lang)} {day.year}"


def format_bandwidth(kbps: int, lang: str = "id") -> str:
    """100 kbps, 512 kbps, 2 Mbps, 1,5 Mbps (a decimal comma in Indonesian, a dot in English): whole Mbps from
    1000 kbps up."""
    if kbps < 1000:
        return f"{kbps} kbps"
    mbps = kbps / 1000
    text = f"{mbps:.3f}".rstrip("0").rstrip(".")
    return f"{text if lang.startswith('en') else text.replace('.', ',')} Mbps"


# The usual abbreviations of Indonesia's time zones; another zone is written by its UTC offset where it is shown.
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
                      "Asia/Jayapura": "WIT"}
