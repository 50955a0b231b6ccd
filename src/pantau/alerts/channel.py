"""What every alert channel shares: the `AlertSender` protocol and `ChannelError`, which names exactly what failed.

A channel's error message is fit for the user ("Telegram refused the bot token") and never holds a secret: the
senders build messages from fixed words and the server's own description, not from the request they made.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class ChannelErrorKind(StrEnum):
    NO_SECRET = "no-secret"
    BAD_TOKEN = "bad-token"
    CHAT_NOT_FOUND = "chat-not-found"
    AUTH = "auth"
    RATE_LIMITED = "rate-limited"
    TIMEOUT = "timeout"
    TLS = "tls"
    CONNECTION = "connection"
    REJECTED = "rejected"


# Worth trying again later: the path or the server may come back. The others need a person to fix a setting.
TRANSIENT = frozenset({ChannelErrorKind.RATE_LIMITED, ChannelErrorKind.TIMEOUT, ChannelErrorKind.CONNECTION})


class ChannelError(Exception):
    """A send that failed; `kind` says how, `retry_after` (seconds) is the server's own wait when it gave one."""

    def __init__(self, kind: ChannelErrorKind, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        return self.kind in TRANSIENT


class AlertSender(Protocol):
    """One configured channel. `send` returns when the message is accepted and raises `ChannelError` otherwise."""

    @property
    def name(self) -> str: ...

    def send(self, subject: str, text: str) -> None: ...

