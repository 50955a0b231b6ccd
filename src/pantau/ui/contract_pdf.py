"""Render an HTML report to an A4 PDF with QTextDocument and QPdfWriter: no browser, no network.

Safe on a worker thread: QTextDocument, QImage and a QPainter on a QPdfWriter need no GUI thread. Pictures (the
contract timelines) come in as QImages, drawn beforehand, and are handed to the document as image resources under
the names the HTML's `<img src>` uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

# Text stays vector whatever this is; at the screen's 96 dpi QTextDocument's point sizes come out at their size
# (at 300 dpi it lays text out in device pixels and the report prints at a third of its size).
_RESOLUTION_DPI = 96


def write_pdf(html: str, path: Path, title: str = "", images: Mapping[str, QImage] | None = None) -> int:
    """Write `html` to `path` as an A4 PDF, with `images` (resource name → image) for its `<img>` tags; returns
    the page count. Raises OSError when the file can't be written."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Pantau")
    writer.setResolution(_RESOLUTION_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    # Before setHtml: the layout asks for each image's size as it meets the tag.
    for name, image in (images or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setHtml(html)
    # Laid out on the writer's printable area, so pageCount() is the number of pages printed.
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)
    pages = document.pageCount()
    del writer  # finishes the file
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"could not write the PDF {path}")
    return pages
