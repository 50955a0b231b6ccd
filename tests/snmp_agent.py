"""A real net-snmp agent (`snmpd`) for tests and benchmarks, run as the test's own process.

It reads only the configuration written here (-C): a v2c community, a v3 authPriv user (SHA-256/AES-128) and two
communities with narrowed views, to show an agent without the 64-bit counters and one without any counters. Its
persistent files (the v3 user's localized keys, engineBoots) live in the test's directory, so a restart keeps the
user and counts a reboot. It listens on one UDP address only: loopback, or a namespace host's address when started
inside that namespace. Logs go to a file (a pipe nobody reads would fill and stall the agent).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Self

COMMUNITY = "pantau-ro"
# What lo is announced at (snmpd.conf's `interface`); net-snmp applies it at its first interface-cache refresh.
LO_SPEED_BPS = 4_000_000_000
# The views: no ifXTable (so no ifName, no ifHCInOctets), and only the names and status (no counters at all).
COMMUNITY_32BIT = "pantau-32bit"
COMMUNITY_BARE = "pantau-bare"
V3_USER = "pantau"
V3_AUTH_KEY = "pantau-auth-key"
V3_PRIV_KEY = "pantau-priv-key"

SNMPD_CANDIDATES = ("/usr/sbin/snmpd", "/usr/local/sbin/snmpd")


def snmpd_path() -> str | None:
    return shutil.which("snmpd") or next((path for path in SNMPD_CANDIDATES if os.access(path, os.X_OK)), None)


def snmpd_missing_reason() -> str | None:
    """Why the real agent cannot run here, or None."""
    if snmpd_path() is None:
        return "snmpd (Debian package snmpd) is not installed; scripts/setup.sh --net-tests installs it"
    return None


def free_udp_port(address: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((address, 0))
        return int(probe.getsockname()[1])


class SnmpAgent:
    """`snmpd -f` on `address:port`, optionally inside a network namespace; a context manager."""

    def __init__(self, directory: Path, address: str = "127.0.0.1", port: int | None = None,
                 namespace: str | None = None, auth_key: str = V3_AUTH_KEY, priv_key: str = V3_PRIV_KEY) -> None:
        if namespace is None and not address.startswith("127."):
            raise ValueError(f"outside a namespace the test agent listens on loopback only, not {address}")
        self.directory = directory
        self.address = address
        self.port = port if port is not None else free_udp_port(address)
        self.namespace = namespace
        self.auth_key = auth_key
        self.priv_key = priv_key
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def config_path(self) -> Path:
        return self.directory / "snmpd.conf"

    @property
    def log_path(self) -> Path:
        return self.directory / "snmpd.log"

    def _write_config(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "persist").mkdir(exist_ok=True)
        (self.directory / "mibs").mkdir(exist_ok=True)
        source = "127.0.0.1" if self.namespace is None else "default"
        self.config_path.write_text(
            # One line per request otherwise: the benchmark's 500 reads every 30 s would fill the log.
            "dontLogTCPWrappersConnects yes\n"
            # net-snmp calls lo a 10 Mbit/s interface; the suite's other workers (PostgreSQL, agents) move more than
            # that over it, which the rate check rightly takes for a counter reset. A real snmpd setting gives lo
            # the speed of what it carries here.
            f"interface lo 24 {LO_SPEED_BPS}\n"
            f"rocommunity {COMMUNITY} {source}\n"
            "view no64 included .1.3.6.1.2.1.1\n"
            "view no64 included .1.3.6.1.2.1.2\n"
            f"rocommunity {COMMUNITY_32BIT} {source} -V no64\n"
            "view bare included .1.3.6.1.2.1.1\n"
            "view bare included .1.3.6.1.2.1.2.2.1.2\n"
            "view bare included .1.3.6.1.2.1.2.2.1.8\n"
            f"rocommunity {COMMUNITY_BARE} {source} -V bare\n"
            f"createUser {V3_USER} SHA-256 {self.auth_key} AES {self.priv_key}\n"
            f"rouser {V3_USER} priv\n")

    def start(self, timeout_s: float = 10.0) -> None:
        binary = snmpd_path()
        if binary is None:
            raise RuntimeError("snmpd is not installed")
        self._write_config()
        self.log_path.write_text("")
        # -C reads no default files, so the agent's own persistent file (engine ID, engineBoots) is named too: a
        # restart then keeps the engine ID and counts a reboot, as a router does.
        configs = [self.config_path, self.directory / "persist" / "snmpd.conf"]
        config_list = ",".join(str(path) for path in configs if path.exists())
        command = [binary, "-f", "-C", "-c", config_list, "-Lf", str(self.log_path),
                   "-p", str(self.directory / "snmpd.pid"), f"udp:{self.address}:{self.port}"]
        if self.namespace is not None:
            command = ["ip", "netns", "exec", self.namespace, *command]
        # No MIB files: the agent serves by OID and would otherwise print hundreds of lines about missing modules.
        # Where the agent keeps its persistent file (the v3 user's localized keys, engine ID, engineBoots).
        environment = {**os.environ, "MIBS": "", "MIBDIRS": str(self.directory / "mibs"),
                       "SNMP_PERSISTENT_DIR": str(self.directory / "persist")}
        self.process = subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.starts += 1
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            log = self.log_path.read_text(errors="replace")
            if self.process.poll() is not None:
                raise RuntimeError(f"snmpd exited with {self.process.returncode}: {log.strip() or 'no log'}")
            # It logs its version once it listens (and "Error opening specified endpoint" if it cannot).
            if "NET-SNMP version" in log:
                if self.namespace is None:
                    self._wait_for_lo_speed(deadline)
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"snmpd did not start within {timeout_s:g} s")

    def _wait_for_lo_speed(self, deadline: float) -> None:
        """Until lo reports LO_SPEED_BPS: before that net-snmp serves its 10 Mbit/s guess, which the suite's other
        worker outruns over loopback, so a test's first interval would be taken for a counter reset."""
        import asyncio

        from pantau.domain.snmp_config import SnmpInterface
        from pantau.domain.traffic import CounterReading
        from pantau.probing.snmp import SnmpCredentials, SnmpPoller

        interface = SnmpInterface(host=self.address, port=self.port, interface="lo", community_secret="snmp.ro")

        async def speed() -> int | None:
            poller = SnmpPoller(timeout_s=0.5, retries=0)
            try:
                found = await poller.read(interface, SnmpCredentials(community=COMMUNITY))
            finally:
                poller.close()
            return found.speed_bps if isinstance(found, CounterReading) else None

        while time.monotonic() < deadline:
            if asyncio.run(speed()) == LO_SPEED_BPS:
                return
            time.sleep(0.2)
        raise RuntimeError(f"snmpd did not announce lo at {LO_SPEED_BPS} bit/s in time")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        """Stop and start on the same port with the same persistent files: sysUpTime starts again from 0."""
        self.stop()
        self.start()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
