"""Turning a target's host into an address with the system resolver, the one blocking lookup the probes share."""

from __future__ import annotations

import socket

from pantau.domain.addresses import is_ip_literal


def resolve_address(host: str) -> str:
    """The first address of `host` from the system resolver; an IP literal is returned as it is (no lookup).

    Raises OSError when the name does not resolve. Blocking and without a timeout of its own: call it on a worker.
    """
    if is_ip_literal(host):
        return host
    return str(socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)[0][4][0])
