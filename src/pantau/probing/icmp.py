"""Multiplexed ICMP echo for the probe engine: one socket per address family and one thread for every target.

Why not one `ping3.ping()` per packet: with raw sockets every socket sees every reply, so N concurrent pings cost
O(N²) packet reads, threads contending for the GIL inflate RTTs, and a total outage parks a thread per blocked ping.
`IcmpPinger` works like fping instead: one ICMP socket per family, one receiver thread that sends the scheduled
echo requests, matches replies by (source, identifier, sequence), expires deadlines from a heap and reports each
round once through a callback. ping3 still supplies the checksum and the ICMP type numbers, and remains the tool
for one-off pings (`ping3.ping(..., ttl=N)`).

Replies are read by the same thread that sends, so a send timestamp is always recorded before its reply is read, and
per-round TTLs are set with `setsockopt` just before each `sendto` on the shared socket without any race. On Linux
the RTT ends at the kernel's receive timestamp (SO_TIMESTAMPNS), so a receiver that waits for the GIL behind other
busy threads does not inflate it.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import heapq
import ipaddress
import itertools
import logging
import os
import selectors
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import ping3  # type: ignore[import-untyped]
from ping3.enums import IcmpV4DestinationUnreachableCode, IcmpV4Type, IcmpV6Type  # type: ignore[import-untyped]

from pantau.domain.results import ProbeResult
from pantau.domain.samples import ErrorKind
from pantau.probing.privilege import DEFAULT_MODES, IcmpMode, is_permission_error, open_icmp_socket, privilege_hint

__all__ = ["IcmpMode", "IcmpPinger", "IcmpRound", "privilege_hint"]

_log = logging.getLogger(__name__)

_V4_ECHO_REPLY = int(IcmpV4Type.ECHO_REPLY)
_V4_ECHO_REQUEST = int(IcmpV4Type.ECHO_REQUEST)
_V4_UNREACHABLE = int(IcmpV4Type.DESTINATION_UNREACHABLE)
_V4_TIME_EXCEEDED = int(IcmpV4Type.TIME_EXCEEDED)
_V6_ECHO_REPLY = int(IcmpV6Type.ECHO_REPLY)
_V6_ECHO_REQUEST = int(IcmpV6Type.ECHO_REQUEST)
_V6_UNREACHABLE = int(IcmpV6Type.DESTINATION_UNREACHABLE)
_V6_TIME_EXCEEDED = int(IcmpV6Type.TIME_EXCEEDED)

_IS_LINUX = sys.platform.startswith("linux")
# Linux constants the socket module of Python 3.11 does not export.
_SOL_RAW = 255
_ICMP_FILTER = 1
_ICMP6_FILTER = 1
_IP_RECVERR = 11
_IPV6_RECVERR = 25
_SO_TIMESTAMPNS = 35  # also the SCM_ type of the control message
_SO_EE_ORIGIN_ICMP = 2
_SO_EE_ORIGIN_ICMP6 = 3

_PAYLOAD = b"pantau-icmp-echo".ljust(56, b".")  # 64-byte ICMP message, as ping and fping send by default
_RECV_SIZE = 2048
_READS_PER_WAKE = 512  # bounded so sends and deadlines are never starved by a flood
_DRAIN_EVERY = 8  # read replies between sends so a burst neither overflows the socket nor delays RTT stamps
_SEND_RETRY_NS = 1_000_000
_BUFFER_BYTES = 1 << 20
_ID_SEQ = struct.Struct("!HH")
_ERR_HEADER = struct.Struct("=IBBBBII")  # struct sock_extended_err
_TIMESPEC = struct.Struct("@ll")  # struct timespec as SO_TIMESTAMPNS delivers it
_CONTROL_SIZE = 64

_UNREACHABLE_ERRNOS = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN,
                                 errno.EADDRNOTAVAIL, errno.EPERM})
_RETRY_ERRNOS = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.ENOBUFS})
_instances = itertools.count(1)


@dataclass(frozen=True)
class IcmpRound:
    """What one round of `count` echo requests to one address returned.

    `received` counts echo replies from the target only. A TTL-limited packet answered by a router with "time
    exceeded" is a hop answer: `time_exceeded_from` names that router and `hop_rtts_ms` holds its times, while the
    round itself counts the packet as not received. `error` is set exactly when `received == 0`.
    """

    address: str
    sent: int
    received: int
    rtts_ms: tuple[float, ...]
    error: ErrorKind | None
    message: str
    started: float
    time_exceeded_from: str | None = None
    hop_rtts_ms: tuple[float, ...] = field(default=())

    def to_result(self, target_id: str, method: str = "icmp") -> ProbeResult:
        detail = {"address": self.address}
        if self.time_exceeded_from is not None:
            detail["time_exceeded_from"] = self.time_exceeded_from
        return ProbeResult(target_id, method, self.started, self.sent, self.received, self.rtts_ms, self.error,
                           self.message, detail)


class _Round:
    """A round in flight; owned by the receiver thread once admitted."""

    __slots__ = ("address", "count", "failures", "family", "hop", "hop_rtts", "interval_ns", "key", "on_done",
                 "pending", "rtts", "sockaddr", "started", "timeout_ns", "timeout_s", "ttl")

    def __init__(self, address: str, key: str | bytes, family: socket.AddressFamily, sockaddr: tuple[object, ...],
                 count: int, timeout_s: float, interval_s: float, ttl: int | None,
                 on_done: Callable[[IcmpRound], None]) -> None:
        self.address = address
        self.key = key
        self.family = family
        self.sockaddr = sockaddr
        self.count = count
        self.timeout_s = timeout_s
        self.timeout_ns = int(timeout_s * 1e9)
        self.interval_ns = int(interval_s * 1e9)
        self.ttl = ttl
        self.on_done = on_done
        self.started = time.time()
        self.pending = count
        self.rtts: list[float] = []
        self.hop: str | None = None
        self.hop_rtts: list[float] = []
        self.failures: list[tuple[ErrorKind, str]] = []

    def outcome(self) -> IcmpRound:
        received = len(self.rtts)
        error: ErrorKind | None = None
        message = ""
        if received:
            lost = self.count - received
            message = f"{lost}/{self.count} lost" if lost else ""
        elif self.hop is not None:
            error, message = ErrorKind.UNREACHABLE, f"time exceeded (TTL {self.ttl}) at {self.hop}"
        elif self.failures:
            error, message = next((f for f in self.failures if f[0] is ErrorKind.UNREACHABLE), self.failures[0])
        else:
            error, message = ErrorKind.TIMEOUT, f"no reply from {self.address} within {self.timeout_s:g} s"
        return IcmpRound(self.address, self.count, received, tuple(self.rtts), error, message, self.started,
                         self.hop, tuple(self.hop_rtts))


class _Packet:
    __slots__ = ("round", "sent_ns", "sent_wall_ns", "seq")

    def __init__(self, round_: _Round, seq: int, sent_ns: int, sent_wall_ns: int) -> None:
        self.round = round_
        self.seq = seq
        self.sent_ns = sent_ns
        self.sent_wall_ns = sent_wall_ns

    def rtt_ms(self, received_ns: int, kernel_wall_ns: int) -> float:
        """Round-trip time, from the kernel's receive stamp when it has one.

        The kernel stamp is immune to the receiver thread waiting for the GIL; being wall-clock time, it is trusted
        only when it is consistent with the monotonic measurement (a clock step makes it fall outside).
        """
        elapsed = received_ns - self.sent_ns
        if kernel_wall_ns:
            stamped = kernel_wall_ns - self.sent_wall_ns
            if 0 < stamped <= elapsed:
                elapsed = stamped
        return elapsed / 1e6


class _Socket:
    """One ICMP socket and what is needed to build and recognise its packets."""

    def __init__(self, sock: socket.socket, mode: IcmpMode, family: socket.AddressFamily, ident: int) -> None:
        self.sock = sock
        self.mode = mode
        self.family = family
        self.v6 = family == socket.AF_INET6
        self.idents = {ident}
        self.ident = ident
        self.port_known = mode is not IcmpMode.DATAGRAM
        self.recverr = False
        self.recverr_message = (socket.IPPROTO_IPV6, _IPV6_RECVERR) if self.v6 else (socket.IPPROTO_IP, _IP_RECVERR)
        self.timestamps = False
        self.ttl: int | None = None
        ip_level = socket.IPPROTO_IPV6 if self.v6 else socket.IPPROTO_IP
        self.ttl_option = (ip_level, socket.IPV6_UNICAST_HOPS if self.v6 else socket.IP_TTL)
        self.default_ttl = sock.getsockopt(*self.ttl_option)
        sock.setblocking(False)
        if sys.platform == "win32":
            # Winsock will not receive on a raw socket that is not bound yet.
            sock.bind(("::", 0) if self.v6 else ("0.0.0.0", 0))
        for option in (socket.SO_RCVBUF, socket.SO_SNDBUF):
            # If refused the system keeps its default size; bursts are also drained while sending.
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, option, _BUFFER_BYTES)
        if _IS_LINUX:
            self._linux_options()

    def _linux_options(self) -> None:
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, _SO_TIMESTAMPNS, 1)
            self.timestamps = True
        except OSError as error:
            _log.debug("no kernel receive timestamps: %s", error)
        try:
            if self.mode is IcmpMode.DATAGRAM:
                # Ping sockets deliver "unreachable" and "time exceeded" only through the error queue.
                self.sock.setsockopt(*self.recverr_message, 1)
                self.recverr = True
            elif self.v6:
                # icmp6_filter: a set bit blocks that type. Let through only what we parse.
                words = [0xFFFFFFFF] * 8
                for kind in (_V6_ECHO_REPLY, _V6_UNREACHABLE, _V6_TIME_EXCEEDED):
                    words[kind >> 5] &= ~(1 << (kind & 31))
                self.sock.setsockopt(socket.IPPROTO_ICMPV6, _ICMP6_FILTER, struct.pack("=8I", *words))
            else:
                # Without it a raw socket on loopback also reads every echo request we send.
                allowed = (1 << _V4_ECHO_REPLY) | (1 << _V4_UNREACHABLE) | (1 << _V4_TIME_EXCEEDED)
                self.sock.setsockopt(_SOL_RAW, _ICMP_FILTER, struct.pack("=I", ~allowed & 0xFFFFFFFF))
        except OSError as error:
            _log.debug("ICMP socket option not available: %s", error)

    def echo_request(self, seq: int) -> bytes:
        if self.v6:
            # The kernel computes ICMPv6 checksums itself (it needs the IPv6 pseudo-header).
            return struct.pack("!BBHHH", _V6_ECHO_REQUEST, 0, 0, self.ident, seq) + _PAYLOAD
        header = struct.pack("!BBHHH", _V4_ECHO_REQUEST, 0, 0, self.ident, seq)
        # ping3.checksum sums little-endian words; stored little-endian, the field is right on any host (RFC 1071).
        checksum = struct.pack("<H", int(ping3.checksum(header + _PAYLOAD)))
        return header[:2] + checksum + header[4:] + _PAYLOAD

    def learn_port(self) -> None:
        """Linux ping sockets replace our identifier with the socket's local port."""
        if not self.port_known:
            self.idents.add(self.sock.getsockname()[1])
            self.port_known = True


