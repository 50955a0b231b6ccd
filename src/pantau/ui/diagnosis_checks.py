"""The diagnostics panel's table of checks: every planned check listed at once with a spinner, each flipping to its
result as it arrives, in words (an answer's round trip, why a check failed, a path's last hop) with a coloured
mark that is never the only sign. Checks the plan did not list get a row of their own when they come."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from pantau.domain.diagnosis import CheckOutcome, DiagnosisPlan, Layer
from pantau.domain.samples import ErrorKind
from pantau.ui.diagnosis_parts import (
    DEGRADED_COLOR,
    FAULT_COLOR,
    MUTED_COLOR,
    OK_COLOR,
    CheckRow,
    DiagnosisParts,
)

_SPINNER = "◐◓◑◒"
_CHECK_COLUMN_MAX = 240


class Column(IntEnum):
    STATUS = 0
    LAYER = 1
    TARGET = 2
    CHECK = 3
    RESULT = 4


def _row_key(outcome: CheckOutcome) -> tuple[str, ...]:
    if outcome.layer is Layer.LOCAL:
        return ("local",)
    if outcome.layer is Layer.PATH:
        return ("path",)
    return (outcome.target_id or outcome.target_name, outcome.method)


class _ElideMiddle(QStyledItemDelegate):
    """Cuts a long text in the middle: a URL differs at its end (port, path), not at its scheme."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class CheckRows(DiagnosisParts):
    """The table of checks of `DiagnosticsPanel` (a part of it: see `diagnosis_parts.DiagnosisParts`)."""

    def _build_checks(self, parent: QWidget) -> QTreeWidget:
        self.checks = QTreeWidget(parent)
        self.checks.setObjectName("diagnosisChecks")
        self.checks.setRootIsDecorated(False)
        self.checks.setUniformRowHeights(True)
        self.checks.setAlternatingRowColors(True)
        # Rows are read, not acted on: no selection, so no row looks chosen when the panel first shows.
        self.checks.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.checks.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.checks.setColumnCount(len(Column))
        # Kept referenced here: the view does not keep the Python side of a delegate alive.
        self._check_delegate = _ElideMiddle(self.checks)
        self.checks.setItemDelegateForColumn(Column.CHECK, self._check_delegate)
        header = self.checks.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        for column, mode in ((Column.STATUS, QHeaderView.ResizeMode.ResizeToContents),
                             (Column.LAYER, QHeaderView.ResizeMode.ResizeToContents),
                             (Column.TARGET, QHeaderView.ResizeMode.Stretch),
                             (Column.CHECK, QHeaderView.ResizeMode.Interactive),
                             (Column.RESULT, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        return self.checks

    def _retranslate_checks(self) -> None:
        self.checks.setHeaderLabels([self.tr("State"), self.tr("Layer"), self.tr("Target"), self.tr("Check"),
                                     self.tr("Result")])
        # The check column is sized to a run's checks; a header that grew in another language must still show.
        header = self.checks.header()
        header.resizeSection(Column.CHECK, max(header.sectionSize(Column.CHECK), header.sectionSizeHint(Column.CHECK)))
        for row in self._rows:
            self._render_row(row)

    def _make_rows(self, plan: DiagnosisPlan) -> list[CheckRow]:
        self.checks.clear()
        rows = [CheckRow(("local",), Layer.LOCAL, self._new_item())]
        rows += [CheckRow((check.target_id, check.method), check.layer, self._new_item()) for check in plan.checks]
        rows.append(CheckRow(("path",), Layer.PATH, self._new_item()))
        for row, check in zip(rows[1:-1], plan.checks, strict=True):
            row.item.setText(Column.TARGET, check.target_name)
            row.item.setText(Column.CHECK, check.method)
            row.item.setToolTip(Column.TARGET, check.address)
            row.item.setToolTip(Column.CHECK, check.method)
        rows[-1].item.setText(Column.CHECK, f"path:ttl1-{self._settings.max_hops}")
        rows[0].item.setText(Column.CHECK, "route")
        self.checks.addTopLevelItems([row.item for row in rows])
        # Wide enough for this run's checks, but a long URL is cut rather than squeezing the results.
        self.checks.resizeColumnToContents(Column.CHECK)
        self.checks.setColumnWidth(Column.CHECK, min(self.checks.columnWidth(Column.CHECK), _CHECK_COLUMN_MAX))
        self._rows = rows
        return rows

    def _new_item(self) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setTextAlignment(Column.STATUS, Qt.AlignmentFlag.AlignCenter)
        glyph_font = QFont(self.checks.font())
        glyph_font.setBold(True)
        item.setFont(Column.STATUS, glyph_font)
        return item

    def _apply(self, rows: list[CheckRow], outcome: CheckOutcome) -> None:
        key = _row_key(outcome)
        candidates = [row for row in rows if row.key == key]
        if any(row.outcome == outcome for row in candidates):
            return
        row = next((row for row in candidates if row.outcome is None), None)
        if row is None:
            # A check the plan did not list (a repeated target and method beyond the rows made): show it too.
            row = CheckRow(key, outcome.layer, self._new_item())
            row.item.setText(Column.TARGET, outcome.target_name)
            row.item.setText(Column.CHECK, outcome.method)
            rows.append(row)
            self.checks.addTopLevelItem(row.item)
        row.outcome = outcome
        self._render_row(row)

    def _spin(self) -> None:
        self._frame += 1
        if self._run is None:
            self._spinner.stop()
            return
        glyph = _SPINNER[self._frame % len(_SPINNER)]
        for row in self._run.pending():
            row.item.setText(Column.STATUS, glyph)
        self._refresh_status()

    def _layer_name(self, layer: Layer) -> str:
        names = {
            Layer.LOCAL: self.tr("This computer"), Layer.LAN: self.tr("LAN"), Layer.SERVER: self.tr("Server"),
            Layer.SITE: self.tr("Office"), Layer.ISP: self.tr("ISP gateway"), Layer.UPSTREAM: self.tr("Upstream"),
            Layer.DNS: self.tr("DNS"), Layer.PATH: self.tr("Path"),
        }
        return names[layer]

    def _render_row(self, row: CheckRow) -> None:
        item, outcome = row.item, row.outcome
        item.setText(Column.LAYER, self._layer_name(row.layer))
        if row.layer is Layer.LOCAL:
            # The layer column already says "This computer": this one says what of it is checked.
            item.setText(Column.TARGET, self.tr("Its network route"))
        elif row.layer is Layer.PATH:
            item.setText(Column.TARGET, outcome.address if outcome else self.tr("toward a silent target"))
        if outcome is None:
            running = self._run is not None and row in self._run.rows
            item.setText(Column.STATUS, _SPINNER[self._frame % len(_SPINNER)] if running else "–")
            item.setForeground(Column.STATUS, QBrush(MUTED_COLOR))
            item.setText(Column.RESULT, self.tr("checking…") if running else self._not_run_text(row))
            return
        if not outcome.ran:
            glyph, color = "–", MUTED_COLOR
        elif row.degraded:
            glyph, color = "⚠", DEGRADED_COLOR
        else:
            glyph, color = ("✓", OK_COLOR) if outcome.ok else ("✗", FAULT_COLOR)
        item.setText(Column.STATUS, glyph)
        item.setForeground(Column.STATUS, QBrush(color))
        result = self._result_text(outcome)
        item.setText(Column.RESULT, result)
        tip = [result, outcome.address] if outcome.address else [result]
        if outcome.message:
            tip.append(outcome.message)
        tip.append(self.tr("took {ms} ms").format(ms=self._number(outcome.duration_ms, 0)))
        item.setToolTip(Column.RESULT, "\n".join(tip))

    def _not_run_text(self, row: CheckRow) -> str:
        local = self._rows[0].outcome if self._rows else None
        if local is not None and not local.ok:
            return self.tr("not run: this computer has no usable route")
        if row.layer is Layer.PATH and self._report is not None:
            return self.tr("not needed: no target was silent")
        return self.tr("not run")

    def _result_text(self, outcome: CheckOutcome) -> str:
        if outcome.layer is Layer.LOCAL:
            return self.tr("a route exists") if outcome.ok else self.tr("no usable route")
        if outcome.layer is Layer.PATH:
            hop = outcome.detail.get("last_hop")
            if outcome.ok:
                return self.tr("reached {address}").format(address=outcome.address)
            return self.tr("last hop that answers: {hop}").format(hop=hop) if hop else self.tr("no hop answers")
        if outcome.ok:
            if outcome.rtt_ms is None:
                text = self.tr("answers")
            else:
                # As the report writes it: a tenth of a millisecond below 100 ms, whole ones above.
                decimals = 0 if outcome.rtt_ms >= 100 else 1
                text = self.tr("{rtt} ms").format(rtt=self._number(outcome.rtt_ms, decimals))
            if outcome.loss_percent:
                text += " · " + self.tr("{loss}% loss").format(loss=self._number(outcome.loss_percent, 0))
            return text
        host = outcome.detail.get("redirected_to_host")
        if host:
            return self.tr("redirected to {host}").format(host=host)
        words = {
            ErrorKind.TIMEOUT: self.tr("no answer (timeout)"), ErrorKind.UNREACHABLE: self.tr("unreachable"),
            ErrorKind.REFUSED: self.tr("connection refused"), ErrorKind.DNS: self.tr("name lookup failed"),
            ErrorKind.NO_PRIVILEGE: self.tr("could not run: no ICMP privilege"),
            ErrorKind.BAD_RESPONSE: self.tr("bad response"), ErrorKind.OTHER: self.tr("failed"),
        }
        error = outcome.error or ErrorKind.OTHER
        text = words[error]
        if error in (ErrorKind.BAD_RESPONSE, ErrorKind.OTHER) and outcome.message:
            text += f": {outcome.message}"
        return text
