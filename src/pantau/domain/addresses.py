"""What an address and a secret's keyring key may be: IP literals, RFC 1123 hostnames, keyring key names.

Shared by every part of the inventory that names a host (targets, mail servers, SNMP agents) so one rule holds.
"""

from __future__ import annotations

import functools
import ipaddress
import re

from pantau.domain.text import shown

_HOST_LABEL_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_SECRET_KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}")
# An IPv6 zone (fe80::1%eth0): an interface name or number.
_ZONE_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


# Cached: the probe engine asks for every round of every target (500 a second), and parsing was a tenth of its CPU.
@functools.lru_cache(maxsize=4096)
def is_ip_literal(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def hostname_problem(text: str) -> str | None:
    """Why `text` is not an RFC 1123 hostname, or None when it is one."""
    if not text:
        return "the hostname is empty"
    if len(text) > 253:
        return f"{shown(text)}: a hostname is at most 253 characters long"
    for label in text.split("."):
        if not _HOST_LABEL_RE.fullmatch(label):
            return f"{shown(text)} is not an RFC 1123 hostname (label {shown(label)})"
    if text.split(".")[-1].isdigit():
        return f"{shown(text)} looks like an IP address but is not a valid one"
    return None


def address_problem(text: str) -> str | None:
    """Why `text` cannot be probed, or None. An address is an IP literal or an RFC 1123 hostname.

    A leading '-' is refused first and by name: such a value could be read as an option by any tool it reaches.
    """
    if text.startswith("-"):
        return f"{shown(text)} starts with '-', which is never a valid address"
    if is_ip_literal(text):
        zone = text.partition("%")[2]
        if zone and not _ZONE_RE.fullmatch(zone):
            return f"{shown(text)}: the zone after '%' is an interface name or number (letters, digits, . _ -)"
        return None
    return hostname_problem(text)


def is_valid_secret_key(key: str) -> bool:
    return bool(_SECRET_KEY_RE.fullmatch(key))
