"""newsletters: links come from PUBLIC_URL, not a site address stored per newsletter

Revision ID: 7b3e51c2a9d4
Revises: 320e871acb34
Create Date: 2026-12-02 10:55:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7b3e51c2a9d4"
down_revision = "320e871acb34"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("newsletter", schema=None) as batch_op:
        batch_op.drop_column("site_url")


def downgrade():
    with op.batch_alter_table("newsletter", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("site_url", sa.String(length=300), nullable=False, server_default="")
        )
