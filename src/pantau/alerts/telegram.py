"""The Telegram channel: Bot API `sendMessage` over HTTPS (or HTTP to a local stand-in) with http.client.

The bot token is read from the keyring at each send and lives only in the request path; it is never logged,
stored or put in an error message (the errors are built from fixed words and Telegram's own description).

The outbox gives each chat a sender of its own (`for_each_chat`, channel "telegram:<chat id>"): a retry then goes
only to the chats that missed the message, and a chat that needs a person (the bot was removed from it) does not
hold back the alerts of the others.
"""

from __future__ import annotations

import http.client
import json
import ssl
from typing import Any
from urllib.parse import urlsplit

from pantau import secrets
from pantau.alerts import session_secrets
from pantau.alerts.channel import ChannelError, ChannelErrorKind
from pantau.domain.inventory import TelegramChannel, url_problem
from pantau.domain.text import printable

DEFAULT_TIMEOUT_S = 10.0


class TelegramSender:
    """Sends to `chat_id`, or to every chat id of the channel in order when it is None (the test button); the
    first failure stops the send and is raised."""

    def __init__(self, channel: TelegramChannel, *, chat_id: str | None = None,
                 timeout_s: float = DEFAULT_TIMEOUT_S, ssl_context: ssl.SSLContext | None = None) -> None:
        self.channel = channel
        self.chat_id = chat_id
        self.timeout_s = timeout_s
        self.ssl_context = ssl_context
        # A base the import would refuse (one stored by an older Pantau, or written into the workspace by hand) is
        # refused again at each send, as a delivery failure with a message: never an exception that stops a monitor.
        self._problem = url_problem(channel.api_base)
        parts = urlsplit(channel.api_base if self._problem is None else "https://invalid.invalid")
        self._scheme = parts.scheme
        self._host = parts.hostname or ""
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")

    @classmethod
    def for_each_chat(cls, channel: TelegramChannel, **kwargs: Any) -> list[TelegramSender]:
        """One sender per chat id; a single one (which fails, saying why) when no chat id is configured."""
        if not channel.chat_ids:
            return [cls(channel, **kwargs)]
        return [cls(channel, chat_id=chat_id, **kwargs) for chat_id in dict.fromkeys(channel.chat_ids)]

    @property
    def name(self) -> str:
        return "telegram" if self.chat_id is None else f"telegram:{self.chat_id}"

    def send(self, subject: str, text: str) -> None:
        # Telegram shows one text; the subject is already its first words.
        chat_ids = self.channel.chat_ids if self.chat_id is None else [self.chat_id]
        if self._problem is not None:
            raise ChannelError(ChannelErrorKind.REJECTED,
                               f"the Telegram API base is not usable: {printable(self._problem)}; correct "
                               "[alerts.telegram] api_base in the network file and import it again")
        if not chat_ids:
            raise ChannelError(ChannelErrorKind.REJECTED, "no Telegram chat id is configured")
        token = self._token()
        for chat_id in chat_ids:
            try:
                self._send_one(token, chat_id, text)
            except ChannelError as error:
                error.message = error.message.replace(token, "***")
                error.args = (error.message,)
                raise

    def _token(self) -> str:
        try:
            token = session_secrets.read_secret(self.channel.token_secret)
        except secrets.SecretStoreError as error:
            raise ChannelError(ChannelErrorKind.NO_SECRET, str(error)) from None
        if not token:
            raise ChannelError(ChannelErrorKind.NO_SECRET,
                               f"no bot token is stored in the keyring under {self.channel.token_secret!r}")
        return token

    def _connection(self) -> http.client.HTTPConnection:
        if self._scheme == "https":
            context = self.ssl_context or ssl.create_default_context()
            return http.client.HTTPSConnection(self._host, self._port, timeout=self.timeout_s, context=context)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout_s)

    def _send_one(self, token: str, chat_id: str, text: str) -> None:
        body = json.dumps({"chat_id": chat_id, "text": text, "disable_web_page_preview": True}).encode()
        where = f"{self._host}:{self._port or (443 if self._scheme == 'https' else 80)}"
        connection = self._connection()
        try:
            connection.request("POST", f"{self._prefix}/bot{token}/sendMessage", body=body,
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            status, raw = response.status, response.read()
        except TimeoutError:
            raise ChannelError(ChannelErrorKind.TIMEOUT,
                               f"Telegram API at {where} did not answer within {self.timeout_s:g} s") from None
        except ssl.SSLError as error:
            raise ChannelError(ChannelErrorKind.TLS,
                               f"TLS with the Telegram API at {where} failed: {error.reason or error}") from None
        except (OSError, http.client.HTTPException) as error:
            raise ChannelError(ChannelErrorKind.CONNECTION,
                               f"cannot reach the Telegram API at {where}: {error.__class__.__name__}"
                               f"{': ' + error.strerror if isinstance(error, OSError) and error.strerror else ''}"
                               ) from None
        finally:
            connection.close()
        _check_reply(status, raw, chat_id)


def _check_reply(status: int, raw: bytes, chat_id: str) -> None:
    try:
        reply = json.loads(raw)
    except ValueError:
        reply = None
    if not isinstance(reply, dict):
        raise ChannelError(ChannelErrorKind.REJECTED, f"the Telegram API answered HTTP {status} without JSON")
    if status == 200 and reply.get("ok") is True:
        return
    description = str(reply.get("description", f"HTTP {status}"))
    code = reply.get("error_code", status)
    if code == 401:
        raise ChannelError(ChannelErrorKind.BAD_TOKEN,
                           f"Telegram refused the bot token ({description}): store the right token in the keyring")
    if code == 400 and "chat not found" in description.lower():
        raise ChannelError(ChannelErrorKind.CHAT_NOT_FOUND,
                           f"Telegram chat {chat_id} not found: the bot must be added to it, or the id is wrong")
    if code == 429:
        parameters = reply.get("parameters")
        wait = parameters.get("retry_after") if isinstance(parameters, dict) else None
        retry_after = float(wait) if isinstance(wait, int | float) else None
        raise ChannelError(ChannelErrorKind.RATE_LIMITED,
                           f"Telegram asks to wait {retry_after:g} s before sending again" if retry_after
                           else f"Telegram is rate limiting the bot ({description})", retry_after)
    raise ChannelError(ChannelErrorKind.REJECTED, f"Telegram rejected the message: {description} (error {code})")
