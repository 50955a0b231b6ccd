"""The examples in the documentation are real: the complete network file of docs/network-file.md parses and
validates, so a key the docs show is a key the reader takes."""

from __future__ import annotations

import re
from pathlib import Path

from pantau.storage.networkfile import parse_network_text

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_complete_example_of_the_network_file_docs_is_valid() -> None:
    text = (DOCS / "network-file.md").read_text(encoding="utf-8")
    example = re.search(r"## A complete example.*?```toml\n(.*?)```", text, re.DOTALL)
    assert example is not None
    network = parse_network_text(example[1], "docs/network-file.md")
    snmp = next(link.snmp for link in network.links if link.snmp is not None)
    assert snmp.interface == "ether1" and snmp.community_secret == "pantau/snmp-disdukcapil"
