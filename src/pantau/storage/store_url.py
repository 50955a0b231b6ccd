"""Where the shared store is: a PostgreSQL URL from `--store`, `PANTAU_STORE` or the network file, checked before
anything connects.

A password never lives in the URL (it would sit in a file, a shell history or a process list): a URL carrying one
is refused by name. The password comes from the OS keyring (the key the caller names) or from libpq's own
pgpass/service files, which psycopg reads by itself. TLS settings (`sslmode=verify-full`, `sslrootcert=…`) pass
through to libpq unchanged. Pure: no connection is made here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

STORE_ENV = "PANTAU_STORE"
_SCHEMES = frozenset({"postgresql", "postgres"})
# libpq parameters a store URL may carry; others are refused so a typing error is not silently ignored.
_KNOWN_PARAMETERS = frozenset({
    "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslcompression", "connect_timeout",
    "application_name", "service", "target_session_attrs", "options", "keepalives", "keepalives_idle",
    "gssencmode", "channel_binding", "passfile", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
})
_SSLMODES = frozenset({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})


class StoreUrlError(ValueError):
    """A store URL that cannot be used, phrased for the user."""


@dataclass(frozen=True)
class StoreUrl:
    """A checked store URL: `conninfo` is what libpq gets (no password in it); `display` names it in messages."""

    conninfo: str
    host: str
    port: int | None
    database: str
    user: str
    sslmode: str

    @property
    def place(self) -> str:
        """The database and where it is ("pantau on 127.0.0.1:5432"): the store as the team knows it."""
        where = f"{self.host}:{self.port}" if self.port else (self.host or "the local socket")
        return f"{self.database or '(default database)'} on {where}"

    @property
    def display(self) -> str:
        return f"{self.place} as {self.user or '(default user)'}"


def parse_store_url(text: str, source: str = "the store URL") -> StoreUrl:
    """`text` checked; `source` says where it came from ("--store", "PANTAU_STORE", "net.toml [store] url")."""
    raw = text.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as error:
        raise StoreUrlError(f"{source}: not a valid URL ({error})") from None
    if parts.scheme not in _SCHEMES:
        raise StoreUrlError(f"{source}: a store URL starts with postgresql:// (found {parts.scheme or 'no scheme'}"
                            "); the default workspace needs no URL")
    if parts.password is not None:
        raise StoreUrlError(f"{source}: the URL holds a password; a password never goes in a URL: store it with "
                            "`pantau secret set KEY` and name KEY as the store's password_secret, or use a "
                            "pgpass file")
    parameters = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(parameters) - _KNOWN_PARAMETERS)
    if "password" in parameters:
        raise StoreUrlError(f"{source}: the URL holds a password parameter; use the keyring or a pgpass file")
    if unknown:
        raise StoreUrlError(f"{source}: unknown connection parameter(s): {', '.join(unknown)}")
    sslmode = parameters.get("sslmode", "prefer")
    if sslmode not in _SSLMODES:
        raise StoreUrlError(f"{source}: sslmode {sslmode!r} is not one of: {', '.join(sorted(_SSLMODES))}")
    database = parts.path.lstrip("/")
    if "/" in database:
        raise StoreUrlError(f"{source}: the database name {database!r} holds a '/'")
    return StoreUrl(conninfo=raw, host=parts.hostname or "", port=port, database=database,
                    user=parts.username or "", sslmode=sslmode)


def store_url_from(option: str | None, network_url: str = "") -> tuple[str, str] | None:
    """(URL, where it came from) by precedence: the `--store` option, then `PANTAU_STORE`, then the network file's
    `[store] url`; None when none is set (the local workspace)."""
    if option:
        return option, "--store"
    env = os.environ.get(STORE_ENV, "")
    if env:
        return env, STORE_ENV
    if network_url:
        return network_url, "the network file's [store] url"
    return None
