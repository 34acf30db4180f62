"""newsletters: language versions older than the main text are flagged

The newsletter keeps when its main text last changed, and each language version when it was
last saved. Existing rows have neither, so nothing is flagged until the next edit.

Revision ID: 8c4f2a6d9e13
Revises: 01be7b245a37
Create Date: 2026-12-02 16:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

import network.dbtypes

# revision identifiers, used by Alembic.
revision = "8c4f2a6d9e13"
down_revision = "01be7b245a37"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("newsletter") as batch_op:
        batch_op.add_column(
            sa.Column("content_changed_at", network.dbtypes.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("newsletter_version") as batch_op:
        batch_op.add_column(sa.Column("updated_at", network.dbtypes.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("newsletter_version") as batch_op:
        batch_op.drop_column("updated_at")
    with op.batch_alter_table("newsletter") as batch_op:
        batch_op.drop_column("content_changed_at")
