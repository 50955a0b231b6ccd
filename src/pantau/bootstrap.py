"""Finding and opening the workspace, shared by the GUI and the CLI.

The first launch with no workspace seeds one from the bundled sample network, and says that it did, so an officer
never mistakes the sample's loopback offices for the real network. A workspace that cannot be written (read-only
media) is opened read-only where the caller only reads (`read_only_ok`); elsewhere the refusal says what still works.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pantau.domain.inventory import Network
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace, WorkspaceReadOnlyError, default_workspace_path


@dataclass
class OpenedWorkspace:
    workspace: Workspace
    path: Path
    network: Network | None
    seeded_from_sample: bool


def resolve_workspace_path(explicit: str | None) -> Path:
    """`--workspace PATH` wins, then the PANTAU_WORKSPACE environment variable, then the user data directory."""
    return Path(explicit).expanduser() if explicit else default_workspace_path()


def open_workspace(path: Path, seed_sample: bool, read_only_ok: bool = False) -> OpenedWorkspace:
    """Open (creating if needed) the workspace; with `seed_sample`, fill an empty one from the bundled sample.
    With `read_only_ok`, a workspace that cannot be written is opened read-only (`workspace.read_only`)."""
    try:
        workspace = Workspace.open(path)
    except WorkspaceReadOnlyError as error:
        if not read_only_ok:
            raise WorkspaceReadOnlyError(
                f"{error}: it is on read-only media or in a read-only folder. `pantau status`, `export`, "
                "`contracts` and `diagnose` (without --save) can still read it; to change or monitor it, copy it "
                "where it can be written, or choose another workspace with --workspace") from error
        workspace = Workspace.open(path, read_only=True)
    network = workspace.load_network()
    seeded = False
    if network is None and seed_sample and not workspace.read_only:
        network = load_network_file(sample_network_path())
        workspace.replace_network(network)
        seeded = True
    return OpenedWorkspace(workspace, path, network, seeded)
