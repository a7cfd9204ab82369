"""The review desk: each run's scope and results, finding details and states, document fields and
texts, decisions, sign-offs and user accounts.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as b:
        b.add_column(sa.Column("scope", sa.Text))
        b.add_column(sa.Column("root", sa.Text))
        b.add_column(sa.Column("results", sa.LargeBinary))
    with op.batch_alter_table("findings") as b:
        b.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="open"))
        for name in ("pack", "outcome", "evidence", "expected", "diff", "span", "refs", "fix", "suppression"):
            b.add_column(sa.Column(name, sa.Text))
    with op.batch_alter_table("documents") as b:
        for name in ("rel_path", "format", "title", "authors", "section", "published", "error"):
            b.add_column(sa.Column(name, sa.Text))
        b.add_column(sa.Column("text_sha", sa.String(64)))
    op.create_index("ix_findings_fingerprint", "findings", ["fingerprint"])
    op.create_table("texts", sa.Column("sha256", sa.String(64), primary_key=True), sa.Column("body", sa.Text, nullable=False))
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fingerprint", sa.String(128), nullable=False, index=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("rule_id", sa.Text, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("expires", sa.String(10)),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
    )
    op.create_table(
        "signoffs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.Column("token_hash", sa.Text),
        sa.Column("created", sa.Text, nullable=False),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
