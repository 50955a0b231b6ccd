"""Alert rules as a JSON-ready dict, and back: the form the workspace's app_settings keeps them in
(`alerts/settings.py` reads and writes it; the alert settings dialog edits the rules themselves)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pantau.domain.alerts import AlertKind, AlertRules, MaintenanceWindow, QuietHours, RuleOverride
from pantau.domain.inventory import SiteKind, TargetRole


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def rules_to_dict(rules: AlertRules) -> dict[str, Any]:
    return {
        "down_after_minutes": rules.down_after_minutes,
        "recovery": rules.recovery,
        "degraded_after_minutes": rules.degraded_after_minutes,
        "contract_warnings": rules.contract_warnings,
        "diagnosis_verdicts": rules.diagnosis_verdicts,
        "flap_count": rules.flap_count,
        "flap_window_minutes": rules.flap_window_minutes,
        "storm_settle_seconds": rules.storm_settle_seconds,
        "storm_settle_max_seconds": rules.storm_settle_max_seconds,
        "quiet_hours": None if rules.quiet_hours is None else {
            "start": _hhmm(rules.quiet_hours.start_minute), "end": _hhmm(rules.quiet_hours.end_minute)},
        "quiet_kinds": sorted(kind.value for kind in rules.quiet_kinds),
        "maintenance": [_window_to_dict(w) for w in rules.maintenance],
        "site_ids": None if rules.site_ids is None else sorted(rules.site_ids),
        "overrides": [_override_to_dict(o) for o in rules.overrides],
        "line_full_minutes": rules.line_full_minutes,
        "interface_down": rules.interface_down,
    }


def _override_to_dict(override: RuleOverride) -> dict[str, Any]:
    match = {"kind": override.match_kind and override.match_kind.value, "kecamatan": override.match_kecamatan,
             "role": override.match_role and override.match_role.value}
    return {**{k: v for k, v in match.items() if v},
            "down_after_minutes": override.down_after_minutes,
            "degraded_after_minutes": override.degraded_after_minutes, "enabled": override.enabled}


def _override_from_dict(data: Mapping[str, Any]) -> RuleOverride:
    defaults = RuleOverride(match_kind=SiteKind.DESA)
    kind, kecamatan, role = data.get("kind"), data.get("kecamatan"), data.get("role")
    degraded = data.get("degraded_after_minutes", defaults.degraded_after_minutes)
    return RuleOverride(
        match_kind=None if kind is None else SiteKind(kind),
        match_kecamatan=None if kecamatan is None else str(kecamatan),
        match_role=None if role is None else TargetRole(role),
        down_after_minutes=float(data.get("down_after_minutes", defaults.down_after_minutes)),
        degraded_after_minutes=None if degraded is None else float(degraded),
        enabled=bool(data.get("enabled", defaults.enabled)))


def _window_to_dict(window: MaintenanceWindow) -> dict[str, Any]:
    sites = sorted(window.site_ids)
    if window.weekday is None:
        return {"sites": sites, "start": window.start, "end": window.end}
    return {"sites": sites, "weekday": window.weekday, "at": _hhmm(window.start_minute),
            "minutes": window.duration_minutes}


def rules_from_dict(data: Mapping[str, Any]) -> AlertRules:
    """Rules from `rules_to_dict` output; a missing key takes its default. Raises ValueError on a bad value."""
    defaults = AlertRules()
    try:
        quiet = data.get("quiet_hours")
        site_ids = data.get("site_ids")
        degraded = data.get("degraded_after_minutes", defaults.degraded_after_minutes)
        line_full = data.get("line_full_minutes", defaults.line_full_minutes)
        rules = AlertRules(
            down_after_minutes=float(data.get("down_after_minutes", defaults.down_after_minutes)),
            recovery=bool(data.get("recovery", defaults.recovery)),
            degraded_after_minutes=None if degraded is None else float(degraded),
            contract_warnings=bool(data.get("contract_warnings", defaults.contract_warnings)),
            diagnosis_verdicts=bool(data.get("diagnosis_verdicts", defaults.diagnosis_verdicts)),
            flap_count=int(data.get("flap_count", defaults.flap_count)),
            flap_window_minutes=float(data.get("flap_window_minutes", defaults.flap_window_minutes)),
            storm_settle_seconds=float(data.get("storm_settle_seconds", defaults.storm_settle_seconds)),
            storm_settle_max_seconds=float(data.get("storm_settle_max_seconds",
                                                    defaults.storm_settle_max_seconds)),
            quiet_hours=None if quiet is None else QuietHours.between(quiet["start"], quiet["end"]),
            quiet_kinds=frozenset(AlertKind(k) for k in data.get("quiet_kinds", defaults.quiet_kinds)),
            maintenance=tuple(_window_from_dict(w) for w in data.get("maintenance", ())),
            site_ids=None if site_ids is None else frozenset(str(s) for s in site_ids),
            overrides=tuple(_override_from_dict(o) for o in data.get("overrides", ())),
            line_full_minutes=None if line_full is None else float(line_full),
            interface_down=bool(data.get("interface_down", defaults.interface_down)),
        )
    except (KeyError, TypeError) as error:
        raise ValueError(f"alert rules: missing or malformed value ({error})") from None
    if rules.down_after_minutes < 0 or (rules.degraded_after_minutes or 0) < 0 or rules.flap_count < 2 \
            or (rules.line_full_minutes or 0) < 0:
        raise ValueError("alert rules: delays cannot be negative and flapping needs at least 2 outages")
    return rules


def _window_from_dict(data: Mapping[str, Any]) -> MaintenanceWindow:
    sites = [str(s) for s in data["sites"]]
    if "weekday" in data:
        return MaintenanceWindow.weekly(sites, int(data["weekday"]), str(data["at"]), int(data["minutes"]))
    return MaintenanceWindow.once(sites, float(data["start"]), float(data["end"]))
