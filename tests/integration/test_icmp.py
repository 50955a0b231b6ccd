"""The multiplexed ICMP pinger with real packets: loopback in this namespace, anything else only inside throwaway
network namespaces that have no link to the outside, and the unprivileged path as a real unprivileged user."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import ping3  # type: ignore[import-untyped]
import pytest

from pantau.domain.samples import ErrorKind
from pantau.probing.icmp import IcmpMode, IcmpPinger, IcmpRound
from tests.netns import run_checked

SRC = Path(__file__).resolve().parents[2] / "src"
IS_ROOT = sys.platform == "linux" and os.geteuid() == 0


class Rounds:
    """Collects on_done calls, with the thread each came from."""

    def __init__(self, expected: int = 1) -> None:
        self.expected = expected
        self.results: list[IcmpRound] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()
        self.done = threading.Event()

    def __call__(self, outcome: IcmpRound) -> None:
        with self._lock:
            self.results.append(outcome)
            self.threads.add(threading.current_thread().name)
            if len(self.results) >= self.expected:
                self.done.set()

    def wait(self, timeout_s: float = 10.0) -> list[IcmpRound]:
        assert self.done.wait(timeout_s), f"only {len(self.results)}/{self.expected} rounds finished"
        return self.results


@pytest.fixture
def pinger() -> Iterator[IcmpPinger]:
    with IcmpPinger() as started:
        if started.mode is IcmpMode.NONE:
            pytest.skip(f"this process may not send ICMP: {started.privilege_hint()}")
        yield started


def test_three_of_three_from_loopback_with_sane_rtts(pinger: IcmpPinger) -> None:
    outcome = pinger.ping_round("127.0.0.1", count=3, timeout_s=1.0)
    assert (outcome.sent, outcome.received, outcome.error, outcome.message) == (3, 3, None, "")
    assert len(outcome.rtts_ms) == 3
    assert all(0 < rtt < 5 for rtt in outcome.rtts_ms), outcome.rtts_ms
    result = outcome.to_result("srv", "icmp")
    assert (result.target, result.method, result.ok, result.detail["address"]) == ("srv", "icmp", True, "127.0.0.1")
    sample = result.to_sample()
    assert sample.lost == 0 and sample.rtt_ms is not None and sample.rtt_ms < 5


def test_254_targets_at_once_all_answer_with_sub_millisecond_median(pinger: IcmpPinger) -> None:
    addresses = [f"127.0.1.{i}" for i in range(1, 255)]
    rounds = Rounds(expected=len(addresses))
    for address in addresses:
        pinger.start_round(address, 3, 2.0, 0.0, rounds)
    results = rounds.wait()
    assert sorted(r.address for r in results) == sorted(addresses)  # each round reported exactly once
    assert all((r.received, r.error) == (3, None) for r in results)
    assert rounds.threads == {"pantau-icmp"}
    rtts = [rtt for r in results for rtt in r.rtts_ms]
    assert statistics.median(rtts) < 1.0, statistics.median(rtts)


def test_a_round_is_spaced_non_blocking_and_reported_exactly_once() -> None:
    rounds = Rounds()
    with IcmpPinger() as pinger:
        if pinger.mode is IcmpMode.NONE:
            pytest.skip(pinger.privilege_hint())
        began = time.perf_counter()
        pinger.start_round("127.0.40.7", 3, 1.0, 0.1, rounds)
        assert time.perf_counter() - began < 0.05, "start_round must not wait for the packets"
        (outcome,) = rounds.wait()
        elapsed = time.perf_counter() - began
    assert elapsed >= 0.2, "three packets 0.1 s apart cannot finish in less than 0.2 s"
    assert outcome.received == 3
    assert len(rounds.results) == 1  # nothing more arrived, not even at close


def test_close_ends_unfinished_rounds_stops_the_thread_and_is_idempotent() -> None:
    rounds = Rounds()
    pinger = IcmpPinger()
    pinger.start()
    assert any(t.name == "pantau-icmp" for t in threading.enumerate())
    if pinger.mode is IcmpMode.NONE:
        pinger.close()
        pytest.skip(pinger.privilege_hint())
    pinger.start_round("127.0.0.1", 2, 1.0, 30.0, rounds)  # the second packet is due in 30 s
    pinger.close()
    assert not any(t.name == "pantau-icmp" for t in threading.enumerate())
    assert len(rounds.results) == 1, "close() reports the unfinished round before it returns"
    assert rounds.results[0].sent == 2 and rounds.results[0].received <= 1
    pinger.close()
    with pytest.raises(RuntimeError):
        pinger.start_round("127.0.0.1", 1, 1.0, 0.0, rounds)


@pytest.mark.parametrize("address", ["localhost", "gateway.example", "127.1", "", "10.0.0.0/8"])
def test_names_and_non_literals_are_refused_without_any_dns(pinger: IcmpPinger, address: str) -> None:
    with pytest.raises(ValueError, match="literal"):
        pinger.start_round(address, 1, 1.0, 0.0, Rounds())


@pytest.mark.parametrize(("count", "timeout_s", "interval_s", "ttl"), [(0, 1.0, 0.0, None), (1, 0.0, 0.0, None),
                                                                        (1, 1.0, -1.0, None), (1, 1.0, 0.0, 0)])
def test_bad_arguments_raise(pinger: IcmpPinger, count: int, timeout_s: float, interval_s: float,
                             ttl: int | None) -> None:
    with pytest.raises(ValueError):
        pinger.start_round("127.0.0.1", count, timeout_s, interval_s, Rounds(), ttl)


def test_ipv6_loopback_answers(pinger: IcmpPinger) -> None:
    if pinger.mode_v6 is IcmpMode.NONE:
        pytest.skip("no ICMPv6 socket on this machine")
    outcome = pinger.ping_round("::1", count=3, timeout_s=1.0)
    assert (outcome.received, outcome.error) == (3, None), outcome
    assert all(0 < rtt < 5 for rtt in outcome.rtts_ms)


def test_without_any_icmp_socket_every_round_says_how_to_enable_it() -> None:
    rounds = Rounds(expected=2)
    with IcmpPinger(modes=()) as pinger:
        assert pinger.mode is IcmpMode.NONE
        pinger.start_round("127.0.0.1", 3, 1.0, 0.0, rounds)
        pinger.start_round("::1", 3, 1.0, 0.0, rounds)
        results = rounds.wait()
    hint = pinger.privilege_hint()
    assert "ping_group_range" in hint and "cap_net_raw" in hint
    for outcome in results:
        assert (outcome.sent, outcome.received, outcome.error, outcome.message) == (3, 0, ErrorKind.NO_PRIVILEGE, hint)
        assert outcome.to_result("t").to_sample().error is ErrorKind.NO_PRIVILEGE
    assert rounds.threads == {"pantau-icmp"}


# -- what goes on the wire (a root sniffer on loopback) --------------------------------------------------------------

def _internet_checksum_ok(data: bytes) -> bool:
    """RFC 1071, computed independently of ping3: the sum over a correct message is 0xFFFF."""
    padded = data + b"\0" * (len(data) % 2)
    total: int = sum(struct.unpack(f"!{len(padded) // 2}H", padded))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return total == 0xFFFF


def _sniff_echo_request(sniffer: socket.socket, destination: str) -> bytes:
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        packet = sniffer.recv(2048)
        header = (packet[0] & 0x0F) * 4
        if packet[9] == socket.IPPROTO_ICMP and socket.inet_ntoa(packet[16:20]) == destination \
                and packet[header] == 8:
            return packet
    raise AssertionError(f"no echo request to {destination} seen")


@pytest.mark.netns
@pytest.mark.skipif(not IS_ROOT, reason="sniffing loopback needs a raw socket (root)")
def test_echo_requests_carry_a_valid_checksum_and_the_requested_ttl(pinger: IcmpPinger) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sniffer:
        sniffer.settimeout(3)
        limited = pinger.ping_round("127.0.77.7", count=1, timeout_s=1.0, ttl=7)
        first = _sniff_echo_request(sniffer, "127.0.77.7")
        plain = pinger.ping_round("127.0.77.8", count=1, timeout_s=1.0)
        second = _sniff_echo_request(sniffer, "127.0.77.8")
    assert limited.received == 1 and plain.received == 1  # loopback delivery does not decrement the TTL
    assert first[8] == 7
    assert second[8] == 64, "a round without ttl must get the system default back"
    for packet in (first, second):
        assert _internet_checksum_ok(packet[(packet[0] & 0x0F) * 4:])


# -- namespaces: unreachable networks, total outages and ICMP errors, with nothing able to leave ------------------

def _netns_reason() -> str | None:
    if not IS_ROOT:
        return "network namespaces need root (CAP_NET_ADMIN); CI runs these tests as root"
    if shutil.which("ip") is None:
        return "the `ip` command (Debian iproute2) is missing"
    return None


@pytest.fixture
def namespace() -> Iterator[str]:
    reason = _netns_reason()
    if reason:
        pytest.skip(reason)
    name = f"pt-icmp-{os.getpid()}-{secrets.token_hex(3)}"
    made = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot create a network namespace: {made.stderr.strip()}")
    try:
        yield name
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True, check=False)


def _in_namespace(name: str, *command: str) -> subprocess.CompletedProcess[str]:
    return run_checked(["ip", "netns", "exec", name, *command], timeout=60, env={**os.environ, "PYTHONPATH": str(SRC)})


def _python_in_namespace(name: str, script: str, *args: str) -> dict[str, object]:
    completed = _in_namespace(name, sys.executable, "-c", script, *args)
    return json.loads(completed.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


UNREACHABLE_SCRIPT = """
import json, time
from pantau.probing.icmp import IcmpPinger
with IcmpPinger() as pinger:
    out = {}
    for address in ("127.0.0.1", "::1"):
        began = time.perf_counter()
        r = pinger.ping_round(address, count=3, timeout_s=3.0)
        out[address] = {"error": r.error, "message": r.message, "sent": r.sent, "received": r.received,
                        "elapsed": time.perf_counter() - began}
