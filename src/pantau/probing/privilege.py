"""ICMP privilege: which kind of ICMP socket this process may open, and how to enable ICMP on this OS.

Raw ICMP sockets need root, `cap_net_raw` or administrator rights. Linux also offers unprivileged "ping sockets"
(`SOCK_DGRAM` + `IPPROTO_ICMP`) to the groups listed in `net.ipv4.ping_group_range`; macOS offers them to everyone.
When neither works, ICMP checks cannot run and the user is told, in one sentence, what to change.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from collections.abc import Sequence
from enum import StrEnum


class IcmpMode(StrEnum):
    RAW = "raw"
    DATAGRAM = "datagram"
    NONE = "none"


DEFAULT_MODES: tuple[IcmpMode, ...] = (IcmpMode.RAW, IcmpMode.DATAGRAM)

_PERMISSION_ERRNOS = frozenset({errno.EPERM, errno.EACCES})


def open_icmp_socket(
    family: socket.AddressFamily = socket.AF_INET, modes: Sequence[IcmpMode] = DEFAULT_MODES
) -> tuple[socket.socket | None, IcmpMode, OSError | None]:
    """Open the first ICMP socket `modes` allows, in that order.

    Returns the socket and its mode, or `(None, IcmpMode.NONE, last_error)`. A `PermissionError` as last error means
    "not allowed" (see `privilege_hint`); anything else means the system cannot do it at all (no IPv6, for example).
    """
    protocol = socket.IPPROTO_ICMP if family == socket.AF_INET else socket.IPPROTO_ICMPV6
    last_error: OSError | None = None
    for mode in modes:
        kind = {IcmpMode.RAW: socket.SOCK_RAW, IcmpMode.DATAGRAM: socket.SOCK_DGRAM}.get(mode)
        if kind is None:
            continue
        try:
            return socket.socket(family, kind, protocol), mode, None
        except OSError as error:
            last_error = error
    return None, IcmpMode.NONE, last_error


def is_permission_error(error: OSError | None) -> bool:
    return error is not None and (isinstance(error, PermissionError) or error.errno in _PERMISSION_ERRNOS)


def privilege_hint(platform: str | None = None, executable: str | None = None) -> str:
    """One sentence telling the user how to let Pantau send ICMP on this OS."""
    platform = platform or sys.platform
    if platform.startswith("linux"):
        program = executable or os.path.realpath(sys.executable)
        return ("ICMP is not permitted for this user: allow unprivileged ping with "
                '`sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"` (persist it in /etc/sysctl.d/), '
                f"or give Pantau raw sockets with `sudo setcap cap_net_raw+ep {program}`.")
    if platform.startswith("win"):
        return "ICMP needs administrator rights on Windows: run Pantau as administrator."
    if platform == "darwin":
        return "ICMP normally works unprivileged on macOS; if it does not, run Pantau with sudo."
    return "ICMP is not permitted for this user: run Pantau as root or give it the right to open raw sockets."
