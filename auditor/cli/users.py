"""`auditor users`: accounts of the review desk's team mode (argon2-hashed password or token)."""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import dataclass

from auditor.cli.common import EXIT_OK, EXIT_USAGE, UsageError, err

NAME = "users"
HELP = "accounts for `auditor serve --team`: add a reviewer or a (read-only) manager"


def configure(p: argparse.ArgumentParser) -> None:
    from auditor.cli.serve import add_history_opts

    sub = p.add_subparsers(dest="users_action", required=True)
    q = sub.add_parser("add", help="add an account (asks for a password, or prints a new token with --token)")
    q.add_argument("name")
    q.add_argument("--role", choices=["reviewer", "manager"], default="reviewer",
                   help="reviewer: decides and signs off; manager: reads only (default: reviewer)")
    how = q.add_mutually_exclusive_group()
    how.add_argument("--token", action="store_true", help="generate a token (printed once) instead of a password")
    how.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add_history_opts(q)
    q = sub.add_parser("list", help="list the accounts and their roles")
    q.set_defaults(name=None, role="reviewer", token=False, password_stdin=False)  # every request field is there
    add_history_opts(q)


@dataclass(slots=True, frozen=True)
class UsersRequest:
    action: str
    name: str | None
    role: str
    token: bool
    password_stdin: bool
    history: str | None
    config: str | None


def request(ns: argparse.Namespace) -> UsersRequest:
    return UsersRequest(action=ns.users_action, name=ns.name, role=ns.role, token=ns.token,
                        password_stdin=ns.password_stdin, history=ns.history, config=ns.config)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        pw = sys.stdin.readline().rstrip("\r\n")
    else:
        pw = getpass.getpass("password: ")
        if getpass.getpass("again: ") != pw:
            raise UsageError("the two passwords differ")
    if len(pw) < 10:
        raise UsageError("a password needs at least 10 characters")
    return pw


def run(req: UsersRequest) -> int:
    from auditor.cli.serve import history_of, load_config
    from auditor.store import StoreError, open_store

    location = history_of(req.history, load_config(req.config))
    try:
        store = open_store(location)
    except StoreError as exc:
        err(str(exc))
        return EXIT_USAGE
    try:
        if req.action == "list":
            from sqlalchemy import select

            from auditor.store import schema as S

            with store.engine.connect() as conn:
                for name, role, created in conn.execute(
                        select(S.users.c.name, S.users.c.role, S.users.c.created).order_by(S.users.c.name)):
                    print(f"{name}\t{role}\t{created}")
            return EXIT_OK
        assert req.name is not None
        from auditor.web.security import hash_secret, new_token

        token = new_token() if req.token else None
        secret = token or _password(req.password_stdin)
        hashed = hash_secret(secret)
        store.add_user(req.name, req.role, None if token else hashed, hashed if token else None)
        print(f"added {req.role} {req.name!r} to {store.label}", file=sys.stderr)
        if token:
            print(token)  # shown once; only its argon2 hash is stored
        return EXIT_OK
    except StoreError as exc:
        err(str(exc))
        return EXIT_USAGE
    finally:
        store.close()
