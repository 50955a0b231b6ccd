"""The keyring wrapper: round trip through a real backend, and plain words when the backend is missing or weak."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail, null

from pantau import secrets
from tests.conftest import MemoryKeyring


def test_set_get_delete_round_trip(memory_keyring: object) -> None:
    secrets.set_secret("pantau/telegram", "123:ABC")
    assert secrets.get_secret("pantau/telegram") == "123:ABC"
    assert secrets.delete_secret("pantau/telegram") is True
    assert secrets.get_secret("pantau/telegram") is None
    assert secrets.delete_secret("pantau/telegram") is False


def test_a_missing_keyring_is_explained_and_nothing_falls_back_to_a_file() -> None:
    keyring.set_keyring(fail.Keyring())
    status = secrets.backend_status()
    assert not status.usable and "No OS keyring" in status.message
    with pytest.raises(secrets.SecretStoreError, match="No OS keyring"):
        secrets.set_secret("k", "v")


def test_the_null_backend_stores_nothing_and_is_never_reported_as_storing() -> None:
    keyring.set_keyring(null.Keyring())
    status = secrets.backend_status()
    assert not status.usable and not status.secure
    assert "keyring.backends.null.Keyring" in status.message and "throws every secret away" in status.message
    with pytest.raises(secrets.SecretStoreError, match="throws every secret away"):
        secrets.set_secret("pantau/telegram", "123:ABC")


def test_an_unknown_backend_is_named_and_not_trusted(memory_keyring: MemoryKeyring) -> None:
    class PlaintextFileKeyring(MemoryKeyring):
        """Stands for keyrings.alt's PlaintextKeyring or any backend nobody vetted."""

    keyring.set_keyring(PlaintextFileKeyring())
    status = secrets.backend_status()
    assert status.usable and not status.secure
    assert "PlaintextFileKeyring is not one known to encrypt secrets" in status.message
    assert "Secret Service" in status.message and "Windows Credential Manager" in status.message
    # Usable on request (the caller warns first), and what it stores it gives back.
    assert secrets.set_secret("k", "v").name.endswith("PlaintextFileKeyring")
    assert secrets.get_secret("k") == "v"


def test_an_allowed_backend_is_trusted_and_named(memory_keyring: MemoryKeyring) -> None:
    status = secrets.backend_status()
    assert status.usable and status.secure
    assert status.message == f"Secrets are kept in the tests' memory keyring ({status.name})."


def test_a_backend_that_loses_what_it_was_given_is_caught(memory_keyring: MemoryKeyring) -> None:
    class ForgetfulKeyring(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            pass

    keyring.set_keyring(ForgetfulKeyring())
    with pytest.raises(secrets.SecretStoreError, match="accepted secret 'k' but does not give it back"):
        secrets.set_secret("k", "v")


def test_the_allow_list_names_the_os_keyrings_of_every_platform() -> None:
    import importlib

    for qualified in secrets.SECURE_BACKENDS:
        module, _, name = qualified.rpartition(".")
        if module.startswith("keyring."):
            # Each name is a real class of the installed keyring, so a rename upstream cannot go unnoticed.
            assert hasattr(importlib.import_module(module), name), qualified


def test_an_empty_value_is_refused() -> None:
    with pytest.raises(secrets.SecretStoreError, match="empty"):
        secrets.set_secret("k", "")
