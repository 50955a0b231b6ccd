"""The bundled sample's SNMP agent: made-up traffic on loopback, so the sample's graphs fill on a fresh machine.

`SampleAgent` answers real SNMPv2c (BER over UDP: GET, GETNEXT, GETBULK) for the links of a network that have a
`[links.snmp]` block, one agent per (host, port) as if each were a router, with the IF-MIB objects Pantau polls.
It binds IPv4 loopback only and refuses any other host. The traffic is synthetic: `utilisation` is a pure function
of the link and the network's local time (office hours busy, nights and weekends quiet), constant over each
`SLOT_S`-second slot so the octet counters are its exact integral (`octets_between`).

The community is `SAMPLE_COMMUNITY`, a fixed value that is not a secret: the agent answers only on this computer
and its data are invented. The sample names it by `SAMPLE_COMMUNITY_KEY`, like any keyring key.
pysnmp and pyasn1 are imported when the agent starts (through importlib: they ship no type information).
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import importlib
import ipaddress
import math
import random
import socket
import threading
import time
from bisect import bisect_right
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

from pantau.domain.inventory import Link, Network
from pantau.domain.snmp_config import SnmpVersion
from pantau.domain.text import shown
from pantau.domain.timezones import zone

SAMPLE_COMMUNITY_KEY = "pantau/sample-snmp"
# Documented and fixed on purpose (see the module docstring): the sample must work on a machine without a keyring.
SAMPLE_COMMUNITY = "pantau-sample"
IN, OUT = "in", "out"
SLOT_S = 10.0
# A contract up to this rate is a thin office line that fills up in office hours; wider ones (the uplink) less so.
THIN_LINE_KBPS = 20_000
BUSY_THIN, BUSY_WIDE = 0.93, 0.78
# Offices mostly download: what leaves them is a fraction of what comes in.
UPLOAD_SHARE = 0.3
NOISE = 0.05
# Hour of the local day → share of the busy level, linear in between. Working days: office hours 08:00–16:00 with
# the midday break (ishoma) around 12:00–13:00; days off: a little traffic from servers and the odd visitor.
WORKDAY = ((0.0, 0.04), (6.0, 0.05), (7.5, 0.4), (8.0, 1.0), (11.75, 1.0), (12.25, 0.6), (12.75, 0.6),
           (13.25, 1.0), (16.0, 1.0), (17.0, 0.3), (19.0, 0.15), (22.0, 0.07), (24.0, 0.04))
DAY_OFF = ((0.0, 0.04), (9.0, 0.07), (13.0, 0.1), (20.0, 0.07), (24.0, 0.04))

_SYS_DESCR, _SYS_UPTIME = (1, 3, 6, 1, 2, 1, 1, 1, 0), (1, 3, 6, 1, 2, 1, 1, 3, 0)
_IF_NUMBER = (1, 3, 6, 1, 2, 1, 2, 1, 0)
_IF_ENTRY, _IFX_ENTRY = (1, 3, 6, 1, 2, 1, 2, 2, 1), (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)
_NO_ACCESS = 6
# A GETBULK answer stops growing here: a UDP datagram holds ~64 KiB, and the sample's MIB is a few dozen objects.
_MAX_BINDS = 500


class SampleAgentError(Exception):
    """The sample agent cannot start; the message says why (a port in use, a host that is not loopback)."""


def _interpolate(points: tuple[tuple[float, float], ...], hour: float) -> float:
    for (h0, v0), (h1, v1) in pairwise(points):
        if h0 <= hour <= h1:
            return v0 + (v1 - v0) * (hour - h0) / (h1 - h0)
    return points[-1][1]


def _noise(*parts: object) -> float:
    """A deterministic number in [-1, 1) for these parts: the same slot of the same link always gets the same."""
    digest = hashlib.blake2b("/".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**63 - 1.0


def utilisation(link: Link, direction: str, local: datetime) -> float:
    """The share (0–1) of the link's contracted rate its made-up traffic uses in `direction` at `local`, an aware
    time whose zone is the network's. Constant within each `SLOT_S`-second slot, so counters integrate it exactly."""
    slot = math.floor(local.timestamp() / SLOT_S)
    start = datetime.fromtimestamp(slot * SLOT_S, local.tzinfo)
    hour = start.hour + start.minute / 60 + start.second / 3600
    shape = WORKDAY if start.weekday() < 5 else DAY_OFF
    level = _interpolate(shape, hour) * (BUSY_THIN if link.bandwidth_kbps <= THIN_LINE_KBPS else BUSY_WIDE)
    if direction == OUT:
        level *= UPLOAD_SHARE
    # A wander over 5 minutes and a jitter per slot: the graph looks like traffic, not like a staircase.
    wobble = 1.0 + NOISE * _noise(link.id, direction, slot // 30) + NOISE * _noise(link.id, direction, slot, "j")
    # A provider shapes its line at the contracted rate.
    return min(1.0, level * wobble)


def rate_bps(link: Link, direction: str, local: datetime) -> float:
    return utilisation(link, direction, local) * link.bandwidth_kbps * 1000.0


def octets_between(link: Link, direction: str, start_ts: float, end_ts: float, tz: tzinfo) -> float:
    """Octets the link carries in `direction` from `start_ts` to `end_ts` (epoch seconds): the rate's integral."""
    total, at = 0.0, start_ts
    while at < end_ts:
        slot_end = min(end_ts, (math.floor(at / SLOT_S) + 1) * SLOT_S)
        total += rate_bps(link, direction, datetime.fromtimestamp(at, tz)) / 8.0 * (slot_end - at)
        at = slot_end
    return total


@dataclass
class _Interface:
    index: int
    name: str
    link: Link
    base_in: int
    base_out: int
    octets_in: float = 0.0
    octets_out: float = 0.0

    @property
    def speed_bps(self) -> int:
        """The port's speed: the smallest usual one at least twice the contract (a 10 Mbps line on a 100M port)."""
        wanted = 2 * self.link.bandwidth_kbps * 1000
        return next((s for s in (10**8, 10**9, 10**10, 10**11) if s >= wanted), 10**12)


@dataclass
class _Router:
    """One (host, port): the agent of one made-up router and the interfaces it carries."""

    host: str
    port: int
    interfaces: list[_Interface] = field(default_factory=list)
    advanced_to: float = 0.0


def _routers(network: Network) -> list[_Router]:
    routers: dict[tuple[str, int], _Router] = {}
    rng = random.Random()
    for link in network.links:
        if link.snmp is None:
            continue
        router = routers.setdefault((link.snmp.host, link.snmp.port), _Router(link.snmp.host, link.snmp.port))
        index = link.snmp.if_index
        name = f"ether{index}" if index is not None else link.snmp.interface
        if any(i.name == name for i in router.interfaces):
            continue
        taken = {i.index for i in router.interfaces}
        index = index if index is not None else next(n for n in range(1, len(taken) + 2) if n not in taken)
        # A large random start, as on a router that has been up for months: nothing may assume counters begin at 0.
        bases = rng.randrange(2**40, 2**50), rng.randrange(2**40, 2**50)
        router.interfaces.append(_Interface(index, name, link, *bases))
    for router in routers.values():
        router.interfaces.sort(key=lambda i: i.index)
    return list(routers.values())


def _check_links(network: Network) -> None:
    """Network safety: the agent listens on IPv4 loopback only, and speaks v2c only."""
    for link in network.links:
        snmp = link.snmp
        if snmp is None:
            continue
        try:
            address = ipaddress.ip_address(snmp.host)
        except ValueError:
            address = None
        if address is None or address.version != 4 or not address.is_loopback:
            raise SampleAgentError(f"link {shown(link.id)}: the sample's SNMP agent listens on IPv4 loopback only "
                                   f"(127.0.0.0/8), not on {shown(snmp.host)}")
        if snmp.version is not SnmpVersion.V2C:
            raise SampleAgentError(f"link {shown(link.id)}: the sample's SNMP agent speaks SNMP v2c only")


def _bind(routers: list[_Router]) -> list[socket.socket]:
    sockets: list[socket.socket] = []
    try:
        for router in routers:
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sockets.append(sock)
            try:
                sock.bind((router.host, router.port))
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise SampleAgentError(f"UDP port {router.port} on {router.host} is already in use (another "
                                           "program, or another Pantau running the sample): the sample's SNMP agent "
                                           "cannot start there") from None
                raise SampleAgentError(f"the sample's SNMP agent cannot listen on UDP {router.host}:{router.port}: "
                                       f"{exc.strerror or exc}") from None
            sock.setblocking(False)
    except SampleAgentError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


class SampleAgent:
    """A real SNMPv2c agent on loopback with made-up IF-MIB traffic for the sample network's `[links.snmp]` blocks.

    `start()` binds every (host, port) at once, so a port in use is a `SampleAgentError` naming it, then answers
    from a daemon thread with its own asyncio loop until `stop()`. A request with another community gets no answer,
    as from any v2c agent. A network without snmp blocks gives an agent with nothing to serve.
    """

    def __init__(self, network: Network, community: str = SAMPLE_COMMUNITY) -> None:
        self._network = network
        self._community = community.encode()
        self._tz = zone(network.timezone)
        self._routers = _routers(network)
        self._by_domain: dict[tuple[int, ...], _Router] = {}
        self._started = time.monotonic()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._failure: BaseException | None = None
        self._mods: Any = None

    @property
    def endpoints(self) -> list[tuple[str, int]]:
        return [(r.host, r.port) for r in self._routers]

    def start(self) -> None:
        if self._thread is not None:
            raise SampleAgentError("the sample's SNMP agent is already running")
        _check_links(self._network)
        try:
            mods = SimpleNamespace(**{key: importlib.import_module(name) for key, name in (
                ("api", "pysnmp.proto.api"), ("dispatch", "pysnmp.carrier.asyncio.dispatch"),
                ("udp", "pysnmp.carrier.asyncio.dgram.udp"), ("decoder", "pyasn1.codec.ber.decoder"),
                ("encoder", "pyasn1.codec.ber.encoder"), ("asn1_error", "pyasn1.error"),
                ("snmp_error", "pysnmp.proto.error"))})
        except ImportError as exc:
            raise SampleAgentError(f"the sample's SNMP agent needs pysnmp 7 ({exc})") from None
        sockets = _bind(self._routers)
        self._failure, self._by_domain = None, {}
        self._started = time.monotonic()
        now = time.time()
        for router in self._routers:
            router.advanced_to = now
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, args=(mods, sockets, ready), name="pantau-sample-snmp",
                                        daemon=True)
        self._thread.start()
        ready.wait(10.0)
        if self._failure is not None or not ready.is_set():
            self.stop()
            raise SampleAgentError(f"the sample's SNMP agent did not start: {self._failure or 'no answer in 10 s'}")

    def stop(self) -> None:
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        with suppress(RuntimeError):  # the loop already ended (a failed start): only the thread is left to join
            loop.call_soon_threadsafe(loop.stop)
        thread.join(10.0)
        self._thread = self._loop = None

    def _run(self, mods: SimpleNamespace, sockets: list[socket.socket], ready: threading.Event) -> None:
        loop = self._loop
        assert loop is not None
        asyncio.set_event_loop(loop)
        dispatcher: Any = None
        try:
            dispatcher = mods.dispatch.AsyncioDispatcher(loop=loop)
            # The dispatcher's timer serves client retries; an agent needs none, so it wakes as rarely as allowed.
            dispatcher.set_timer_resolution(10.0)
            dispatcher.register_recv_callback(self._on_datagram)
            for n, (router, sock) in enumerate(zip(self._routers, sockets, strict=True), start=1):
                domain = (*mods.udp.DOMAIN_NAME, n)
                dispatcher.register_transport(domain, mods.udp.UdpAsyncioTransport(loop=loop).open_server_mode(
                    sock=sock))
                self._by_domain[domain] = router
            self._mods = mods
            loop.call_soon(ready.set)
            loop.run_forever()
        except Exception as exc:  # a failed start is reported by start(), never lost in a thread
            self._failure = exc
            ready.set()
        finally:
            if dispatcher is not None:
                dispatcher.close_dispatcher()
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, asyncio.sleep(0), return_exceptions=True))
            for sock in sockets:
                sock.close()
            loop.close()

    def _on_datagram(self, dispatcher: Any, domain: tuple[int, ...], address: Any, whole: bytes) -> bytes:
        api, router = self._mods.api, self._by_domain[domain]
        while whole:
            try:
                if api.decodeMessageVersion(whole) != api.SNMP_VERSION_2C:
                    return b""  # v1 and v3 are not spoken here: silence, as from an agent not configured for them
                v2c = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
                request, whole = self._mods.decoder.decode(whole, asn1Spec=v2c.Message())
            except (self._mods.asn1_error.PyAsn1Error, self._mods.snmp_error.ProtocolError, ValueError):
                return b""  # not SNMP: ignored like any garbage datagram
            if bytes(v2c.apiMessage.get_community(request)) != self._community:
                continue  # a wrong community gets no answer (RFC 3584 §4.1), so it looks like a silent agent
            dispatcher.send_message(self._mods.encoder.encode(self._respond(router, v2c, request)), domain, address)
        return whole

    def _respond(self, router: _Router, v2c: Any, request: Any) -> Any:
        pdu = v2c.apiMessage.get_pdu(request)
        response = v2c.apiMessage.get_response(request)
        answer = v2c.apiMessage.get_pdu(response)
        mib = self._mib(router, v2c)
        oids = sorted(mib)
        asked = [(tuple(oid), value) for oid, value in v2c.apiPDU.get_varbinds(pdu)]

        def following(oid: tuple[int, ...]) -> tuple[tuple[int, ...], Any]:
            at = bisect_right(oids, oid)
            return (oids[at], mib[oids[at]]) if at < len(oids) else (oid, v2c.EndOfMibView(""))

        if pdu.isSameTypeWith(v2c.GetRequestPDU()):
            binds = [(oid, mib[oid] if oid in mib else self._missing(v2c, mib, oid)) for oid, _ in asked]
        elif pdu.isSameTypeWith(v2c.GetNextRequestPDU()):
            binds = [following(oid) for oid, _ in asked]
        elif pdu.isSameTypeWith(v2c.GetBulkRequestPDU()):
            # RFC 3416 §4.2.3: the non-repeaters once, then the repeaters row by row until the MIB ends for all.
            n = min(int(v2c.apiBulkPDU.get_non_repeaters(pdu)), len(asked))
            binds = [following(oid) for oid, _ in asked[:n]]
            row = [oid for oid, _ in asked[n:]]
            for _ in range(int(v2c.apiBulkPDU.get_max_repetitions(pdu))):
                if not row or len(binds) >= _MAX_BINDS:
                    break
                found = [following(oid) for oid in row]
                binds += found
                if all(value.tagSet == v2c.EndOfMibView.tagSet for _, value in found):
                    break  # the MIB ended for every repeater: more rows would say only that
                row = [oid for oid, _ in found]
        else:  # a SET (or anything else): read-only, as the sample's community is
            v2c.apiPDU.set_error_status(answer, _NO_ACCESS)
            v2c.apiPDU.set_error_index(answer, 1)
            binds = asked
        v2c.apiPDU.set_varbinds(answer, binds)
        return response

    @staticmethod
    def _missing(v2c: Any, mib: dict[tuple[int, ...], Any], oid: tuple[int, ...]) -> Any:
        """noSuchInstance for an object this agent has at another index, noSuchObject for one it does not have."""
        known = any(o[:-1] == oid[:-1] for o in mib)
        return v2c.NoSuchInstance("") if known else v2c.NoSuchObject("")

    def _mib(self, router: _Router, v2c: Any) -> dict[tuple[int, ...], Any]:
        """Every object of this router now, from one reading of the clock: one request sees one consistent state."""
        now = time.time()
        if now > router.advanced_to:
            for i in router.interfaces:
                i.octets_in += octets_between(i.link, IN, router.advanced_to, now, self._tz)
                i.octets_out += octets_between(i.link, OUT, router.advanced_to, now, self._tz)
            router.advanced_to = now
        links = ", ".join(i.link.id for i in router.interfaces)
        mib: dict[tuple[int, ...], Any] = {
            _SYS_DESCR: v2c.OctetString(f"Pantau sample agent, made-up traffic: {links}"[:255].encode()),
            _SYS_UPTIME: v2c.TimeTicks(int((time.monotonic() - self._started) * 100) % 2**32),
            _IF_NUMBER: v2c.Integer(len(router.interfaces)),
        }
        for i in router.interfaces:
            hc_in, hc_out = (i.base_in + int(i.octets_in)) % 2**64, (i.base_out + int(i.octets_out)) % 2**64
            name = i.name.encode()
            alias = f"{i.link.provider} {i.link.circuit_id}".strip()[:64].encode()
            columns = {(_IF_ENTRY, 1): v2c.Integer(i.index), (_IF_ENTRY, 2): v2c.OctetString(name),
                       (_IF_ENTRY, 3): v2c.Integer(6),  # ethernetCsmacd
                       (_IF_ENTRY, 5): v2c.Gauge32(min(i.speed_bps, 2**32 - 1)),
                       (_IF_ENTRY, 7): v2c.Integer(1), (_IF_ENTRY, 8): v2c.Integer(1),  # admin and oper status: up
                       (_IF_ENTRY, 10): v2c.Counter32(hc_in % 2**32), (_IF_ENTRY, 16): v2c.Counter32(hc_out % 2**32),
                       (_IFX_ENTRY, 1): v2c.OctetString(name), (_IFX_ENTRY, 6): v2c.Counter64(hc_in),
                       (_IFX_ENTRY, 10): v2c.Counter64(hc_out), (_IFX_ENTRY, 15): v2c.Gauge32(i.speed_bps // 10**6),
                       (_IFX_ENTRY, 18): v2c.OctetString(alias)}
            for (entry, column), value in columns.items():
                mib[(*entry, column, i.index)] = value
        return mib
