"""The graphs' legend: one checkable entry per line (compared office or pinned reference), in rows above the plots.

A legend drawn inside the plot covered the start of the range and, past a few entries, showed only some of them;
this one is a row of check boxes outside the plot, wrapping onto more rows as the dock narrows, so every compared
office is named and none of the data is hidden. Unchecking an entry hides its line (and band). A shading the plot
shows (rounds delivered late) has an entry of its own at the end, with a hatched swatch (`set_shading`).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCheckBox, QLayout, QLayoutItem, QSizePolicy, QWidget

__all__ = ["FlowLayout", "GraphLegend"]


class FlowLayout(QLayout):
    """Items left to right, wrapping onto the next row when the width runs out (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 10) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, row_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and row_height > 0:
                x, y, row_height = rect.x(), y + row_height + 2, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y()


def _swatch(colour: str, dashed: bool, height: int) -> QIcon:
    pixmap = QPixmap(2 * height, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    pen = QPen(QColor(colour), max(2, height // 6))
    pen.setStyle(Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    painter.setPen(pen)
    painter.drawLine(1, height // 2, 2 * height - 2, height // 2)
    painter.end()
    return QIcon(pixmap)


class GraphLegend(QWidget):
    """Checkable entries, one per line; `toggled(index, shown)` when the user checks or unchecks one (and
    `shadingToggled(shown)` for the shading's entry)."""

    toggled = Signal(int, bool)
    shadingToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flow = FlowLayout(self)
        self._boxes: list[QCheckBox] = []
        self._shading = QCheckBox(self)
        self._shading.setChecked(True)
        self._shading.toggled.connect(self.shadingToggled)
        self._shading.hide()
        self._shading_shown = False
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_entries(self, entries: list[tuple[str, str, bool]]) -> None:
        """One entry per (label, colour, dashed), all checked."""
        for box in self._boxes:
            self._flow.removeWidget(box)
            box.deleteLater()
        self._boxes = []
        height = self.fontMetrics().height()
        for index, (label, colour, dashed) in enumerate(entries):
            box = QCheckBox(label)
            box.setIcon(_swatch(colour, dashed, height))
            box.setChecked(True)
            box.toggled.connect(lambda shown, i=index: self.toggled.emit(i, shown))
            self._flow.addWidget(box)
            # At once, not at the next turn of the event loop (Qt shows a widget added to a visible one late).
            box.show()
            self._boxes.append(box)
        self._place_shading()

    def set_shading(self, label: str, brush: QBrush | None) -> None:
        """An entry for a shading of the plot with `brush`'s hatch as its swatch (None: no entry); unchecking it
        emits `shadingToggled(False)`."""
        self._shading.setText(label)
        if brush is not None:
            height = self.fontMetrics().height()
            pixmap = QPixmap(2 * height, height)
            pixmap.fill(Qt.GlobalColor.white)
            painter = QPainter(pixmap)
            painter.fillRect(pixmap.rect(), brush)
            painter.end()
            self._shading.setIcon(QIcon(pixmap))
        self._shading_shown = brush is not None
        self._place_shading()

    def shading_entry(self) -> QCheckBox | None:
        return self._shading if self._shading_shown else None

    def _place_shading(self) -> None:
        """The shading's entry last, after the lines'."""
        self._flow.removeWidget(self._shading)
        if self._shading_shown:
            self._flow.addWidget(self._shading)
        self._shading.setVisible(self._shading_shown)
        self.setVisible(bool(self._boxes) or self._shading_shown)
        self.updateGeometry()

    def set_label(self, index: int, label: str) -> None:
        self._boxes[index].setText(label)

    def labels(self) -> list[str]:
        return [box.text() for box in self._boxes]

    def boxes(self) -> list[QCheckBox]:
        return list(self._boxes)
