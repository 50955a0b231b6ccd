"""The layer boundary: Qt only in pantau.ui; the domain free of I/O, sockets and SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "pantau"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "shiboken6")
IO_MODULES = ("socket", "sqlite3", "ping3", "keyring", "subprocess", "urllib", "http", "dns", *QT_MODULES)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(*, exclude: str | None = None, only: str | None = None) -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    if exclude:
        files = [f for f in files if exclude not in f.relative_to(PACKAGE).parts]
    if only:
        files = [f for f in files if only in f.relative_to(PACKAGE).parts]
    assert files
    return files


def roots(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("path", python_files(exclude="ui"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_qt_is_imported_only_in_ui(path: Path) -> None:
    assert roots(imported_modules(path)).isdisjoint(QT_MODULES)


@pytest.mark.parametrize("path", python_files(only="domain"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_domain_does_no_io(path: Path) -> None:
    assert roots(imported_modules(path)).isdisjoint(IO_MODULES)
    assert not [n for n in imported_modules(path) if n.startswith(("pantau.storage", "pantau.probing", "pantau.ui"))]


def test_the_checker_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from PySide6.QtWidgets import QWidget\n")
    assert "PySide6" in roots(imported_modules(sample))
