"""What every `pantau` subcommand shares: the exit codes, the usage error, and opening the workspace with a message
naming what went wrong (cli.py and the command modules beside it)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pantau.storage.schema import WorkspaceError

EXIT_OK = 0
EXIT_FINDING = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """An input problem already phrased for the user; exits with code 2."""


def open_for_command(args: argparse.Namespace, seed_sample: bool = False, read_only_ok: bool = False) -> Any:
    """The opened workspace; with `read_only_ok`, one on read-only media is opened read-only and said so."""
    from pantau.bootstrap import open_workspace, resolve_workspace_path
    from pantau.storage.networkfile import NetworkFileError

    path = resolve_workspace_path(args.workspace)
    if not seed_sample and not path.exists():
        raise UsageError(f"no workspace at {path}: import a network file with `pantau import FILE`, "
                         f"or open the window once to start from the sample network")
    try:
        opened = open_workspace(path, seed_sample=seed_sample, read_only_ok=read_only_ok)
    except WorkspaceError as error:
        raise UsageError(str(error)) from None
    except NetworkFileError as error:
        raise UsageError(f"the bundled sample network is broken:\n{error}") from None
    if opened.workspace.read_only:
        print(f"pantau: note: {opened.workspace.read_only_note}", file=sys.stderr)
    return opened
