"""conference tracks: the language a track's name is written in and its versions in the others

Revision ID: e7c3a9d5b2f8
Revises: d2b6f0a4c8e1
Create Date: 2026-12-02 20:35:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e7c3a9d5b2f8"
down_revision = "d2b6f0a4c8e1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("conference_track") as batch_op:
        batch_op.add_column(
            sa.Column("original_language", sa.String(length=2), nullable=False, server_default="en")
        )
        batch_op.add_column(sa.Column("versions", sa.JSON(), nullable=False, server_default="{}"))


def downgrade():
    with op.batch_alter_table("conference_track") as batch_op:
        batch_op.drop_column("versions")
        batch_op.drop_column("original_language")
