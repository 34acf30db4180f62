"""members: organization administrators are invited and accept

An administrator no longer adds someone by address directly: an invitation is mailed, and the
person becomes an administrator by accepting it. Existing administrators stay as they are.

Revision ID: e4a7c2d9b1f3
Revises: b94d5eb9c467
Create Date: 2026-12-02 11:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

import network.dbtypes

# revision identifiers, used by Alembic.
revision = "e4a7c2d9b1f3"
down_revision = "b94d5eb9c467"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organization_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", network.dbtypes.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["user.id"],
            name=op.f("fk_organization_invitation_invited_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_invitation_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_invitation")),
        sa.UniqueConstraint(
            "organization_id",
            "email",
            name=op.f("uq_organization_invitation_organization_id_email"),
        ),
        sa.UniqueConstraint("token", name=op.f("uq_organization_invitation_token")),
    )
    with op.batch_alter_table("organization_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_invitation_email"), ["email"], unique=False
        )


def downgrade():
    with op.batch_alter_table("organization_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_invitation_email"))
    op.drop_table("organization_invitation")
