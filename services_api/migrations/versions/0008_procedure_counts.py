"""Procedures counted per agency (primary or implementing), field, level, tiers and online flag,
filled from the catalogue in place.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

KEYS = "agency_id, implementing, field_id, maturity_level, tiers, online"
FACETS = """
    coalesce(p.field_id, 0) AS field_id,
    p.maturity_level AS maturity_level,
    coalesce((SELECT sum(CASE t.tier WHEN 'ministry' THEN 1 WHEN 'province' THEN 2
                                     WHEN 'commune' THEN 4 WHEN 'other' THEN 8 ELSE 0 END)
              FROM procedure_tier t WHERE t.procedure_id = p.id), 0) AS tiers,
    CASE WHEN p.online_service_url IS NOT NULL OR EXISTS (
        SELECT 1 FROM channel c WHERE c.procedure_id = p.id AND c.method = 'online'
    ) THEN TRUE ELSE FALSE END AS online"""
FILL = f"""
INSERT INTO procedure_count ({KEYS}, procedure_count)
SELECT {KEYS}, count(*) FROM (
    SELECT coalesce(p.agency_id, 0) AS agency_id, FALSE AS implementing, {FACETS}
    FROM procedure p
    UNION ALL
    SELECT pa.agency_id AS agency_id, TRUE AS implementing, {FACETS}
    FROM procedure_agency pa JOIN procedure p ON p.id = pa.procedure_id
    WHERE p.agency_id IS NULL OR p.agency_id <> pa.agency_id
) AS members
GROUP BY {KEYS}
"""


def upgrade() -> None:
    op.create_table(
        "procedure_count",
        sa.Column("agency_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("implementing", sa.Boolean(), nullable=False),
        sa.Column("field_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("maturity_level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tiers", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("procedure_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "agency_id",
            "implementing",
            "field_id",
            "maturity_level",
            "tiers",
            "online",
            name=op.f("pk_procedure_count"),
        ),
    )
    op.execute(FILL)


def downgrade() -> None:
    op.drop_table("procedure_count")
