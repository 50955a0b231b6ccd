"""The incident record (berita acara gangguan jaringan) on paper: read it from the workspace, write it as a PDF or
print it, for `pantau report incident` and the graphs' outage list alike.

The alert record is read here (reporting may not import the alerts package) and handed to the builder as plain
`AlertFact`s. `read_record_html` reads the disk: the window calls it on a worker thread. Printing lays the same
HTML out on the printer the user chose (`print_html`), so a printed record and the PDF say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

from pantau.alerts.record import record_between
from pantau.domain.inventory import Network
from pantau.reporting.history import DIAGNOSIS_LEAD_S
from pantau.reporting.incident_html import incident_record_html
from pantau.reporting.incident_record import (
    ALERT_TAIL_S,
    AlertFact,
    IncidentRecord,
    outage_events,
    read_incident_record,
)
from pantau.storage.workspace import Workspace
from pantau.ui.contract_pdf import write_pdf

__all__ = ["RecordOnPaper", "print_html", "read_record_html", "write_incident_pdf"]


@dataclass(frozen=True)
class RecordOnPaper:
    """A record read and worded: its facts, its HTML and its evidence bundle's bytes."""

    record: IncidentRecord
    html: str
    bundle: bytes


def _alerts(workspace: Workspace, event_ids: list[int], now: float) -> list[AlertFact]:
    downs = outage_events(workspace, event_ids)
    start = min(d.started for d in downs)
    end = now if any(d.ended is None for d in downs) else max(d.ended or d.started for d in downs)
    return [AlertFact(a.created, a.kind, a.subject, a.text_id, a.text_en, a.outcome, a.reason, a.channels)
            for a in record_between(workspace, start - DIAGNOSIS_LEAD_S, end + ALERT_TAIL_S)]


def read_record_html(workspace: Workspace, network: Network, event_ids: list[int], lang: str,
                     now: float) -> RecordOnPaper:
    """The record of `event_ids` as of `now`, worded in `lang`. Reads the disk; raises IncidentError for an ID
    that is not a site's DOWN event."""
    alerts = _alerts(workspace, event_ids, now)
    record, bundle = read_incident_record(workspace, network, event_ids, alerts, now)
    return RecordOnPaper(record, incident_record_html(record, lang), bundle)


def write_incident_pdf(workspace: Workspace, network: Network, event_ids: list[int], path: Path, lang: str,
                       now: float, evidence: Path | None = None) -> tuple[IncidentRecord, int]:
    """Write the record as an A4 PDF at `path` (and its evidence bundle at `evidence`); returns the record and
    the page count. Raises IncidentError for a bad ID and OSError when a file can't be written."""
    paper = read_record_html(workspace, network, event_ids, lang, now)
    if evidence is not None:
        evidence.write_bytes(paper.bundle)
    pages = write_pdf(paper.html, path, paper.record.number)
    return paper.record, pages


def print_html(html: str, printer: QPrinter) -> None:
    """Lay `html` out on `printer`'s pages and print it: the print dialog's printer, or in tests a PdfFormat printer
    with an output file. No page size is set, so QTextDocument scales the screen's point sizes to the printer's
    resolution and paginates on its paper with its own margins."""
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)