def _errno_failure(error: OSError) -> tuple[ErrorKind, str]:
    code = error.errno or 0
    text = os.strerror(code) if code else str(error)
    if code == errno.EPERM:
        text += ", probably a local firewall"
    kind = ErrorKind.UNREACHABLE if code in _UNREACHABLE_ERRNOS else ErrorKind.OTHER
    return kind, f"{text} (errno {code})"


def _describe_unreachable(v6: bool, code: int) -> str:
    if v6:
        names = {0: "no route to destination", 1: "communication administratively prohibited", 3: "address unreachable",
                 4: "port unreachable", 6: "reject route to destination"}
        return f"{names.get(code, 'destination unreachable')} (ICMPv6 1/{code})"
    try:
        name = IcmpV4DestinationUnreachableCode(code).name.lower().replace("_", " ")
    except ValueError:
        name = "destination unreachable"
    return f"{name} (ICMP 3/{code})"


def _address_key(family: socket.AddressFamily, host: str) -> str | bytes:
    """How replies are matched to a target: IPv4 text as the kernel prints it, IPv6 as packed bytes."""
    if family == socket.AF_INET:
        return host
    return socket.inet_pton(socket.AF_INET6, host.partition("%")[0])


def _parse_target(address: str) -> tuple[socket.AddressFamily, str, tuple[object, ...]]:
    if "%" in address:
        # A zone names an interface, whose index can change: looked up afresh each time.
        return _parse_address(address)
    return _parse_plain(address)


