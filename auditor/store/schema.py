"""The history's tables (SQLAlchemy Core), as the newest migration leaves them.

The migrations in ``auditor/store/migrations/versions`` create and change these tables; this
module is what the store's queries use. Keep the two in step: a change here is a new migration.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# The legacy table of auditor 0.1.0 (schema_version 1); kept, still written for old readers.
meta = Table("meta", metadata, Column("key", Text, primary_key=True), Column("value", Text, nullable=False))

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("recorded", Text, nullable=False),
    Column("as_of", Text, nullable=False),
    Column("tool_version", Text),
    Column("packs", Text, nullable=False),  # JSON [{id, version}]
    Column("documents", Integer, nullable=False),
    Column("passed", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("errors", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("findings", Integer, nullable=False),
    Column("by_severity", Text, nullable=False),  # JSON {severity: count}
    # added by 0002: what the run looked at, so new/fixed compare only documents in both scopes
    Column("scope", Text),  # JSON {paths, packs, as_of}; NULL for runs recorded before 0002
    Column("root", Text),  # the project root paths were relative to (waivers match against it)
    Column("results", LargeBinary),  # gzip of the run's results JSON (exports); NULL before 0002
)

findings = Table(
    "findings",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("fingerprint", String(128), primary_key=True),
    Column("rule_id", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("severity", Text, nullable=False),
    Column("message", Text, nullable=False),
    # added by 0002
    Column("state", String(16), nullable=False, server_default="open"),  # open|waived|suppressed|baselined
    Column("pack", Text),
    Column("outcome", Text),
    Column("evidence", Text),
    Column("expected", Text),
    Column("diff", Text),
    Column("span", Text),  # JSON
    Column("refs", Text),  # JSON list of references
    Column("fix", Text),
    Column("suppression", Text),  # JSON
)

documents = Table(
    "documents",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("path", String(1024), primary_key=True),
    Column("status", Text, nullable=False),
    # added by 0002
    Column("rel_path", Text),  # relative to runs.root: what a waiver's path names
    Column("format", Text),
    Column("title", Text),
    Column("authors", Text),  # JSON list
    Column("section", Text),
    Column("published", Text),
    Column("error", Text),
    Column("text_sha", String(64)),  # texts.sha256 of the text the spans point into
)

texts = Table(
    "texts",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("body", Text, nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fingerprint", String(128), nullable=False, index=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Column("path", Text, nullable=False),
    Column("rule_id", Text, nullable=False),
    Column("action", String(16), nullable=False),  # waive|false-positive|fix-needed|reopen
    Column("reason", Text),
    Column("expires", String(10)),
    Column("who", Text, nullable=False),
    Column("at", Text, nullable=False),
)

signoffs = Table(
    "signoffs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("who", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("note", Text),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),  # reviewer|manager
    Column("password_hash", Text),
    Column("token_hash", Text),
    Column("created", Text, nullable=False),
    UniqueConstraint("name", name="uq_users_name"),
)
