"""Issue 16, part 2 item 2: the wheel over an unfocused field scrolls the form and changes nothing; a field the user
clicked into still turns with the wheel."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from pantau.ui.app import _application
from pantau.ui.wheel_guard import WheelGuard


@pytest.fixture
def guard(qapp: QApplication) -> Iterator[WheelGuard]:
    guard = WheelGuard.install(qapp)
    yield guard
    remove(qapp, guard)


def remove(app: QApplication, guard: WheelGuard) -> None:
    app.removeEventFilter(guard)
    guard.setParent(None)  # gone at once, not at the next event loop turn: the next test installs its own


def wheel(widget: QWidget, notches: int) -> None:
    """A real wheel event over the middle of `widget`, delivered as the window system would (through the app)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def long_form(qtbot: QtBot) -> tuple[QScrollArea, QDateEdit, list[QWidget]]:
    area = QScrollArea()
    form = QWidget()
    layout = QVBoxLayout(form)
    fields: list[QWidget] = []
    for _ in range(12):
        spin = QSpinBox()
        spin.setValue(50)
        combo = QComboBox()
        combo.addItems(["one", "two", "three"])
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setValue(50)
        fields += [spin, combo, slider]
        layout.addWidget(spin)
        layout.addWidget(combo)
        layout.addWidget(slider)
    start = QDateEdit(QDate(2016, 7, 1))
    layout.insertWidget(3, start)
    area.setWidget(form)
    area.setWidgetResizable(True)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, start, fields


def test_wheel_over_an_unfocused_date_scrolls_the_form_and_keeps_the_date(qtbot: QtBot, guard: WheelGuard) -> None:
    area, start, fields = long_form(qtbot)
    assert not start.hasFocus()
    scroll = area.verticalScrollBar()
    assert scroll.maximum() > 0 and scroll.value() == 0
    for _ in range(3):
        wheel(start, -1)
    assert start.date() == QDate(2016, 7, 1)
    assert not start.hasFocus()
    assert start.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a real wheel cannot focus it on the way either
    assert scroll.value() > 0
    before = scroll.value()
    for field in fields:
        wheel(field, -1)
    assert [f.value() for f in fields if isinstance(f, (QSpinBox, QSlider))] == [50] * 24
    assert all(f.currentIndex() == 0 for f in fields if isinstance(f, QComboBox))
    assert scroll.value() > before


def test_a_focused_date_still_turns_with_the_wheel(qtbot: QtBot, guard: WheelGuard) -> None:
    area, start, _ = long_form(qtbot)
    area.activateWindow()
    start.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(start.hasFocus)
    scroll = area.verticalScrollBar().value()
    wheel(start, 1)
    assert start.date() != QDate(2016, 7, 1)
    assert area.verticalScrollBar().value() == scroll


def test_without_the_guard_the_wheel_changes_what_it_crosses(qtbot: QtBot) -> None:
    # The symptom the guard exists for, so the tests above cannot pass for a reason of their own.
    area, start, fields = long_form(qtbot)
    for field in fields[:3]:
        wheel(field, -1)
    assert [fields[0].value(), fields[1].currentIndex(), fields[2].value()] != [50, 0, 50]  # type: ignore[attr-defined]
    assert area.verticalScrollBar().value() == 0
    # A real wheel (from the window system) first gives a WheelFocus field the focus, then turns it.
    assert start.focusPolicy() == Qt.FocusPolicy.WheelFocus


def test_the_app_installs_the_guard_once(qapp: QApplication) -> None:
    assert _application([]) is qapp
    _application([])
    guards = qapp.findChildren(WheelGuard)
    assert len(guards) == 1
    remove(qapp, guards[0])
