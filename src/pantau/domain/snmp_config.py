"""Where a link's traffic is read: the SNMP agent, the interface on it, and the credentials by keyring key.

A link's `snmp` block in the network file becomes an `SnmpInterface`. Communities and v3 keys never enter a file:
the block names keyring keys (`community_secret`, `auth_secret`, `priv_secret`), like every other secret of
Pantau. `snmp_problems` is the block's validation, used by `inventory.validate_network`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pantau.domain.addresses import address_problem, is_valid_secret_key
from pantau.domain.text import shown

DEFAULT_SNMP_PORT = 161
# The default: a 100 kbps line's counters move ~375 kB in 30 s, plenty for a steady rate; a poll costs
# two small UDP datagrams.
DEFAULT_POLL_INTERVAL_S = 30.0
MIN_POLL_INTERVAL_S = 5.0
MAX_POLL_INTERVAL_S = 3600.0
# An SNMP ifIndex is an Integer32 above zero (RFC 2863).
MAX_IF_INDEX = 2**31 - 1
MAX_INTERFACE_NAME = 255


class SnmpVersion(StrEnum):
    V2C = "2c"
    V3 = "3"


class AuthProtocol(StrEnum):
    """SNMPv3 authentication (USM): HMAC-MD5/SHA from RFC 3414, the SHA-2 family from RFC 7860."""

    MD5 = "md5"
    SHA = "sha"
    SHA224 = "sha224"
    SHA256 = "sha256"
    SHA384 = "sha384"
    SHA512 = "sha512"


class PrivProtocol(StrEnum):
    """SNMPv3 privacy (USM): DES from RFC 3414, AES-128 from RFC 3826, AES-192/256 as net-snmp and RouterOS do."""

    DES = "des"
    AES128 = "aes128"
    AES192 = "aes192"
    AES256 = "aes256"


@dataclass(frozen=True)
class SnmpInterface:
    """One interface on one SNMP agent whose counters carry a link's traffic.

    `interface` names it by ifName or ifDescr ("ether1", "eth0") or gives its ifIndex as digits ("3"). In and out
    are as that interface sees them: on the office router's WAN port, "in" is what the office downloads.
    v2c reads `community_secret`; v3 (authPriv) reads `user`, `auth_secret` and `priv_secret`.
    """

    host: str
    interface: str
    version: SnmpVersion = SnmpVersion.V2C
    port: int = DEFAULT_SNMP_PORT
    community_secret: str = ""
    user: str = ""
    auth_protocol: AuthProtocol = AuthProtocol.SHA256
    auth_secret: str = ""
    priv_protocol: PrivProtocol = PrivProtocol.AES128
    priv_secret: str = ""
    interval_s: float = DEFAULT_POLL_INTERVAL_S

    @property
    def if_index(self) -> int | None:
        """The interface's ifIndex when `interface` gives it as a number, else None (look it up by name)."""
        if self.interface.isascii() and self.interface.isdigit():
            return int(self.interface)
        return None

    def secret_keys(self) -> list[str]:
        """The keyring keys this block reads, in the order a v2c/v3 session needs them."""
        if self.version is SnmpVersion.V2C:
            return [self.community_secret]
        return [self.auth_secret, self.priv_secret]

    def describe(self) -> str:
        """How messages name this agent: "10.0.0.1 (v3 user pantau)", "127.0.0.1:16100 (v2c)"."""
        host = f"[{self.host}]" if ":" in self.host and self.port != DEFAULT_SNMP_PORT else self.host
        where = host if self.port == DEFAULT_SNMP_PORT else f"{host}:{self.port}"
        who = f"v3 user {self.user}" if self.version is SnmpVersion.V3 else "v2c"
        return f"{where} ({who})"


def snmp_problems(snmp: SnmpInterface) -> list[tuple[str, str]]:
    """What is wrong with an `snmp` block, as (field, message) pairs; the field names are the file's keys."""
    problems: list[tuple[str, str]] = []
    host_problem = address_problem(snmp.host)
    if host_problem:
        problems.append(("host", host_problem))
    if not 1 <= snmp.port <= 65535:
        problems.append(("port", f"{snmp.port} is not a UDP port (1–65535)"))
    problems += _interface_problems(snmp.interface)
    if not MIN_POLL_INTERVAL_S <= snmp.interval_s <= MAX_POLL_INTERVAL_S:
        problems.append(("interval_s", f"{snmp.interval_s:g} s is outside {MIN_POLL_INTERVAL_S:g}–"
                                       f"{MAX_POLL_INTERVAL_S:g} s (the default is {DEFAULT_POLL_INTERVAL_S:g})"))
    if snmp.version is SnmpVersion.V2C:
        problems += _key_problems("community_secret", snmp.community_secret, "v2c reads its community")
        for name in ("user", "auth_secret", "priv_secret"):
            if getattr(snmp, name):
                problems.append((name, "only SNMP v3 uses this; set version = \"3\" or remove it"))
    else:
        if not snmp.user:
            problems.append(("user", "missing: SNMP v3 needs the USM user name"))
        elif len(snmp.user) > 32 or not snmp.user.isprintable() or snmp.user.strip() != snmp.user:
            problems.append(("user", f"{shown(snmp.user)} is not a USM user name (1–32 printable characters)"))
        problems += _key_problems("auth_secret", snmp.auth_secret, "v3 reads its authentication key")
        problems += _key_problems("priv_secret", snmp.priv_secret, "v3 reads its privacy key")
        if snmp.community_secret:
            problems.append(("community_secret", "SNMP v3 has no community; remove it or set version = \"2c\""))
    return problems


def _interface_problems(interface: str) -> list[tuple[str, str]]:
    if not interface:
        return [("interface", "missing: name the interface by ifName or ifDescr (\"ether1\") or its ifIndex")]
    if len(interface) > MAX_INTERFACE_NAME or not interface.isprintable():
        return [("interface", f"{shown(interface)} is not an interface name (1–{MAX_INTERFACE_NAME} printable "
                              "characters)")]
    if interface.isascii() and interface.isdigit() and not 1 <= int(interface) <= MAX_IF_INDEX:
        return [("interface", f"ifIndex {shown(interface)} is outside 1–{MAX_IF_INDEX}")]
    return []


def _key_problems(field_name: str, key: str, why: str) -> list[tuple[str, str]]:
    if not key:
        return [(field_name, f"missing: {why} from the keyring; name the key here and store the value with "
                             "`pantau secret set KEY`")]
    if not is_valid_secret_key(key):
        return [(field_name, f"{shown(key)} is not a keyring key name (letters, digits, _ . : / -)")]
    return []
