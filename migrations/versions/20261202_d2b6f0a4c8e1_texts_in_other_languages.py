"""texts in other languages: the language a text is written in and its versions in the others,
for events, registration questions, working groups and campaigns

Revision ID: d2b6f0a4c8e1
Revises: c5e8a1d7f3b6
Create Date: 2026-12-02 20:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d2b6f0a4c8e1"
down_revision = "c5e8a1d7f3b6"
branch_labels = None
depends_on = None

TABLES = ("event", "registration_question", "working_group", "campaign")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "original_language", sa.String(length=2), nullable=False, server_default="en"
                )
            )
            batch_op.add_column(
                sa.Column("versions", sa.JSON(), nullable=False, server_default="{}")
            )


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("versions")
            batch_op.drop_column("original_language")
