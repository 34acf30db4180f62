"""conferences: decisions are recorded first and announced to the authors later

Each abstract keeps the state its submitter was last told about. Existing abstracts were
announced as they changed, so they start with their current state.

Revision ID: 5d1c8e2f7a40
Revises: e4a7c2d9b1f3
Create Date: 2026-12-02 15:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5d1c8e2f7a40"
down_revision = "e4a7c2d9b1f3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("conference_abstract") as batch_op:
        batch_op.add_column(
            sa.Column("notified_state", sa.String(length=16), nullable=False, server_default="")
        )
    op.execute("UPDATE conference_abstract SET notified_state = state")


def downgrade():
    with op.batch_alter_table("conference_abstract") as batch_op:
        batch_op.drop_column("notified_state")
