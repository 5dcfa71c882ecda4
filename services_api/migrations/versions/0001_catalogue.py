"""Catalogue schema: agencies, fields, procedures, channels, history, search outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 05:09:23.796068
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["agency.id"], name=op.f("fk_agency_parent_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
        sa.UniqueConstraint("code", name=op.f("uq_agency_code")),
    )
    op.create_table(
        "field",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field")),
        sa.UniqueConstraint("code", name=op.f("uq_field_code")),
    )
    op.create_table(
        "search_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_outbox")),
    )
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_search_outbox_procedure_code"), ["procedure_code"], unique=False
        )

    op.create_table(
        "search_zero_result",
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("query", name=op.f("pk_search_zero_result")),
    )
    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("decision_number", sa.String(length=200), nullable=True),
        sa.Column("procedure_type", sa.String(length=200), nullable=True),
        sa.Column("field_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("competent_agency_id", sa.Integer(), nullable=True),
        sa.Column("applicants", sa.Text(), nullable=True),
        sa.Column("steps", sa.Text(), nullable=True),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("documents_text", sa.Text(), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("legal_basis", sa.JSON(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("online_service_url", sa.String(length=500), nullable=True),
        sa.Column("maturity_level", sa.Integer(), nullable=False),
        sa.Column(
            "level_source",
            sa.Enum("derived", "agency", name="levelsource", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "maturity_level BETWEEN 1 AND 4", name=op.f("ck_procedure_maturity_level")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_procedure_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["competent_agency_id"],
            ["agency.id"],
            name=op.f("fk_procedure_competent_agency_id_agency"),
        ),
        sa.ForeignKeyConstraint(
            ["field_id"], ["field.id"], name=op.f("fk_procedure_field_id_field")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure")),
        sa.UniqueConstraint("code", name=op.f("uq_procedure_code")),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_procedure_field_id"), ["field_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_procedure_maturity_level"), ["maturity_level"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_procedure_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "channel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "in_person", "online", "post", name="channelmethod", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("time_value", sa.Double(), nullable=True),
        sa.Column("time_unit", sa.String(length=100), nullable=True),
        sa.Column("time_text", sa.Text(), nullable=True),
        sa.Column("fee_vnd", sa.BigInteger(), nullable=True),
        sa.Column("fee_free", sa.Boolean(), nullable=False),
        sa.Column("fee_text", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_channel_procedure_id_procedure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel")),
    )
    with op.batch_alter_table("channel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channel_procedure_id"), ["procedure_id"], unique=False)

    op.create_table(
        "maturity_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=True),
        sa.Column("to_level", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_maturity_change_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_maturity_change_procedure_id_procedure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_change")),
    )
    with op.batch_alter_table("maturity_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_change_effective_date"), ["effective_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_maturity_change_procedure_id"), ["procedure_id"], unique=False
        )

    op.create_table(
        "procedure_agency",
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_procedure_agency_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_procedure_agency_procedure_id_procedure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("procedure_id", "agency_id", name=op.f("pk_procedure_agency")),
    )
    with op.batch_alter_table("procedure_agency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_procedure_agency_agency_id"), ["agency_id"], unique=False
        )

    op.create_table(
        "procedure_tier",
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column(
            "tier",
            sa.Enum(
                "ministry",
                "province",
                "commune",
                "other",
                name="tier",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_procedure_tier_procedure_id_procedure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("procedure_id", "tier", name=op.f("pk_procedure_tier")),
    )
    with op.batch_alter_table("procedure_tier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_tier_tier"), ["tier"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("procedure_tier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_tier_tier"))

    op.drop_table("procedure_tier")
    with op.batch_alter_table("procedure_agency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_agency_agency_id"))

    op.drop_table("procedure_agency")
    with op.batch_alter_table("maturity_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_change_procedure_id"))
        batch_op.drop_index(batch_op.f("ix_maturity_change_effective_date"))

    op.drop_table("maturity_change")
    with op.batch_alter_table("channel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_procedure_id"))

    op.drop_table("channel")
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_updated_at"))
        batch_op.drop_index(batch_op.f("ix_procedure_maturity_level"))
        batch_op.drop_index(batch_op.f("ix_procedure_field_id"))
        batch_op.drop_index(batch_op.f("ix_procedure_agency_id"))

    op.drop_table("procedure")
    op.drop_table("search_zero_result")
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_outbox_procedure_code"))

    op.drop_table("search_outbox")
    op.drop_table("field")
    op.drop_table("agency")
