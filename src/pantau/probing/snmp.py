"""Reading one interface's counters from an SNMP agent: the poller, and the wording of what went wrong.

`SnmpPoller.read` turns an `SnmpInterface` and its credentials (the caller reads them from the keyring) into a
`CounterReading`, or an `SnmpFailure` whose message names the agent and says what to check. It never raises on
anything an agent or the network does. An interface named by ifName/ifDescr is looked up once per agent by walking
those columns; the ifIndex is remembered until it stops answering (an interface re-created after a reboot may get
another index), then looked up again.

pysnmp is imported only when the first read happens: it costs ~0.1 s, which the window's launch must not pay.
Everything that does not touch pysnmp (the OIDs, how answers become a reading, the messages) is plain functions.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pantau.domain.snmp_config import AuthProtocol, PrivProtocol, SnmpInterface, SnmpVersion
from pantau.domain.traffic import COUNTER32, CounterReading, OperStatus

SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
IF_SPEED = "1.3.6.1.2.1.2.2.1.5"
IF_OPER_STATUS = "1.3.6.1.2.1.2.2.1.8"
IF_IN_OCTETS = "1.3.6.1.2.1.2.2.1.10"
IF_OUT_OCTETS = "1.3.6.1.2.1.2.2.1.16"
IF_NAME = "1.3.6.1.2.1.31.1.1.1.1"
IF_HC_IN_OCTETS = "1.3.6.1.2.1.31.1.1.1.6"
IF_HC_OUT_OCTETS = "1.3.6.1.2.1.31.1.1.1.10"
IF_HIGH_SPEED = "1.3.6.1.2.1.31.1.1.1.15"
# The columns one poll asks for, each with the interface's ifIndex appended. Both counter widths go in the same
# request: an agent without the HC objects answers noSuchObject for them, and a second round trip is saved.
POLL_COLUMNS = (IF_HC_IN_OCTETS, IF_HC_OUT_OCTETS, IF_IN_OCTETS, IF_OUT_OCTETS, IF_OPER_STATUS, IF_HIGH_SPEED,
                IF_SPEED)
# ifSpeed saturates here; the real speed is then in ifHighSpeed (RFC 2863).
IF_SPEED_SATURATED = COUNTER32 - 1
# A walk asks for this many rows per GETBULK, and gives up after this many requests (a router with thousands of
# VLAN interfaces still fits; a looping agent cannot keep us busy for ever).
WALK_ROWS_PER_REQUEST = 40
WALK_MAX_REQUESTS = 100
NAMES_SHOWN = 12

_AUTH_PROTOCOLS = {
    AuthProtocol.MD5: "USM_AUTH_HMAC96_MD5", AuthProtocol.SHA: "USM_AUTH_HMAC96_SHA",
    AuthProtocol.SHA224: "USM_AUTH_HMAC128_SHA224", AuthProtocol.SHA256: "USM_AUTH_HMAC192_SHA256",
    AuthProtocol.SHA384: "USM_AUTH_HMAC256_SHA384", AuthProtocol.SHA512: "USM_AUTH_HMAC384_SHA512",
}
# AES-192/256 with the key extension net-snmp and RouterOS use ("Reeder"), not Blumenthal's.
_PRIV_PROTOCOLS = {
    PrivProtocol.DES: "USM_PRIV_CBC56_DES", PrivProtocol.AES128: "USM_PRIV_CFB128_AES",
    PrivProtocol.AES192: "USM_PRIV_CFB192_AES", PrivProtocol.AES256: "USM_PRIV_CFB256_AES",
}


@dataclass(frozen=True)
class SnmpCredentials:
    """The secret values an `SnmpInterface` names by keyring key, read by the caller. Never shown in a repr."""

    community: str = field(default="", repr=False)
    auth_key: str = field(default="", repr=False)
    priv_key: str = field(default="", repr=False)


class SnmpFailureKind(StrEnum):
    NO_ANSWER = "no-answer"  # nothing came back: agent down, unreachable, or (v2c) a wrong community
    AUTH = "auth"  # the agent said no: unknown v3 user, wrong key, or the view refuses the objects
    UNKNOWN_INTERFACE = "unknown-interface"  # no interface by that name or index on the agent
    MISSING_OBJECT = "missing-object"  # the interface exists but the agent lacks an object a reading needs
    ERROR = "error"  # anything else the agent or the transport reported


@dataclass(frozen=True)
class SnmpFailure:
    kind: SnmpFailureKind
    message: str


# --- pure logic: answers → readings, errors → messages -------------------------------------------------------------

def no_answer(interface: SnmpInterface) -> SnmpFailure:
    # v2c agents drop a request with a wrong community silently, and net-snmp drops a v3 request it cannot
    # decrypt: both look exactly like an agent that is down.
    why = "wrong community or agent down" if interface.version is SnmpVersion.V2C else \
        "agent down or wrong privacy key"
    return SnmpFailure(SnmpFailureKind.NO_ANSWER, f"SNMP: no answer from {interface.describe()}: {why}")


# pysnmp's error indications (pysnmp.proto.errind class names) that mean the agent refused our credentials.
_AUTH_INDICATIONS = {
    "UnknownUserName": "the agent has no such user",
    "WrongDigest": "wrong authentication key or protocol",
    "AuthenticationFailure": "wrong authentication key or protocol",
    "AuthenticationError": "wrong authentication key or protocol",
    "DecryptionError": "wrong privacy key or protocol",
    "UnsupportedSecurityLevel": "the user is not set up for authPriv",
    "UnknownSecurityName": "the agent does not know this user or community",
    "UnknownCommunityName": "the agent does not know this community",
    "NotInView": "the agent's view does not include the IF-MIB objects",
    "NoSuchView": "the agent's view does not include the IF-MIB objects",
    "NoAccessEntry": "the agent grants this user no access",
    "NoGroupName": "the agent grants this user no access",
}


def failure_from_indication(interface: SnmpInterface, indication: str, detail: str) -> SnmpFailure:
    """An SNMP engine error (`indication` is its pysnmp class name, `detail` its text) as a failure."""
    if indication == "RequestTimedOut":
        return no_answer(interface)
    if indication in _AUTH_INDICATIONS:
        return SnmpFailure(SnmpFailureKind.AUTH, f"SNMP: authentication failed on {interface.describe()}: "
                                                 f"{_AUTH_INDICATIONS[indication]}")
    return SnmpFailure(SnmpFailureKind.ERROR, f"SNMP: {interface.describe()}: {detail or indication}")


def failure_from_status(interface: SnmpInterface, status: str, index: int, oids: Sequence[str]) -> SnmpFailure:
    """An error-status in the agent's response (`status` by RFC 3416 name, `index` 1-based into `oids`)."""
    which = f" for {oids[index - 1]}" if 0 < index <= len(oids) else ""
    if status in ("authorizationError", "noAccess"):
        return SnmpFailure(SnmpFailureKind.AUTH, f"SNMP: authentication failed on {interface.describe()}: "
                                                 f"the agent refuses access{which}")
    return SnmpFailure(SnmpFailureKind.ERROR, f"SNMP: {interface.describe()} answered {status}{which}")


