"""The email channel: SMTP with STARTTLS, implicit TLS ("ssl") or none, the password read from the keyring.

The password is read at each send and handed to smtplib only; error messages name the server, the user and the
server's reply, never the password.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from pantau import secrets
from pantau.alerts import session_secrets
from pantau.alerts.channel import ChannelError, ChannelErrorKind
from pantau.domain.inventory import AlertChannels, EmailChannel, channel_problems
from pantau.domain.text import printable

DEFAULT_TIMEOUT_S = 15.0
SECURITY_MODES = ("starttls", "ssl", "none")


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
    return f"{error.smtp_code} {text}".strip()


class EmailSender:
    def __init__(self, channel: EmailChannel, *, timeout_s: float = DEFAULT_TIMEOUT_S,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.channel = channel
        self.timeout_s = timeout_s
        self.ssl_context = ssl_context

    @property
    def name(self) -> str:
        return "email"

    def _password(self) -> str | None:
        if not self.channel.password_secret:
            return None
        try:
            password = session_secrets.read_secret(self.channel.password_secret)
        except secrets.SecretStoreError as error:
            raise ChannelError(ChannelErrorKind.NO_SECRET, str(error)) from None
        if not password:
            raise ChannelError(ChannelErrorKind.NO_SECRET,
                               f"no SMTP password is stored in the keyring under {self.channel.password_secret!r}")
        return password

    def _message(self, subject: str, text: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.channel.sender
        message["To"] = ", ".join(self.channel.recipients)
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain="pantau.local")
        message.set_content(text)
        return message

    def send(self, subject: str, text: str) -> None:
        channel = self.channel
        # Settings the import would refuse (stored by an older Pantau, or by hand) fail this send with a message,
        # never with an exception from smtplib or the e-mail headers.
        problems = [f"field '{p.field}': {p.message}" for p in channel_problems(AlertChannels(email=channel))]
        if problems:
            raise ChannelError(ChannelErrorKind.REJECTED,
                               printable(f"the e-mail settings are not usable: {'; '.join(problems)}; correct "
                                         "[alerts.email] in the network file and import it again"))
        if not channel.recipients:
            raise ChannelError(ChannelErrorKind.REJECTED, "no email recipient is configured")
        password = self._password()
        where = f"{channel.host}:{channel.port}"
        context = self.ssl_context or ssl.create_default_context()
        try:
            client: smtplib.SMTP
            if channel.security == "ssl":
                client = smtplib.SMTP_SSL(channel.host, channel.port, timeout=self.timeout_s, context=context)
            else:
                client = smtplib.SMTP(channel.host, channel.port, timeout=self.timeout_s)
            with client:
                if channel.security == "starttls":
                    client.starttls(context=context)
                if password is not None:
                    client.login(channel.username or channel.sender, password)
                client.send_message(self._message(subject, text))
        except TimeoutError:
            raise ChannelError(ChannelErrorKind.TIMEOUT,
                               f"the SMTP server {where} did not answer within {self.timeout_s:g} s") from None
        except ssl.SSLError as error:
            raise ChannelError(ChannelErrorKind.TLS,
                               f"TLS with the SMTP server {where} failed: {error.reason or error}") from None
        except smtplib.SMTPNotSupportedError:
            raise ChannelError(ChannelErrorKind.TLS,
                               f"the SMTP server {where} does not offer STARTTLS (or login); "
                               "choose another security mode") from None
        except smtplib.SMTPAuthenticationError as error:
            raise ChannelError(ChannelErrorKind.AUTH,
                               f"the SMTP server {where} refused the login of "
                               f"{channel.username or channel.sender!r}: {_reply(error)}") from None
        except smtplib.SMTPRecipientsRefused as error:
            refused = ", ".join(sorted(error.recipients))
            raise ChannelError(ChannelErrorKind.REJECTED,
                               f"the SMTP server {where} refused the recipients {refused}") from None
        except smtplib.SMTPResponseException as error:
            raise ChannelError(ChannelErrorKind.REJECTED,
                               f"the SMTP server {where} refused the message: {_reply(error)}") from None
        except (smtplib.SMTPException, OSError) as error:
            detail = error.strerror if isinstance(error, OSError) and error.strerror else error.__class__.__name__
            raise ChannelError(ChannelErrorKind.CONNECTION,
                               f"cannot reach the SMTP server {where}: {detail}") from None
