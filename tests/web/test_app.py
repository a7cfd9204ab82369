"""The review desk (`auditor serve`) over real runs of `auditor check`, through Starlette's test client:
the runs page, the article page's highlights, decisions written to the waivers file and honoured by
the next check, sign-off, CSRF, roles, escaping, and the refusal to listen beyond this machine."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest
import web_support as ws

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
with warnings.catch_warnings():  # Starlette would rather have httpx2; httpx is what the tests install
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from auditor.cli import main  # noqa: E402
from auditor.web.app import Settings, create_app  # noqa: E402

HOSTS = ("testserver",)


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


@pytest.fixture()
def project(tmp_path: Path) -> dict[str, Any]:
    """Two runs of `auditor check` with a fix by hand in between (the notice inserted in 03)."""
    root = ws.make_project(tmp_path / "newsroom")
    code1, first, out1 = ws.check(root)
    ws.insert_notice(root, ws.REMOVED)
    code2, second, out2 = ws.check(root)
    assert (code1, code2) == (1, 1)
    assert "0 new, 1 fixed" in out2
    return {"root": root, "history": str(root / "reports" / "history.sqlite"), "first": first, "second": second}


def _client(project: dict[str, Any], **kw: Any) -> TestClient:
    settings = Settings(history=project["history"], waivers=project["root"] / "waivers.yaml",
                        reviewer="anna", allowed_hosts=HOSTS, **kw)
    return TestClient(create_app(settings))


def test_runs_page_shows_both_runs_with_new_and_fixed(project: dict[str, Any]) -> None:
    c = _client(project)
    page = c.get("/")
    assert page.status_code == 200
    rows = re.findall(r'<tr data-run="(\d+)">(.*?)</tr>', page.text, re.S)
    assert [r[0] for r in rows] == ["2", "1"]
    second = rows[0][1]
    assert re.search(r'<td class="new">0</td><td class="fixed">1</td>', second)
    assert "first run" in rows[1][1]
    assert "<svg class=\"trend\"" in page.text
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_article_page_highlights_each_finding_span(project: dict[str, Any]) -> None:
    c = _client(project)
    second = project["second"]
    doc = next(d for d in second["documents"] if d["path"].endswith("01-seed-notice-after-article.txt"))
    f = doc["findings"][0]
    page = c.get("/runs/2/article", params={"path": doc["path"]})
    assert page.status_code == 200
    fp = f["fingerprint"][:12]
    mark = re.search(rf'<mark class="sev-error" id="f-{fp}"[^>]*>(.*?)</mark>', page.text, re.S)
    assert mark, "the finding's span is not marked"
    import html

    assert html.unescape(mark.group(1)) == f["evidence"]  # exactly the span: the misplaced notice
    assert "Expected" in page.text and html.escape(f["expected"], quote=False) in page.text
    assert 'href="https://docs.cntd.ru/' in page.text and 'rel="noopener noreferrer nofollow"' in page.text
    # run 1: the article whose notice was missing gets a point marker where the notice belongs
    gone = next(d for d in project["first"]["documents"] if d["path"].endswith("03-notice-removed.txt"))
    page = c.get("/runs/1/article", params={"path": gone["path"]})
    assert re.search(r'<mark class="point sev-error" id="f-[0-9a-f]{12}"', page.text)


def test_post_without_csrf_token_is_refused(project: dict[str, Any]) -> None:
    c = _client(project)
    c.get("/")
    fp = ws.finding_of(project["second"], ws.MISPLACED)["fingerprint"]
    form = {"run_id": "2", "fingerprint": fp, "action": "waive", "reason": "x", "expires": "2999-01-01"}
    assert c.post("/decide", data=form).status_code == 403
    assert c.post("/decide", data={**form, "csrf": "forged"}).status_code == 403
    assert c.post("/runs/2/signoff", data={}).status_code == 403
    fresh = _client(project)  # a token from another session is no good either
    token = _csrf(c.get("/runs/2").text)
    fresh.get("/")
    assert fresh.post("/decide", data={**form, "csrf": token}).status_code == 403
    assert "waivers: []" in (project["root"] / "waivers.yaml").read_text(encoding="utf-8")


def test_waiver_goes_to_the_waivers_file_and_the_next_check_honours_it(project: dict[str, Any]) -> None:
    root = project["root"]
    c = _client(project)
    token = _csrf(c.get("/runs/2").text)
    signoff = c.post("/runs/2/signoff", data={"csrf": token})
    assert signoff.status_code == 409 and "error finding(s) are undecided" in signoff.text
    f = ws.finding_of(project["second"], ws.MISPLACED)
    r = c.post("/decide", data={"csrf": token, "run_id": "2", "fingerprint": f["fingerprint"], "action": "waive",
                                "reason": "Archive copy, kept as published", "expires": "2099-12-31",
                                "next": "/runs/2"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/runs/2"
    text = (root / "waivers.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Waivers of the newsroom (kept by hand and by the review desk)\n")
    assert "# decided in the review desk by anna" in text
    assert "rule: ru-foreign-agent/notice-placement" in text and "path: content/01-seed-notice-after-article.txt" in text
    assert "expires: 2099-12-31" in text
    # the other undecided error blocks sign-off until it is decided too
    others = [x for d in project["second"]["documents"] for x in d["findings"]
              if x["severity"] == "error" and x["fingerprint"] != f["fingerprint"]]
    assert others == []
    page = c.get("/runs/2")
    assert "Sign-off is blocked" not in page.text
    assert c.post("/runs/2/signoff", data={"csrf": token, "note": "ok to publish"}, follow_redirects=False).status_code == 303
    assert "Signed off by <strong>anna</strong>" in c.get("/runs/2").text
    code, third, out = ws.check(root)
    waived = ws.finding_of(third, ws.MISPLACED)
    assert waived["suppressed"] is True and waived["suppression"]["by"] == "waiver"
    assert waived["suppression"]["reason"] == "Archive copy, kept as published"
    assert code == 0
    runs = c.get("/").text
    assert re.search(r'<tr data-run="3">.*?<td class="new">0</td><td class="fixed">0</td><td>1</td>', runs, re.S)


def test_bulk_false_positive_and_reopen(project: dict[str, Any]) -> None:
    c = _client(project)
    token = _csrf(c.get("/runs/1").text)
    fps = [x["fingerprint"] for d in project["first"]["documents"] for x in d["findings"] if x["severity"] == "error"]
    assert len(fps) == 2
    r = c.post("/decide", data={"csrf": token, "run_id": "1", "fingerprint": fps, "action": "false-positive",
                                "reason": "quoted, not published"}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get("/runs/1", params={"status": "false-positive"})
    assert "2 of" in page.text
    assert c.post("/runs/1/signoff", data={"csrf": token}, follow_redirects=False).status_code == 303
    c.post("/decide", data={"csrf": token, "run_id": "1", "fingerprint": fps[0], "action": "reopen"})
    assert "Sign-off is blocked: 1 error finding(s)" in c.get("/runs/1").text
    bad = c.post("/decide", data={"csrf": token, "run_id": "1", "fingerprint": fps[0], "action": "waive",
                                  "reason": "", "expires": "2099-01-01"})
    assert bad.status_code == 400 and "needs a reason" in bad.text
    assert "waivers: []" in (project["root"] / "waivers.yaml").read_text(encoding="utf-8")  # false positives stay in the desk


def test_filters_and_search(project: dict[str, Any]) -> None:
    c = _client(project)
    everything = c.get("/runs/1").text
    total = int(re.search(r"(\d+) of (\d+) findings shown", everything).group(2))
    assert total >= 2
    assert "1 of" in c.get("/runs/1", params={"rule": "ru-foreign-agent/notice-required"}).text
    assert f"0 of {total}" in c.get("/runs/1", params={"q": "no such words anywhere"}).text
    assert "1 of" in c.get("/runs/1", params={"q": "after-article"}).text
    assert f"{total} of {total}" in c.get("/runs/1", params={"author": "Faik Medzhid"}).text


def test_export_through_the_reporters(project: dict[str, Any]) -> None:
    c = _client(project)
    x = c.get("/runs/2/export/xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    assert 'filename="audit-run-2.xlsx"' in x.headers["content-disposition"]
    j = c.get("/runs/2/export/json").json()
    assert j["summary"] == project["second"]["summary"]
    assert c.get("/runs/2/export/exe").status_code == 404


def test_hostile_article_text_is_escaped(tmp_path: Path) -> None:
    root = ws.make_project(tmp_path / "p", files=(ws.REMOVED,))
    art = root / ws.REMOVED
    art.write_text(art.read_text(encoding="utf-8").replace(
        "A request to press", "<script>alert('x')</script><img src=x onerror=alert(1)> A request to press"),
        encoding="utf-8")
    ws.check(root)
    c = TestClient(create_app(Settings(history=str(root / "reports" / "history.sqlite"), allowed_hosts=HOSTS)))
    res = next(iter(c.app.state.desk.store.run_documents(1)))
    page = c.get("/runs/1/article", params={"path": res["path"]})
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text


def test_other_hosts_are_refused_in_local_mode(project: dict[str, Any]) -> None:
    c = _client(project)
    assert c.get("/", headers={"host": "evil.example"}).status_code == 400  # DNS rebinding


def test_team_mode_logins_and_roles(project: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    hist = project["history"]
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["users", "add", "anna", "--role", "reviewer", "--password-stdin", "--history", hist]) == 0
    assert main(["users", "add", "max", "--role", "manager", "--token", "--history", hist]) == 0
    token = capsys.readouterr().out.strip()
    assert len(token) > 30
    assert main(["users", "add", "anna", "--token", "--history", hist]) == 2
    assert "already exists" in capsys.readouterr().err
    c = _client(project, team=True)
    assert c.get("/", follow_redirects=False).headers["location"] == "/login"
    login = c.get("/login").text
    csrf = _csrf(login)
    bad = c.post("/login", data={"csrf": csrf, "name": "anna", "secret": "wrong password"})
    assert bad.status_code == 401
    assert c.post("/login", data={"name": "anna", "secret": "correct horse battery"}).status_code == 403  # no CSRF
    ok = c.post("/login", data={"csrf": csrf, "name": "anna", "secret": "correct horse battery"}, follow_redirects=False)
    assert ok.status_code == 303
    assert "HttpOnly" in ok.headers["set-cookie"]
    assert "anna (reviewer)" in c.get("/").text
    # the manager reads, but cannot decide or sign off
    m = _client(project, team=True)
    csrf = _csrf(m.get("/login").text)
    assert m.post("/login", data={"csrf": csrf, "name": "max", "secret": token}, follow_redirects=False).status_code == 303
    page = m.get("/runs/2").text
    assert "max (manager)" in page and "Apply to selected" not in page
    csrf = _csrf(page)
    fp = ws.finding_of(project["second"], ws.MISPLACED)["fingerprint"]
    r = m.post("/decide", data={"csrf": csrf, "run_id": "2", "fingerprint": fp, "action": "fix-needed"})
    assert r.status_code == 403 and "manager" in r.text
    assert m.post("/runs/2/signoff", data={"csrf": csrf}).status_code == 403


def test_serve_refuses_other_hosts_without_team_mode(project: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--history", project["history"]]) == 2
    err = capsys.readouterr().err
    assert "--host 0.0.0.0 would open the review desk to other machines: start with --team" in err
    assert main(["serve", "--host", "0.0.0.0", "--team", "--history", project["history"]]) == 2
    assert "has no accounts yet" in capsys.readouterr().err


def test_waivers_file_keeps_comments_order_and_style(tmp_path: Path) -> None:
    from auditor.web.waivers import append_waivers, waiver_entry

    f = tmp_path / "waivers.yaml"
    original = (
        "# Our waivers. Keep sorted by expiry.\n"
        "waivers:\n"
        "  - rule: ru-foreign-agent/notice-required\n"
        '    path: "content/archive/2019/**"      # a glob from the project root\n'
        "    reason: Published before the listing\n"
        "    approved_by: legal@example.org\n"
        "    expires: 2026-12-31\n"
        "  # the CMS one\n"
        "  - rule: timestamps/published-format\n"
        '    document: "story-48213"\n'
        "    reason: CMS migration, ticket CMS-1174\n"
        "    approved_by: desk@example.org\n"
        "    expires: 2026-03-31\n"
    )
    f.write_text(original, encoding="utf-8")
    entry = waiver_entry("attribution/author", "news/[draft] one.md", "agency copy", "anna", "2027-01-31")
    append_waivers(f, [entry], "decided by anna")
    append_waivers(f, [entry], "decided by anna again")  # the same waiver is not written twice
    text = f.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert text[len(original):] == (
        "  # decided by anna\n"
        "  - rule: attribution/author\n"
        "    document: news/[draft] one.md\n"
        "    reason: agency copy\n"
        "    approved_by: anna\n"
        "    expires: 2027-01-31\n"
    )
    from datetime import date

    from auditor.suppress import load_waivers

    waivers, problems = load_waivers(f, date(2026, 1, 1), None)
    assert problems == [] and [w.problem for w in waivers] == [None, None, None]
    assert waivers[2].document == "news/[draft] one.md"