print(json.dumps(out))
"""


@pytest.mark.netns
def test_a_network_that_is_not_there_is_unreachable_at_once_not_a_crash(namespace: str) -> None:
    # A fresh namespace: only `lo`, and it is down, so there is no route at all: sends fail with errno 101 (IPv4)
    # or 99 (IPv6, as ::1 is not even assigned while lo is down).
    out = _python_in_namespace(namespace, UNREACHABLE_SCRIPT)
    for address, text in (("127.0.0.1", "Network is unreachable (errno 101)"),
                          ("::1", "Cannot assign requested address (errno 99)")):
        outcome = out[address]
        assert isinstance(outcome, dict)
        assert (outcome["error"], outcome["message"]) == ("unreachable", text), outcome
        assert (outcome["sent"], outcome["received"]) == (3, 0)
        assert outcome["elapsed"] < 1.0, "a local routing failure must not wait for the timeout"


ICMP_ERRORS_SCRIPT = """
import json, socket, struct, sys, threading, time
import ping3
from pantau.probing.icmp import IcmpMode, IcmpPinger

mode = IcmpMode(sys.argv[1])
out = {}

def wait_for(pinger, address, **kwargs):
    done, box = threading.Event(), []
    pinger.start_round(address, on_done=lambda r: (box.append(r), done.set()), **kwargs)
    return done, box

