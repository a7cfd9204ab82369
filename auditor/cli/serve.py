"""`auditor serve`: the legal review desk, a local web app over the audit history."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.cli.common import EXIT_OK, EXIT_USAGE, err

if TYPE_CHECKING:
    from auditor.config import Config

NAME = "serve"
HELP = "the review desk: runs, findings in their articles, decisions and sign-off in a browser"


def add_history_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--history", metavar="PATH_OR_URL",
                   help="history: a SQLite file or postgresql://... (default: config `history`, else reports/history.sqlite)")
    p.add_argument("--config", metavar="FILE", help="auditor.toml or pyproject.toml (default: found upwards from here)")


def configure(p: argparse.ArgumentParser) -> None:
    add_history_opts(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; any other needs --team)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument("--team", action="store_true",
                   help="team mode: everyone logs in (accounts: `auditor users add`); needed for --host beyond this machine")
    p.add_argument("--waivers", metavar="FILE",
                   help="where waivers decided here are written (default: the config's `waivers`)")
    p.add_argument("--reviewer", metavar="NAME", help="local mode: the name decisions are recorded under (default: your login)")


@dataclass(slots=True, frozen=True)
class ServeRequest:
    history: str | None
    config: str | None
    host: str
    port: int
    team: bool
    waivers: str | None
    reviewer: str | None


def request(ns: argparse.Namespace) -> ServeRequest:
    return ServeRequest(history=ns.history, config=ns.config, host=ns.host, port=ns.port, team=ns.team,
                        waivers=ns.waivers, reviewer=ns.reviewer)


def load_config(config: str | None) -> Config:
    from auditor.cli.common import UsageError
    from auditor.config import ConfigError
    from auditor.config import load_config as _load

    try:
        return _load(Path(config) if config else None)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def history_of(given: str | None, cfg: Config) -> str:
    from auditor.cli.check import history_location

    return history_location(given, cfg)[0]


def run(req: ServeRequest) -> int:
    from auditor.web.security import is_loopback

    if not is_loopback(req.host) and not req.team:
        err(f"--host {req.host} would open the review desk to other machines: start with --team "
            "(everyone logs in; add accounts with `auditor users add NAME`), or keep the default --host 127.0.0.1")
        return EXIT_USAGE
    cfg = load_config(req.config)
    try:
        import uvicorn

        from auditor.web.app import Settings, create_app
    except ImportError as exc:
        err(f"auditor serve needs the review extra (pip install 'auditor[review]'): {exc}")
        return EXIT_USAGE
    from auditor.store import StoreError

    waivers = Path(req.waivers) if req.waivers else cfg.resolve(cfg.settings.waivers)
    settings = Settings(history=history_of(req.history, cfg), team=req.team, waivers=waivers, reviewer=req.reviewer)
    try:
        app = create_app(settings)
    except StoreError as exc:
        err(str(exc))
        return EXIT_USAGE
    desk = app.state.desk
    if req.team and desk.store.count_users() == 0:
        err(f"--team: {desk.store.label} has no accounts yet: add one with `auditor users add NAME --role reviewer`")
        desk.store.close()
        return EXIT_USAGE
    shown = f"[{req.host}]" if ":" in req.host else req.host
    print(f"review desk on http://{shown}:{req.port}/ (history: {desk.store.label}; "
          f"{'team mode' if req.team else 'local mode, reviewer ' + desk.local_user}; "
          f"waivers: {waivers.as_posix() if waivers else 'none configured'})", file=sys.stderr, flush=True)
    uvicorn.run(app, host=req.host, port=req.port, log_level="warning", server_header=False, date_header=False)
    return EXIT_OK
