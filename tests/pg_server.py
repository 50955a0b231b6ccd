"""A real PostgreSQL server for tests and benchmarks: `initdb` and `pg_ctl` into a temporary directory, never a
system-wide service.

PostgreSQL refuses to run as root, so under root (CI) the cluster belongs to the unprivileged `nobody` and its
commands run through `runuser`; a normal user runs them as himself. The server listens on 127.0.0.1 (and any
test-namespace address given) at a free port
(and on a Unix socket in its own directory, where the administrator connects without a password to set up roles);
TCP connections need a password (scram-sha-256), so the tests can show a refused one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Self

ADMIN = "pantau_admin"
ADMIN_PASSWORD = "admin-test-password"
_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def pg_bin(name: str) -> str | None:
    """A PostgreSQL server program: from PATH, else Debian's versioned directory (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    return next((str(d / name) for d in _BIN_DIRS if os.access(d / name, os.X_OK)), None)


def postgres_missing_reason() -> str | None:
    """Why a real server cannot run here, or None."""
    if pg_bin("initdb") is None or pg_bin("pg_ctl") is None:
        return "PostgreSQL (Debian package postgresql) is not installed; scripts/setup.sh --net-tests installs it"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "PostgreSQL does not run as root and runuser (util-linux) is missing to run it as nobody"
    return None


def free_tcp_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """A throw-away cluster on 127.0.0.1; a context manager that stops it and deletes its files."""

    def __init__(self, listen: tuple[str, ...] = ("127.0.0.1",), networks: tuple[str, ...] = ()) -> None:
        """`listen`: the addresses it listens on (loopback, and a test namespace's veth address for an agent in
        that namespace); `networks`: client networks beside loopback allowed in with a password."""
        self.listen = listen
        self.networks = networks
        # Not under pytest's tmp_path: under root that is a 0700 directory `nobody` cannot enter.
        self.directory = Path(tempfile.mkdtemp(prefix="pantau-pg-"))
        self.data = self.directory / "data"
        self.port = free_tcp_port()
        self._as_root = os.geteuid() == 0

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self._as_root:
            command = ["runuser", "-u", "nobody", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True,
                              cwd=self.directory, env={**os.environ, "LC_ALL": "C.UTF-8"})

    def _options(self) -> str:
        return (f"-p {self.port} -k {self.directory} -c listen_addresses={','.join(self.listen)} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off")

    def start(self) -> Self:
        password_file = self.directory / "admin-password"
        password_file.write_text(ADMIN_PASSWORD)
        if self._as_root:
            shutil.chown(self.directory, "nobody", "nogroup")
            shutil.chown(password_file, "nobody", "nogroup")
        initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
        assert initdb and pg_ctl
        self._run(initdb, "-D", str(self.data), "-U", ADMIN, "--pwfile", str(password_file), "--auth-local=trust",
                  "--auth-host=scram-sha-256", "-E", "UTF8", "--no-instructions")
        with (self.data / "pg_hba.conf").open("a") as hba:
            hba.writelines(f"host all all {network} scram-sha-256\n" for network in self.networks)
        self.resume()
        return self

    def pause(self) -> None:
        """Stop the server (connections drop, as in a WAN cut), keeping its files for `resume`."""
        pg_ctl = pg_bin("pg_ctl")
        assert pg_ctl
        self._run(pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop", timeout=60)

    def resume(self) -> None:
        pg_ctl = pg_bin("pg_ctl")
        assert pg_ctl
        self._run(pg_ctl, "-D", str(self.data), "-o", self._options(), "-l", str(self.directory / "server.log"),
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        pg_ctl = pg_bin("pg_ctl")
        if pg_ctl and (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._run(pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Self:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def log(self) -> str:
        path = self.directory / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def admin_sql(self, sql: str, database: str = "postgres") -> str:
        """Run `sql` as the administrator over the Unix socket (no password); returns psql's output."""
        psql = pg_bin("psql")
        assert psql
        done = self._run(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.directory), "-p",
                         str(self.port), "-U", ADMIN, "-d", database, "-At", "-c", sql)
        return done.stdout

    def create_database(self, name: str, owner: str, password: str) -> str:
        """A login role `owner` with `password` and a database it owns; returns the store URL (no password)."""
        self.admin_sql(f"CREATE ROLE {owner} LOGIN PASSWORD '{password}'")
        self.admin_sql(f"CREATE DATABASE {name} OWNER {owner}")
        return f"postgresql://{owner}@127.0.0.1:{self.port}/{name}"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise TimeoutError(f"PostgreSQL did not listen on 127.0.0.1:{self.port}:\n{self.log()}")
