"""`auditor registries import|diff|update|status|info`, and `check --registry` / `registries = [...]`."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import registries_fixtures as fx

from auditor.cli import main
from auditor.registries.store import load_registry

V1 = (
    "name,aliases,kind,listed_from,listed_until,source_url\n"
    "Серебрякова Алиса Тимуровна,Алиса Серебрякова,foreign_agent,2023-03-17,,\n"
    "Кондратьев Ярослав Ильич,,foreign_agent,2022-12-02,,\n"
    "«Голос побережья»,,foreign_agent,2023-04-14,,\n"
    "Общество с ограниченной ответственностью «Северный ветер»,,foreign_agent,2024-01-19,,\n"
)
# one added, one removed, one renamed (same id), one delisted
V2 = (
    "id,name,aliases,kind,listed_from,listed_until,source_url\n"
    ",Серебрякова Алиса Тимуровна,Алиса Серебрякова,foreign_agent,2023-03-17,,\n"
    ",Кондратьев Ярослав Ильич,,foreign_agent,2022-12-02,2024-06-07,\n"
    "foreign_agent:north,ООО «Северный ветер плюс»,,foreign_agent,2024-01-19,,\n"
    ",Лаптева-Орлова Зинаида Марковна,,foreign_agent,2024-05-31,,\n"
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_import_then_info_and_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "register.html"
    src.write_bytes(fx.build_html())
    out = tmp_path / "agents.yaml"
    rc = main(["registries", "import", str(src), "--from", "html", "--kind", "foreign_agent", "-o", str(out),
               "--source-url", "https://example.org/register"])
    printed = capsys.readouterr()
    assert rc == 0, printed.err
    assert f"{len(fx.ROWS)} foreign_agent entries from register.html (html)" in printed.out
    assert main(["registries", "info", str(out)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["entries"] == len(fx.ROWS) and info["source"] == "https://example.org/register"
    assert len(info["source_sha256"]) == 64 and info["importer"].endswith("html/1") and info["sample"] is False
    assert main(["registries", "status", "Ярослава Кондратьева", "--registry", str(out), "--on", "2024-06-08"]) == 0
    assert "not listed on 2024-06-08 (listed 2022-12-02 to 2024-06-07)" in capsys.readouterr().out


def test_import_reports_unreadable_rows_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path / "list.csv", V1 + "Плохая Дата Строка,,foreign_agent,31.02.2023,,\n")
    out = tmp_path / "list.json"
    assert main(["registries", "import", str(src), "--from", "csv", "--kind", "foreign_agent", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "list.csv: line 6: listed_from: '31.02.2023' is not a date" in err
    assert main(["registries", "import", str(src), "--from", "csv", "--kind", "foreign_agent", "-o", str(out),
                 "--strict"]) == 1
    empty = _write(tmp_path / "empty.html", "<html><body><p>nothing here</p></body></html>")
    before = out.read_bytes()
    assert main(["registries", "import", str(empty), "--from", "html", "--kind", "extremist", "-o", str(out)]) == 2
    assert "no entries read as html" in capsys.readouterr().err and out.read_bytes() == before


def test_diff_two_versions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "v1.csv", "id," + V1.replace("\n", "\n,", 4).rstrip(",").replace(
        ",Общество с ограниченной", "foreign_agent:north,Общество с ограниченной"))
    new = _write(tmp_path / "v2.csv", V2)
    rc = main(["registries", "diff", str(old), str(new)])
    out = capsys.readouterr().out.splitlines()
    assert rc == 1
    assert out[:-1] == [
        "status   Кондратьев Ярослав Ильич: listed_until - -> 2024-06-07",
        "renamed  Общество с ограниченной ответственностью «Северный ветер» -> ООО «Северный ветер плюс»",
        "added    Лаптева-Орлова Зинаида Марковна [foreign_agent] (listed 2024-05-31)",
        "removed  «Голос побережья» [foreign_agent] (listed 2023-04-14)",
    ]
    assert out[-1].endswith("1 added, 1 removed, 1 renamed, 1 status changed")
    assert main(["registries", "diff", str(new), str(new)]) == 0
    assert capsys.readouterr().out.strip().endswith("0 added, 0 removed, 0 renamed, 0 status changed")
    assert main(["registries", "diff", str(old), str(new), "--format", "json"]) == 1
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert [c["change"] for c in changes] == ["status", "renamed", "added", "removed"]


# -- update against a local server ----------------------------------------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    pages: dict[str, tuple[int, bytes, float]] = {}

    def do_GET(self) -> None:  # noqa: N802
        status, body, delay = self.pages.get(self.path, (404, b"not found", 0.0))
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_update_from_config_and_keep_previous_on_failure(
    tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _Handler.pages = {
        "/register.html": (200, fx.build_html(), 0.0),
        "/broken.html": (200, b"<html><body>maintenance</body></html>", 0.0),
        "/slow.html": (200, fx.build_html(), 3.0),
    }
    cfg = _write(tmp_path / "auditor.toml", (
        "[[registries-update]]\n"
        f'url = "{server}/register.html"\nformat = "html"\nkind = "foreign_agent"\noutput = "reg/agents.yaml"\n'
    ))
    assert main(["registries", "update", "--config", str(cfg)]) == 0
    assert "agents.yaml: 6 entries from" in capsys.readouterr().out
    agents = tmp_path / "reg" / "agents.yaml"
    reg = load_registry(str(agents))
    assert len(reg.entries) == 6 and reg.provenance.source == f"{server}/register.html"
    before = agents.read_bytes()

    def one(path: str, timeout: str = "10") -> int:
        return main(["registries", "update", "--url", f"{server}{path}", "--from", "html", "--kind",
                     "foreign_agent", "-o", str(agents), "--timeout", timeout])

    assert one("/broken.html") == 2
    assert "kept the previous file: the new document gave no entries" in capsys.readouterr().err
    assert agents.read_bytes() == before
    assert one("/missing.html") == 2
    assert "HTTP 404" in capsys.readouterr().err and agents.read_bytes() == before
    assert one("/slow.html", timeout="0.5") == 2
    assert "no answer within 0.5 s" in capsys.readouterr().err and agents.read_bytes() == before


def test_update_offline_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    rc = main(["registries", "update", "--url", f"http://127.0.0.1:{port}/x.html", "--from", "html",
               "--kind", "extremist", "-o", str(tmp_path / "x.yaml"), "--timeout", "2"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and "cannot connect" in err[0] and "not changed" in err[0]
    assert not (tmp_path / "x.yaml").exists()


# -- selecting registries for a check run ----------------------------------------------------------
ARTICLE = "Новости\n\n18+ Редакция направила вопросы Алисе Серебряковой ещё в понедельник.\n"


def _findings(out: str) -> list[dict]:
    data = json.loads(out)
    return [f for d in data["documents"] for f in d["findings"] if f["rule_id"].startswith("ru-designated-mentions/")]


def test_check_with_registry_flag_and_config(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "a.txt", ARTICLE)
    _write(tmp_path / "agents.csv", V1)
    base = ["check", "a.txt", "--rules", "ru-designated-mentions", "--as-of", "2026-05-01", "--format", "json",
            "--no-cache"]
    main(base)  # the shipped sample does not know her
    data = json.loads(capsys.readouterr().out)
    assert _findings(json.dumps(data)) == []
    assert [r["sample"] for r in data["run"]["registries"]] == [True]
    assert main([*base, "--registry", "agents.csv"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["outcome"] for f in _findings(json.dumps(data))] == ["missing"]
    assert [(r["id"], r["sample"]) for r in data["run"]["registries"]] == [("agents", False)]
    # the same from the config, relative to the config's folder
    (tmp_path / "lists").mkdir()
    (tmp_path / "agents.csv").rename(tmp_path / "lists" / "agents.csv")
    _write(tmp_path / "auditor.toml", 'registries = ["lists/agents.csv"]\n')
    assert main(base) == 1
    assert [f["outcome"] for f in _findings(capsys.readouterr().out)] == ["missing"]
    # a registry that cannot be read: one line, exit 2
    assert main([*base, "--registry", "nope.csv"]) == 2
    assert "--registry: 'nope.csv': no such registry file" in capsys.readouterr().err
