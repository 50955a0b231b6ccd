"""The only module that touches keyring: every secret (bot token, SMTP password, router credential) lives here.

Files, the workspace and logs hold a secret's *key* only. When the OS keyring is missing (a headless box) or weak
(a plaintext file backend), this module says so plainly instead of falling back to a file on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

SERVICE = "pantau"

# Backends that hold secrets as readable (or base64-encoded) files, or not at all.
_INSECURE_BACKENDS = frozenset({
    "keyrings.alt.file.PlaintextKeyring",
    "keyring.backends.null.Keyring",
})
_MISSING_BACKENDS = frozenset({"keyring.backends.fail.Keyring"})


class SecretStoreError(Exception):
    """The keyring cannot store or read secrets; the message says why and what to do."""


@dataclass(frozen=True)
class BackendStatus:
    name: str
    usable: bool
    secure: bool
    message: str


def _qualified_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def backend_status() -> BackendStatus:
    """Which keyring backend is in use and whether it can be trusted with secrets."""
    backend = keyring.get_keyring()
    name = _qualified_name(backend)
    if name in _MISSING_BACKENDS:
        return BackendStatus(name, usable=False, secure=False, message=(
            "No OS keyring is available, so Pantau cannot store secrets. On Linux install and unlock a Secret "
            "Service keyring (GNOME Keyring or KWallet); Windows and macOS have one built in."))
    if name in _INSECURE_BACKENDS or getattr(backend, "priority", 1) < 1:
        return BackendStatus(name, usable=True, secure=False, message=(
            f"The keyring backend {name} does not encrypt secrets; anyone who can read your files can read them."))
    return BackendStatus(name, usable=True, secure=True, message=f"Secrets are kept in {name}.")


def _require_backend() -> None:
    status = backend_status()
    if not status.usable:
        raise SecretStoreError(status.message)


def get_secret(key: str) -> str | None:
    _require_backend()
    try:
        return keyring.get_password(SERVICE, key)
    except keyring.errors.KeyringError as error:
        raise SecretStoreError(f"the keyring could not read secret {key!r}: {error}") from None


def set_secret(key: str, value: str) -> None:
    _require_backend()
    if not value:
        raise SecretStoreError("an empty secret is not stored; use `pantau secret delete` to remove one")
    try:
        keyring.set_password(SERVICE, key, value)
    except keyring.errors.KeyringError as error:
        raise SecretStoreError(f"the keyring could not store secret {key!r}: {error}") from None


def delete_secret(key: str) -> bool:
    """Remove a secret; False when there was none under that key."""
    _require_backend()
    try:
        keyring.delete_password(SERVICE, key)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as error:
        raise SecretStoreError(f"the keyring could not delete secret {key!r}: {error}") from None
    return True
