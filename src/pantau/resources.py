"""The files Pantau ships with: the offline map layers and the sample network, and the sample's SNMP agent.

This is the only module that knows where bundled resources live. Everything else asks it for a path or for parsed
content, so a source checkout, an installed wheel and a PyInstaller bundle all read the same files the same way.
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pantau.domain.inventory import Network
from pantau.sample_agent import SAMPLE_COMMUNITY, SAMPLE_COMMUNITY_KEY, SampleAgent, SampleAgentError
from pantau.secrets import SecretStoreError, get_secret
from pantau.storage.networkfile import NetworkFileError, load_network_file

log = logging.getLogger(__name__)

# The offline map, drawn bottom to top: neighbours for context, then the regency, its districts and villages.
MAP_LAYERS: tuple[str, ...] = ("ppu_context_neighbours", "ppu_kabupaten", "ppu_kecamatan", "ppu_desa")
PLACES_FILE = "ppu_places.csv"
TRANSLATED_LANGUAGES: tuple[str, ...] = ("id",)
SOURCES_FILE = "SOURCES.md"
PLACES_COLUMNS = ("name", "kind", "kecamatan", "lat", "lon", "code", "source")

# Where a wheel (and the frozen bundle) carries the top-level resources/: inside the package, as pantau/_resources/.
PACKAGED_DIR = "_resources"
# src/pantau/resources.py → the repository top, where resources/ sits beside src/.
_CHECKOUT_RESOURCES = Path(__file__).resolve().parents[2] / "resources"


class ResourceError(Exception):
    """A bundled resource that is missing or unreadable; the message names the file."""


def resource_root() -> Path:
    """The directory that holds `map/`, `sample/`, `i18n/` and `icons/`.

    `resources/` at the repository top is the source of truth; builds map it into the package as `pantau/_resources/`.
    Looked up in this order, so a frozen app or an installed wheel never picks up a stray checkout:
    - frozen (PyInstaller onedir): the spec copies it to `pantau/_resources/` under `sys._MEIPASS`;
    - installed wheel: the build backend put it at `pantau/_resources/`, found with `importlib.resources`;
    - source checkout or editable install: the repository's own `resources/`, two levels above this package.
    """
    if getattr(sys, "frozen", False):
        bundled = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "pantau" / PACKAGED_DIR
        if not bundled.is_dir():
            raise ResourceError(f"the bundled resources are missing: expected them at {bundled}")
        return bundled
    packaged = importlib.resources.files("pantau") / PACKAGED_DIR
    if packaged.is_dir():
        if not isinstance(packaged, Path):
            # A zipped install: Qt and the file dialogs need real paths, so Pantau must be installed unpacked.
            raise ResourceError(f"the resources are inside an archive ({packaged}); install Pantau unpacked")
        return packaged
    if not _CHECKOUT_RESOURCES.is_dir():
        raise ResourceError(f"the bundled resources are missing: expected them at {packaged} (installed) or at "
                            f"{_CHECKOUT_RESOURCES} (source checkout)")
    return _CHECKOUT_RESOURCES


def resource_origin() -> str:
    """Which of the three places `resource_root` reads: "frozen bundle", "installed package" or "source checkout"."""
    if getattr(sys, "frozen", False):
        return "frozen bundle"
    return "source checkout" if resource_root() == _CHECKOUT_RESOURCES else "installed package"


def map_layer_path(name: str) -> Path:
    """The GeoJSON file of one of `MAP_LAYERS`."""
    if name not in MAP_LAYERS:
        raise ValueError(f"unknown map layer {name!r}; the layers are {', '.join(MAP_LAYERS)}")
    return resource_root() / "map" / f"{name}.geojson"


def places_path() -> Path:
    """The CSV of named places (offices, village and district centroids) that came with the map."""
    return resource_root() / "map" / PLACES_FILE


def sample_network_path() -> Path:
    """The bundled sample network file (loopback addresses only)."""
    return resource_root() / "sample" / "network.toml"


def agent_unit_template() -> str:
    """The systemd unit of `pantau agent` with {executable}, {store_url} and {options} to fill."""
    return (resource_root() / "systemd" / "pantau-agent@.service").read_text(encoding="utf-8")


def load_geojson(name: str) -> dict[str, Any]:
    """A map layer parsed, checked to be a GeoJSON FeatureCollection; `ResourceError` names the file otherwise."""
    path = map_layer_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResourceError(f"{path}: map layer {name!r} is missing from this installation") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ResourceError(f"{path}: cannot read map layer {name!r}: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ResourceError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ResourceError(f"{path}: not a GeoJSON FeatureCollection")
    if not isinstance(data.get("features"), list):
        raise ResourceError(f"{path}: a FeatureCollection needs a 'features' list")
    return data


def all_resource_problems() -> list[str]:
    """Every bundled file that is missing or does not parse, one message each; empty when all is well.

    The sample network is read with the real loader, so a sample that no longer validates is reported too.

    `pantau --selftest` reports these, which is how a broken bundle (a data file left out of the spec) shows up.
    """
    problems: list[str] = []
    for name in MAP_LAYERS:
        try:
            if not load_geojson(name)["features"]:
                problems.append(f"{map_layer_path(name)}: map layer {name!r} has no features")
        except ResourceError as error:
            problems.append(str(error))
    problems += _places_problems(places_path())
    sources = resource_root() / "map" / SOURCES_FILE
    if not sources.is_file():
        problems.append(f"{sources}: the map's source and licence notes are missing")
    problems += _sample_problems(sample_network_path())
    for language in TRANSLATED_LANGUAGES:
        catalogue = translation_path(language)
        if not catalogue.is_file() or catalogue.stat().st_size == 0:
            problems.append(f"{catalogue}: the {language} translation of the window is missing")
    return problems


def translation_path(language: str) -> Path:
    """The compiled Qt translation catalogue of one language (English is the source language: no catalogue)."""
    return resource_root() / "i18n" / f"pantau_{language}.qm"


def _places_problems(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            header = tuple(reader.fieldnames or ())
            rows = list(reader)
    except FileNotFoundError:
        return [f"{path}: the place list is missing from this installation"]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        return [f"{path}: cannot read the place list: {error}"]
    if header != PLACES_COLUMNS:
        return [f"{path}: expected the columns {', '.join(PLACES_COLUMNS)}, found {', '.join(header)}"]
    if not rows:
        return [f"{path}: the place list is empty"]
    return []


def _sample_problems(path: Path) -> list[str]:
    if not path.is_file():
        return [f"{path}: the sample network is missing from this installation"]
    try:
        network = load_network_file(path)
    except NetworkFileError as error:
        return [str(problem) for problem in error.problems]
    if not network.sample:
        return [f"{path}: the sample network must say [network] sample = true"]
    return []


def snmp_secret_lookup(network: Network) -> Callable[[str], str | None]:
    """How the link poller reads a link's SNMP secret: from the keyring; for the bundled sample only, its made-up
    agent's community (`sample_agent.SAMPLE_COMMUNITY`, not a secret: that agent answers on loopback with invented
    counters) when the keyring has none or there is no keyring, so the sample's traffic shows on any machine."""
    def lookup(key: str) -> str | None:
        if not (network.sample and key == SAMPLE_COMMUNITY_KEY):
            return get_secret(key)
        try:
            return get_secret(key) or SAMPLE_COMMUNITY
        except SecretStoreError:
            return SAMPLE_COMMUNITY

    return lookup


def start_sample_agent(network: Network) -> SampleAgent | None:
    """For the bundled sample, its made-up SNMP agent on loopback (stop it when done); None for any other network,
    and when it cannot start (a port in use: the sample's links then say "no answer", which is the truth)."""
    if not network.sample or not any(link.snmp for link in network.links):
        return None
    agent = SampleAgent(network)
    try:
        agent.start()
    except SampleAgentError as error:
        log.warning("the sample's SNMP agent did not start: %s", error)
        return None
    return agent
