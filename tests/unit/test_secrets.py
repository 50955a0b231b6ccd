"""The keyring wrapper: round trip through a real backend, and plain words when the backend is missing or weak."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail, null

from pantau import secrets


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


def test_a_weak_backend_is_flagged_insecure() -> None:
    keyring.set_keyring(null.Keyring())
    status = secrets.backend_status()
    assert status.usable and not status.secure
    assert "does not encrypt" in status.message


def test_an_empty_value_is_refused() -> None:
    with pytest.raises(secrets.SecretStoreError, match="empty"):
        secrets.set_secret("k", "")
