"""The `pantau` command: the GUI by default, and subcommands for on-call work without a screen.

Exit codes: 0 ok, 1 a finding (something down, a contract warning), 2 a usage or input error. Every expected
failure (a bad file, a missing keyring, an unreadable workspace) prints a message naming what and where, never a
traceback. No argument given here ever reaches a shell.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pantau import __version__
from pantau.cli_reports import add_report_commands
from pantau.cli_support import EXIT_FINDING, EXIT_OK, EXIT_USAGE, UsageError, open_for_command
from pantau.storage.schema import WorkspaceError
from pantau.storage.store_url import STORE_ENV

if TYPE_CHECKING:
    from pantau.domain.inventory import Network
    from pantau.storage.site_rows import SiteMerge

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pantau",
        description="Pantau watches over a regency's office network links, faults and bandwidth contracts. "
                    "With no command it opens the window.",
        epilog="Exit codes: 0 ok, 1 a finding (something down, a contract warning), 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"pantau {__version__}")
    parser.add_argument("--workspace", metavar="PATH",
                        help="workspace file (default: $PANTAU_WORKSPACE, else the user data directory)")
    parser.add_argument("--store", metavar="URL",
                        help="the shared PostgreSQL store the window, `import`, `status`, `diagnose` and `agent` use "
                             "(default: $PANTAU_STORE); "
                             "no password in it: see --store-secret")
    parser.add_argument("--store-secret", metavar="KEY", default="",
                        help="keyring key of the store's password (default: libpq's pgpass or service file)")
    parser.add_argument("--selftest", action="store_true",
                        help="load every resource, open a temporary workspace, build the window offscreen")
    parser.add_argument("--install-desktop", action="store_true",
                        help="Linux: add Pantau to this user's application menu, and say how to allow ICMP")
    parser.add_argument("--grant-icmp", action="store_true",
                        help="built executable, as root: give it raw ICMP sockets (setcap cap_net_raw+ep)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("--vantage", metavar="SITE", default="",
                     help="with --store: this computer probes as one more vantage, the site it sits in")
    gui.add_argument("--buffer", type=Path, metavar="FILE",
                     help="with --vantage: where its rounds wait for the store (default: the agent's buffer)")
    gui.set_defaults(handler=_cmd_gui)

    importer = commands.add_parser("import", help="replace the inventory with a network file (.toml), or merge "
                                                  "offices from a spreadsheet (.csv, or .xlsx such as the template "
                                                  "in resources/templates)")
    importer.add_argument("file", type=Path)
    importer.set_defaults(handler=_cmd_import)

    exporter = commands.add_parser("export", help="write the inventory as a network file ('-' for stdout)")
    exporter.add_argument("file")
    exporter.set_defaults(handler=_cmd_export)

    status = commands.add_parser("status", help="each site's state, rtt, loss and last change (with --store: "
                                               "as every vantage's agent sees it)")
    status.add_argument("--json", action="store_true", help="one JSON document")
    status.set_defaults(handler=_cmd_status)

    contracts = commands.add_parser("contracts", help="contracts with days left, warnings and coverage gaps")
    contracts.add_argument("--json", action="store_true", help="one JSON document")
    contracts.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    contracts.set_defaults(handler=_cmd_contracts)

    links = commands.add_parser("links", help="what each link carries now and over the last hour (SNMP)")
    links.add_argument("--json", action="store_true", help="one JSON document")
    links.set_defaults(handler=_cmd_links)

    monitor = commands.add_parser("monitor", help="probe every site headless and print state changes as they happen")
    monitor.add_argument("--json", action="store_true", help="one JSON object per line")
    monitor.add_argument("--targets", action="store_true", help="print target changes too, not only sites")
    monitor.add_argument("--duration", type=float, metavar="SECONDS", help="stop by itself after this long")
    monitor.add_argument("--lang", choices=["id", "en"], default="id", help="language of alerts (default: id)")
    without = monitor.add_mutually_exclusive_group()
    without.add_argument("--no-alerts", action="store_true",
                         help="send no alerts, even when channels are configured (state changes are printed)")
    without.add_argument("--alerts-without-secrets", action="store_true",
                         help="start even when a channel's secret is missing; its alerts wait in the queue")
    monitor.set_defaults(handler=_cmd_monitor)

    agent = commands.add_parser("agent", help="probe from one vantage and ship everything to the shared store "
                                              "(kept locally while the store cannot be reached)")
    agent.add_argument("--vantage", required=True, metavar="SITE", help="the site id this agent sits in")
    agent.add_argument("--buffer", type=Path, metavar="FILE",
                       help="the agent's own workspace (default: agent-SITE.sqlite3 in the user data directory)")
    agent.add_argument("--json", action="store_true", help="one JSON object per line")
    agent.add_argument("--targets", action="store_true", help="print target changes too, not only sites")
    agent.add_argument("--duration", type=float, metavar="SECONDS", help="stop by itself after this long")
    agent.add_argument("--lang", choices=["id", "en"], default="id", help="language of alerts (default: id)")
    agent.add_argument("--alerts", action="store_true",
                       help="send alerts from this agent too (off by default: one agent or window alerts a team)")
    agent.add_argument("--metrics", metavar="HOST:PORT",
                       help="serve Prometheus metrics (state, RTT, loss, line use) here, e.g. 127.0.0.1:9108")
    agent.add_argument("--install-service", nargs="?", const="-", metavar="PATH",
                       help="print the systemd unit for agents of this store ('-'), or write it to PATH")
    agent.set_defaults(handler=_cmd_agent)

    diagnose = commands.add_parser("diagnose", help="find where a fault is: server, isp, site ID or all")
    diagnose.add_argument("scope", choices=["server", "isp", "site", "all"])
    diagnose.add_argument("site", nargs="?", help="the site id (with scope 'site')")
    diagnose.add_argument("--json", action="store_true", help="the stable JSON document instead of text")
    diagnose.add_argument("--lang", choices=["id", "en"], default="id", help="report language (default: id)")
    diagnose.add_argument("--save", action="store_true", help="keep the report in the workspace")
    diagnose.add_argument("--budget", type=float, default=15.0, metavar="SECONDS", help=argparse.SUPPRESS)
    diagnose.set_defaults(handler=_cmd_diagnose)

    secret = commands.add_parser("secret", help="store or delete a secret in the OS keyring")
    secret.add_argument("action", choices=["set", "delete", "check"])
    secret.add_argument("key", nargs="?", help="the key the network file names (e.g. pantau/telegram-bot)")
    secret.set_defaults(handler=_cmd_secret)

    add_report_commands(commands)

    workspace = commands.add_parser("workspace", help="repair a damaged workspace")
    workspace.add_argument("action", choices=["repair"])
    workspace.add_argument("--from", dest="source", type=Path, metavar="FILE",
                           help="salvage from this damaged file (default: the workspace itself)")
    workspace.set_defaults(handler=_cmd_workspace)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.selftest:
            from pantau.selftest import run_selftest
            return run_selftest(print)
        if args.install_desktop or args.grant_icmp:
            from pantau.desktop_install import run_options
            return run_options(args.install_desktop, args.grant_icmp, print, lambda text: print(text, file=sys.stderr))
        handler = getattr(args, "handler", _cmd_gui)
        if handler not in (_cmd_gui, _cmd_import, _cmd_agent, _cmd_status, _cmd_diagnose) \
                and (args.store or os.environ.get(STORE_ENV)):
            # Only these commands work on the shared store yet: say so rather than let a user think `contracts`
            # or `links` show the team's store.
            print("pantau: note: this command works on the local workspace; the shared store is used by the window, "
                  "`import`, `status`, `diagnose` and `agent` only", file=sys.stderr)
        result: int = handler(args)
        return result
    except UsageError as error:
        from pantau.domain.text import printable
        print(printable(f"pantau: {error}", keep_newlines=True), file=sys.stderr)
        return EXIT_USAGE
    except WorkspaceError as error:
        # Met after opening (a damaged page read later, a write refused): said like any other input problem.
        from pantau.domain.text import printable
        print(printable(f"pantau: {error}", keep_newlines=True), file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.DatabaseError as error:
        from pantau.bootstrap import resolve_workspace_path
        from pantau.storage.damage import WorkspaceDamagedError, is_damage

        if not is_damage(error):
            raise
        print(f"pantau: {WorkspaceDamagedError(resolve_workspace_path(args.workspace), str(error))}",
              file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`pantau monitor | head`): not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK


def gui_main() -> int:
    """The windowed entry point: the same options; with no command it opens the window."""
    return main(sys.argv[1:])


def _cmd_gui(args: argparse.Namespace) -> int:
    url = _store_url(args)
    if url is not None:
        return _gui_on_store(args, url)
    if getattr(args, "vantage", ""):
        raise UsageError("--vantage probes as one vantage of a shared store: give the store with --store URL "
                         "(or PANTAU_STORE)")
    opened = open_for_command(args, seed_sample=True, read_only_ok=True)
    from pantau.ui.app import run_gui
    return run_gui(opened.network, opened.workspace, sample_notice=opened.network.sample)


def _gui_on_store(args: argparse.Namespace, url: Any) -> int:
    """The window on the shared store; every reason it cannot be shown is said here, before any window."""
    from pantau.agent_command import AgentError, store_password
    from pantau.storage.pg_store import StoreError
    from pantau.storage.store_access import open_store_window

    try:
        access, network = open_store_window(url, store_password(args.store_secret))
    except (AgentError, StoreError) as error:
        raise UsageError(str(error)) from None
    from pantau.ui.app import run_gui
    vantage = getattr(args, "vantage", "")
    if not vantage:
        return run_gui(network, None, sample_notice=False, store=access)
    from pantau.storage.forwarder import default_buffer_path
    from pantau.ui.store_vantage import StoreVantage, VantageError

    probing = StoreVantage(access, vantage, args.buffer or default_buffer_path(vantage))
    try:
        probing.open(network)
    except VantageError as error:
        raise UsageError(str(error)) from None
    return run_gui(network, None, sample_notice=False, store=access, vantage=probing)


def _cmd_import(args: argparse.Namespace) -> int:
    from pantau.bootstrap import resolve_workspace_path
    from pantau.domain.text import printable, shown
    from pantau.storage.networkfile import NetworkFileError, load_network_file
    from pantau.storage.site_rows import SiteImportError

    file: Path = args.file
    url = _store_url(args)
    if url is not None:
        return _import_to_store(args, url)
    path = resolve_workspace_path(args.workspace)
    opened = None
    merge = None
    try:
        if file.suffix.lower() in _OFFICE_LIST_SUFFIXES:
            opened = open_for_command(args)
            if opened.network is None:
                raise UsageError(f"the workspace {path} has no network yet: import a network file (.toml) first")
            merge = _merge_office_list(file, opened.network)
            network = merge.network
        else:
            network = load_network_file(file)
            opened = _open_for_import(path)
        # Validation happened above, so a bad file never reaches the workspace and it stays as it was.
        opened.workspace.replace_network(network)
    except NetworkFileError as error:
        return _refused(str(error), len(error.problems))
    except SiteImportError as error:
        return _refused(str(error), error.total)
    except WorkspaceError as error:
        raise UsageError(str(error)) from None
    finally:
        if opened is not None:
            opened.workspace.close()
    if merge is not None:
        sheet = f", sheet {shown(merge.sheet)}" if merge.sheet is not None else ""
        print(printable(f"Merged {file}{sheet}: {len(merge.added)} site{'s' if len(merge.added) != 1 else ''} "
                        f"added, {len(merge.updated)} updated"))
    print(f"Imported {len(network.sites)} sites, {len(network.targets)} targets, {len(network.links)} links, "
          f"{len(network.contracts)} contracts into {path}")
    return EXIT_OK


def _import_to_store(args: argparse.Namespace, url: Any) -> int:
    from pantau.agent_command import AgentError, import_to_store, store_password

    if args.file.suffix.lower() != ".toml":
        raise UsageError("the shared store takes a whole network file (.toml); merge offices into it first, "
                         "in a workspace, and export it")
    try:
        network = import_to_store(args.file, url, store_password(args.store_secret))
    except AgentError as error:
        raise UsageError(str(error)) from None
    print(f"the store ({url.display}) now holds {network.name}: {len(network.sites)} sites, "
          f"{len(network.targets)} targets")
    return EXIT_OK


# Office lists merged into the network (an .xls is read to say it must be saved as .xlsx).
_OFFICE_LIST_SUFFIXES = (".csv", ".xlsx", ".xls")


def _merge_office_list(file: Path, network: Network) -> SiteMerge:
    """The offices of a .csv or .xlsx merged into `network` (a `site_rows.SiteMerge`)."""
    from pantau.storage.csvimport import import_sites_csv
    from pantau.storage.xlsximport import import_sites_xlsx

    if file.suffix.lower() == ".csv":
        return import_sites_csv(file, network)
    return import_sites_xlsx(file, network)


def _refused(message: str, count: int) -> int:
    print(f"{message}\n{count} problem{'s' if count != 1 else ''}; the workspace was not changed.", file=sys.stderr)
    return EXIT_USAGE


def _open_for_import(path: Path) -> Any:
    """The workspace a network file is imported into; a damaged one is moved aside (under the workspace lock, so
    never from under a running monitor) and a fresh one takes its place."""
    from pantau.bootstrap import open_workspace
    from pantau.storage.lock import WorkspaceLock, lock_holder
    from pantau.storage.workspace import WorkspaceDamagedError
    from pantau.workspace_command import start_fresh

    holder = lock_holder(path)
    if holder is not None:
        print(f"pantau: note: {holder.describe()} monitors this workspace; it goes on with the network it "
              "started with until it is restarted", file=sys.stderr)
    try:
        return open_workspace(path, seed_sample=False)
    except WorkspaceDamagedError as error:
        with WorkspaceLock(path, "pantau import"):
            aside = start_fresh(path)
        print(f"pantau: the workspace {path} was damaged ({error.detail}); it was moved to {aside}, unchanged, "
              f"and a fresh workspace is made. Its history can still be salvaged with "
              f"`pantau workspace repair --from {aside}`.", file=sys.stderr)
        return open_workspace(path, seed_sample=False)


def _cmd_export(args: argparse.Namespace) -> int:
    from pantau.storage.networkfile import dump_network, write_network_file

    opened = open_for_command(args, read_only_ok=True)
    try:
        if opened.network is None:
            raise UsageError(f"the workspace {opened.path} has no network to export")
        if args.file == "-":
            sys.stdout.write(dump_network(opened.network))
        else:
            try:
                write_network_file(opened.network, Path(args.file))
            except OSError as error:
                raise UsageError(f"cannot write {args.file}: {error.strerror}") from None
    finally:
        opened.workspace.close()
    return EXIT_OK


def _cmd_status(args: argparse.Namespace) -> int:
    from pantau.domain.states import HealthState
    from pantau.domain.text import printable
    from pantau.domain.timezones import iso_time
    from pantau.reporting.growth import estimate_growth
    from pantau.reporting.status import site_status_rows
    from pantau.storage.lock import lock_holder

    url = _store_url(args)
    if url is not None:
        return _store_status(args, url)
    opened = open_for_command(args, read_only_ok=True)
    if opened.network is None:
        raise UsageError(f"the workspace {opened.path} has no network")
    rows = site_status_rows(opened.network, opened.workspace)
    opened.workspace.close()
    if args.json:
        print(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False))
    else:
        print(f"{'SITE':<28} {'STATE':<12} {'RTT ms':>8} {'LOSS %':>7}  LAST CHANGE")
        for row in rows:
            rtt = f"{row.rtt_ms:.2f}" if row.rtt_ms is not None else "-"
            loss = f"{row.loss_percent:.0f}" if row.loss_percent is not None else "-"
            since = iso_time(row.since, opened.network.timezone) if row.since else "-"
            print(printable(f"{row.site_id:<28} {row.state.value:<12} {rtt:>8} {loss:>7}  {since}"))
        size = sum(p.stat().st_size for p in (opened.path, opened.path.with_name(opened.path.name + "-wal"))
                   if p.exists())
        print(f"\nWorkspace {opened.path}: {size / 1e6:.1f} MB; {estimate_growth(opened.network).text()}.")
        holder = lock_holder(opened.path)
        print(f"Monitored now by {holder.describe()}." if holder is not None else
              "No Pantau monitors this workspace now: the states are as it last recorded them.")
    return EXIT_FINDING if any(row.state is HealthState.DOWN for row in rows) else EXIT_OK


def _store_status(args: argparse.Namespace, url: Any) -> int:
    """`status` on the shared store: every site as the vantages' views combine, and each agent's last word."""
    import time

    from pantau.agent_command import AgentError, store_password
    from pantau.domain.text import printable
    from pantau.domain.timezones import iso_time
    from pantau.domain.vantages import CombinedState
    from pantau.reporting.store_status import store_status
    from pantau.storage.pg_store import PgStore, StoreError

    try:
        with PgStore.open(url, store_password(args.store_secret)) as store:
            network = store.load_network()
            if network is None:
                raise UsageError(f"the store ({url.display}) holds no network yet: run `pantau --store URL import "
                                 "FILE`")
            views, agents = store.site_views(), store.agents()
    except (AgentError, StoreError) as error:
        raise UsageError(str(error)) from None
    now = time.time()
    status = store_status(network, views, agents, now)
    if args.json:
        print(json.dumps(status.as_json(now), indent=2, ensure_ascii=False))
    else:
        print(f"{'SITE':<28} {'STATE':<12} SEEN")
        for row in status.sites:
            print(printable(f"{row.site_id:<28} {row.state.value:<12} {row.sentence}"))
        print(f"\nThe store {url.display}: {len(status.agents)} agent(s).")
        for agent in status.agents:
            word = "silent since" if agent.silent else "last heard"
            print(printable(f"  {agent.vantage:<26} {word} {iso_time(agent.last_seen, network.timezone)} "
                            f"({now - agent.last_seen:.0f} s ago), {agent.behind_s:.0f} s behind"))
    faults = (CombinedState.DOWN, CombinedState.PATH_BROKEN)
    return EXIT_FINDING if any(row.state in faults for row in status.sites) else EXIT_OK


def _cmd_contracts(args: argparse.Namespace) -> int:
    import time

    from pantau.domain.contract_service import period_interval
    from pantau.domain.contracts import DateSpan
    from pantau.domain.timezones import zone
    from pantau.reporting.contracts import contracts_document, format_contracts, read_services

    opened = open_for_command(args, read_only_ok=True)
    if opened.network is None:
        raise UsageError(f"the workspace {opened.path} has no network")
    today = args.today or date.today()
    # A day given (for a look back, or a test) is judged as it stood at its end.
    now = time.time()
    if args.today:
        now = min(now, period_interval(DateSpan(today, today), zone(opened.network.timezone)).end)
    try:
        document = contracts_document(opened.network, today,
                                      read_services(opened.workspace, opened.network, today, now))
    finally:
        opened.workspace.close()
    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(format_contracts(document))
    return EXIT_FINDING if document["warnings"] else EXIT_OK


def _cmd_links(args: argparse.Namespace) -> int:
    from pantau.domain.text import printable
    from pantau.reporting.link_use import UseState, format_link_use, link_use_rows
    from pantau.storage.lock import lock_holder

    opened = open_for_command(args, read_only_ok=True)
    if opened.network is None:
        raise UsageError(f"the workspace {opened.path} has no network")
    rows = link_use_rows(opened.network, opened.workspace)
    opened.workspace.close()
    if args.json:
        print(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False))
    else:
        print(printable(format_link_use(rows), keep_newlines=True))
        if not any(row.state is not UseState.NOT_MEASURED for row in rows):
            set_up = sum(1 for link in opened.network.links if link.snmp is not None)
            print(f"\nNo traffic recorded yet. {set_up} of {len(rows)} links have an SNMP interface set up; "
                  "their traffic is read while `pantau monitor` or the window runs.")
        elif lock_holder(opened.path) is None:
            print("\nNo Pantau monitors this workspace now: the figures are as it last recorded them.")
    finding = any(row.is_full or (row.oper_status is not None and row.oper_status.is_down) for row in rows)
    return EXIT_FINDING if finding else EXIT_OK


def _cmd_monitor(args: argparse.Namespace) -> int:
    from pantau.bootstrap import resolve_workspace_path
    from pantau.monitor import AlertsMode, run_monitor
    from pantau.storage.lock import WorkspaceLock

    path = resolve_workspace_path(args.workspace)
    if not path.exists():
        open_for_command(args)  # says there is none, and how to make one
    mode = AlertsMode.OFF if args.no_alerts else \
        AlertsMode.WITHOUT_SECRETS if args.alerts_without_secrets else AlertsMode.REQUIRE_SECRETS
    try:
        lock = WorkspaceLock(path, "pantau monitor")
        lock.acquire()
    except WorkspaceError as error:
        raise UsageError(str(error)) from None
    try:
        opened = open_for_command(args)
        if opened.network is None:
            opened.workspace.close()
            raise UsageError(f"the workspace {opened.path} has no network to monitor")
        try:
            return run_monitor(opened.network, opened.workspace, as_json=args.json, include_targets=args.targets,
                               duration_s=args.duration, lang=args.lang, alerts_mode=mode)
        finally:
            opened.workspace.close()
    finally:
        lock.release()


def _store_url(args: argparse.Namespace) -> Any:
    """The checked store URL from --store or PANTAU_STORE; None for the local workspace."""
    from pantau.storage.store_url import store_url_from

    chosen = store_url_from(args.store)
    return None if chosen is None else _parse_store(*chosen)


def _parse_store(text: str, source: str) -> Any:
    from pantau.storage.store_url import StoreUrlError, parse_store_url

    try:
        return parse_store_url(text, source)
    except StoreUrlError as error:
        raise UsageError(str(error)) from None


def _workspace_store(args: argparse.Namespace) -> Any:
    """The [store] settings of the network in this computer's workspace; None without one."""
    from pantau.bootstrap import resolve_workspace_path

    if not resolve_workspace_path(args.workspace).exists():
        return None
    opened = open_for_command(args, read_only_ok=True)
    try:
        return opened.network.store if opened.network is not None else None
    finally:
        opened.workspace.close()


