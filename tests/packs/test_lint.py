"""Rule-pack linting (auditor/packs/lint.py): rules that never fire, hang, or are shadowed."""

from __future__ import annotations

from pathlib import Path

import pytest

packs = pytest.importorskip("auditor.packs")
from auditor.packs.lint import backtracking, impossible, lint_pack, overlapping_alternation, parse  # noqa: E402

HEAD = 'id: house\ntitle: House rules\nversion: "1.0"\nrules:\n'


def _rule(rid: str, check: str, scope: str = "[body]") -> str:
    return f"  - id: {rid}\n    title: {rid}\n    scope: {scope}\n    check:\n{check}"


def _lint(tmp_path: Path, *rules: str) -> list[tuple[int | None, str, str, str]]:
    p = tmp_path / "house.yaml"
    p.write_text(HEAD + "".join(rules), encoding="utf-8")
    assert packs.load_ruleset([str(p)]).errors == []
    return [(e.line, e.key or "", e.message, e.level) for e in lint_pack(str(p))]


def _forbid(rx: str, extra: str = "") -> str:
    return f"      kind: pattern\n      forbid: '{rx}'\n{extra}"


@pytest.mark.parametrize(
    ("rx", "bad"),
    [
        (r"(a+)+$", True),
        (r"(\w+\s?)*$", True),
        (r"(a|aa)+$", True),
        (r"(?:\d|\w)+!", True),
        (r"(?:,\s*|\s+И\s+)(?:ПРОИЗВЕДЕН|НАПРАВЛЕН)", False),
        (r"(?:(?:,\s*|\s+И\s+)(?:ПРОИЗВЕДЕН|НАПРАВЛЕН))*", False),
        (r"(?>a+)+$", False),
        (r"\bкликбейт\w*", False),
        (r"(\p{L}+\s?)+\d", True),
        (r"(\p{L}+\s)+\d", False),
        (r"(?:a|b)++x", False),
    ],
)
def test_backtracking_shapes(rx: str, bad: bool) -> None:
    seq = parse(rx, False)
    assert seq is not None
    assert (backtracking(seq, False) is not None or overlapping_alternation(rx, False)) is bad


@pytest.mark.parametrize(
    ("rx", "never"),
    [
        (r"end$x", True),
        (r"end$\nnext", False),
        (r"a\Zb", True),
        (r"x\Ay", True),
        (r"[^\s\S]", True),
        (r"(?!)word", True),
        (r"a^b", True),
        (r"\n^b", False),
        (r"(?:x$y|ok)", False),
        (r"[ǅ]", False),
    ],
)
def test_impossible_constructs(rx: str, never: bool) -> None:
    seq = parse(rx, False)
    assert (impossible(seq, multiline=True, fold=False) is not None) is never


def test_lint_reports_never_matching_regexes_with_positions(tmp_path: Path) -> None:
    got = _lint(
        tmp_path,
        _rule("anchored", _forbid(r"конец$ и ещё")),
        _rule("quotes", _forbid("«иноагент»", "      normalize: true\n")),
        _rule("lookalike", _forbid("инoагент", "      normalize: true\n")),  # Latin o
        _rule("newline-in-field", _forbid(r"Иван\nПетров"), scope="[metadata.author]"),
        _rule("fine", _forbid(r"иноагент\w*", "      normalize: true\n")),
    )
    assert [(line, key) for line, key, _, _ in got] == [
        (8, "rules.anchored.check.forbid"), (14, "rules.quotes.check.forbid"),
        (21, "rules.lookalike.check.forbid"), (28, "rules.newline-in-field.check.forbid")]
    messages = [m for _, _, m, _ in got]
    assert "after the end of a line" in messages[0]
    assert "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK" in messages[1] and "normalisation replaces" in messages[1]
    assert "mixes Latin and Cyrillic" in messages[2]
    assert "line break" in messages[3] and "metadata.author" in messages[3]
    assert {lvl for *_, lvl in got} == {"error"}


def test_lint_reports_backtracking_unknown_scopes_and_fields(tmp_path: Path) -> None:
    got = _lint(
        tmp_path,
        _rule("slow", _forbid(r"(\w+\s?)*!")),
        _rule("typo", _forbid("x"), scope="[bodyy, field.autor, metadata.section]"),
    )
    keys = [(key, msg) for _, key, msg, _ in got]
    assert keys[0][0] == "rules.slow.check.forbid" and "catastrophic backtracking" in keys[0][1]
    assert keys[1] == ("rules.typo.scope[0]", "unknown scope 'bodyy' (did you mean 'body'?)")
    assert keys[2] == ("rules.typo.scope[1]", "unknown field in scope 'field.autor' (did you mean 'field.author'?)")
    assert len(keys) == 3


def test_lint_reports_shadowed_rules(tmp_path: Path) -> None:
    got = _lint(
        tmp_path,
        _rule("wide", _forbid("кликбейт"), scope="[body, lead]"),
        _rule("narrow", _forbid("кликбейт"), scope="[body]"),
        _rule("other", _forbid("фейк"), scope="[body]"),
    )
    assert got == [(14, "rules.narrow.check",
                    "shadowed by house/wide: the same check over a wider scope; every finding of this rule is "
                    "already a finding of that one", "warning")]


def test_shipped_packs_lint_clean() -> None:
    from auditor.packs.loader import shipped_packs

    found = shipped_packs()
    if not found:
        pytest.skip("no shipped packs")
    for _pid, path in found:
        assert lint_pack(str(path)) == [], path


def test_rules_validate_prints_lint_errors_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from auditor.cli import main

    p = tmp_path / "house.yaml"
    p.write_text(HEAD + _rule("slow", _forbid(r"(a|aa)+$")), encoding="utf-8")
    assert main(["rules", "validate", str(p)]) == 2
    out = capsys.readouterr().out
    assert "house.yaml:8:5: rules.slow.check.forbid: catastrophic backtracking" in out
