"""Defect 3 of issue 16 (DOCX zip bomb) and the DOCX half of defect 9 (text after an unresolved
entity), on small generated archives."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("docx")
from hostile import docx_bytes, zip_bomb_docx  # noqa: E402

from auditor.cli import main  # noqa: E402
from auditor.limits import MB, Limits  # noqa: E402
from auditor.readers import LimitExceeded, ReaderOptions, ReadError, read_bytes  # noqa: E402


def _rewrite(data: bytes, member: str, edit) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info, edit(body) if info.filename == member else body)
    return out.getvalue()


def test_zip_bomb_docx_is_refused_before_parsing() -> None:
    bomb = zip_bomb_docx(inflated=4 * MB)
    assert len(bomb) < 200_000
    with pytest.raises(LimitExceeded, match="decompresses past the 2 MB limit"):
        read_bytes(bomb, "bomb.docx", ReaderOptions(limits=Limits(decompressed_size=2 * MB)))
    # the same file under a roomier limit is read (it is a valid DOCX)
    doc = read_bytes(bomb, "bomb.docx", ReaderOptions(limits=Limits(decompressed_size=8 * MB)))[0]
    assert "Короткий текст." in doc.text


def test_member_that_understates_its_size_cannot_pass() -> None:
    """A header claiming a small size: zipfile stops at the claimed size and the CRC fails."""
    good = docx_bytes(["Текст."])
    buf = bytearray(good)
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        info = zf.getinfo("word/document.xml")
    # the central directory entry's uncompressed size (offset 24 in the entry) set to 10 bytes
    pos = buf.find(b"PK\x01\x02")
    while bytes(buf[pos + 46 : pos + 46 + len(info.filename)]) != info.filename.encode():
        pos = buf.find(b"PK\x01\x02", pos + 4)
    buf[pos + 24 : pos + 28] = (10).to_bytes(4, "little")
    with pytest.raises(ReadError):
        read_bytes(bytes(buf), "liar.docx", ReaderOptions())


def test_zip_bomb_docx_is_an_error_result_in_a_run(tmp_path: Path) -> None:
    (tmp_path / "bomb.docx").write_bytes(zip_bomb_docx(inflated=3 * MB))
    (tmp_path / "ok.docx").write_bytes(docx_bytes(["Заголовок", "Текст статьи."]))
    out = tmp_path / "r.json"
    main([
        "check", str(tmp_path), "--max-decompressed-size", "1MB", "--no-cache", "--no-history",
        "-f", "json", "-o", str(out),
    ])  # fmt: skip
    docs = {Path(d["path"]).name: d for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}
    assert docs["bomb.docx"]["status"] == "error"
    assert "--max-decompressed-size" in docs["bomb.docx"]["error"]
    assert docs["ok.docx"]["status"] != "error"


def test_text_after_an_unresolved_entity_is_kept() -> None:
    data = docx_bytes(["Первый абзац.", "Второй MARK абзац."])

    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"MARK", "&ent; после".encode(), 1)
        return xml.replace(
            b"<w:document", b'<!DOCTYPE w:document [<!ENTITY ent SYSTEM "file:///etc/hostname">]><w:document', 1
        )

    doc = read_bytes(_rewrite(data, "word/document.xml", edit), "e.docx", ReaderOptions())[0]
    assert "после абзац." in doc.text  # the text after the entity is not lost
    assert "localhost" not in doc.text and "/etc/hostname" not in doc.text  # and nothing is fetched


@pytest.mark.parametrize("at", [0.3, 0.5, 0.7])
def test_damaged_deflate_stream_is_a_read_error(at: float) -> None:
    """Found by the fuzz harness: a damaged compressed part raised zlib.error out of the reader."""
    data = bytearray(docx_bytes(["Текст статьи. " * 200]))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    head = info.header_offset
    start = head + 30 + int.from_bytes(data[head + 26 : head + 28], "little") + int.from_bytes(data[head + 28 : head + 30], "little")
    pos = start + int(info.compress_size * at)
    data[pos : pos + 4] = bytes(b ^ 0xFF for b in data[pos : pos + 4])
    with pytest.raises(ReadError):
        read_bytes(bytes(data), "damaged.docx", ReaderOptions())