def _cmd_agent(args: argparse.Namespace) -> int:
    from pantau.agent_command import AgentError, run_agent, service_unit, store_password
    from pantau.metrics import MetricsAddressError, parse_listen_address
    from pantau.monitor import AlertsMode
    from pantau.storage.forwarder import default_buffer_path

    url = _store_url(args)
    secret = args.store_secret
    if url is None:
        # Last, the [store] block of the network in this computer's workspace.
        settings = _workspace_store(args)
        if settings is not None and settings.url:
            url = _parse_store(settings.url, "the workspace's network, [store] url")
            secret = secret or settings.password_secret
    if url is None:
        raise UsageError("an agent ships to a shared store: give --store URL, set PANTAU_STORE, or name it in the "
                         "network file's [store] block (`pantau monitor` watches from this computer alone)")
    if args.install_service:
        options = [*(["--alerts"] if args.alerts else []), *(["--metrics", args.metrics] if args.metrics else []),
                   "--lang", args.lang]
        unit = service_unit(url, options)
        if args.install_service == "-":
            print(unit, end="")
        else:
            Path(args.install_service).write_text(unit, encoding="utf-8")
            print(f"wrote {args.install_service}; then: systemctl daemon-reload && "
                  f"systemctl enable --now pantau-agent@{args.vantage}")
        return EXIT_OK
    try:
        metrics = parse_listen_address(args.metrics) if args.metrics else None
    except MetricsAddressError as error:
        raise UsageError(str(error)) from None
    try:
        return run_agent(url, args.vantage, args.buffer or default_buffer_path(args.vantage),
                         password=store_password(secret), duration_s=args.duration, lang=args.lang,
                         alerts_mode=AlertsMode.WITHOUT_SECRETS if args.alerts else AlertsMode.OFF,
                         as_json=args.json, include_targets=args.targets, metrics_address=metrics)
    except AgentError as error:
        raise UsageError(str(error)) from None


