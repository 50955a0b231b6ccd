"""One link's contract history on a date axis, for the contracts panel and the PDF report: contracts as bars with
their rates inside, coverage gaps in red with their dates, today's line, and the regional budget years
(January–December) shaded alternately with their year above."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from pantau.domain.contracts import Gap, contracts_for_link, gaps_for_link
from pantau.domain.inventory import Network
from pantau.reporting.idformat import format_bandwidth, format_date

GAP_COLOUR = QColor(214, 39, 40)
_BAR_COLOURS = (QColor(31, 119, 180), QColor(44, 160, 44))


class ContractTimeline(pg.PlotWidget):  # type: ignore[misc]
    """One link's contract history on a date axis: contracts as bars, coverage gaps in red, today's line, and the
    regional budget years (January–December) shaded alternately."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.setBackground("w")
        self.hideAxis("left")
        self.setMouseEnabled(y=False)
        self.setMinimumHeight(160)
        self.gaps: list[Gap] = []
        self.contract_ids: list[str] = []
        self.budget_years: list[int] = []
        self.year_labels: list[pg.TextItem] = []
        self.rate_labels: list[pg.TextItem] = []

    def show_link(self, network: Network, link_id: str, today: date, lang: str) -> None:
        self.clear()
        link = next((item for item in network.links if item.id == link_id), None)
        contracts = contracts_for_link(network, link) if link is not None else []
        self.gaps = gaps_for_link(network, link) if link is not None else []
        self.contract_ids = [c.id for c in contracts]
        self.budget_years = []
        self.year_labels = []
        self.rate_labels = []
        if not contracts:
            return
        tz = ZoneInfo(network.timezone)

        def ts(day: date) -> float:
            return datetime.combine(day, time(), tz).timestamp()

        first, last = min(c.start for c in contracts), max(max(c.end for c in contracts), today)
        self.budget_years = list(range(first.year, last.year + 1))
        for year in self.budget_years:
            shade = pg.LinearRegionItem((ts(date(year, 1, 1)), ts(date(year + 1, 1, 1))), movable=False,
                                        brush=QBrush(QColor(0, 0, 0, 18 if year % 2 else 6)), pen=pg.mkPen(None))
            shade.setZValue(-10)
            self.addItem(shade)
            label = pg.TextItem(str(year), color=(110, 110, 110), anchor=(0, 0))
            label.setPos(ts(date(year, 1, 1)), 1.58)
            self.addItem(label)
            self.year_labels.append(label)
        for index, contract in enumerate(contracts):
            start, end = ts(contract.start), ts(contract.end + timedelta(days=1))
            colour = _BAR_COLOURS[index % 2]
            self.addItem(pg.BarGraphItem(x0=[start], x1=[end], y0=[0.1], y1=[0.9], brush=QBrush(colour),
                                         pen=pg.mkPen(colour.darker(130))))
            # Inside its bar (alternately high and low, so neighbours' rates do not meet): above the bar it ran
            # into the year labels as soon as the panel was low.
            text = pg.TextItem(format_bandwidth(contract.bandwidth_kbps), color=(255, 255, 255), anchor=(0, 0.5))
            text.setPos(start, 0.32 if index % 2 else 0.68)
            self.addItem(text)
            self.rate_labels.append(text)
        for gap in self.gaps:
            self.addItem(pg.BarGraphItem(x0=[ts(gap.start)], x1=[ts(gap.end + timedelta(days=1))], y0=[0.0],
                                         y1=[1.0], brush=QBrush(GAP_COLOUR), pen=pg.mkPen(GAP_COLOUR)))
            label = pg.TextItem(f"{format_date(gap.start, lang)} – {format_date(gap.end, lang)}",
                                color=GAP_COLOUR, anchor=(0.5, 0))
            label.setPos(ts(gap.start), -0.05)
            self.addItem(label)
        self.addItem(pg.InfiniteLine(ts(today), angle=90, pen=pg.mkPen(QColor(0, 0, 0), width=2,
                                                                         style=Qt.PenStyle.DashLine)))
        self.setYRange(-0.6, 1.6, padding=0)
        self.setXRange(ts(date(first.year, 1, 1)), ts(date(last.year + 1, 1, 1)), padding=0.01)
