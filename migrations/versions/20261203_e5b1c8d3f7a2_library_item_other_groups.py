"""library: working groups an item belongs to besides the one it was submitted to

Revision ID: e5b1c8d3f7a2
Revises: d4a9b2c7e1f5
Create Date: 2026-12-03 07:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "e5b1c8d3f7a2"
down_revision = "d4a9b2c7e1f5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "library_item_group",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_item.id"],
            name=op.f("fk_library_item_group_item_id_library_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_group.id"],
            name=op.f("fk_library_item_group_group_id_working_group"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "group_id", name=op.f("pk_library_item_group")),
    )
    op.create_index(
        op.f("ix_library_item_group_group_id"), "library_item_group", ["group_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_library_item_group_group_id"), table_name="library_item_group")
    op.drop_table("library_item_group")