def _cmd_diagnose(args: argparse.Namespace) -> int:
    from pantau.diagnose_command import run_diagnose_command

    url = _store_url(args)
    opened = open_for_command(args, read_only_ok=not args.save)
    if opened.network is None:
        raise UsageError(f"the workspace {opened.path} has no network")
    try:
        vantages = _store_views(opened.network, url, args.store_secret) if url is not None else None
        return run_diagnose_command(opened.network, opened.workspace, scope=args.scope, site_id=args.site,
                                    as_json=args.json, lang=args.lang, save=args.save, budget_s=args.budget,
                                    vantages=vantages)
    except ValueError as error:
        raise UsageError(str(error)) from None
    finally:
        opened.workspace.close()


def _store_views(network: Any, url: Any, secret: str) -> Any:
    """The shared store's views for `pantau --store URL diagnose`; a password the keyring cannot give is said like
    an unreachable store (the diagnosis still runs from here)."""
    from pantau.agent_command import AgentError, store_password
    from pantau.diagnose_command import store_views
    from pantau.domain.diagnosis import VantageEvidence
    from pantau.domain.reachability import vantage_of

    try:
        password = store_password(secret)
    except AgentError as error:
        return VantageEvidence(network.monitoring.vantage or vantage_of(network) or "", unavailable=str(error))
    return store_views(network, url, password)