with IcmpPinger(modes=(mode,)) as pinger, \\
        socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sniffer, \\
        socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as router:
    out["mode"] = pinger.mode
    sniffer.settimeout(3)
    router.bind(("127.0.0.9", 0))  # the forged errors come from this "router"

    # A total outage: 100 targets, nothing answers, and no thread is added while they wait.
    threads_before = threading.active_count()
    finished, lock, all_done = [], threading.Lock(), threading.Event()
    def collect(r):
        with lock:
            finished.append(r)
            if len(finished) == 100:
                all_done.set()
    began = time.perf_counter()
    for i in range(1, 101):
        pinger.start_round(f"127.0.2.{i}", 2, 0.5, 0.05, collect)
    out["threads_added"] = threading.active_count() - threads_before
    all_done.wait(10)
    out["outage_elapsed"] = time.perf_counter() - began
    out["outage"] = sorted({(r.error, r.message.split(" from ")[0], r.sent, r.received) for r in finished})

    for kind, code, target in ((11, 0, "127.0.3.3"), (3, 1, "127.0.3.4")):
        done, box = wait_for(pinger, target, count=1, timeout_s=3.0, interval_s=0.0, ttl=7)
        while True:
            packet = sniffer.recv(2048)
            header = (packet[0] & 0x0F) * 4
            if packet[9] == 1 and socket.inet_ntoa(packet[16:20]) == target and packet[header] == 8:
                break
        body = struct.pack("!BBHI", kind, code, 0, 0) + packet[:header + 8]
        body = body[:2] + struct.pack("<H", ping3.checksum(body)) + body[4:]
        router.sendto(body, (socket.inet_ntoa(packet[12:16]), 0))
        done.wait(5)
        r = box[0]
        out[str(kind)] = {"error": r.error, "message": r.message, "from": r.time_exceeded_from,
                          "hops": len(r.hop_rtts_ms), "received": r.received, "sent_ttl": packet[8]}
