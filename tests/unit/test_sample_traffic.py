"""The sample agent's made-up traffic (pantau.sample_agent): busy in office hours in the network's time, quiet at
night and at weekends, never negative nor above the contract, and counters that are the exact integral of the rate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.inventory import Link, LinkMedium
from pantau.sample_agent import IN, OUT, SLOT_S, octets_between, rate_bps, utilisation

WITA = ZoneInfo("Asia/Makassar")
THIN = Link(id="link-camat", a="camat", b="dc", provider="Telkom", medium=LinkMedium.WIRELESS, bandwidth_kbps=10_000)
WIDE = Link(id="link-internet", a="dc", b="internet", provider="Telkom", medium=LinkMedium.METRO_E,
            bandwidth_kbps=500_000)
TUESDAY = datetime(2026, 12, 8, tzinfo=WITA)
SATURDAY = datetime(2026, 12, 12, tzinfo=WITA)


def slots(start: datetime, hours: float) -> list[datetime]:
    return [start + timedelta(seconds=SLOT_S * n) for n in range(int(hours * 3600 / SLOT_S))]


def shares(link: Link, direction: str, start: datetime, hours: float) -> list[float]:
    return [utilisation(link, direction, at) for at in slots(start, hours)]


def test_a_thin_line_is_near_full_in_office_hours() -> None:
    morning = shares(THIN, IN, TUESDAY.replace(hour=8, minute=30), 3)
    assert min(morning) >= 0.83
    assert sum(morning) / len(morning) >= 0.9
    assert sum(share >= 0.9 for share in morning) >= 0.6 * len(morning)


def test_the_uplink_is_busy_but_not_full_and_uploads_are_smaller() -> None:
    afternoon = shares(WIDE, IN, TUESDAY.replace(hour=13, minute=30), 2)
    assert 0.7 <= sum(afternoon) / len(afternoon) <= 0.85
    uploads = shares(WIDE, OUT, TUESDAY.replace(hour=13, minute=30), 2)
    assert max(uploads) < min(afternoon) / 2


def test_the_midday_break_dips() -> None:
    lunch = shares(THIN, IN, TUESDAY.replace(hour=12, minute=15), 0.5)
    assert max(lunch) < 0.7


@pytest.mark.parametrize(("start", "hours", "ceiling"), [
    (TUESDAY, 5, 0.06),                      # night
    (TUESDAY.replace(hour=20), 2, 0.2),      # evening
    (SATURDAY, 48, 0.12),                    # the weekend, all of it
])
def test_nights_evenings_and_weekends_are_quiet(start: datetime, hours: float, ceiling: float) -> None:
    for link in (THIN, WIDE):
        assert max(shares(link, IN, start, hours)) <= ceiling


def test_never_negative_never_above_the_contract_over_a_week() -> None:
    week = slots(datetime(2026, 12, 7, tzinfo=WITA), 24 * 7)[::3]
    for link in (THIN, WIDE):
        for direction in (IN, OUT):
            values = [rate_bps(link, direction, at) for at in week]
            assert min(values) > 0
            assert max(values) <= link.bandwidth_kbps * 1000


def test_it_reads_the_networks_local_clock() -> None:
    # 10:00 WITA is 02:00 UTC: the same instant, read on a UTC clock, is a night.
    instant = TUESDAY.replace(hour=10)
    assert utilisation(THIN, IN, instant) > 0.85
    assert utilisation(THIN, IN, instant.astimezone(UTC)) < 0.1


def test_deterministic_constant_within_a_slot_and_different_per_link() -> None:
    at = TUESDAY.replace(hour=9, minute=0, second=20)
    assert utilisation(THIN, IN, at) == utilisation(THIN, IN, at + timedelta(seconds=SLOT_S - 0.5))
    assert utilisation(THIN, IN, at) == utilisation(THIN, IN, at.replace(tzinfo=WITA))
    row = [utilisation(THIN, IN, at + timedelta(seconds=SLOT_S * n)) for n in range(10)]
    assert len(set(row)) > 5, "noise moves the rate from slot to slot"
    other = Link(id="link-other", a="x", b="dc", provider="Telkom", medium=LinkMedium.FIBER, bandwidth_kbps=10_000)
    assert utilisation(other, IN, at) != utilisation(THIN, IN, at)


def test_octets_are_the_integral_of_the_rate() -> None:
    start = TUESDAY.replace(hour=7, minute=59, second=3).timestamp() + 0.5
    end = start + 95.0
    # A midpoint sum on a grid that the 10-second slot edges fall on: exact for a rate constant within each slot.
    step, total, at = 0.125, 0.0, start
    while at < end:
        total += rate_bps(THIN, IN, datetime.fromtimestamp(at + step / 2, WITA)) / 8 * step
        at += step
    assert octets_between(THIN, IN, start, end, WITA) == pytest.approx(total, rel=1e-9)
    middle = start + 41.3
    assert octets_between(THIN, IN, start, end, WITA) == pytest.approx(
        octets_between(THIN, IN, start, middle, WITA) + octets_between(THIN, IN, middle, end, WITA), rel=1e-12)
    assert octets_between(THIN, IN, end, end, WITA) == 0.0
