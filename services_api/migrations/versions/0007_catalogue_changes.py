"""The change feed: every change to the catalogue, stamped with its commit's generation.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 11:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

KINDS = (
    "procedure.created",
    "procedure.changed",
    "procedure.rescinded",
    "procedure.restored",
    "level.changed",
    "agency.changed",
    "field.changed",
)


def upgrade() -> None:
    op.create_table(
        "catalogue_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=True),
        sa.Column(
            "kind", sa.Enum(*KINDS, name="changekind", native_enum=False, length=40), nullable=False
        ),
        sa.Column("subject", sa.String(length=300), nullable=False),  # as agency codes
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_change")),
    )
    op.create_index("ix_catalogue_change_position", "catalogue_change", ["generation", "id"])
    op.create_index(op.f("ix_catalogue_change_subject"), "catalogue_change", ["subject"])


def downgrade() -> None:
    op.drop_index(op.f("ix_catalogue_change_subject"), table_name="catalogue_change")
    op.drop_index("ix_catalogue_change_position", table_name="catalogue_change")
    op.drop_table("catalogue_change")
