"""conferences: a call may say when reviews are due

Reviewers are told the date when they are assigned. Existing calls have none.

Revision ID: 6e2b9d4c1a87
Revises: 3f9a1c7e5b20
Create Date: 2026-12-02 16:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

import network.dbtypes

# revision identifiers, used by Alembic.
revision = "6e2b9d4c1a87"
down_revision = "3f9a1c7e5b20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("conference_call") as batch_op:
        batch_op.add_column(
            sa.Column("review_deadline", network.dbtypes.UTCDateTime(), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("conference_call") as batch_op:
        batch_op.drop_column("review_deadline")
