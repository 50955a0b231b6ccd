"""How wide the office table's columns are: every column as wide as its contents, and the room left to the name and
link columns, the two that carry long texts.

The short columns (kecamatan, kind, state, figures, days left) are sized once to their contents and to the widest
value a live column can take, never on each change: measuring every row through Python on each live update took
most of a frame with a few hundred offices. The name and link columns have a natural width (their longest text, up
to `TEXT_MAX_PX`) and share whatever room the view has beyond the short columns, in proportion to it: a wide window
shows the names and providers whole, a narrow one gives each at least `TEXT_MIN_PX` and a horizontal scroll bar.
Cut texts say themselves whole in their tooltips; the table cuts them in the middle, so the abbreviation Indonesian
office names end with ("… Daerah (Bappelitbang)") stays in sight. A name or link column the user has
sized by hand keeps its width.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

TEXT_MIN_PX = 150
TEXT_MAX_PX = 600  # a longer name or provider is cut and said whole in its tooltip
CELL_PADDING_PX = 14
MEASURED_ROWS = 200  # rows measured when sizing a column to its contents


def share_room(room: int, natural: Mapping[int, int]) -> dict[int, int]:
    """Widths for columns of these natural widths in `room` pixels: the narrower ones whole first while an even
    share allows (a link's provider fits, the longest name takes the cut), what is left beyond every natural width
    shared in proportion; none below `TEXT_MIN_PX`."""
    widths: dict[int, int] = {}
    left = room
    ordered = sorted(natural, key=lambda column: natural[column])
    for index, column in enumerate(ordered):
        fair = left // (len(ordered) - index)
        widths[column] = max(TEXT_MIN_PX, min(natural[column], fair))
        left -= widths[column]
    total = sum(natural.values())
    if left > 0 and total:
        extra = left
        for column in ordered:
            widths[column] += extra * natural[column] // total
    return widths


class ColumnFitter(QObject):
    """Sizes `view`'s columns: `stretching` are the long-text columns that share the room left; `widest` gives,
    per column, texts as wide as the widest value it can take (with `icon_px` more for a column with an icon)."""

    def __init__(self, view: QTableView, stretching: Sequence[int], widest: Mapping[int, Sequence[str]],
                 icon_px: Mapping[int, int]) -> None:
        super().__init__(view)
        self._view = view
        self._stretching = tuple(stretching)
        self._widest = widest
        self._icon_px = icon_px
        self._natural: dict[int, int] = {column: TEXT_MIN_PX for column in self._stretching}
        self._by_hand: set[int] = set()
        self._fitting = False
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(MEASURED_ROWS)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._on_section_resized)
        view.viewport().installEventFilter(self)

    def fit(self, grow_only: bool = False) -> None:
        """Size every column to its contents (`grow_only`: widen the ones too narrow now, narrow none), then share
        the room left between the long-text columns."""
        header = self._view.horizontalHeader()
        metrics = self._view.fontMetrics()
        self._fitting = True
        try:
            for column in range(header.count()):
                before = header.sectionSize(column)
                self._view.resizeColumnToContents(column)
                width = max(header.sectionSize(column), header.sectionSizeHint(column))
                if column in self._widest:
                    width = max(width, self._icon_px.get(column, 0) + CELL_PADDING_PX
                                + max(metrics.horizontalAdvance(text) for text in self._widest[column]))
                if column in self._stretching:
                    self._natural[column] = min(max(width, TEXT_MIN_PX), TEXT_MAX_PX)
                    width = before if column in self._by_hand else self._natural[column]
                header.resizeSection(column, max(width, before) if grow_only else width)
        finally:
            self._fitting = False
        self.spread()

    def preferred_width(self) -> int:
        """The columns' width with the long-text ones at their natural width (what shows every text whole)."""
        header = self._view.horizontalHeader()
        return sum(self._natural[c] if c in self._natural and c not in self._by_hand else header.sectionSize(c)
                   for c in range(header.count()))

    def natural_width(self, column: int) -> int:
        return self._natural[column]

    def spread(self) -> None:
        """Share the view's width beyond the other columns between the long-text columns not sized by hand."""
        header = self._view.horizontalHeader()
        free_columns = [c for c in self._stretching if c not in self._by_hand]
        if not free_columns:
            return
        taken = sum(header.sectionSize(c) for c in range(header.count()) if c not in free_columns)
        widths = share_room(self._view.viewport().width() - taken, {c: self._natural[c] for c in free_columns})
        self._fitting = True
        try:
            for column, width in widths.items():
                header.resizeSection(column, width)
        finally:
            self._fitting = False

    def forget_hand_sizes(self) -> None:
        self._by_hand.clear()
        self.spread()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.spread()
        return False

    def _on_section_resized(self, column: int, old: int, new: int) -> None:
        if not self._fitting and column in self._stretching:
            self._by_hand.add(column)
