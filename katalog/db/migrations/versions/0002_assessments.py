"""assessments: one engine run per row, one current row per case

Revision ID: 0002_assessments
Revises: 0001_cases
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_assessments"
down_revision = "0001_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("abstention_code", sa.String(40)),
        sa.Column("chart_id", sa.String(40)),
        sa.Column("variant", sa.String(40)),
        sa.Column("mapping", sa.JSON),
        sa.Column("modifiers", sa.JSON),
        sa.Column("party_1", sa.String(200)),
        sa.Column("party_2", sa.String(200)),
        sa.Column("base_1", sa.Integer),
        sa.Column("base_2", sa.Integer),
        sa.Column("final_1", sa.Integer),
        sa.Column("final_2", sa.Integer),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("top2_gap", sa.Float),
        sa.Column("disagreement", sa.Text),
        sa.Column("engine_version", sa.String(80), nullable=False),
        sa.Column("standard_version", sa.String(80), nullable=False),
        sa.Column("llm_model", sa.String(200)),
        sa.Column("prompt_hash", sa.String(80)),
        sa.Column("version_key", sa.String(400), nullable=False),
        sa.Column("timings", sa.JSON),
        sa.Column("payload", sa.JSON),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_assessments_case_id", "assessments", ["case_id"])
    op.create_index("ix_assessments_chart_id", "assessments", ["chart_id"])
    # The guarantee behind resumable batches: at most one current assessment per case.
    op.create_index(
        "uq_assessments_one_current",
        "assessments",
        ["case_id"],
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    )


def downgrade() -> None:
    op.drop_table("assessments")
