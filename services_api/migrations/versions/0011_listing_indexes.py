"""Listing indexes: one per sort (code, name, level, updated), each holding the columns the
filters read, so that PostgreSQL ranks a page, and counts by date, on the index alone. They
replace the plain indexes on name, on (level, code) and on updated_at.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 14:30:00.000000
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SORTS = {"code": ["code"], "name": ["name", "code"]}
SORTS |= {"maturity_level": ["maturity_level", "code"], "updated_at": ["updated_at", "code"]}
FILTERED = ["id", "status", "agency_id", "field_id", "maturity_level", "updated_at"]
FILTERED.append("online_service_url")  # the `online` filter's first test
REPLACED = {
    "ix_procedure_name": ["name"],
    "ix_procedure_maturity_level_code": ["maturity_level", "code"],
    "ix_procedure_updated_at": ["updated_at"],
}


def upgrade() -> None:
    for name, keys in SORTS.items():
        held = [column for column in FILTERED if column not in keys]
        op.create_index(f"ix_procedure_listing_{name}", "procedure", keys, postgresql_include=held)
    for name in REPLACED:
        op.drop_index(name, table_name="procedure")


def downgrade() -> None:
    for name, columns in REPLACED.items():
        op.create_index(name, "procedure", columns)
    for name in SORTS:
        op.drop_index(f"ix_procedure_listing_{name}", table_name="procedure")
