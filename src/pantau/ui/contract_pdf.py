"""Render an HTML report to an A4 PDF with QTextDocument and QPdfWriter: no browser, no network.

Safe on a worker thread: QTextDocument and a QPainter on a QPdfWriter need no GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

# Text stays vector whatever this is; at the screen's 96 dpi QTextDocument's point sizes come out at their size
# (at 300 dpi it lays text out in device pixels and the report prints at a third of its size).
_RESOLUTION_DPI = 96


def write_pdf(html: str, path: Path, title: str = "") -> int:
    """Write `html` to `path` as an A4 PDF; returns the page count. Raises OSError when the file can't be written."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Pantau")
    writer.setResolution(_RESOLUTION_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setHtml(html)
    # Laid out on the writer's printable area, so pageCount() is the number of pages printed.
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)
    pages = document.pageCount()
    del writer  # finishes the file
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"could not write the PDF {path}")
    return pages
