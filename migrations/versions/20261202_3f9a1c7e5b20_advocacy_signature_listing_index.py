"""advocacy: an index for a campaign's confirmed and listed signatures

The campaign page counts the confirmed signatures and lists the latest listed ones; both read
this index instead of the whole table.

Revision ID: 3f9a1c7e5b20
Revises: 8c4f2a6d9e13
Create Date: 2026-12-02 16:20:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "3f9a1c7e5b20"
down_revision = "8c4f2a6d9e13"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_signature_campaign_state_listed",
        "signature",
        ["campaign_id", "state", "listed", "confirmed_at"],
    )


def downgrade():
    op.drop_index("ix_signature_campaign_state_listed", table_name="signature")
