"""Every law reference links to an official or primary source (issue 12, item 8): the law's text on
an official publication portal or a legal database, a regulator's or court's own site, a code or
specification on its owner's site; never a mirror, a news report or commentary. The rules table
links each reference the same way."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

REPO = Path(__file__).resolve().parents[2]

PRIMARY = {
    # official publication portals and legislation sites
    "publication.pravo.gov.ru": "portal", "eur-lex.europa.eu": "portal", "www.legislation.gov.uk": "portal",
    "www.landesrecht-bw.de": "portal", "www.ecfr.gov": "portal",
    # legal databases holding the official text
    "www.consultant.ru": "database", "www.garant.ru": "database", "docs.cntd.ru": "database",
    # regulators, ministries and courts, on their own sites
    "minjust.gov.ru": "authority", "rkn.gov.ru": "authority", "www.fsb.ru": "authority",
    "www.fedsfm.ru": "authority", "www.ftc.gov": "authority", "www.fec.gov": "authority",
    "www.electoralcommission.org.uk": "authority", "juris.bundesgerichtshof.de": "court",
    # codes and specifications on their owners' sites; a house's own rules on its own site
    "www.spj.org": "owner", "www.presserat.de": "owner", "developers.google.com": "owner",
    "caucasianknot.org": "house",
}  # fmt: skip


def _references() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((REPO / "rules").glob("*.yaml")):
        pack = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.extend((path.name, ref) for ref in pack.get("references") or [])
    return out


def test_every_law_reference_links_to_a_primary_source() -> None:
    refs = _references()
    assert refs
    for pack, ref in refs:
        if ref.get("binding") in ("statute", "regulation", "court", "regulator-guidance"):
            assert ref.get("url"), (pack, ref.get("id"))  # a law names where its text stands
        url = ref.get("url")
        if not url:
            continue
        parsed = urlparse(url)
        assert parsed.scheme in ("http", "https") and parsed.hostname in PRIMARY, (pack, ref.get("id"), url)


def test_rules_table_links_the_sources_it_names() -> None:
    import re

    table = (REPO / "docs" / "rules-table.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((https?://[^)\s]+)\)", table)
    assert links
    assert {urlparse(u).hostname for u in links} <= set(PRIMARY)
    cited = {ref["url"] for _pack, ref in _references() if ref.get("url")}
    assert set(links) <= cited
