"""Test-wide setup: Qt without a screen, an in-memory keyring, a fresh workspace path, and no leaked threads."""

from __future__ import annotations

import os

# Must precede any Qt import: with neither a platform nor a DISPLAY, a Qt process aborts.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.pg_server import PostgresServer, postgres_missing_reason
from tests.snmp_agent import SnmpAgent, snmpd_missing_reason


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in a dict: tests never touch the machine's keyring."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    from pantau import secrets

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    # Trusted like an OS keyring (exactly this class: a subclass is an unknown backend, as in the field).
    monkeypatch.setitem(secrets.SECURE_BACKENDS, f"{__name__}.MemoryKeyring", "the tests' memory keyring")
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the real user's workspace."""
    monkeypatch.setenv("PANTAU_WORKSPACE", str(tmp_path / "default-workspace.sqlite3"))
    # Nor a shared store the developer's shell names: the tests that want one give it.
    monkeypatch.delenv("PANTAU_STORE", raising=False)


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2.0
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    while leaked and time.monotonic() < deadline:
        time.sleep(0.02)
        leaked = [t for t in leaked if t.is_alive()]
    assert not leaked, f"test left threads running: {[t.name for t in leaked]}"


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.sqlite3"


@pytest.fixture
def snmp_agent(tmp_path: Path) -> Iterator[SnmpAgent]:
    """A real net-snmp agent on a free loopback port for the test (tests/snmp_agent.py); skips without snmpd."""
    reason = snmpd_missing_reason()
    if reason:
        pytest.skip(reason)
    with SnmpAgent(tmp_path / "snmpd") as running:
        yield running


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL for the session (tests/pg_server.py), stopped and deleted at the end; skips without
    PostgreSQL. Tests each make their own database (`store_database`)."""
    reason = postgres_missing_reason()
    if reason:
        pytest.skip(reason)
    with PostgresServer() as server:
        yield server


_databases = itertools.count(1)


@pytest.fixture
def store_database(postgres_server: PostgresServer) -> str:
    """A fresh database owned by a fresh login role; returns its URL (no password: see STORE_PASSWORD)."""
    n = next(_databases)
    return postgres_server.create_database(f"pantau_t{n}", f"pantau_owner{n}", STORE_PASSWORD)


STORE_PASSWORD = "store-test-password"