def find_if_index(names: Mapping[int, str], wanted: str) -> int | None:
    """The ifIndex whose name is `wanted` (the lowest, if an agent repeats a name), else None."""
    matches = sorted(index for index, name in names.items() if name == wanted)
    return matches[0] if matches else None


def unknown_interface(interface: SnmpInterface, names: Mapping[int, str]) -> SnmpFailure:
    """No interface by that name (listing what the agent has) or by that index."""
    if interface.if_index is not None:
        return SnmpFailure(SnmpFailureKind.UNKNOWN_INTERFACE,
                           f"SNMP: no interface with ifIndex {interface.if_index} on {interface.describe()}")
    listed = [names[index] for index in sorted(names)]
    have = ", ".join(listed[:NAMES_SHOWN]) if listed else "no interfaces in IF-MIB"
    if len(listed) > NAMES_SHOWN:
        have += f" and {len(listed) - NAMES_SHOWN} more"
    return SnmpFailure(SnmpFailureKind.UNKNOWN_INTERFACE,
                       f"SNMP: no interface named {interface.interface!r} on {interface.describe()}; it has: {have}")


def missing_counters(interface: SnmpInterface, if_index: int) -> SnmpFailure:
    """The name is in ifName/ifDescr but the interface table has nothing for its index."""
    return SnmpFailure(SnmpFailureKind.MISSING_OBJECT,
                       f"SNMP: {interface.describe()} has no IF-MIB counters for {interface.interface!r} "
                       f"(ifIndex {if_index})")


def speed_from(if_speed: int | None, if_high_speed: int | None) -> int | None:
    """Bits per second: ifSpeed when it is exact (a 100 kbps line has ifHighSpeed 0), else ifHighSpeed × 10⁶."""
    if if_speed and if_speed < IF_SPEED_SATURATED:
        return if_speed
    if if_high_speed:
        return if_high_speed * 1_000_000
    return None


