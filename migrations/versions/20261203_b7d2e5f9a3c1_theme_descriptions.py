"""themes: a description, in the language it is written in, with versions in the others

Revision ID: b7d2e5f9a3c1
Revises: a1f4c8e2d7b5
Create Date: 2026-12-03 07:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "b7d2e5f9a3c1"
down_revision = "a1f4c8e2d7b5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("theme") as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("original_language", sa.String(length=2), nullable=False, server_default="en")
        )
        batch_op.add_column(sa.Column("versions", sa.JSON(), nullable=False, server_default="{}"))


def downgrade():
    with op.batch_alter_table("theme") as batch_op:
        batch_op.drop_column("versions")
        batch_op.drop_column("original_language")
        batch_op.drop_column("description")
