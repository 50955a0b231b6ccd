"""Secrets kept for this session only, in memory, when the user chose not to trust the keyring with them.

The alert settings offer this when the keyring is missing or does not encrypt (`secrets.backend_status`): the
token or password then lives in this process until it exits and is written nowhere. The senders look here first
and then in the keyring (`read_secret`), so a session secret works exactly like a stored one.
"""

from __future__ import annotations

import threading

from pantau import secrets

_lock = threading.Lock()
_values: dict[str, str] = {}


def remember(key: str, value: str) -> None:
    if not value:
        raise ValueError("an empty secret is not kept")
    with _lock:
        _values[key] = value


def forget(key: str) -> None:
    with _lock:
        _values.pop(key, None)


def forget_all() -> None:
    with _lock:
        _values.clear()


def has(key: str) -> bool:
    with _lock:
        return key in _values


def read_secret(key: str) -> str | None:
    """The session's secret under `key`, else the keyring's. Raises `secrets.SecretStoreError` when there is
    no session secret and the keyring cannot be read."""
    with _lock:
        value = _values.get(key)
    return value if value is not None else secrets.get_secret(key)
