"""Test hosts in network namespaces: real links that tests can cut, slow down, make lossy or delay.

Every run takes its own /24 out of 10.250.0.0/16 and first installs an `unreachable` guard route for it in the
root namespace, so a probe to a host whose veth is gone fails locally and can never leave through the default
route. Everything made here (namespaces, veths, the guard route, processes) is removed by `close()`, which the
fixtures call even when a test fails. Names carry a per-run prefix so parallel runs do not clash.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

RESPONDER = Path(__file__).with_name("delayed_responder.py")


def netns_unavailable_reason() -> str | None:
    """Why namespace tests cannot run here, or None when they can."""
    if sys.platform != "linux":
        return "network namespaces exist only on Linux"
    if os.geteuid() != 0:
        return "network namespace tests need root (CAP_NET_ADMIN); CI runs them as root"
    if shutil.which("ip") is None:
        return "the `ip` command (Debian iproute2) is missing"
    probe = f"ptchk{os.getpid() % 100000}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        return f"cannot create a network namespace: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True, check=False)
    return None


def run_checked(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    """Run a helper command; when it fails, the error names the command, its exit code and what it printed.

    `check=True` would raise CalledProcessError, whose message drops stderr, and stderr is where `ip` or `sysctl`
    says what is wrong ("exec of "sysctl" failed: No such file or directory" names the missing Debian package).
    """
    result = subprocess.run(command, capture_output=True, text=True, check=False, **options)  # type: ignore[call-overload]
    if result.returncode != 0:
        said = "; ".join(part for part in (result.stderr.strip(), result.stdout.strip()) if part) or "nothing"
        raise RuntimeError(f"`{' '.join(command)}` failed with exit code {result.returncode}: {said}")
    return result  # type: ignore[no-any-return]


def _ip(*args: str, namespace: str | None = None) -> None:
    run_checked(["ip", *args] if namespace is None else ["ip", "netns", "exec", namespace, "ip", *args])


@dataclass
class LabHost:
    """One namespace joined to the root namespace by a veth pair with a /30."""

    name: str
    namespace: str
    near_device: str
    far_device: str
    address: str
    gateway: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    # Where the near side lives: the root namespace, or the namespace of the host this one is reached through.
    near_namespace: str | None = None

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        return run_checked(["ip", "netns", "exec", self.namespace, *command])

    def cut(self, side: str = "far") -> None:
        """Take the link down. The far side down gives timeouts; the near side gives 'network unreachable' at once."""
        if side == "far":
            _ip("link", "set", self.far_device, "down", namespace=self.namespace)
        else:
            _ip("link", "set", self.near_device, "down", namespace=self.near_namespace)

    def restore(self) -> None:
        _ip("link", "set", self.near_device, "up", namespace=self.near_namespace)
        _ip("link", "set", self.far_device, "up", namespace=self.namespace)

    def rate_limit(self, kbit: int, latency_ms: int = 400) -> None:
        """A token bucket on the near side's egress (toward the host): probes queue behind other traffic to it,
        as on a saturated 100 kbps line, for at most `latency_ms` (then they are dropped)."""
        prefix = ["ip", "netns", "exec", self.near_namespace] if self.near_namespace else []
        run_checked([*prefix, "tc", "qdisc", "replace", "dev", self.near_device, "root", "handle", "1:", "tbf",
                     "rate", f"{kbit}kbit", "burst", "1600", "latency", f"{latency_ms}ms"])

    def drop_echo_requests(self, percent: int) -> None:
        """Drop that share of incoming echo requests at random (nftables in the host's namespace)."""
        self.run("nft", "add", "table", "inet", "impair")
        self.run("nft", "add", "chain", "inet", "impair", "in", "{ type filter hook input priority 0; }")
        self.run("nft", "add", "rule", "inet", "impair", "in", "icmp", "type", "echo-request", "numgen", "random",
                 "mod", "100", "lt", str(percent), "drop")

    def drop_echo_replies(self, percent: int) -> None:
        """Drop that share of outgoing echo replies at random: with `drop_echo_requests`, loss in both directions."""
        self.run("nft", "add", "table", "inet", "impair")
        self.run("nft", "add", "chain", "inet", "impair", "out", "{ type filter hook output priority 0; }")
        self.run("nft", "add", "rule", "inet", "impair", "out", "icmp", "type", "echo-reply", "numgen", "random",
                 "mod", "100", "lt", str(percent), "drop")

    def delay_echo_replies(self, milliseconds: int, lifetime_s: float = 60.0) -> None:
        """Answer pings after a delay: the kernel's own replies are switched off and a responder answers instead."""
        self.run("sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=1")
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.namespace, sys.executable, str(RESPONDER), str(milliseconds),
             str(lifetime_s)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None and process.stderr is not None
        if process.stdout.readline().strip() != b"ready":
            process.kill()
            _, stderr = process.communicate(timeout=10)
            said = stderr.decode(errors="replace").strip() or "nothing on stderr"
            raise RuntimeError(f"the delayed responder in {self.namespace} did not start: {said}")
        # It prints nothing more once ready; the pipe is closed with stdout in stop_processes().
        self.processes.append(process)

    def stop_processes(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        self.processes.clear()


class NamespaceLab:
    """A set of test hosts with their guard route; use `namespace_lab()` to get one that always cleans up."""

    def __init__(self) -> None:
        self.hosts: list[LabHost] = []
        # The guard goes in before any address exists, so no later mistake can route a probe off the machine. A
        # /24 another run on this machine holds (its guard is there: "File exists") is passed over for another.
        for attempt in range(40):
            self.subnet_index = random.randrange(1, 255)
            self.subnet = f"10.250.{self.subnet_index}.0/24"
            try:
                _ip("route", "add", "unreachable", self.subnet)
            except RuntimeError as error:
                if "File exists" not in str(error) or attempt == 39:
                    raise
                continue
            break
        self.prefix = f"pt{os.getpid() % 1000}{self.subnet_index:02x}"

    def add_host(self, name: str) -> LabHost:
        index = len(self.hosts)
        if index >= 60:
            raise ValueError("a test net holds at most 60 hosts")
        namespace = f"{self.prefix}-{name}"[:40]
        near, far = f"{self.prefix}n{index}", f"{self.prefix}f{index}"
        base = index * 4
        gateway, address = f"10.250.{self.subnet_index}.{base + 1}", f"10.250.{self.subnet_index}.{base + 2}"
        _ip("netns", "add", namespace)
        host = LabHost(name, namespace, near, far, address, gateway)
        self.hosts.append(host)
        _ip("link", "add", near, "type", "veth", "peer", "name", far)
        _ip("link", "set", far, "netns", namespace)
        _ip("addr", "add", f"{gateway}/30", "dev", near)
        _ip("link", "set", near, "up")
        _ip("addr", "add", f"{address}/30", "dev", far, namespace=namespace)
        _ip("link", "set", far, "up", namespace=namespace)
        _ip("link", "set", "lo", "up", namespace=namespace)
        return host

    def add_host_behind(self, name: str, via: LabHost) -> LabHost:
        """A host reached through `via`, which forwards for it: a second hop, so whatever impairs the line to `via`
        (its rate limit, loss on it) impairs this host's traffic too, and a TTL of 1 expires at `via`. The root
        namespace routes the new /30 through `via`; the new host's default route points back at `via`."""
        index = len(self.hosts)
        if index >= 60:
            raise ValueError("a test net holds at most 60 hosts")
        namespace = f"{self.prefix}-{name}"[:40]
        near, far = f"{self.prefix}n{index}", f"{self.prefix}f{index}"
        base = index * 4
        gateway, address = f"10.250.{self.subnet_index}.{base + 1}", f"10.250.{self.subnet_index}.{base + 2}"
        _ip("netns", "add", namespace)
        host = LabHost(name, namespace, near, far, address, gateway, near_namespace=via.namespace)
        self.hosts.append(host)
        _ip("link", "add", near, "type", "veth", "peer", "name", far)
        _ip("link", "set", near, "netns", via.namespace)
        _ip("link", "set", far, "netns", namespace)
        _ip("addr", "add", f"{gateway}/30", "dev", near, namespace=via.namespace)
        _ip("link", "set", near, "up", namespace=via.namespace)
        _ip("addr", "add", f"{address}/30", "dev", far, namespace=namespace)
        _ip("link", "set", far, "up", namespace=namespace)
        _ip("link", "set", "lo", "up", namespace=namespace)
        _ip("route", "add", "default", "via", gateway, namespace=namespace)
        via.run("sysctl", "-qw", "net.ipv4.ip_forward=1")
        _ip("route", "add", f"10.250.{self.subnet_index}.{base}/30", "via", via.address)
        return host

    def close(self) -> None:
        for host in self.hosts:
            host.stop_processes()
            subprocess.run(["ip", "link", "del", host.near_device], capture_output=True, check=False)
            subprocess.run(["ip", "netns", "del", host.namespace], capture_output=True, check=False)
        self.hosts.clear()
        subprocess.run(["ip", "route", "del", "unreachable", self.subnet], capture_output=True, check=False)


@contextmanager
def namespace_lab() -> Iterator[NamespaceLab]:
    reason = netns_unavailable_reason()
    if reason:
        pytest.skip(reason)
    net = NamespaceLab()
    try:
        yield net
    finally:
        net.close()
