"""`pantau --selftest`: proves that an installation (or a frozen bundle) has everything it needs.

It loads every bundled resource (and says where it found them: bundle, installed package or checkout), round-trips
the sample network through a temporary workspace, reports the keyring backend, and builds the main window
offscreen. It prints one line per step and returns 0 only when every step passed, so CI can run it from the
executable on a machine with no screen.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from pantau import __version__


def run_selftest(emit: Callable[[str], None]) -> int:
    failures = 0

    def step(name: str, check: Callable[[], str | None]) -> None:
        nonlocal failures
        try:
            problem = check()
        except Exception:
            problem = traceback.format_exc(limit=4).strip()
        if problem:
            failures += 1
            emit(f"FAIL  {name}: {problem}")
        else:
            emit(f"ok    {name}")

    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    emit(f"Pantau {__version__} self-test ({frozen}, Python {sys.version.split()[0]})")
    step("bundled resources", _check_resources(emit))
    step("sample network and workspace round trip", _check_workspace)
    step("keyring backend", _check_keyring(emit))
    step("main window (offscreen)", _check_window)
    emit("self-test passed" if failures == 0 else f"self-test FAILED: {failures} step(s)")
    return 0 if failures == 0 else 1


def _check_resources(emit: Callable[[str], None]) -> Callable[[], str | None]:
    def check() -> str | None:
        from pantau.resources import all_resource_problems, resource_origin, resource_root

        # Which copy was read (the bundle's, the installed package's or the checkout's) is the first thing to know
        # when a packaging step lost a file.
        emit(f"      {resource_origin()}: {resource_root()}")
        problems = all_resource_problems()
        return "; ".join(problems) if problems else None

    return check


def _check_workspace() -> str | None:
    from pantau.resources import sample_network_path
    from pantau.storage.networkfile import load_network_file
    from pantau.storage.workspace import Workspace

    network = load_network_file(sample_network_path())
    with tempfile.TemporaryDirectory(prefix="pantau-selftest-") as folder:
        workspace = Workspace.open(Path(folder) / "selftest.sqlite3")
        try:
            workspace.replace_network(network)
            loaded = workspace.load_network()
        finally:
            workspace.close()
    if loaded != network:
        return "the sample network read back from the workspace differs from the one written"
    return None


def _check_keyring(emit: Callable[[str], None]) -> Callable[[], str | None]:
    def check() -> str | None:
        from pantau.secrets import backend_status

        # A missing keyring is a fact about the machine, not a broken build: report it, do not fail on it.
        emit(f"      {backend_status().message}")
        return None

    return check


def _check_window() -> str | None:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from pantau.resources import sample_network_path
    from pantau.storage.networkfile import load_network_file
    from pantau.ui.app import selftest_window

    return selftest_window(load_network_file(sample_network_path()))
