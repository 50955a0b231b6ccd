"""The only module that touches keyring: every secret (bot token, SMTP password, router credential) lives here.

Files, the workspace and logs hold a secret's *key* only. A backend is trusted only when it is on an allow-list of
the operating systems' own encrypted stores (Secret Service, libsecret, KWallet, the Windows Credential Manager,
the macOS Keychain); any other backend is named and called untrusted, and one that stores nothing (the null and
fail backends) cannot be used at all. There is no fallback to a file of Pantau's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

SERVICE = "pantau"

# The backends trusted with secrets, by qualified class name, with the name a user knows them by. An allow-list:
# a backend nobody has looked at (a plaintext file, a third-party plugin) is never trusted by accident.
SECURE_BACKENDS: dict[str, str] = {
    "keyring.backends.SecretService.Keyring": "Secret Service",
    "keyring.backends.libsecret.Keyring": "libsecret",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KWallet 4",
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
}
_MISSING_BACKEND = "keyring.backends.fail.Keyring"
# Accepts every secret and keeps none: "stored" would be a lie.
_DISCARDING_BACKEND = "keyring.backends.null.Keyring"
_CHAINER_BACKEND = "keyring.backends.chainer.ChainerBackend"
_HOW_TO_GET_ONE = ("On Linux install and unlock a Secret Service keyring (GNOME Keyring or KWallet); Windows and "
                   "macOS have one built in.")


class SecretStoreError(Exception):
    """The keyring cannot store or read secrets; the message says why and what to do."""


@dataclass(frozen=True)
class BackendStatus:
    """`name`: the backend's qualified class name (the ones a chainer uses, joined by " + ");
    `usable`: it keeps what it is given; `secure`: it is on the allow-list; `message`: all of that in words."""

    name: str
    usable: bool
    secure: bool
    message: str


def _qualified_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _chained(backend: KeyringBackend) -> list[KeyringBackend]:
    """The backends a chainer delegates to (the backend itself otherwise)."""
    if _qualified_name(backend) == _CHAINER_BACKEND:
        return list(getattr(backend, "backends", []))
    return [backend]


def backend_status() -> BackendStatus:
    """Which keyring backend is in use and whether it can be trusted with secrets."""
    names = [_qualified_name(backend) for backend in _chained(keyring.get_keyring())]
    name = " + ".join(names) or _CHAINER_BACKEND
    if not names or names == [_MISSING_BACKEND]:
        return BackendStatus(name, usable=False, secure=False, message=(
            f"No OS keyring is available (keyring backend {name}), so Pantau cannot store secrets. "
            + _HOW_TO_GET_ONE))
    if names == [_DISCARDING_BACKEND]:
        return BackendStatus(name, usable=False, secure=False, message=(
            f"The keyring backend {name} throws every secret away, so Pantau cannot store secrets. "
            + _HOW_TO_GET_ONE))
    untrusted = [n for n in names if n not in SECURE_BACKENDS]
    if untrusted:
        return BackendStatus(name, usable=True, secure=False, message=(
            f"The keyring backend {', '.join(untrusted)} is not one known to encrypt secrets (Pantau trusts "
            f"{', '.join(sorted(set(SECURE_BACKENDS.values())))}); anyone who can read your files may read "
            f"what it stores."))
    labels = " + ".join(SECURE_BACKENDS[n] for n in names)
    return BackendStatus(name, usable=True, secure=True, message=f"Secrets are kept in {labels} ({name}).")


def _require_backend() -> BackendStatus:
    status = backend_status()
    if not status.usable:
        raise SecretStoreError(status.message)
    return status


def get_secret(key: str) -> str | None:
    _require_backend()
    try:
        return keyring.get_password(SERVICE, key)
    except keyring.errors.KeyringError as error:
        raise SecretStoreError(f"the keyring could not read secret {key!r}: {error}") from None


def set_secret(key: str, value: str) -> BackendStatus:
    """Store `value` under `key` and read it back; returns the status of the backend that now holds it."""
    status = _require_backend()
    if not value:
        raise SecretStoreError("an empty secret is not stored; use `pantau secret delete` to remove one")
    try:
        keyring.set_password(SERVICE, key, value)
        stored = keyring.get_password(SERVICE, key)
    except keyring.errors.KeyringError as error:
        raise SecretStoreError(f"the keyring could not store secret {key!r}: {error}") from None
    if stored != value:
        raise SecretStoreError(f"the keyring backend {status.name} accepted secret {key!r} but does not give it "
                               "back; it was not stored")
    return status


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