def reading_from_values(interface: SnmpInterface, if_index: int, uptime: int | None,
                        values: Mapping[str, int | None], at: float) -> CounterReading | SnmpFailure | None:
    """One poll's answer as a reading. `values` maps each of POLL_COLUMNS to its integer, None when the agent
    had no such object or instance. None when no interface object answered at all (the index is gone)."""
    if all(values.get(column) is None for column in POLL_COLUMNS):
        return None
    if uptime is None:
        return SnmpFailure(SnmpFailureKind.MISSING_OBJECT, f"SNMP: {interface.describe()} has no sysUpTime")
    hc_in, hc_out = values.get(IF_HC_IN_OCTETS), values.get(IF_HC_OUT_OCTETS)
    in32, out32 = values.get(IF_IN_OCTETS), values.get(IF_OUT_OCTETS)
    if hc_in is not None and hc_out is not None:
        in_octets, out_octets, bits = hc_in, hc_out, 64
    elif in32 is not None and out32 is not None:
        in_octets, out_octets, bits = in32, out32, 32
    else:
        missing = "ifHCInOctets or ifInOctets" if hc_in is None and in32 is None else \
            "ifHCOutOctets or ifOutOctets"
        return SnmpFailure(SnmpFailureKind.MISSING_OBJECT,
                           f"SNMP: {interface.describe()} has no {missing} for ifIndex {if_index}")
    oper = values.get(IF_OPER_STATUS)
    return CounterReading(at=at, uptime_ticks=uptime, in_octets=in_octets, out_octets=out_octets,
                          counter_bits=bits,
                          oper_status=OperStatus.from_code(oper) if oper is not None else OperStatus.UNKNOWN,
                          speed_bps=speed_from(values.get(IF_SPEED), values.get(IF_HIGH_SPEED)))


# --- the poller ----------------------------------------------------------------------------------------------------

