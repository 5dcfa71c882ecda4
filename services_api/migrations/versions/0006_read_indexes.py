"""Indexes for the catalogue's reads: sorts by name and level, counts per agency and field,
the `online` filter and the procedures whose level was ever changed (`as_of`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 20:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PARTIAL = {
    "ix_channel_online": ("channel", "method = 'online'"),
    "ix_maturity_change_changed": ("maturity_change", "from_level IS NOT NULL"),
}
PROCEDURE = {
    "ix_procedure_name": ["name"],
    "ix_procedure_maturity_level_code": ["maturity_level", "code"],
    "ix_procedure_agency_id_maturity_level": ["agency_id", "maturity_level"],
    "ix_procedure_field_id_maturity_level": ["field_id", "maturity_level"],
}


def upgrade() -> None:
    for name, columns in PROCEDURE.items():
        op.create_index(name, "procedure", columns)
    for name, (table, where) in PARTIAL.items():
        condition = sa.text(where)
        op.create_index(
            name, table, ["procedure_id"], postgresql_where=condition, sqlite_where=condition
        )


def downgrade() -> None:
    for name, (table, _where) in PARTIAL.items():
        op.drop_index(name, table_name=table)
    for name in PROCEDURE:
        op.drop_index(name, table_name="procedure")