def _cmd_secret(args: argparse.Namespace) -> int:
    from pantau.domain.addresses import is_valid_secret_key
    from pantau.secrets import SecretStoreError, backend_status, delete_secret, set_secret

    status = backend_status()
    if args.action == "check":
        print(status.message)
        return EXIT_OK if status.secure else EXIT_FINDING
    if not args.key:
        raise UsageError(f"`pantau secret {args.action}` needs a KEY")
    if not is_valid_secret_key(args.key):
        raise UsageError(f"{args.key!r} is not a valid key: use letters, digits and . _ : / -")
    try:
        if args.action == "set":
            if not status.usable:
                raise SecretStoreError(status.message)
            if not status.secure:
                print(f"Warning: {status.message}", file=sys.stderr)
            value = _read_secret_value(args.key)
            stored_in = set_secret(args.key, value)
            print(f"Stored secret {args.key!r} in the keyring ({stored_in.name}).")
        else:
            found = delete_secret(args.key)
            print(f"Deleted secret {args.key!r}." if found else f"There was no secret {args.key!r}.")
    except SecretStoreError as error:
        raise UsageError(str(error)) from None
    return EXIT_OK


def _cmd_workspace(args: argparse.Namespace) -> int:
    from pantau.bootstrap import resolve_workspace_path
    from pantau.workspace_command import run_repair

    try:
        return run_repair(resolve_workspace_path(args.workspace), args.source)
    except WorkspaceError as error:
        raise UsageError(str(error)) from None


def _read_secret_value(key: str) -> str:
    """Prompt without echo on a terminal; read one line from a pipe (for scripts). Never logged."""
    if sys.stdin.isatty():
        first = getpass.getpass(f"Value for {key}: ")
        if getpass.getpass("Again: ") != first:
            raise UsageError("the two entries differ; nothing was stored")
        return first
    return sys.stdin.readline().rstrip("\r\n")
