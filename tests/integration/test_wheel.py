"""Pantau as a real package: the wheel built from this checkout, installed into a fresh venv outside it.

The wheel must carry the map, the sample, the translations, the icons and the desktop entry (mapped from the
top-level resources/ at build time), and `pantau --selftest` of the installed copy must read them from the installed
package, not from this checkout. Dependencies come from pip's cache or the registry, pinned to requirements.lock.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "resources"
BIN = "Scripts" if sys.platform == "win32" else "bin"

pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, timeout: float, **extra_env: str) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH: the installed copy must stand on its own.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"} | extra_env
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def pins_without_hashes(lock: Path, into: Path) -> Path:
    """The lock's pins as a constraints file (pip refuses hashes in constraints), so pip takes the versions that
    setup.sh already downloaded and finds them in its cache."""
    pins = [line.rstrip(" \\") for line in lock.read_text(encoding="utf-8").splitlines() if re.match(r"[a-z0-9]", line)]
    into.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return into


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)], out, 600)
    built = sorted(out.glob("pantau-*.whl"))
    assert len(built) == 1, built
    return built[0]


def test_the_wheel_carries_every_resource_inside_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {f"pantau/_resources/{path.relative_to(RESOURCES).as_posix()}"
                for path in RESOURCES.rglob("*") if path.is_file()}
    assert expected <= names, f"missing from the wheel: {sorted(expected - names)}"
    assert {"pantau/_resources/map/ppu_desa.geojson", "pantau/_resources/sample/network.toml",
            "pantau/_resources/i18n/pantau_id.qm", "pantau/_resources/pantau.desktop"} <= names
    assert "pantau/py.typed" in names
    assert not [name for name in names if name.startswith(("resources/", "tests/", "src/"))]


def test_the_installed_wheel_passes_its_selftest_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path, 300)
    python = venv / BIN / "python"
    constraints = pins_without_hashes(REPO / "requirements.lock", tmp_path / "constraints.txt")
    run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", str(constraints),
         str(wheel)], tmp_path, 900)

    result = run([str(venv / BIN / "pantau"), "--selftest"], tmp_path, 300, QT_QPA_PLATFORM="offscreen")
    assert "self-test passed" in result.stdout
    origin = next(line for line in result.stdout.splitlines() if "installed package:" in line)
    read_from = Path(origin.split("installed package:", 1)[1].strip())
    assert read_from.is_relative_to(venv), f"read resources from {read_from}, not from the installed package"
    assert not read_from.is_relative_to(REPO)
