"""conference call questions: the language a question is written in and its versions

Revision ID: c3e8f1a6d9b2
Revises: b7d2e5f9a3c1
Create Date: 2026-12-03 07:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "c3e8f1a6d9b2"
down_revision = "b7d2e5f9a3c1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("conference_question") as batch_op:
        batch_op.add_column(
            sa.Column("original_language", sa.String(length=2), nullable=False, server_default="en")
        )
        batch_op.add_column(sa.Column("versions", sa.JSON(), nullable=False, server_default="{}"))


def downgrade():
    with op.batch_alter_table("conference_question") as batch_op:
        batch_op.drop_column("versions")
        batch_op.drop_column("original_language")
