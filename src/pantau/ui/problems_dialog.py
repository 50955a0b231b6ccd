"""The dialog that lists every problem of a network file that could not be imported (File ▸ Open network file):
one problem a line, selectable for copying into a message to whoever keeps the file."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class ProblemsDialog(QDialog):
    """Every problem of a network file that could not be imported, one per line, selectable for copying."""

    def __init__(self, title: str, headline: str, problems: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProblemsDialog")
        self.setWindowTitle(title)
        self.problems = problems
        layout = QVBoxLayout(self)
        self.headline = QLabel(headline, self)
        self.headline.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(problems), self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(self)
        # Not the standard Close button: Qt ships no Indonesian translation of its own buttons.
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.headline)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 360)