print(json.dumps(out))
"""


@pytest.mark.netns
@pytest.mark.parametrize("mode", [IcmpMode.RAW, IcmpMode.DATAGRAM])
def test_outage_costs_no_threads_and_icmp_errors_about_our_packets_are_understood(namespace: str,
                                                                                  mode: IcmpMode) -> None:
    # Inside the namespace only: loopback up, the kernel's echo replies off, and ping sockets allowed for everyone.
    _in_namespace(namespace, "ip", "link", "set", "lo", "up")
    _in_namespace(namespace, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=1")
    _in_namespace(namespace, "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647")
    out = _python_in_namespace(namespace, ICMP_ERRORS_SCRIPT, mode.value)
    assert out["mode"] == mode.value
    assert out["threads_added"] == 0
    assert out["outage"] == [["timeout", "no reply", 2, 0]]
    assert isinstance(out["outage_elapsed"], float) and out["outage_elapsed"] < 2.0
    exceeded, unreachable = out["11"], out["3"]
    assert isinstance(exceeded, dict) and isinstance(unreachable, dict)
    assert exceeded["sent_ttl"] == 7
    assert (exceeded["from"], exceeded["hops"], exceeded["received"]) == ("127.0.0.9", 1, 0)
    assert exceeded["error"] == "unreachable" and "at 127.0.0.9" in exceeded["message"]
    assert (unreachable["error"], unreachable["received"], unreachable["from"]) == ("unreachable", 0, None)
    assert unreachable["message"] == "127.0.0.9 reports destination host unreachable (ICMP 3/1)"


# -- the unprivileged path, as a real unprivileged user ------------------------------------------------------------

PING_GROUP_RANGE = Path("/proc/sys/net/ipv4/ping_group_range")

USER_SCRIPT = """
import json
from pantau.probing.icmp import IcmpPinger
with IcmpPinger() as pinger:
    v4 = pinger.ping_round("127.0.0.1", count=3, timeout_s=1.0)
    v6 = pinger.ping_round("::1", count=3, timeout_s=1.0)
print(json.dumps({"mode": pinger.mode, "mode_v6": pinger.mode_v6, "hint": pinger.privilege_hint(),
                  "v4": [v4.error, v4.message, v4.received, max(v4.rtts_ms, default=0)],
                  "v6": [v6.error, v6.message, v6.received, max(v6.rtts_ms, default=0)]}))
"""


class UnprivilegedUser:
    def __init__(self, name: str, python: str, pythonpath: str) -> None:
        self.name, self.python, self.pythonpath = name, python, pythonpath

    def run(self, script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["runuser", "-u", self.name, "--", "env", f"PYTHONPATH={self.pythonpath}",
                               "HOME=/nonexistent", self.python, "-c", script],
                              capture_output=True, text=True, timeout=60, check=False, cwd="/")


@pytest.fixture
def unprivileged_user() -> Iterator[UnprivilegedUser]:
    if not IS_ROOT:
        pytest.skip("making a throwaway user and changing net.ipv4.ping_group_range needs root")
    if shutil.which("useradd") is None or shutil.which("runuser") is None:
        pytest.skip("useradd/runuser (Debian passwd, util-linux) are missing")
    name = f"pticmp{secrets.token_hex(4)}"
    subprocess.run(["useradd", "--create-home", "--user-group", name], check=True, capture_output=True)
    try:
        # The venv interpreter may live where other users cannot go (here: under /root); any Python 3.11+ that the
        # user can run will do, with our sources and the venv's site-packages (for ping3) on its path.
        pythonpath = os.pathsep.join([str(SRC), str(Path(ping3.__file__).resolve().parents[1])])
        system_path = "/usr/local/bin:/usr/bin:/bin"
        candidates = dict.fromkeys(p for p in (sys.executable, shutil.which("python3.11", path=system_path),
                                               shutil.which("python3", path=system_path)) if p)
        user = None
        for python in candidates:
            trial = UnprivilegedUser(name, python, pythonpath)
            check = trial.run("import sys, ping3, pantau.probing.icmp; assert sys.version_info >= (3, 11)")
            if check.returncode == 0:
                user = trial
                break
        if user is None:
            pytest.skip(f"no Python 3.11+ with ping3 that an unprivileged user may run (tried {list(candidates)})")
        yield user
    finally:
        subprocess.run(["userdel", "-r", name], capture_output=True, check=False)


@pytest.fixture
def ping_group_range() -> Iterator[Path]:
    original = PING_GROUP_RANGE.read_text()
    try:
        yield PING_GROUP_RANGE
    finally:
        PING_GROUP_RANGE.write_text(original)


@pytest.mark.netns
def test_an_unprivileged_user_gets_no_privilege_with_the_hint_then_real_replies_once_allowed(
        unprivileged_user: UnprivilegedUser, ping_group_range: Path) -> None:
    ping_group_range.write_text("1 0")
    denied = unprivileged_user.run(USER_SCRIPT)
    assert denied.returncode == 0, denied.stderr
    out = json.loads(denied.stdout)
    assert (out["mode"], out["mode_v6"]) == ("none", "none")
    assert "ping_group_range" in out["hint"]
    assert out["v4"] == ["no-privilege", out["hint"], 0, 0]
    assert out["v6"] == ["no-privilege", out["hint"], 0, 0]

    ping_group_range.write_text("0 2147483647")
    allowed = unprivileged_user.run(USER_SCRIPT)
    assert allowed.returncode == 0, allowed.stderr
    out = json.loads(allowed.stdout)
    assert (out["mode"], out["mode_v6"]) == ("datagram", "datagram")
    for family in ("v4", "v6"):
        error, message, received, worst = out[family]
        assert (error, message, received) == (None, "", 3), out
        assert 0 < worst < 5
