"""GUI test setup: every test gets its own QSettings folder, so no test reads or writes the user's window layout."""

from __future__ import annotations

import os

# tests/conftest.py sets this too; repeated here so this folder also runs on its own (pytest tests/gui).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> Path:
    folder = tmp_path / "qsettings"
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))
    return folder
