"""membership: a stored sort name (the folded name of the person or organization) and an
index (sort_name, id), so the staff member list is an index-ordered page

Revision ID: c41f7a2e9b10
Revises: a7d3e9f1c2b4
Create Date: 2026-12-02 17:15:00.000000

"""

import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c41f7a2e9b10"
down_revision = "a7d3e9f1c2b4"
branch_labels = None
depends_on = None

BATCH = 1000


def fold(name: str) -> str:
    """As network.membership.models.fold at this revision."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:200]


def upgrade():
    with op.batch_alter_table("membership") as batch_op:
        batch_op.add_column(
            sa.Column("sort_name", sa.String(length=200), nullable=False, server_default="")
        )
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT membership.id, coalesce(\"user\".name, organization.name, '') FROM membership "
            'LEFT OUTER JOIN "user" ON "user".id = membership.user_id '
            "LEFT OUTER JOIN organization ON organization.id = membership.organization_id"
        )
    ).all()
    change = sa.text("UPDATE membership SET sort_name = :sort_name WHERE id = :id")
    for start in range(0, len(rows), BATCH):
        bind.execute(
            change,
            [{"id": id_, "sort_name": fold(name)} for id_, name in rows[start : start + BATCH]],
        )
    op.create_index("ix_membership_sort_name_id", "membership", ["sort_name", "id"])


def downgrade():
    op.drop_index("ix_membership_sort_name_id", table_name="membership")
    with op.batch_alter_table("membership") as batch_op:
        batch_op.drop_column("sort_name")
