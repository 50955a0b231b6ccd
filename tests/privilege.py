"""Whether this test process may send ICMP, for the tests whose targets are pinged.

As root a raw socket works; a normal user needs `net.ipv4.ping_group_range` to include one of its groups (the kernel
default "1 0" includes none) or `cap_net_raw`. Without either, ICMP checks report "no privilege" by design, so a test
that needs real echo replies skips with the hint the product itself gives, instead of failing.
"""

from __future__ import annotations

import pytest

from pantau.probing.privilege import open_icmp_socket, privilege_hint


def icmp_unavailable_reason() -> str | None:
    """Why this process cannot ping, or None when it can."""
    sock, _, _ = open_icmp_socket()
    if sock is None:
        return f"this process may not send ICMP: {privilege_hint()}"
    sock.close()
    return None


_REASON = icmp_unavailable_reason()

requires_icmp = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")
