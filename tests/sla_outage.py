"""One real outage in a real workspace, for the SLA credit tests of the contracts panel, its PDF and
`pantau contracts`: the sample's Disdukcapil office measured every minute from 1 November 2026 until `NOW` (3 November
12:00), down from 2 November 08:00 to 14:30 (six and a half hours), written through the workspace's real writer.

The figures are worked out here by hand from the contract's terms in the sample network (ctr-intranet-2026: 99.5 %
per month, 2 % of a line's monthly fee per whole hour beyond the allowance, capped at 30 %)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.workspace import Workspace

TZ = ZoneInfo("Asia/Makassar")
TODAY = date(2026, 11, 3)
START = datetime(2026, 11, 1, tzinfo=TZ).timestamp()
DOWN = datetime(2026, 11, 2, 8, tzinfo=TZ).timestamp()
UP = datetime(2026, 11, 2, 14, 30, tzinfo=TZ).timestamp()
NOW = datetime(2026, 11, 3, 12, tzinfo=TZ).timestamp()
# 60 hours watched; 99.5 % allows 0.3 h down; 6.5 h down is 6.2 h beyond: 6 whole hours at 2 % = 12 % of the line's
# monthly fee (below the 30 % cap), the fee being a twelfth of the year's Rp 3,120,000,000 shared by 26 lines.
WATCHED_H = 60
EXCESS_HOURS = int(6.5 - WATCHED_H * 0.005)
LINE_FEE_IDR = 3_120_000_000 / 12 / 26
CREDIT_IDR = EXCESS_HOURS * 0.02 * LINE_FEE_IDR


def record_outage(workspace: Workspace) -> None:
    """The rounds of the Disdukcapil router (its line check) and the office's state changes."""
    samples = [Sample(ts, "rtr-disdukcapil", "icmp", None, ErrorKind.TIMEOUT, "timeout", sent=3, lost=3)
               if DOWN <= ts < UP else Sample(ts, "rtr-disdukcapil", "icmp", 20.0, sent=3)
               for ts in (float(t) for t in range(int(START), int(NOW), 60))]
    workspace.submit(samples)
    for previous, current, ts in ((HealthState.UNKNOWN, HealthState.UP, START),
                                  (HealthState.UP, HealthState.DOWN, DOWN), (HealthState.DOWN, HealthState.UP, UP)):
        workspace.record_state_change(StateChange("disdukcapil", "site", previous, current, ts))
    workspace.flush()
