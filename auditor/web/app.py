"""The review desk: a Starlette app, server-rendered with Jinja2 (autoescaped), over the store.

Pages: runs (trend, new/fixed), a run (findings by article and rule, filters, bulk decisions,
sign-off, exports), an article (its text with each finding's span marked, expected text, diff,
law links, decisions). Only the store is read; no article content or path is ever fetched.
"""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from auditor.store import StoreError, open_store
from auditor.web import views
from auditor.web.security import COOKIE, Session, Sessions, csrf_ok, verify_secret

EXPORTS = {"xlsx": "xlsx", "pdf": "pdf", "html": "html", "json": "json", "md": "md"}
_MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(slots=True)
class Settings:
    history: str
    team: bool = False
    waivers: Path | None = None  # where waivers decided here are written (the configured file)
    reviewer: str | None = None  # local mode: who decides (default: the OS user)
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]", "::1")


class Desk:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = open_store(settings.history)
        self.sessions = Sessions()
        self.env = Environment(loader=PackageLoader("auditor.web", "templates"),
                               autoescape=select_autoescape(default=True, default_for_string=True))
        self.env.globals.update(short=views.short, pass_rate=views.pass_rate, statuses=views.STATUSES)
        self.local_user = settings.reviewer or _os_user()

    # -- plumbing ----------------------------------------------------------------------------
    def session(self, request: Request) -> tuple[Session, bool]:
        s = self.sessions.get(request.cookies.get(COOKIE))
        if s is not None:
            return s, False
        s = self.sessions.new()
        if not self.settings.team:
            s.user, s.role = self.local_user, "reviewer"
        return s, True

    def page(self, request: Request, name: str, status: int = 200, **ctx: Any) -> Response:
        s, fresh = self.session(request)
        if self.settings.team and s.user is None and name != "login.html":
            return self.redirect(request, "/login", s, fresh)
        html = self.env.get_template(name).render(
            csrf=s.csrf, user=s.user, role=s.role, team=self.settings.team, history=self.store.label,
            waivers=self.settings.waivers.as_posix() if self.settings.waivers else None, **ctx)
        resp = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
        if fresh:
            self.set_cookie(resp, s)
        return resp

    def redirect(self, request: Request, to: str, s: Session | None = None, fresh: bool = False) -> Response:
        resp = RedirectResponse(to, status_code=303, headers=SECURITY_HEADERS)
        if s is not None and fresh:
            self.set_cookie(resp, s)
        return resp

    @staticmethod
    def set_cookie(resp: Response, s: Session) -> None:
        resp.set_cookie(COOKIE, s.sid, httponly=True, samesite="strict", path="/")

    def forbidden(self, why: str) -> Response:
        return HTMLResponse(f"<!doctype html><title>403</title><h1>403 Forbidden</h1><p>{_esc(why)}</p>",
                            status_code=403, headers=SECURITY_HEADERS)

    async def posted(self, request: Request, need_reviewer: bool = True) -> tuple[Session, Any] | Response:
        """The form of a POST, after the CSRF and role checks (403 on failure)."""
        form = await request.form()
        s = self.sessions.get(request.cookies.get(COOKIE))
        if not csrf_ok(s, form.get("csrf")):
            return self.forbidden("missing or wrong CSRF token: reload the page and try again")
        assert s is not None
        if need_reviewer and (s.user is None or s.role != "reviewer"):
            return self.forbidden("this account can read but not decide (role: manager)" if s.user else "log in first")
        return s, form

    def run_or_404(self, run_id: int) -> dict[str, Any] | None:
        return self.store.run_row(run_id)

    # -- pages -------------------------------------------------------------------------------
    async def runs(self, request: Request) -> Response:
        runs = self.store.runs(None)
        return self.page(request, "runs.html", runs=list(reversed(runs)), trend=views.trend_svg(runs[-20:]))

    async def run(self, request: Request) -> Response:
        run_id = int(request.path_params["run_id"])
        run = self.run_or_404(run_id)
        if run is None:
            return self.page(request, "error.html", status=404, message=f"no run {run_id}")
        return self.page(request, "run.html", **self._run_context(request, run_id, run))

    def _run_context(self, request: Request, run_id: int, run: dict[str, Any], error: str | None = None) -> dict[str, Any]:
        docs = {d["path"]: d for d in self.store.run_documents(run_id)}
        findings = self.store.run_findings(run_id)
        filters = {k: request.query_params.get(k, "") for k in ("severity", "rule", "section", "author", "status", "q")}
        shown = views.filter_findings(findings, docs, filters)
        summary = next((r for r in self.store.runs(None) if r["id"] == run_id), None)
        return {
            "run": run,
            "summary": summary,
            "groups": views.group_findings(shown, docs),
            "shown": len(shown),
            "total": len(findings),
            "filters": filters,
            "rules": sorted({f["rule_id"] for f in findings}),
            "sections": sorted({d["section"] for d in docs.values() if d.get("section")}),
            "authors": sorted({a for d in docs.values() for a in d.get("authors") or []}),
            "blocking": self.store.blocking(run_id),
            "signoffs": self.store.signoffs(run_id),
            "exports": list(EXPORTS),
            "default_expiry": (date.today() + timedelta(days=90)).isoformat(),
            "error": error,
            "here": str(request.url.path) + (("?" + str(request.url.query)) if request.url.query else ""),
        }

    async def article(self, request: Request) -> Response:
        run_id = int(request.path_params["run_id"])
        path = request.query_params.get("path", "")
        doc = self.store.document(run_id, path)
        if doc is None:
            return self.page(request, "error.html", status=404, message=f"no article {path!r} in run {run_id}")
        findings = doc["findings"]
        for f in findings:
            f["diff_markup"] = views.diff_markup(f.get("evidence"), f.get("expected"))
            f["laws"] = views.law_links(f.get("refs") or [])
            f["history"] = self.store.decisions(f["fingerprint"], limit=10)
        body = views.highlight_text(doc["text"], findings) if doc.get("text") is not None else None
        return self.page(request, "article.html", run=self.run_or_404(run_id), doc=doc, findings=findings, body=body,
                         default_expiry=(date.today() + timedelta(days=90)).isoformat(),
                         here=f"/runs/{run_id}/article?" + urlencode({"path": path}))

    async def decide(self, request: Request) -> Response:
        got = await self.posted(request)
        if isinstance(got, Response):
            return got
        s, form = got
        run_id = int(form.get("run_id") or 0)
        fps = [str(v) for v in form.getlist("fingerprint") if v]
        back = _local(form.get("next")) or f"/runs/{run_id}"
        if not fps:
            return self._again(request, run_id, "choose at least one finding")
        action, reason, expires = str(form.get("action") or ""), str(form.get("reason") or ""), form.get("expires")
        try:
            decided = self.store.decide(run_id, fps, action, s.user or "?", reason=reason,
                                        expires=str(expires) if expires else None)
            if action == "waive" and self.settings.waivers is not None:
                self._write_waivers(run_id, decided, s.user or "?", reason.strip(), str(expires))
        except (StoreError, ValueError, OSError) as exc:
            return self._again(request, run_id, str(exc))
        return self.redirect(request, back)

    def _write_waivers(self, run_id: int, decided: list[dict[str, Any]], who: str, reason: str, expires: str) -> None:
        from auditor.store.db import now_iso
        from auditor.web.waivers import append_waivers, waiver_entry

        assert self.settings.waivers is not None
        rel = {d["path"]: d.get("rel_path") or d["path"] for d in self.store.run_documents(run_id)}
        entries = [waiver_entry(f["rule_id"], rel.get(f["path"], f["path"]), reason, who, expires) for f in decided]
        fps = ", ".join(views.short(f["fingerprint"]) for f in decided)
        append_waivers(self.settings.waivers, entries, f"decided in the review desk by {who} at {now_iso()} "
                                                       f"(run {run_id}, finding {fps})")

    def _again(self, request: Request, run_id: int, error: str) -> Response:
        run = self.run_or_404(run_id)
        if run is None:
            return self.page(request, "error.html", status=404, message=f"no run {run_id}")
        return self.page(request, "run.html", status=409 if "signed off" in error else 400,
                         **self._run_context(request, run_id, run, error=error))

    async def sign_off(self, request: Request) -> Response:
        got = await self.posted(request)
        if isinstance(got, Response):
            return got
        s, form = got
        run_id = int(request.path_params["run_id"])
        try:
            self.store.sign_off(run_id, s.user or "?", note=str(form.get("note") or "").strip() or None)
        except StoreError as exc:
            return self._again(request, run_id, str(exc))
        return self.redirect(request, f"/runs/{run_id}")

    async def export(self, request: Request) -> Response:
        s, _fresh = self.session(request)
        if self.settings.team and s.user is None:
            return self.redirect(request, "/login")
        run_id, fmt = int(request.path_params["run_id"]), request.path_params["fmt"]
        if fmt not in EXPORTS:
            return self.page(request, "error.html", status=404, message=f"no export format {fmt!r}")
        data = self.store.results_json(run_id)
        if data is None:
            return self.page(request, "error.html", status=404,
                             message=f"run {run_id} was recorded before results were kept: nothing to export")
        from auditor.reporters import ReportOptions, get_reporter

        rep = get_reporter(EXPORTS[fmt])
        payload = rep.render(data, ReportOptions(color=False, history=self.store.history(run_id)))
        body = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        headers = dict(SECURITY_HEADERS)
        headers["Content-Disposition"] = f'attachment; filename="audit-run-{run_id}{rep.EXTENSION}"'
        return Response(body, media_type=_MEDIA[fmt], headers=headers)

    async def login(self, request: Request) -> Response:
        if request.method == "GET":
            return self.page(request, "login.html")
        form = await request.form()
        s = self.sessions.get(request.cookies.get(COOKIE))
        if not csrf_ok(s, form.get("csrf")):
            return self.forbidden("missing or wrong CSRF token: reload the page and try again")
        assert s is not None
        name, secret = str(form.get("name") or ""), str(form.get("secret") or "")
        user = self.store.user(name) if name else None
        if user is None or not (verify_secret(user["password_hash"], secret) or verify_secret(user["token_hash"], secret)):
            return self.page(request, "login.html", status=401, error="unknown name or wrong password/token")
        new = self.sessions.login(s, user["name"], user["role"])
        resp = self.redirect(request, "/")
        self.set_cookie(resp, new)
        return resp

    async def logout(self, request: Request) -> Response:
        got = await self.posted(request, need_reviewer=False)
        if isinstance(got, Response):
            return got
        s, _form = got
        self.sessions.drop(s.sid)
        resp = self.redirect(request, "/login" if self.settings.team else "/")
        resp.delete_cookie(COOKIE, path="/")
        return resp


def create_app(settings: Settings) -> Starlette:
    desk = Desk(settings)
    static = Path(__file__).with_name("static")
    routes = [
        Route("/", desk.runs),
        Route("/runs/{run_id:int}", desk.run),
        Route("/runs/{run_id:int}/article", desk.article),
        Route("/runs/{run_id:int}/signoff", desk.sign_off, methods=["POST"]),
        Route("/runs/{run_id:int}/export/{fmt}", desk.export),
        Route("/decide", desk.decide, methods=["POST"]),
        Route("/login", desk.login, methods=["GET", "POST"]),
        Route("/logout", desk.logout, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=str(static)), name="static"),
    ]
    middleware = [] if settings.team else [Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))]
    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        desk.store.close()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.desk = desk
    return app


def _local(target: Any) -> str | None:
    """A redirect target only when it is a path on this server (never //host or a scheme)."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _esc(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in a container: say so plainly
        return "local reviewer"
