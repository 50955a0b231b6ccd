"""The tray without an alert service (a window with no workspace, or no channels): a storm of offices going down
over several bridge updates is one balloon that names the offices with most offices behind them first, as the
alert service's storm window does for its alerts. Real window, real bridge, engine updates injected through the
bridge's listener."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network, Site, SiteKind
from pantau.domain.states import HealthState, StateChange
from pantau.probing.engine import StateChanges
from pantau.ui.main_window import MainWindow
from pantau.ui.tray import StateTray
from tests.gui.test_main_window import COMPLEX

# Short enough for a test, long enough that the updates below (one a drain interval, 250 ms, on a loaded machine
# more) arrive within one storm window.
SETTLE_S, MAX_S = 1.5, 10.0


def storm_network() -> Network:
    """A data centre, eight offices, and three villages reached through Kantor Camat Waru."""
    lat, lon = COMPLEX
    sites = [Site("hub", "Diskominfo", SiteKind.DATACENTER, "Penajam", lat, lon)]
    sites += [Site(f"opd-{i}", f"Dinas Nomor {i}", SiteKind.SKPD, "Penajam", lat, lon, parent="hub")
              for i in range(1, 8)]
    sites.append(Site("camat-waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru", -1.255908, 116.496072,
                      parent="hub"))
    sites += [Site(f"desa-{i}", f"Kantor Desa {i}", SiteKind.DESA, "Waru", -1.25, 116.49, parent="camat-waru")
              for i in range(1, 4)]
    return Network("Storm", sites=sites)


def change(site: str, before: HealthState, after: HealthState) -> StateChange:
    return StateChange(site, "site", before, after, 1_700_000_000.0, f"{after.value.lower()}: test")


class Balloons:
    """The balloons a tray shows, as (title, body)."""

    def __init__(self, tray: StateTray) -> None:
        self.shown: list[tuple[str, str]] = []
        self.times: list[float] = []
        tray.messageShown.connect(self._shown)

    def _shown(self, title: str, body: str) -> None:
        self.shown.append((title, body))
        self.times.append(time.monotonic())


def storm_window(qtbot: QtBot) -> tuple[MainWindow, StateTray, Balloons]:
    network = storm_network()
    window = MainWindow(network, tray=True)
    qtbot.addWidget(window)
    assert window.tray is not None and window.alert_service() is None
    window.tray.set_storm_window(SETTLE_S, MAX_S)
    states = {site.id: HealthState.UP for site in network.sites}
    with qtbot.waitSignal(window.bridge.updated):
        window.bridge.listener(StateChanges(tuple(change(s, HealthState.UNKNOWN, HealthState.UP) for s in states),
                                            states))
    return window, window.tray, Balloons(window.tray)


def send(qtbot: QtBot, window: MainWindow, states: dict[str, HealthState], **now: HealthState) -> None:
    """One bridge update: the given sites (underscores for dashes) change to their new states."""
    changes = []
    for key, state in now.items():
        site = key.replace("_", "-")
        changes.append(change(site, states[site], state))
        states[site] = state
    with qtbot.waitSignal(window.bridge.updated):
        window.bridge.listener(StateChanges(tuple(changes), dict(states)))


def test_eight_offices_down_over_four_updates_are_one_balloon_worst_first(qtbot: QtBot) -> None:
    window, tray, balloons = storm_window(qtbot)
    states = window.site_states()
    # A cut found one check after another: two offices an update, Kantor Camat Waru last, and the villages behind
    # it found UNREACHABLE in the update after that.
    send(qtbot, window, states, opd_1=HealthState.DOWN, opd_2=HealthState.DOWN)
    send(qtbot, window, states, opd_3=HealthState.DOWN, opd_4=HealthState.DOWN)
    send(qtbot, window, states, opd_5=HealthState.DOWN, opd_6=HealthState.DOWN)
    send(qtbot, window, states, opd_7=HealthState.DOWN, camat_waru=HealthState.DOWN)
    send(qtbot, window, states, desa_1=HealthState.UNREACHABLE, desa_2=HealthState.UNREACHABLE,
         desa_3=HealthState.UNREACHABLE)
    assert balloons.shown == [] and tray.pending(), "held for the storm window"
    qtbot.waitUntil(lambda: bool(balloons.shown), timeout=int(MAX_S * 1000))
    qtbot.wait(int(SETTLE_S * 2000))  # a second balloon would come within this
    [(title, body)] = balloons.shown
    assert title == "8 offices down"
    # The office with three offices behind it first, then the others by name; five named, the rest counted.
    assert body == "Kantor Camat Waru, Dinas Nomor 1, Dinas Nomor 2, Dinas Nomor 3, Dinas Nomor 4 and 3 more"
    # The recovery is one balloon too; the villages behind come back without a word (never announced).
    send(qtbot, window, states, **{f"opd_{i}": HealthState.UP for i in range(1, 8)})
    send(qtbot, window, states, camat_waru=HealthState.UP, desa_1=HealthState.UP, desa_2=HealthState.UP,
         desa_3=HealthState.UP)
    qtbot.waitUntil(lambda: len(balloons.shown) == 2, timeout=int(MAX_S * 1000))
    qtbot.wait(int(SETTLE_S * 2000))
    assert len(balloons.shown) == 2 and balloons.shown[1][0] == "8 offices recovered"
    window.shutdown()


def test_an_office_down_and_back_within_the_storm_window_is_not_mentioned(qtbot: QtBot) -> None:
    window, tray, balloons = storm_window(qtbot)
    states = window.site_states()
    send(qtbot, window, states, opd_1=HealthState.DOWN, opd_2=HealthState.DOWN)
    send(qtbot, window, states, opd_2=HealthState.UP)
    qtbot.waitUntil(lambda: bool(balloons.shown), timeout=int(MAX_S * 1000))
    assert balloons.shown == [("1 office down", "Dinas Nomor 1")]
    # A blip alone says nothing at all.
    send(qtbot, window, states, opd_3=HealthState.DOWN)
    send(qtbot, window, states, opd_3=HealthState.UP)
    qtbot.waitUntil(lambda: not tray.pending(), timeout=int(MAX_S * 1000))
    qtbot.wait(int(SETTLE_S * 1000))
    assert len(balloons.shown) == 1
    window.shutdown()


def test_a_storm_longer_than_the_window_is_shown_at_its_end(qtbot: QtBot) -> None:
    """Offices going down without a pause are shown at most the storm window's maximum after the first: the user
    is not left waiting while a cut keeps the storm open."""
    window, tray, balloons = storm_window(qtbot)
    tray.set_storm_window(30.0, 1.0)  # offices keep going down long before 30 s of quiet
    states = window.site_states()
    started = time.monotonic()
    for i in range(1, 8):
        send(qtbot, window, states, **{f"opd_{i}": HealthState.DOWN})
        qtbot.wait(100)
    # Seven updates take at least 6 drain intervals and 7 waits: 2.2 s, more than the 1 s maximum.
    last = time.monotonic()
    assert balloons.shown and balloons.times[0] < last, "shown while offices still went down"
    assert balloons.times[0] - started >= 1.0 and " down" in balloons.shown[0][0]
    window.shutdown()
