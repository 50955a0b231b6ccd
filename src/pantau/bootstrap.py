"""Finding and opening the workspace, shared by the GUI and the CLI.

The first launch with no workspace seeds one from the bundled sample network, and says that it did, so an officer
never mistakes the sample's loopback offices for the real network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pantau.domain.inventory import Network
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace, default_workspace_path


@dataclass
class OpenedWorkspace:
    workspace: Workspace
    path: Path
    network: Network | None
    seeded_from_sample: bool


def resolve_workspace_path(explicit: str | None) -> Path:
    """`--workspace PATH` wins, then the PANTAU_WORKSPACE environment variable, then the user data directory."""
    return Path(explicit).expanduser() if explicit else default_workspace_path()


def open_workspace(path: Path, seed_sample: bool) -> OpenedWorkspace:
    """Open (creating if needed) the workspace; with `seed_sample`, fill an empty one from the bundled sample."""
    workspace = Workspace.open(path)
    network = workspace.load_network()
    seeded = False
    if network is None and seed_sample:
        network = load_network_file(sample_network_path())
        workspace.replace_network(network)
        seeded = True
    return OpenedWorkspace(workspace, path, network, seeded)
