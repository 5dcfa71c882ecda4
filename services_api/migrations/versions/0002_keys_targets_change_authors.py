"""API keys, maturity targets, and who made each level change (key, how).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 05:14:35.607174
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum("admin", "editor", "reader", name="role", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role <> 'editor' OR agency_id IS NOT NULL", name=op.f("ck_api_key_editor_has_agency")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_api_key_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_key")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_key_token_hash")),
    )
    op.create_table(
        "maturity_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("key_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 4", name=op.f("ck_maturity_target_level")),
        sa.CheckConstraint("share >= 0 AND share <= 100", name=op.f("ck_maturity_target_share")),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_maturity_target_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_key.id"], name=op.f("fk_maturity_target_key_id_api_key")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_target")),
    )
    with op.batch_alter_table("maturity_target", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_target_agency_id"), ["agency_id"], unique=False
        )

    with op.batch_alter_table("maturity_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "via",
                sa.Enum("seed", "api", "import", name="changevia", native_enum=False, length=20),
                server_default="seed",
                nullable=False,
            )
        )
        batch_op.create_index(batch_op.f("ix_maturity_change_key_id"), ["key_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_maturity_change_key_id_api_key"), "api_key", ["key_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("maturity_change", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_maturity_change_key_id_api_key"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_maturity_change_key_id"))
        batch_op.drop_column("via")
        batch_op.drop_column("key_id")

    with op.batch_alter_table("maturity_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_target_agency_id"))

    op.drop_table("maturity_target")
    op.drop_table("api_key")
