"""Whether the configured alert channels can send at all: each one's secret is there to be read.

`pantau monitor` asks before it starts: a headless on-call box whose keyring is missing, or holds no token, would
otherwise raise every alert and deliver none, saying nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from pantau import secrets
from pantau.alerts import session_secrets
from pantau.domain.inventory import AlertChannels


@dataclass(frozen=True)
class MissingSecret:
    """A channel that cannot send: `key` is the keyring key it names, `reason` why its secret cannot be read."""

    channel: str
    key: str
    reason: str

    def describe(self) -> str:
        return f"the {self.channel} channel needs the secret {self.key!r}: {self.reason}"


def missing_secrets(channels: AlertChannels) -> list[MissingSecret]:
    """The secrets the configured channels name that cannot be read (an e-mail channel without a password key
    sends without logging in and needs none). Reads the keyring, which may block (D-Bus): not on a GUI thread."""
    wanted: list[tuple[str, str]] = []
    if channels.telegram is not None:
        wanted.append(("telegram", channels.telegram.token_secret))
    if channels.email is not None and channels.email.password_secret:
        wanted.append(("email", channels.email.password_secret))
    missing: list[MissingSecret] = []
    for channel, key in wanted:
        try:
            value = session_secrets.read_secret(key)
        except secrets.SecretStoreError as error:
            missing.append(MissingSecret(channel, key, str(error)))
            continue
        if not value:
            status = secrets.backend_status()
            missing.append(MissingSecret(channel, key, f"nothing is stored under it in the keyring ({status.name})"))
    return missing