# Every round parses its target's address; a literal without a zone always parses the same way.
@functools.lru_cache(maxsize=4096)
def _parse_plain(address: str) -> tuple[socket.AddressFamily, str, tuple[object, ...]]:
    return _parse_address(address)


def _parse_address(address: str) -> tuple[socket.AddressFamily, str, tuple[object, ...]]:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise ValueError(f"ICMP needs an IP address literal, not {address!r} (names are resolved elsewhere)") from None
    if ip.version == 4:
        return socket.AF_INET, str(ip), (str(ip), 0)
    assert isinstance(ip, ipaddress.IPv6Address)
    scope = ip.scope_id
    bare = str(ipaddress.IPv6Address(int(ip)))
    scope_index = 0
    if scope:
        try:
            scope_index = int(scope) if scope.isdigit() else socket.if_nametoindex(scope)
        except OSError:
            raise ValueError(f"no network interface {scope!r} for {address!r}") from None
    return socket.AF_INET6, bare, (bare, 0, 0, scope_index)


class IcmpPinger:
    """Sends echo requests for any number of concurrent rounds from one thread and one socket per family.

    `start()` opens the sockets (raw, else unprivileged datagram, else none: then every round fails with
    `NO_PRIVILEGE` and `privilege_hint()`), `close()` stops the thread; it is also a context manager.
    `start_round()` may be called from any thread and never blocks; `on_done` runs on the pinger's thread and must
    be quick (hand work to a queue).
    """

    def __init__(self, modes: Sequence[IcmpMode] = DEFAULT_MODES) -> None:
        self._modes = tuple(modes)
        self._ident = (os.getpid() * 31 + next(_instances) * 7919) & 0xFFFF
        self._lock = threading.Lock()
        self._incoming: list[_Round] = []
        self._wake_pending = False
        self._closing = False
        self._thread: threading.Thread | None = None
        self._sockets: dict[socket.AddressFamily, _Socket] = {}
        self._unavailable: dict[socket.AddressFamily, tuple[ErrorKind, str]] = {}
        self._selector: selectors.BaseSelector | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._mode = IcmpMode.NONE
        self._mode_v6 = IcmpMode.NONE
        # Owned by the receiver thread:
        self._sends: list[tuple[int, int, _Round]] = []
        self._deadlines: list[tuple[int, int, _Packet]] = []
        self._outstanding: dict[int, _Packet] = {}
        self._finished: list[_Round] = []
        self._next_seq = 0
        self._paused_until = 0  # a full send buffer pauses all sends briefly instead of spinning
        self._order = itertools.count()

    # -- lifecycle ---------------------------------------------------------------------------------------------

    @property
    def mode(self) -> IcmpMode:
        """The IPv4 mode found by `start()`."""
        return self._mode

    @property
    def mode_v6(self) -> IcmpMode:
        return self._mode_v6

    def privilege_hint(self) -> str:
        return privilege_hint()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("IcmpPinger.start() called twice")
        selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        selector.register(self._wake_r, selectors.EVENT_READ, None)
        for family in (socket.AF_INET, socket.AF_INET6):
            sock, mode, error = open_icmp_socket(family, self._modes)
            if sock is None:
                name = "IPv4" if family == socket.AF_INET else "IPv6"
                denied = error is None or is_permission_error(error)
                self._unavailable[family] = ((ErrorKind.NO_PRIVILEGE, privilege_hint()) if denied
                                             else (ErrorKind.OTHER, f"{name} ICMP unavailable: {error}"))
                continue
            state = _Socket(sock, mode, family, self._ident)
            self._sockets[family] = state
            selector.register(sock, selectors.EVENT_READ, state)
            if family == socket.AF_INET:
                self._mode = mode
            else:
                self._mode_v6 = mode
        self._selector = selector
        self._thread = threading.Thread(target=self._run, name="pantau-icmp", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the thread; rounds still running end with an OTHER error. Idempotent."""
        with self._lock:
            thread = self._thread
            if thread is not None and not self._closing:
                self._closing = True
                self._wake_locked()
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def __enter__(self) -> IcmpPinger:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- rounds ------------------------------------------------------------------------------------------------

    def start_round(self, address: str, count: int, timeout_s: float, interval_s: float,
                    on_done: Callable[[IcmpRound], None], ttl: int | None = None) -> None:
        """Send `count` echo requests to the IP literal `address`, `interval_s` apart; never blocks.

        `on_done` is called exactly once, from the pinger's thread, when every packet is answered or timed out.
        Raises ValueError for bad arguments (a host name included: no DNS here) and RuntimeError when the pinger
        is not running.
        """
        family, text, sockaddr = _parse_target(address)
        if count < 1:
            raise ValueError(f"count must be at least 1, not {count}")
        if not timeout_s > 0 or interval_s < 0:
            raise ValueError(f"bad timing: timeout {timeout_s} s, interval {interval_s} s")
        if ttl is not None and not 1 <= ttl <= 255:
            raise ValueError(f"ttl must be within 1..255, not {ttl}")
        key = _address_key(family, text)
        round_ = _Round(text, key, family, sockaddr, count, timeout_s, interval_s, ttl, on_done)
        with self._lock:
            if self._thread is None or self._closing:
                raise RuntimeError("the ICMP pinger is not running")
            self._incoming.append(round_)
            self._wake_locked()

    def ping_round(self, address: str, count: int = 3, timeout_s: float = 1.0, interval_s: float = 0.0,
                   ttl: int | None = None) -> IcmpRound:
        """Blocking convenience for the CLI and diagnostics."""
        done = threading.Event()
        results: list[IcmpRound] = []

        def on_done(outcome: IcmpRound) -> None:
            results.append(outcome)
            done.set()

        self.start_round(address, count, timeout_s, interval_s, on_done, ttl)
        if not done.wait((count - 1) * interval_s + timeout_s + 5.0):
            raise RuntimeError("the ICMP pinger did not finish a round in time")
        return results[0]

    # -- the receiver thread -----------------------------------------------------------------------------------

    def _wake_locked(self) -> None:
        if not self._wake_pending and self._wake_w is not None:
            self._wake_pending = True
            with contextlib.suppress(BlockingIOError):  # a full pipe means the thread is awake already
                self._wake_w.send(b"\0")

    def _run(self) -> None:
        assert self._selector is not None
        try:
            while True:
                for key, _events in self._selector.select(self._next_timeout()):
                    if key.data is None:
                        self._drain_wake()
                    else:
                        self._read(key.data, errors=True)
                with self._lock:
                    if self._closing:
                        break
                    incoming, self._incoming = self._incoming, []
                    self._wake_pending = False
                now = time.perf_counter_ns()
                for round_ in incoming:
                    self._admit(round_, now)
                self._send_due()
                self._expire(time.perf_counter_ns())
                self._report()
        finally:
            self._shutdown()

    def _next_timeout(self) -> float | None:
        deadlines = self._deadlines
        # Answered packets leave stale deadlines behind; drop them here so they never cause a wake-up.
        while deadlines and self._outstanding.get(deadlines[0][2].seq) is not deadlines[0][2]:
            heapq.heappop(deadlines)
        next_ns = min(max(self._sends[0][0], self._paused_until) if self._sends else sys.maxsize,
                      deadlines[0][0] if deadlines else sys.maxsize)
        if next_ns == sys.maxsize:
            return None
        return max(0.0, (next_ns - time.perf_counter_ns()) / 1e9)

    def _drain_wake(self) -> None:
        assert self._wake_r is not None
        try:
            while self._wake_r.recv(4096):
                pass
        except BlockingIOError:
            pass

    def _admit(self, round_: _Round, now: int) -> None:
        if round_.family not in self._sockets:
            kind, message = self._unavailable[round_.family]
            round_.failures = [(kind, message)] * round_.count
            round_.pending = 0
            self._finished.append(round_)
            return
        for index in range(round_.count):
            heapq.heappush(self._sends, (now + index * round_.interval_ns, next(self._order), round_))

    def _send_due(self) -> None:
        sends = self._sends
        now = time.perf_counter_ns()
        if now < self._paused_until:
            return
        since_drain = 0
        while sends and sends[0][0] <= now:
            entry = heapq.heappop(sends)
            round_ = entry[2]
            if not self._send(self._sockets[round_.family], round_):
                heapq.heappush(sends, entry)
                self._paused_until = now + _SEND_RETRY_NS
                break
            since_drain += 1
            if since_drain == _DRAIN_EVERY:
                since_drain = 0
                for other in self._sockets.values():
                    self._read(other, errors=False)
                now = time.perf_counter_ns()

    def _send(self, state: _Socket, round_: _Round) -> bool:
        """Send one packet of `round_`; False when the socket is full and sending should pause."""
        seq = self._allocate_seq()
        if seq is None:
            self._fail(round_, ErrorKind.OTHER, "too many ICMP packets outstanding")
            return True
        try:
            if round_.ttl != state.ttl:
                state.sock.setsockopt(*state.ttl_option, state.default_ttl if round_.ttl is None else round_.ttl)
                state.ttl = round_.ttl
            packet = state.echo_request(seq)
            sent_wall_ns = time.time_ns()
            sent_ns = time.perf_counter_ns()
            state.sock.sendto(packet, round_.sockaddr)
        except OSError as error:
            if error.errno in _RETRY_ERRNOS:
                return False
            self._fail(round_, *_errno_failure(error))
            return True
        state.learn_port()
        record = _Packet(round_, seq, sent_ns, sent_wall_ns)
        self._outstanding[seq] = record
        heapq.heappush(self._deadlines, (sent_ns + round_.timeout_ns, next(self._order), record))
        return True

    def _allocate_seq(self) -> int | None:
        outstanding = self._outstanding
        if len(outstanding) >= 0x10000:
            return None
        seq = self._next_seq
        while seq in outstanding:
            seq = (seq + 1) & 0xFFFF
        self._next_seq = (seq + 1) & 0xFFFF
        return seq

    def _read(self, state: _Socket, errors: bool) -> None:
        if errors and state.recverr:
            self._read_error_queue(state)
        sock = state.sock
        handle = self._handle_v6 if state.v6 else self._handle_v4
        kernel_ns = 0
        for _ in range(_READS_PER_WAKE):
            try:
                if state.timestamps:
                    data, control, _flags, source = sock.recvmsg(_RECV_SIZE, _CONTROL_SIZE)
                    now = time.perf_counter_ns()
                    kernel_ns = _kernel_stamp(control)
                else:
                    data, source = sock.recvfrom(_RECV_SIZE)
                    now = time.perf_counter_ns()
            except BlockingIOError:
                return
            except OSError as error:
                # A ping socket repeats a pending ICMP error here; its details come from the error queue.
                _log.debug("ICMP receive: %s", error)
                return
            handle(state, data, source[0], now, kernel_ns)

    def _match(self, state: _Socket, ident: int, seq: int, key: str | bytes) -> _Packet | None:
        packet = self._outstanding.get(seq)
        if packet is None or ident not in state.idents:
            return None
        round_ = packet.round
        if round_.family != state.family or round_.key != key:
            return None
        return packet

    def _handle_v4(self, state: _Socket, data: bytes, source: str, now: int, kernel_ns: int) -> None:
        if data and data[0] >> 4 == 4:  # raw sockets (and macOS datagram ones) include the IP header
            data = data[(data[0] & 0x0F) * 4:]
        if len(data) < 8:
            return
        kind = data[0]
        if kind == _V4_ECHO_REPLY:
            ident, seq = _ID_SEQ.unpack_from(data, 4)
            packet = self._match(state, ident, seq, source)
            if packet is not None:
                self._answered(packet, packet.rtt_ms(now, kernel_ns))
        elif kind in (_V4_UNREACHABLE, _V4_TIME_EXCEEDED):
            quoted = data[8:]  # the IP header and first 8 bytes of the packet that caused it
            if len(quoted) < 28 or quoted[9] != socket.IPPROTO_ICMP:
                return
            inner = (quoted[0] & 0x0F) * 4
            if len(quoted) < inner + 8 or quoted[inner] != _V4_ECHO_REQUEST:
                return
            ident, seq = _ID_SEQ.unpack_from(quoted, inner + 4)
            packet = self._match(state, ident, seq, socket.inet_ntoa(quoted[16:20]))
            if packet is not None:
                self._icmp_error(packet, kind == _V4_TIME_EXCEEDED, data[1], source, packet.rtt_ms(now, kernel_ns))

    def _handle_v6(self, state: _Socket, data: bytes, source: str, now: int, kernel_ns: int) -> None:
        if len(data) >= 48 and data[0] >> 4 == 6:
            data = data[40:]
        if len(data) < 8:
            return
        kind = data[0]
        if kind == _V6_ECHO_REPLY:
            ident, seq = _ID_SEQ.unpack_from(data, 4)
            packet = self._match(state, ident, seq, _address_key(socket.AF_INET6, source))
            if packet is not None:
                self._answered(packet, packet.rtt_ms(now, kernel_ns))
        elif kind in (_V6_UNREACHABLE, _V6_TIME_EXCEEDED):
            quoted = data[8:]  # the IPv6 header, then our echo request
            if len(quoted) < 48 or quoted[6] != socket.IPPROTO_ICMPV6 or quoted[40] != _V6_ECHO_REQUEST:
                return
            ident, seq = _ID_SEQ.unpack_from(quoted, 44)
            packet = self._match(state, ident, seq, bytes(quoted[24:40]))
            if packet is not None:
                self._icmp_error(packet, kind == _V6_TIME_EXCEEDED, data[1], source.partition("%")[0],
                                 packet.rtt_ms(now, kernel_ns))

    def _read_error_queue(self, state: _Socket) -> None:
        """Linux ping sockets: ICMP errors about our packets, with the offending router as an ancillary address."""
        for _ in range(_READS_PER_WAKE):
            try:
                data, ancillary, _flags, _address = state.sock.recvmsg(_RECV_SIZE, 512, socket.MSG_ERRQUEUE)
            except OSError:
                return
            if len(data) < 8:
                continue
            ident, seq = _ID_SEQ.unpack_from(data, 4)
            packet = self._outstanding.get(seq)
            if packet is None or ident not in state.idents or packet.round.family != state.family:
                continue
            rtt_ms = packet.rtt_ms(time.perf_counter_ns(), 0)
            for level, kind_of_message, payload in ancillary:
                if (level, kind_of_message) != state.recverr_message or len(payload) < _ERR_HEADER.size:
                    continue  # e.g. the receive timestamp
                code_errno, origin, kind, code, _pad, _info, _data = _ERR_HEADER.unpack_from(payload)
                offender = _offender(payload[_ERR_HEADER.size:], state.v6) or packet.round.address
                if origin in (_SO_EE_ORIGIN_ICMP, _SO_EE_ORIGIN_ICMP6):
                    exceeded = kind == (_V6_TIME_EXCEEDED if state.v6 else _V4_TIME_EXCEEDED)
                    self._icmp_error(packet, exceeded, code, offender, rtt_ms)
                else:
                    self._fail_packet(packet, *_errno_failure(OSError(code_errno, os.strerror(code_errno))))
                break

    def _answered(self, packet: _Packet, rtt_ms: float) -> None:
        del self._outstanding[packet.seq]
        round_ = packet.round
        round_.rtts.append(rtt_ms)
        self._one_done(round_)

    def _icmp_error(self, packet: _Packet, exceeded: bool, code: int, source: str, rtt_ms: float) -> None:
        round_ = packet.round
        if exceeded:
            del self._outstanding[packet.seq]
            round_.hop = round_.hop or source
            round_.hop_rtts.append(rtt_ms)
            self._one_done(round_)
        else:
            self._fail_packet(packet, ErrorKind.UNREACHABLE,
                              f"{source} reports {_describe_unreachable(round_.family == socket.AF_INET6, code)}")

    def _fail_packet(self, packet: _Packet, kind: ErrorKind, message: str) -> None:
        del self._outstanding[packet.seq]
        self._fail(packet.round, kind, message)

    def _fail(self, round_: _Round, kind: ErrorKind, message: str) -> None:
        round_.failures.append((kind, message))
        self._one_done(round_)

    def _one_done(self, round_: _Round) -> None:
        round_.pending -= 1
        if round_.pending == 0:
            self._finished.append(round_)

    def _expire(self, now: int) -> None:
        deadlines = self._deadlines
        outstanding = self._outstanding
        while deadlines and deadlines[0][0] <= now:
            _, _, packet = heapq.heappop(deadlines)
            if outstanding.get(packet.seq) is packet:
                del outstanding[packet.seq]
                self._one_done(packet.round)

    def _report(self) -> None:
        finished, self._finished = self._finished, []
        for round_ in finished:
            try:
                round_.on_done(round_.outcome())
            except Exception:
                _log.exception("ICMP round callback failed for %s", round_.address)

    def _shutdown(self) -> None:
        """End every unfinished round, then release the sockets."""
        with self._lock:
            self._closing = True
            incoming, self._incoming = self._incoming, []
        unfinished: dict[int, _Round] = {}
        for round_ in [*incoming, *(entry[2] for entry in self._sends),
                       *(packet.round for packet in self._outstanding.values())]:
            unfinished[id(round_)] = round_
        self._sends.clear()
        self._outstanding.clear()
        self._deadlines.clear()
        for round_ in unfinished.values():
            if round_ not in self._finished:
                round_.failures.append((ErrorKind.OTHER, "the ICMP pinger was closed"))
                round_.pending = 0
                self._finished.append(round_)
        self._report()
        with self._lock:
            if self._selector is not None:
                self._selector.close()
            for state in self._sockets.values():
                state.sock.close()
            for sock in (self._wake_r, self._wake_w):
                if sock is not None:
                    sock.close()
            self._wake_w = None


def _kernel_stamp(control: list[tuple[int, int, bytes]]) -> int:
    """The SO_TIMESTAMPNS receive time in wall-clock nanoseconds, or 0."""
    for level, kind, data in control:
        if level == socket.SOL_SOCKET and kind == _SO_TIMESTAMPNS and len(data) >= _TIMESPEC.size:
            seconds, nanoseconds = _TIMESPEC.unpack_from(data)
            return int(seconds) * 1_000_000_000 + int(nanoseconds)
    return 0


def _offender(sockaddr: bytes, v6: bool) -> str | None:
    """The address in the `struct sockaddr_in[6]` that follows a `sock_extended_err` (SO_EE_OFFENDER)."""
    if len(sockaddr) < 8:
        return None
    family = struct.unpack_from("=H", sockaddr)[0]
    if family == socket.AF_INET:
        return socket.inet_ntoa(sockaddr[4:8])
    if family == socket.AF_INET6 and len(sockaddr) >= 24 and v6:
        return socket.inet_ntop(socket.AF_INET6, sockaddr[8:24])
    return None
