"""No unfocused field takes the mouse wheel: scrolling a form scrolls the form, it never changes a value on the way.

An officer scrolling the contract form with the wheel changed a start date from 2016 to 1993: every spin box, date
edit, combo box and slider the pointer crossed took the wheel. `WheelGuard`, installed once on the application,
hands a wheel event over such a field to the field's parent instead (from where Qt passes it up to the scroll area),
unless the field has the keyboard focus: a field the user clicked into still turns with the wheel.

Qt gives the focus to a widget whose focus policy includes `WheelFocus` *before* any event filter sees the wheel,
so the guard also lowers those fields' policy to `StrongFocus` (click or Tab) as they are polished.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget


def guarded(widget: QObject) -> bool:
    """Whether `widget` is a field whose value the wheel could change (scroll bars are what the wheel is for)."""
    if isinstance(widget, QScrollBar):
        return False
    return isinstance(widget, (QAbstractSpinBox, QComboBox, QAbstractSlider))


def _no_wheel_focus(widget: QWidget) -> None:
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class WheelGuard(QObject):
    """The application-wide filter; see the module docstring. `install` puts one on the running application."""

    @classmethod
    def install(cls, app: QApplication) -> WheelGuard:
        existing = app.findChild(WheelGuard)
        if existing is not None:
            return existing
        guard = cls(app)
        guard.setObjectName("wheelGuard")
        # Fields are caught as they are polished, so the guard goes on before the first window is made. Walking
        # `app.allWidgets()` here instead crashed a test process (a widget of an earlier test half destroyed).
        app.installEventFilter(guard)
        return guard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and guarded(watched) and isinstance(watched, QWidget):
            _no_wheel_focus(watched)
        elif kind == QEvent.Type.Wheel and guarded(watched) and isinstance(watched, QWidget) \
                and isinstance(event, QWheelEvent) and not watched.hasFocus():
            self._pass_up(watched, event)
            return True
        return False

    @staticmethod
    def _pass_up(field: QWidget, event: QWheelEvent) -> None:
        """Offer the wheel to the field's ancestors, nearest first, until one takes it (a scroll area's viewport
        does while it can still scroll that way). Qt does not pass a wheel event on by itself here: an event sent
        from code does not climb, and this one is sent from code."""
        widget = field
        position = event.position()
        while not widget.isWindow() and (parent := widget.parentWidget()) is not None:
            position = widget.mapTo(parent, position)
            widget = parent
            if guarded(widget):
                continue
            offered = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                                  event.buttons(), event.modifiers(), event.phase(), event.inverted(),
                                  event.source())
            offered.setAccepted(False)
            QApplication.sendEvent(widget, offered)
            if offered.isAccepted():
                return
