"""A screenshot of the window on a shared store, as the officer at home sees it: Xvfb at a laptop's size with
openbox, a real PostgreSQL in a temporary folder holding the sample network and what two agents say of it
(Diskominfo's agent hears every office but Kantor Camat Waru and the two villages behind it; the agent at Kantor
Camat Waru hears Waru and its villages), so Waru and its villages show "path broken", not down.

    python scripts/screenshot_store.py [WIDTHxHEIGHT] [OUT.png] [LANG] [probe]   (defaults 1366x768, docs/..., en)

With `probe` the window itself probes as Diskominfo (`gui --vantage diskominfo`: the sample's loopback targets) and
only Waru's agent is written into the store.

Needs Debian's postgresql, xvfb, openbox and imagemagick (`import`); nothing is probed (the views are written
straight into the store, as agents would, and kept fresh while the picture is taken).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO)]

from tests.pg_server import PostgresServer  # noqa: E402

from pantau.domain.samples import Sample  # noqa: E402
from pantau.domain.states import HealthState, StateChange  # noqa: E402
from pantau.resources import sample_network_path  # noqa: E402
from pantau.storage.networkfile import load_network_file  # noqa: E402
from pantau.storage.pg_store import PgStore  # noqa: E402
from pantau.storage.store_url import parse_store_url  # noqa: E402

PASSWORD = "screenshot"
CUT_OFF = {"camat-waru", "desa-api-api", "desa-sesulu"}


def fill(url: str, stop: threading.Event, probe: bool) -> None:
    """The sample in the store, and both agents' views of it kept fresh with rounds and heartbeats until `stop`
    (only Waru's when the window probes as Diskominfo itself)."""
    network = load_network_file(sample_network_path())
    parsed = parse_store_url(url)
    with PgStore.open(parsed, PASSWORD, "diskominfo") as centre, \
            PgStore.open(parsed, PASSWORD, "camat-waru") as waru:
        centre.replace_network(network)
        start = time.time()
        for site in network.sites:
            heard = site.id not in CUT_OFF
            if not probe:
                centre.record_state_change(StateChange(site.id, "site", HealthState.UNKNOWN,
                                                       HealthState.UP if heard else HealthState.DOWN, start - 300,
                                                       "" if heard else "silent"))
            if site.id in CUT_OFF:
                waru.record_state_change(StateChange(site.id, "site", HealthState.UNKNOWN, HealthState.UP,
                                                     start - 290))
        centre.flush()
        waru.flush()
        while not stop.is_set():
            now = time.time()
            for target in network.targets:
                for check in target.checks[:1]:
                    heard = target.site not in CUT_OFF
                    rtt = random.uniform(2, 9) if target.site != "camat-waru" else random.uniform(30, 45)
                    if not probe:
                        centre.write_samples([Sample(now, target.id, check, rtt if heard else None,
                                                     None if heard else "timeout", "" if heard else "no answer")])
                    if target.site in CUT_OFF:
                        waru.write_samples([Sample(now, target.id, check, random.uniform(3, 8))])
            if not probe:
                centre.heartbeat(now, 0.0, "screenshot", start)
            waru.heartbeat(now, 0.0, "screenshot", start)
            stop.wait(1.0)


def main() -> int:
    size = sys.argv[1] if len(sys.argv) > 1 else "1366x768"
    lang = sys.argv[3] if len(sys.argv) > 3 else "en"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "docs" / f"screenshot-store-{size}-{lang}.png"
    probe = len(sys.argv) > 4 and sys.argv[4] == "probe"
    work = Path(tempfile.mkdtemp(prefix="pantau-shot-"))
    display = f":{80 + random.randrange(9)}"
    stop = threading.Event()
    processes: list[subprocess.Popen[bytes]] = []
    with PostgresServer() as server:
        url = server.create_database("pantau", "pantau_owner", PASSWORD)
        filler = threading.Thread(target=fill, args=(url, stop, probe), daemon=True)
        filler.start()
        try:
            processes.append(subprocess.Popen(["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"]))
            time.sleep(1)
            env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "XDG_CONFIG_HOME": str(work / "cfg"),
                   "PANTAU_WORKSPACE": str(work / "w.sqlite3"), "PYTHONPATH": str(REPO / "src"),
                   "LANG": "id_ID.UTF-8" if lang == "id" else "en_US.UTF-8"}
            env["LC_ALL"] = env["LANG"]
            processes.append(subprocess.Popen(["openbox"], env=env))
            time.sleep(1)
            pgpass = work / "pgpass"
            parsed = parse_store_url(url)
            pgpass.write_text(f"{parsed.host}:{parsed.port}:{parsed.database}:{parsed.user}:{PASSWORD}\n")
            pgpass.chmod(0o600)
            time.sleep(3)
            window = [sys.executable, "-m", "pantau", "--store", url]
            if probe:
                window += ["gui", "--vantage", "diskominfo", "--buffer", str(work / "agent-diskominfo.sqlite3")]
            processes.append(subprocess.Popen(window, env={**env, "PGPASSFILE": str(pgpass)}))
            time.sleep(12)
            subprocess.run(["import", "-display", display, "-window", "root", str(out)], check=True)
            print(out)
        finally:
            stop.set()
            for process in reversed(processes):
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
            filler.join(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
