"""cases.lease_owner / lease_until: work claims for concurrent batch scorers

Revision ID: 0004_case_leases
Revises: 0003_reviews
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_case_leases"
down_revision = "0003_reviews"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("lease_owner", sa.String(200), nullable=True))
    op.add_column("cases", sa.Column("lease_until", sa.DateTime, nullable=True))
    op.create_index("ix_cases_lease_owner", "cases", ["lease_owner"])


def downgrade() -> None:
    op.drop_index("ix_cases_lease_owner", table_name="cases")
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch table copy would cascade-delete assessments.
    op.drop_column("cases", "lease_until")
    op.drop_column("cases", "lease_owner")