class _Failed(Exception):
    """Carries a failure out of the request helpers; never leaves this module."""

    def __init__(self, failure: SnmpFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class SnmpPoller:
    """Reads interface counters from many agents in one asyncio loop. Create and use it inside that loop.

    v2c reads share one SNMP engine. v3 reads get one engine per distinct (user, protocols, keys): pysnmp keys its
    USM users by name alone, so two agents with the same user name but different keys would otherwise replace each
    other's keys between a request and its answer. In practice that is one or two engines.
    """

    def __init__(self, timeout_s: float = 2.0, retries: int = 1) -> None:
        self.timeout_s = timeout_s
        self.retries = retries
        self._hlapi: Any = None
        self._integer_type: Any = None
        self._engines: dict[tuple[str, ...], Any] = {}
        self._targets: dict[tuple[str, int], Any] = {}
        self._indexes: dict[tuple[str, int, str], int] = {}
        # A poll's request objects by OID list, reused: pysnmp resolves each new ObjectType against its MIB tree,
        # which was half the CPU of a poll; a resolved one is used as it is.
        self._get_objects: dict[tuple[str, ...], tuple[Any, ...]] = {}

    async def read(self, interface: SnmpInterface, credentials: SnmpCredentials) -> CounterReading | SnmpFailure:
        """One reading of the interface's counters, or what went wrong."""
        try:
            return await self._read(interface, credentials)
        except _Failed as failed:
            return failed.failure
        except Exception as error:  # an agent's answer, or pysnmp on it, must never crash the poller
            return SnmpFailure(SnmpFailureKind.ERROR, f"SNMP: {interface.describe()}: {type(error).__name__}: "
                                                      f"{error}")

    def close(self) -> None:
        """Close the engines' sockets; the poller can be used again afterwards (it reopens them)."""
        for engine in self._engines.values():
            engine.close_dispatcher()
        self._engines.clear()
        self._targets.clear()

    async def _read(self, interface: SnmpInterface, credentials: SnmpCredentials) -> CounterReading | SnmpFailure:
        self._load()
        session = await self._session(interface, credentials)
        fixed = interface.if_index
        if fixed is not None:
            reading = await self._poll(interface, session, fixed)
            return reading if reading is not None else unknown_interface(interface, {})
        key = (interface.host, interface.port, interface.interface)
        cached = self._indexes.get(key)
        if cached is not None:
            reading = await self._poll(interface, session, cached)
            if reading is not None:
                return reading
            # The index answers nothing: the interface is gone, or came back under another index after a reboot.
            del self._indexes[key]
        if_index = await self._resolve(interface, session)
        self._indexes[key] = if_index
        reading = await self._poll(interface, session, if_index)
        if reading is None:
            return missing_counters(interface, if_index)
        return reading

    def _load(self) -> None:
        if self._hlapi is None:
            # Here and not at the top (see the module's docstring); import statements, not importlib, so that
            # PyInstaller sees pysnmp and its hook bundles the MIB modules pysnmp loads from files at run time.
            import pysnmp.hlapi.v3arch.asyncio as hlapi
            from pyasn1.type import univ

            self._hlapi = hlapi
            self._integer_type = univ.Integer

    async def _session(self, interface: SnmpInterface, credentials: SnmpCredentials) -> tuple[Any, Any, Any]:
        hl = self._hlapi
        if interface.version is SnmpVersion.V2C:
            engine_key: tuple[str, ...] = ("v2c",)
            auth = hl.CommunityData(credentials.community, mpModel=1)
        else:
            engine_key = (interface.user, interface.auth_protocol, credentials.auth_key, interface.priv_protocol,
                          credentials.priv_key)
            auth = hl.UsmUserData(interface.user, credentials.auth_key, credentials.priv_key,
                                  authProtocol=getattr(hl, _AUTH_PROTOCOLS[interface.auth_protocol]),
                                  privProtocol=getattr(hl, _PRIV_PROTOCOLS[interface.priv_protocol]))
        engine = self._engines.get(engine_key)
        if engine is None:
            engine = self._engines[engine_key] = hl.SnmpEngine()
        target_key = (interface.host, interface.port)
        target = self._targets.get(target_key)
        if target is None:
            kind = hl.Udp6TransportTarget if ":" in interface.host else hl.UdpTransportTarget
            target = await kind.create((interface.host, interface.port), timeout=self.timeout_s,
                                       retries=self.retries)
            self._targets[target_key] = target
        return engine, auth, target

    async def _request(self, interface: SnmpInterface, session: tuple[Any, Any, Any], oids: Sequence[str],
                       bulk_rows: int = 0) -> list[tuple[str, Any]]:
        hl = self._hlapi
        engine, auth, target = session
        if bulk_rows:
            objects: tuple[Any, ...] = tuple(hl.ObjectType(hl.ObjectIdentity(oid)) for oid in oids)
            answer = await hl.bulk_cmd(engine, auth, target, hl.ContextData(), 0, bulk_rows, *objects,
                                       lookupMib=False)
        else:
            objects = self._get_objects.get(tuple(oids)) or tuple(hl.ObjectType(hl.ObjectIdentity(oid)) for oid in oids)
            self._get_objects[tuple(oids)] = objects
            answer = await hl.get_cmd(engine, auth, target, hl.ContextData(), *objects, lookupMib=False)
        indication, status, index, varbinds = answer
        if indication:
            raise _Failed(failure_from_indication(interface, type(indication).__name__, str(indication)))
        if status:
            name = status.prettyPrint() if hasattr(status, "prettyPrint") else str(status)
            raise _Failed(failure_from_status(interface, name, int(index), oids))
        return [(str(name), value) for name, value in varbinds]

    async def _poll(self, interface: SnmpInterface, session: tuple[Any, Any, Any],
                    if_index: int) -> CounterReading | SnmpFailure | None:
        oids = [SYS_UPTIME, *(f"{column}.{if_index}" for column in POLL_COLUMNS)]
        answer = await self._request(interface, session, oids)
        at = time.time()
        got = {name: self._integer(value) for name, value in answer}
        values = {column: got.get(f"{column}.{if_index}") for column in POLL_COLUMNS}
        return reading_from_values(interface, if_index, got.get(SYS_UPTIME), values, at)

    async def _resolve(self, interface: SnmpInterface, session: tuple[Any, Any, Any]) -> int:
        shown: dict[int, str] = {}
        for column in (IF_NAME, IF_DESCR):
            names = await self._walk_names(interface, session, column)
            found = find_if_index(names, interface.interface)
            if found is not None:
                return found
            shown = shown or names
        raise _Failed(unknown_interface(interface, shown))

    async def _walk_names(self, interface: SnmpInterface, session: tuple[Any, Any, Any],
                          column: str) -> dict[int, str]:
        names: dict[int, str] = {}
        prefix = column + "."
        cursor = column
        for _ in range(WALK_MAX_REQUESTS):
            rows = await self._request(interface, session, [cursor], bulk_rows=WALK_ROWS_PER_REQUEST)
            advanced = False
            for oid, value in rows:
                suffix = oid.removeprefix(prefix)
                if oid == suffix or not suffix.isdigit() or self._absent(value):
                    return names
                names[int(suffix)] = self._text(value)
                advanced = advanced or oid != cursor
                cursor = oid
            if not rows or not advanced:
                break
        return names

    def _absent(self, value: Any) -> bool:
        hl = self._hlapi
        return isinstance(value, hl.NoSuchObject | hl.NoSuchInstance | hl.EndOfMibView)

    def _integer(self, value: Any) -> int | None:
        # Counter32/64, Gauge32, TimeTicks and Integer32 are all INTEGER underneath; anything else (noSuch*, a
        # string from a confused agent) is as good as missing.
        if self._absent(value) or not isinstance(value, self._integer_type):
            return None
        return int(value)

    @staticmethod
    def _text(value: Any) -> str:
        raw = value.asOctets() if hasattr(value, "asOctets") else str(value).encode()
        # Some agents pad ifDescr with NULs; names are UTF-8 on RouterOS and net-snmp.
        return bytes(raw).rstrip(b"\x00").decode("utf-8", errors="replace")
