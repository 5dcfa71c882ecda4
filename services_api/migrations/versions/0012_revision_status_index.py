"""The procedures whose status a dated revision set (created by a decision, rescinded,
restored): a partial index, which listings, totals, statistics and exports on a past date read
to look only those procedures' statuses up in their revisions.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 16:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

STATUS_SET = "kind <> 'changed' AND effective_date IS NOT NULL"


def upgrade() -> None:
    op.create_index(
        "ix_procedure_revision_status",
        "procedure_revision",
        ["procedure_id"],
        postgresql_where=sa.text(STATUS_SET),
        sqlite_where=sa.text(STATUS_SET),
    )


def downgrade() -> None:
    op.drop_index("ix_procedure_revision_status", table_name="procedure_revision")
