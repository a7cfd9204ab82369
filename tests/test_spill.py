"""The spill file and the streamed JSON writer: same bytes as the whole dump, nothing held."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from auditor.spill import SpilledDocuments, write_spliced


def _log(n_results: int, n_artifacts: int) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """A SARIF-shaped log (artifacts before results in the run) and its two long lists."""
    artifacts = [{"location": {"uri": f"новости/{i:03d}/статья «{i}».txt", "uriBaseId": "%SRCROOT%"},
                  "properties": {"status": ["pass", "fail", "skipped"][i % 3], **({"reason": "пустой\nфайл"} if i % 3 == 2 else {})}}
                 for i in range(n_artifacts)]
    results = [{"ruleId": "ru-fa.notice-exact", "message": {"text": f"Отличие в слове {i}"},
                "locations": [{"physicalLocation": {"region": {"startLine": i + 1}}}]} for i in range(n_results)]
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "auditor"}}, "artifacts": [], "results": [],
                                         "columnKind": "unicodeCodePoints"}]}
    return log, artifacts, results


def _spliced(obj: Any, path: tuple[Any, ...], items: Any, indented: Any = None) -> str:
    out = io.StringIO()
    write_spliced(out, obj, path, items, indented=indented)
    return out.getvalue()


def _once(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """A one-pass generator, as a spill file's pass is."""
    yield from items


@pytest.mark.parametrize(("n_results", "n_artifacts"), [(0, 0), (0, 5), (4, 0), (4, 5), (1, 1)])
def test_indented_list_streams_the_same_bytes_as_the_list_in_memory(n_results: int, n_artifacts: int) -> None:
    log, artifacts, results = _log(n_results, n_artifacts)
    held = json.loads(json.dumps(log))
    held["runs"][0]["artifacts"] = artifacts  # before: the artifacts were a list inside the log
    expected = _spliced(held, ("runs", 0, "results"), _once(results))
    streamed = _spliced(log, ("runs", 0, "results"), _once(results),
                        indented=(("runs", 0, "artifacts"), _once(artifacts)))
    assert streamed == expected
    assert json.loads(streamed)["runs"][0]["artifacts"] == artifacts


def test_indented_list_alone_is_json_dumps_indent_2() -> None:
    log, artifacts, _results = _log(0, 7)
    full = json.loads(json.dumps(log))
    full["runs"][0]["artifacts"] = artifacts
    out = _spliced(log, ("runs", 0, "results"), iter([]), indented=(("runs", 0, "artifacts"), _once(artifacts)))
    assert out == json.dumps(full, ensure_ascii=False, indent=2) + "\n"


def test_spilled_documents_come_back_in_order_on_every_pass(tmp_path: Any) -> None:
    spilled = SpilledDocuments(str(tmp_path))
    docs = [{"path": f"a/{i}.txt", "status": "pass", "findings": []} for i in range(50)]
    for d in docs:
        spilled.append(d)
    assert len(spilled) == 50
    assert list(spilled) == docs and list(spilled) == docs
    spilled.close()
    assert not list(tmp_path.iterdir())


def test_spilled_texts_keep_each_text_by_path_on_disk(tmp_path: Any) -> None:
    from auditor.spill import SpilledTexts

    texts = SpilledTexts(str(tmp_path))
    body = "Заголовок\n\nДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО\u00a0И (ИЛИ) РАСПРОСТРАНЕНО " * 50
    for i in range(300):
        texts[f"news/{i:03d}.txt"] = f"{i}: {body}"
    texts.update({"news/000.txt": "заменён", "extra.md": "ещё"})
    assert len(texts) == 301
    assert texts["news/000.txt"] == "заменён" and texts.get("news/299.txt", "").startswith("299: Заголовок")
    assert "extra.md" in texts and "news/300.txt" not in texts and texts.get("news/300.txt") is None
    assert list(texts)[:2] == ["extra.md", "news/000.txt"]
    assert len(list(tmp_path.iterdir())) == 1  # one file holds them
    texts.close()
    assert not list(tmp_path.iterdir())
