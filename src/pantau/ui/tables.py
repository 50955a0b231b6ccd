"""The read-only record lists of the panels (outages, alerts, budget requests, letters…): one setup for all."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


def read_only_table(columns: int) -> QTableWidget:
    """An empty table of `columns` the user reads but does not edit: no row numbers, columns as wide as their
    contents and the last one taking the rest. Callers add how rows are selected."""
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table
