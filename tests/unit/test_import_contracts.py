"""The import contracts in pyproject.toml ([tool.importlinter]) catch what they are for.

scripts/run-tests.sh runs `lint-imports` on the real package; here the same command, with the same contracts, runs
on a copy of the package with one bad import written into it, and must say which contract it broke. Without this, a
contract that names a module wrongly (and so checks nothing) would pass for ever.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
CONTRACT_NAMES = {contract["id"]: contract["name"]
                  for contract in tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
                  ["contracts"]}


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` in `project` (a pyproject.toml beside src/pantau), seeing that copy of pantau, not the
    installed one."""
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    command = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
               "sys.exit(lint_imports_command())", "--no-cache", "--no-logo"]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("contracts")
    shutil.copy(PYPROJECT, copy / "pyproject.toml")
    shutil.copytree(ROOT / "src" / "pantau", copy / "src" / "pantau",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return copy


def test_the_package_as_it_is_keeps_every_contract(project: Path) -> None:
    result = lint_imports(project)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACT_NAMES.values():
        assert f"{name} KEPT" in " ".join(result.stdout.split())


BAD_IMPORTS = [
    # The case the old AST test let through: a lower layer importing the window.
    ("storage/lock.py", "import pantau.ui.formats", {"layers", "qt-only-in-ui"}),
    ("domain/inventory.py", "from pantau.storage import workspace", {"layers", "pure-domain"}),
    ("probing/engine.py", "from pantau.reporting import status", {"layers"}),
    # Siblings of one layer stay apart.
    ("alerts/service.py", "import pantau.reporting.history", {"layers"}),
    ("reporting/status.py", "import pyqtgraph", {"qt-only-in-ui"}),
    ("domain/health.py", "import socket", {"pure-domain"}),
    ("cli.py", "from PySide6 import QtCore", {"qt-entry-points"}),
    ("monitor.py", "import pantau.ui.formats", {"layers", "qt-only-in-ui"}),
]


@pytest.mark.parametrize(("module", "bad_import", "broken"), BAD_IMPORTS,
                         ids=[f"{module}: {bad_import}" for module, bad_import, _ in BAD_IMPORTS])
def test_a_bad_import_breaks_its_contract(project: Path, module: str, bad_import: str, broken: set[str]) -> None:
    path = project / "src" / "pantau" / module
    original = path.read_text(encoding="utf-8")
    # At the end of the module, inside a function, as the lazy imports in cli.py are: still an import.
    path.write_text(f"{original}\n\ndef _bad() -> None:\n    {bad_import}  # noqa\n", encoding="utf-8")
    try:
        result = lint_imports(project)
    finally:
        path.write_text(original, encoding="utf-8")
    text = " ".join(result.stdout.split())
    assert result.returncode == 1, result.stdout + result.stderr
    assert {cid for cid, name in CONTRACT_NAMES.items() if f"{name} BROKEN" in text} == broken, result.stdout


def test_a_new_module_must_be_given_its_layer(project: Path) -> None:
    """Otherwise a new top-level module could import Qt unseen: the Qt contract lists the modules it covers."""
    path = project / "src" / "pantau" / "report_server.py"
    path.write_text('"""A module nobody placed."""\n', encoding="utf-8")
    try:
        result = lint_imports(project)
    finally:
        path.unlink()
    text = " ".join(result.stdout.split())
    assert result.returncode == 1 and f"{CONTRACT_NAMES['layers']} BROKEN" in text, result.stdout
    assert "pantau.report_server" in text
