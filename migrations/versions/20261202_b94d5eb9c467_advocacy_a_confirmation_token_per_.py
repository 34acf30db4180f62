"""advocacy: a confirmation token per subscription request

Pending subscriptions are kept as they are. Links mailed before this change confirmed every
pending list of an address and no longer work; asking again for a list mails a link for it.

Revision ID: b94d5eb9c467
Revises: 7b3e51c2a9d4
Create Date: 2026-12-02 10:44:12.985389

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b94d5eb9c467"
down_revision = "7b3e51c2a9d4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("subscription", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirm_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_subscription_confirm_token"), ["confirm_token"]
        )


def downgrade():
    with op.batch_alter_table("subscription", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_subscription_confirm_token"), type_="unique")
        batch_op.drop_column("confirm_token")
