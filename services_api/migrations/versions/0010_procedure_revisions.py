"""Procedure status and revisions: decisions, each procedure's status, current revision and
decision, and its revisions; the catalogue already in place becomes revision 1 of every
procedure, citing the decision its record names.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 11:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

VIA = sa.Enum("seed", "api", "import", name="changevia", native_enum=False, length=20)
KIND = sa.Enum(
    "created", "changed", "rescinded", "restored", name="revisionkind", native_enum=False, length=20
)
STATUS = sa.Enum("active", "rescinded", name="status", native_enum=False, length=20)


def upgrade() -> None:
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=200), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sa.UniqueConstraint("number", name=op.f("uq_decision_number")),
    )
    # Plain ADD COLUMN: a batch operation would copy `procedure` on SQLite, and dropping the
    # old table would cascade to its channels, tiers and history.
    op.add_column("procedure", sa.Column("status", STATUS, server_default="active", nullable=False))
    op.add_column(
        "procedure", sa.Column("revision", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column("procedure", sa.Column("decision_id", sa.Integer(), nullable=True))
    op.create_table(
        "procedure_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("via", VIA, nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("diff", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_procedure_revision_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_procedure_revision_decision_id_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_key.id"], name=op.f("fk_procedure_revision_key_id_api_key")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_procedure_revision_procedure_id_procedure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_revision")),
        sa.UniqueConstraint(
            "procedure_id", "number", name=op.f("uq_procedure_revision_procedure_id")
        ),
    )
    op.create_index(
        op.f("ix_procedure_revision_decision_id"), "procedure_revision", ["decision_id"]
    )
    _first_revisions()


def _first_revisions() -> None:
    """Every procedure already catalogued: its record's decision, and revision 1 citing it."""
    op.execute(
        "INSERT INTO decision (number, recorded_at) SELECT DISTINCT decision_number, "
        "CURRENT_TIMESTAMP FROM procedure WHERE decision_number IS NOT NULL"
    )
    op.execute(
        "UPDATE procedure SET decision_id = "
        "(SELECT decision.id FROM decision WHERE decision.number = procedure.decision_number)"
    )
    op.execute(
        "INSERT INTO procedure_revision (procedure_id, number, kind, decision_id, changed_by, "
        "changed_at, via) SELECT id, 1, 'created', decision_id, 'seed', created_at, 'seed' "
        "FROM procedure"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_procedure_revision_decision_id"), table_name="procedure_revision")
    op.drop_table("procedure_revision")
    for column in ("decision_id", "revision", "status"):  # SQLite drops them in place
        op.drop_column("procedure", column)
    op.drop_table("decision")
