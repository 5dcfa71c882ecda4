"""Search rules administrators edit: synonyms and best bets.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 20:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("synonym", "best_bet", name="rulekind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("term_key", sa.String(length=200), nullable=False),
        sa.Column("target_key", sa.String(length=200), nullable=False),
        sa.Column("expansion", sa.String(length=200), nullable=True),
        sa.Column("codes", sa.JSON(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_rule")),
        sa.UniqueConstraint("kind", "term_key", "target_key", name=op.f("uq_search_rule_kind")),
    )


def downgrade() -> None:
    op.drop_table("search_rule")
