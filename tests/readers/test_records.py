"""CMS export reader: JSON, JSONL, CSV records as documents with field spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdf_fixtures import cli_ready, run_auditor

from auditor.readers import ReaderOptions, ReadError, UnknownFormat, read_bytes
from auditor.readers import records as records_reader

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records"


def read(data: bytes, name: str, **opts):
    return records_reader.read(data, name, ReaderOptions(**opts))


def test_jsonl_three_records_three_documents():
    docs = read((FIXTURES / "export.jsonl").read_bytes(), "export.jsonl")
    assert [d.path for d in docs] == ["export.jsonl#ku-101", "export.jsonl#ku-102", "export.jsonl#ku-103"]
    first, second, third = docs
    assert first.fields.title == "В Махачкале третий день нет воды"
    assert first.fields.author == ["Фаик Меджид"]
    assert first.fields.source == ["корреспондент «Кавказского узла»"]
    assert first.fields.published.iso == "2024-11-04T23:39:00+03:00"
    assert first.fields.url == "https://www.kavkaz-uzel.eu/articles/101"
    assert first.metadata["section"] == "news" and "body" not in first.metadata
    # a JSON array of authors stays a list, one string per item
    assert second.fields.author == ["Анна Иванова", "Олег Петров"]
    assert second.metadata["sponsored"] is False
    # an HTML body is read as its visible paragraphs
    assert "<p>" not in third.text and "Суд продлил срок" in third.text
    assert third.fields.author == [] and third.fields.source == []


def test_notice_at_start_of_body_stands_directly_under_the_headline():
    doc = read((FIXTURES / "export.jsonl").read_bytes(), "export.jsonl")[0]
    kinds = [(s.kind, s.field) for s in doc.segments]
    assert kinds[0] == ("headline", "title")
    assert kinds[1] == ("notice", "body")
    assert doc.seg_text(doc.segments[1]).startswith("НАСТОЯЩИЙ МАТЕРИАЛ")


def test_spans_point_at_fields():
    doc = read((FIXTURES / "export.jsonl").read_bytes(), "export.jsonl")[1]
    start = doc.text.index("Адвокат")
    assert doc.span(start, start + 7).field == "body"
    assert doc.span(0, 3).field == "title"
    assert [s.field for s in doc.fields.author_spans] == ["author", "author"]
    assert doc.text[doc.fields.author_spans[1].start : doc.fields.author_spans[1].end] == "Олег Петров"
    assert doc.body_style is None  # no typography in a CMS record


def test_json_wrapper_object_and_field_map():
    fmap = {"id": "uuid", "title": "headline", "body": "content", "author": "byline", "source": "origin"}
    fmap["published"] = "date"
    docs = read((FIXTURES / "export.json").read_bytes(), "export.json", field_map=fmap)
    assert [d.path for d in docs] == ["export.json#a-1", "export.json#a-2"]
    assert docs[0].fields.title == "Заголовок первой статьи"
    assert docs[0].fields.author == ["Фаик Меджид"]  # {"name": ...} object
    assert docs[0].fields.source == ["Кавказский узел"]
    assert docs[0].fields.published.iso == "2024-11-04T23:39:00+03:00"
    assert "uuid" not in docs[0].metadata and docs[0].metadata["id"] == "a-1"


def test_without_the_map_an_export_with_other_names_is_skipped_with_a_hint():
    with pytest.raises(UnknownFormat, match=r"no article records: .*title, body.*field map"):
        read((FIXTURES / "export.json").read_bytes(), "export.json")
    # a mapped name that is absent does not hide the default one
    docs = read(b'[{"title": "T", "lead": "x"}]', "e.json", field_map={"title": "headline"})
    assert docs[0].fields.title == "T"


def test_unknown_names_are_metadata():
    docs = read(json.dumps([{"title": "Заголовок", "headline": "Другое", "rubric": "Общество"}]).encode(), "e.json")
    assert docs[0].path == "e.json#1"
    assert docs[0].fields.title == "Заголовок"
    assert docs[0].metadata["headline"] == "Другое" and docs[0].metadata["rubric"] == "Общество"


def test_files_that_are_not_exports_are_listed_as_skipped(tmp_path: Path):
    """package.json or a data table in a content folder is not audited as a broken article."""
    (tmp_path / "package.json").write_text('{"name": "site", "dependencies": {"x": "1"}}', encoding="utf-8")
    (tmp_path / "figures.csv").write_text("region,count\nKBR,3\n", encoding="utf-8")
    (tmp_path / "export.jsonl").write_bytes((FIXTURES / "export.jsonl").read_bytes())
    proc = run_auditor("check", str(tmp_path), "--format", "json", cwd=str(tmp_path))
    data = json.loads(proc.stdout)
    status = {Path(d["path"]).name: d["status"] for d in data["documents"]}
    assert status["package.json"] == status["figures.csv"] == "skipped"
    assert sum(1 for name in status if name.startswith("export.jsonl#")) == 3
    notes = {Path(d["path"]).name: d.get("note") for d in data["documents"]}
    assert "no article records" in notes["package.json"]


def test_cp1251_csv_with_semicolons():
    docs = read((FIXTURES / "export_cp1251.csv").read_bytes(), "export_cp1251.csv")
    assert [d.path for d in docs] == ["export_cp1251.csv#1", "export_cp1251.csv#2"]
    assert docs[0].fields.title == "Новости Нальчика"
    assert docs[0].fields.author == ["Мурат Кодзоев"]
    assert docs[0].fields.published.raw == "04.11.2024 23:39"
    assert docs[1].fields.author == []  # an empty cell is no author
    assert docs[0].metadata["ai_generated"] is False and docs[1].metadata["ai_generated"] is True
    # the multi-line quoted body keeps its paragraphs
    assert [s.field for s in docs[0].segments[1:3]] == ["body", "body"]


def test_timezone_applies_to_naive_dates():
    docs = read((FIXTURES / "export_cp1251.csv").read_bytes(), "export_cp1251.csv", timezone="Europe/Moscow")
    assert docs[0].fields.published.iso == "2024-11-04T23:39:00+03:00"


def test_repeated_ids_are_told_apart():
    data = json.dumps([{"id": 7, "body": "a"}, {"id": 7, "body": "b"}]).encode()
    assert [d.path for d in read(data, "x.json")] == ["x.json#7", "x.json#7~2"]


def test_bad_jsonl_line_names_line_and_column():
    data = b'{"id": 1, "body": "ok"}\n{"id": 2, "body": oops}\n'
    with pytest.raises(ReadError, match=r"^e\.jsonl:2:\d+: invalid JSON"):
        read(data, "e.jsonl")


def test_bad_json_names_line_and_column():
    with pytest.raises(ReadError, match=r"^e\.json:3:\d+: invalid JSON"):
        read(b'[\n{"id": 1},\n{"id": }\n]', "e.json")


def test_records_that_are_not_objects():
    with pytest.raises(ReadError, match="record 2 is not an object"):
        read(b'[{"id": 1}, 5]', "e.json")


def test_empty_export_has_no_documents():
    assert read(b"", "e.jsonl") == []
    assert read(b"[]", "e.json") == []


def test_registry_routes_exports():
    data = (FIXTURES / "export.jsonl").read_bytes()
    assert len(read_bytes(data, "x.jsonl", ReaderOptions())) == 3
    assert read_bytes(data, "x.ndjson", ReaderOptions())[0].format == "records"


# -- end to end ----------------------------------------------------------------------------------------
@pytest.mark.skipif(not cli_ready(kind="notice.altered"), reason="CLI or the caucasian-knot pack not ready")
def test_cli_jsonl_three_records_three_results(tmp_path: Path):
    (tmp_path / "export.jsonl").write_bytes((FIXTURES / "export.jsonl").read_bytes())
    res = run_auditor(
        "check", "export.jsonl", "--rules", "caucasian-knot", "--format", "json", cwd=str(tmp_path)
    )
    data = json.loads(res.stdout)
    docs = {d["path"]: d for d in data["documents"]}
    assert list(docs) == ["export.jsonl#ku-101", "export.jsonl#ku-102", "export.jsonl#ku-103"]
    # 101: notice under the headline, author and source: passes; 102: no notice; 103: notice at the end
    assert [d["status"] for d in docs.values()] == ["pass", "fail", "fail"]
    assert res.returncode == 1
    # typography cannot be known for a CMS record: unverified, not failed
    typo = [r["id"] for r in data["run"].get("rules", []) if r.get("kind") == "typography"]
    for rid in typo:
        assert rid in docs["export.jsonl#ku-101"]["unverified"]
    # the misplaced notice of 103 points at the record's body field
    fields = {f["span"].get("field") for f in docs["export.jsonl#ku-103"]["findings"] if f["span"]}
    assert "body" in fields
