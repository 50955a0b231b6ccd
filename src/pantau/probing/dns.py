"""The `dns:NAME@SERVER[:PORT]` probe: does this resolver answer for this name, and how fast.

The query goes straight to the named resolver over UDP with dnspython, never through the system resolver: the check
is about that server, and a probe must not depend on the very thing it checks. A check written without a server
(`dns:NAME`) fails with a message saying how to name one.
"""

from __future__ import annotations

import time

import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype

from pantau.domain.addresses import is_ip_literal
from pantau.domain.results import ProbeResult, failed
from pantau.domain.samples import ErrorKind
from pantau.probing.tcp import check_timeout, socket_error_kind

NO_SERVER_MESSAGE = "no resolver given: write dns:NAME@SERVER"


def probe_dns(target_id: str, name: str, server: str | None, port: int | None, timeout_s: float, method: str,
              rdtype: str = "A") -> ProbeResult:
    """Ask `server:port` (port 53 when None) for the `rdtype` records of `name`, within `timeout_s`.

    Succeeds when the answer holds at least one record of that type; `detail["answers"]` lists them sorted and
    comma-joined. NXDOMAIN, SERVFAIL, REFUSED and any other error rcode fail with ErrorKind.DNS naming the rcode,
    as does an answer without records of the type. Raises ValueError for a malformed name or type, a server that
    is not an IP literal, a bad port or a non-positive timeout.
    """
    try:
        qname = dns.name.from_text(name)
        qtype = dns.rdatatype.from_text(rdtype)
    except dns.exception.DNSException as error:
        raise ValueError(f"cannot query {rdtype!r} records of {name!r}: {error}") from error
    check_timeout(timeout_s)
    port = 53 if port is None else port
    if not 1 <= port <= 65535:
        raise ValueError(f"a DNS port is 1 to 65535, not {port!r}")
    ts = time.time()
    if server is None:
        return failed(target_id, method, ts, ErrorKind.OTHER, NO_SERVER_MESSAGE)
    if not is_ip_literal(server):
        raise ValueError(f"the resolver must be an IP address, not {server!r}")
    detail = {"server": server, "port": str(port), "type": dns.rdatatype.to_text(qtype)}
    where = f"{server}:{port}" if ":" not in server else f"[{server}]:{port}"

    query = dns.message.make_query(qname, qtype)
    start = time.perf_counter()
    try:
        response = dns.query.udp(query, server, timeout=timeout_s, port=port)
    except dns.exception.Timeout:
        return failed(target_id, method, ts, ErrorKind.TIMEOUT, f"no answer from {where} within {timeout_s:g} s",
                      detail=detail)
    except dns.exception.DNSException as error:
        return failed(target_id, method, ts, ErrorKind.BAD_RESPONSE, f"malformed answer from {where}: {error}",
                      detail=detail)
    except OSError as error:
        # A resolver port with nothing behind it reads as a timeout on most systems: the query socket is
        # unconnected, so the ICMP port-unreachable never reaches it.
        kind, text = socket_error_kind(error)
        return failed(target_id, method, ts, kind, f"{text} ({where})", detail=detail)
    rtt_ms = (time.perf_counter() - start) * 1000.0

    rcode = response.rcode()
    detail["rcode"] = dns.rcode.to_text(rcode)
    if rcode != dns.rcode.NOERROR:
        return failed(target_id, method, ts, ErrorKind.DNS, f"{dns.rcode.to_text(rcode)} for {name} from {where}",
                      detail=detail)
    # Sorted: a record set has no order, and the same answer should read the same in every round's evidence.
    answers = sorted(rdata.to_text() for rrset in response.answer if rrset.rdtype == qtype for rdata in rrset)
    if not answers:
        return failed(target_id, method, ts, ErrorKind.DNS,
                      f"no {detail['type']} record for {name} from {where}", detail=detail)
    detail["answers"] = ",".join(answers)
    return ProbeResult(target_id, method, ts, 1, 1, (rtt_ms,), None, f"{name} → {', '.join(answers)}", detail)
