"""Two agents at two vantage points on one PostgreSQL, and the WAN between them cut for real.

The data centre (vantage `diskominfo`) is the root namespace: the store runs there and its agent probes Kantor
Camat Waru's router over a veth. The Waru agent (vantage `camat-waru`) runs inside the router's namespace, probing
it from there and shipping to the store over the same veth. Taking the veth down cuts both: the data centre loses
the router and Waru loses the store. What the store must show: during the cut, Waru's router is a broken path from
the data centre, not DOWN (Waru heard it last, and its word is fresh); after the cut, every round the Waru agent
took arrives, in order per series, none lost and none twice (counted against its own buffer), the stretch of the
cut marked by being received late. The lab's guard route is in place before any namespace address exists.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState
from pantau.domain.vantages import CombinedState, combine_all
from pantau.storage.networkfile import write_network_file
from pantau.storage.pg_store import PgStore
from pantau.storage.store_access import open_store_window
from pantau.storage.store_url import parse_store_url
from pantau.ui.main_window import MainWindow
from pantau.ui.store_watch import StoreWatch
from tests.conftest import STORE_PASSWORD
from tests.netns import NamespaceLab, namespace_lab
from tests.pg_server import PostgresServer, postgres_missing_reason

pytestmark = [pytest.mark.netns, pytest.mark.slow]
SRC = Path(__file__).resolve().parents[2] / "src"
# Longer than the Waru agent's tcp_user_timeout (4 s in its URL, so the test need not wait out the 15 s default):
# the agent must notice the cut, say so, reconnect and back-fill.
CUT_S = 12.0


@pytest.fixture
def lab() -> Iterator[NamespaceLab]:
    with namespace_lab() as made:
        yield made


def agent_command(vantage: str, buffer: Path, duration_s: float) -> list[str]:
    return [sys.executable, "-m", "pantau", "agent", "--vantage", vantage, "--buffer", str(buffer), "--duration",
            str(duration_s), "--json"]


def wait_for(what: str, check: object, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout_s} s: {what}")


def test_a_wan_cut_is_a_broken_path_and_the_far_agent_back_fills_every_round(lab: NamespaceLab, tmp_path: Path,
                                                                             qtbot: QtBot) -> None:
    reason = postgres_missing_reason()
    if reason:
        pytest.skip(reason)
    waru = lab.add_host("waru")
    network = Network("Kabupaten", timezone="Asia/Makassar",
                      sites=[Site("diskominfo", "Diskominfo", SiteKind.DATACENTER, "Penajam"),
                             Site("camat-waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru",
                                  parent="diskominfo")],
                      targets=[Target("waru-rtr", "camat-waru", waru.address, TargetRole.OFFICE_ROUTER,
                                      interval_s=1.0)])
    file = tmp_path / "network.toml"
    write_network_file(network, file)
    with PostgresServer(listen=("127.0.0.1", waru.gateway), networks=(f"{waru.address}/32",)) as server:
        central_url = server.create_database("shared", "owner", STORE_PASSWORD)
        waru_url = central_url.replace("@127.0.0.1:", f"@{waru.gateway}:") + "?tcp_user_timeout=4000"
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(f"*:{server.port}:shared:owner:{STORE_PASSWORD}\n")
        pgpass.chmod(0o600)
        env = {**os.environ, "PYTHONPATH": str(SRC), "PGPASSFILE": str(pgpass)}
        imported = subprocess.run([sys.executable, "-m", "pantau", "--store", central_url, "import", str(file)],
                                  env=env, capture_output=True, text=True, timeout=60, check=False)
        assert imported.returncode == 0, imported.stderr

        duration = 60 + CUT_S  # an upper bound: the test stops both agents once the back-fill is in
        centre_buffer, waru_buffer = tmp_path / "centre.sqlite3", tmp_path / "waru.sqlite3"
        centre = subprocess.Popen(agent_command("diskominfo", centre_buffer, duration),
                                  env={**env, "PANTAU_STORE": central_url}, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        far = subprocess.Popen(["ip", "netns", "exec", waru.namespace,
                                *agent_command("camat-waru", waru_buffer, duration)],
                               env={**env, "PANTAU_STORE": waru_url}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        access, shown = open_store_window(parse_store_url(central_url), STORE_PASSWORD)
        window = MainWindow(shown, None, tray=False)
        qtbot.addWidget(window)
        watch = StoreWatch(window, access, interval_ms=500)
        watch.start()
        try:
            with PgStore.open(parse_store_url(central_url), STORE_PASSWORD) as store:
                def combined() -> CombinedState:
                    return combine_all(store.site_views(), now=time.time())["camat-waru"].state \
                        if "camat-waru" in store.site_views() else CombinedState.UNKNOWN

                wait_for("both agents hear Waru", lambda: combined() is CombinedState.UP
                         and len(store.site_views().get("camat-waru", {})) == 2, 20)
                cut_at = time.time()
                waru.cut("far")
                wait_for("the data centre finds Waru silent", lambda: combined() is not CombinedState.UP, 15)
                views = combine_all(store.site_views(), now=time.time())["camat-waru"]
                assert views.state is CombinedState.PATH_BROKEN, views
                assert (views.heard_from, views.silent_from) == (("camat-waru",), ("diskominfo",))
                # The window, reading the same store, says the same: not DOWN, and who hears the office.
                qtbot.waitUntil(lambda: window.session.states["camat-waru"] is HealthState.PATH_BROKEN,
                                timeout=5_000)
                assert "Answers Kantor Camat Waru; silent from Diskominfo." in window.session.notes["camat-waru"]
                time.sleep(max(0.0, CUT_S - (time.time() - cut_at)))
                waru.restore()
                restored_at = time.time()

                def delivered_again() -> bool:
                    beat = store.agents().get("camat-waru")
                    return beat is not None and beat[0] > restored_at + 1 and beat[1] == 0.0

                wait_for("the Waru agent delivers again, nothing left behind", delivered_again, 40)
                for agent in (centre, far):
                    agent.send_signal(signal.SIGTERM)  # a clean stop: a last pass to the store, then exit 0
                centre_out, centre_err = centre.communicate(timeout=duration + 60)
                _, far_err = far.communicate(timeout=duration + 60)
                assert centre.returncode == 0, centre_err
                assert far.returncode == 0, far_err
                assert "cannot deliver to the store" in far_err and "delivering to the store" in far_err

                with sqlite3.connect(waru_buffer) as local:
                    taken = local.execute("SELECT count(*) FROM samples").fetchone()[0]
                shipped = store.samples("waru-rtr", 0, time.time() + 60, vantage="camat-waru")
                assert len(shipped) == taken > 0  # none lost, none twice
                times = [s.ts for s in shipped]
                assert times == sorted(times) and len(set(times)) == len(times)
                during = [s for s in shipped if cut_at + 2 <= s.ts <= restored_at - 2]
                assert during, "the Waru agent probed during the cut"
                assert all(s.ok for s in during), "from Waru the router answered throughout"
                late = {ts for ts, received in store.received_times("waru-rtr", cut_at + 2, restored_at - 2,
                                                                    vantage="camat-waru") if received - ts > 3}
                assert late == {s.ts for s in during}, "the cut's stretch came in late, in the back-fill"
                # The data centre's own judgement stays what it saw: Waru went DOWN from there.
                seen = [json.loads(line) for line in centre_out.splitlines() if line.startswith("{")]
                assert any(line.get("subject") == "camat-waru" and line.get("to") == "DOWN" for line in seen)
        finally:
            watch.stop()
            window.shutdown()
            for process in (centre, far):
                if process.poll() is None:
                    process.kill()
                    process.wait(10)
