"""Compiled packs kept between runs (auditor/packcache.py): used only while nothing they came from changed."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from packs_docs import make_doc

from auditor import packcache
from auditor.packs import load_ruleset

ARTICLE = (
    "01 April 2016, 19:37\n\nA headline\n\nBody paragraph one about the FBK and the weather.\n\n"
    "Author: A. Writer\n"
)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.delenv("AUDITOR_PACK_CACHE", raising=False)
    return tmp_path / "user-cache" / "packs"


def _findings(rs: object, text: str = ARTICLE) -> list[dict[str, object]]:
    found, unverified = rs.evaluate(make_doc(text), date(2026, 11, 28))  # type: ignore[attr-defined]
    return [f.to_dict() for f in found] + [{"unverified": sorted(unverified)}]


def test_a_cached_profile_checks_like_a_fresh_load(cache_dir: Path) -> None:
    fresh = load_ruleset(["caucasian-knot"])
    first = packcache.load(["caucasian-knot"])  # loads and stores
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    second = packcache.load(["caucasian-knot"])  # from the entry
    assert second is not first
    assert second.rules_info() == fresh.rules_info()
    assert second.packs == fresh.packs and second.settings == fresh.settings
    assert second.registries_info() == fresh.registries_info()
    assert _findings(second) == _findings(fresh)
    assert any(f.get("rule_id") for f in _findings(second))  # the article does fail some rules


def test_an_edited_pack_is_loaded_again(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    pack = work / "house.yaml"
    body = (
        "id: house\ntitle: House\nversion: '1'\nrules:\n"
        "  - id: byline\n    title: {title}\n    check: {{kind: pattern, require: 'Author:'}}\n"
    )
    pack.write_text(body.format(title="Byline present"), encoding="utf-8")
    assert [r["title"] for r in packcache.load(["house.yaml"]).rules_info()] == ["Byline present"]
    assert [r["title"] for r in packcache.load(["house.yaml"]).rules_info()] == ["Byline present"]
    pack.write_text(body.format(title="Byline is there"), encoding="utf-8")  # same size, new bytes
    assert [r["title"] for r in packcache.load(["house.yaml"]).rules_info()] == ["Byline is there"]


def test_a_pack_with_errors_is_never_cached(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("id: bad\ntitle: Bad\nversion: '1'\nrules: [{id: x}]\n", encoding="utf-8")
    for _ in range(2):
        rs = packcache.load(["bad.yaml"])
        assert rs.errors and "bad.yaml" in str(rs.errors[0])
    assert not list(cache_dir.glob("*.pickle"))


def test_a_damaged_entry_is_ignored_and_replaced(cache_dir: Path) -> None:
    packcache.load(["default"])
    (entry,) = cache_dir.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    rs = packcache.load(["default"])
    assert rs.rules_info() == load_ruleset(["default"]).rules_info()
    assert entry.read_bytes() != b"not a pickle"


def test_the_cache_is_off_on_request_and_never_in_the_audited_folder(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDITOR_PACK_CACHE", "0")
    packcache.load(["default"])
    assert not cache_dir.exists()
    monkeypatch.delenv("AUDITOR_PACK_CACHE")
    monkeypatch.chdir(tmp_path)
    from auditor.cli import main

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["check", "a.txt", "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history",
                 "--no-cache", "-f", "json", "-o", str(out)]) in (0, 1)
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["documents"] == 1
    assert list(cache_dir.glob("*.pickle"))  # in the user's cache folder ...
    assert not list(tmp_path.glob("*.pickle")) and not (tmp_path / ".auditor_cache").exists()  # ... not here


def test_an_edited_registry_is_read_again(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.packs.loader import rules_dir

    monkeypatch.chdir(tmp_path)
    shutil.copy(rules_dir() / "registries" / "ru-designated.sample.yaml", tmp_path / "reg.yaml")
    (tmp_path / "p.yaml").write_text(
        "id: p\ntitle: P\nversion: '1'\nextends: [ru-designated-mentions]\nsettings: {registries: [reg.yaml]}\n",
        encoding="utf-8",
    )
    first = packcache.load(["p.yaml"]).registries_info()
    assert packcache.load(["p.yaml"]).registries_info() == first
    reg = tmp_path / "reg.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")
    assert packcache.load(["p.yaml"]).registries_info() != first
