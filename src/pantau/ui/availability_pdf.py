"""The availability report's PDF: the charts drawn (`ui.availability_chart`), the HTML worded
(`reporting.availability_report_html`) and rendered (`ui.contract_pdf.write_pdf`). Safe off the GUI thread.

`write_availability_report` is what the CLI and the window's dialog both run: build the report once, then write
the PDF and/or the workbook from it, saying each step through `progress`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtGui import QImage

from pantau.domain.inventory import Network
from pantau.reporting.availability_report import AvailabilityReport, build_availability_report
from pantau.reporting.availability_report_html import (
    CHART_DISTRICTS,
    CHART_WIDTH_PX,
    CHART_WORST,
    availability_report_html,
    percent_text,
    worst_offices,
)
from pantau.reporting.availability_xlsx import write_availability_xlsx
from pantau.reporting.catalogue import lang_of, t
from pantau.storage.workspace import Workspace
from pantau.ui.availability_chart import bar_chart
from pantau.ui.contract_pdf import write_pdf

__all__ = ["availability_charts", "write_availability_pdf", "write_availability_report"]


def availability_charts(report: AvailabilityReport, lang: str) -> dict[str, QImage]:
    """The two charts by the resource names the HTML's `<img>` tags use."""
    language = lang_of(lang)
    no_data = t(language, "avail.no-data")
    districts = [(row.kecamatan or "–", row.availability) for row in report.districts]
    worst = [(row.name, row.availability) for row in worst_offices(report)]
    return {
        CHART_DISTRICTS: bar_chart(districts, CHART_WIDTH_PX, no_data,
                                   [percent_text(language, value) for _, value in districts]),
        CHART_WORST: bar_chart(worst, CHART_WIDTH_PX, no_data, [percent_text(language, value) for _, value in worst]),
    }


def write_availability_pdf(report: AvailabilityReport, path: Path, lang: str = "id") -> int:
    """Write the report as an A4 PDF; returns the page count. Raises OSError when the file can't be written."""
    title = t(lang_of(lang), "avail.title")
    return write_pdf(availability_report_html(report, lang), path, title, availability_charts(report, lang))


def write_availability_report(workspace: Workspace, network: Network, first: date, last: date, now: float, *,
                              pdf: Path | None, xlsx: Path | None, lang: str = "id",
                              progress: Callable[[str], None] = lambda _step: None) -> AvailabilityReport:
    """Build the report over [first, last] and write the files asked for; `progress` hears "build", "pdf", "xlsx"
    before each step. Reads the disk: a worker thread."""
    progress("build")
    report = build_availability_report(workspace, network, first, last, now)
    if pdf is not None:
        progress("pdf")
        write_availability_pdf(report, pdf, lang)
    if xlsx is not None:
        progress("xlsx")
        write_availability_xlsx(report, xlsx, lang)
    return report
