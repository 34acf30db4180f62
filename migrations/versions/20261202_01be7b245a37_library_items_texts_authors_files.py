"""library: items, texts, authors, files

The knowledge library: items (papers, briefs, data, seminar materials) with a title and
abstract per language, authors in order, files, themes, organizations, countries and corridors.

Revision ID: 01be7b245a37
Revises: 5d1c8e2f7a40
Create Date: 2026-12-02 15:47:54.024626

"""

import sqlalchemy as sa
from alembic import op

import network.dbtypes

# revision identifiers, used by Alembic.
revision = "01be7b245a37"
down_revision = "5d1c8e2f7a40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "library_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("original_language", sa.String(length=2), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("date_year", sa.Integer(), nullable=False),
        sa.Column("date_month", sa.Integer(), nullable=True),
        sa.Column("date_day", sa.Integer(), nullable=True),
        sa.Column("series", sa.String(length=200), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("doi", sa.String(length=200), nullable=True),
        sa.Column("isbn", sa.String(length=20), nullable=False),
        sa.Column("issn", sa.String(length=9), nullable=False),
        sa.Column("license", sa.String(length=40), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("external_url", sa.String(length=500), nullable=False),
        sa.Column("journal_title", sa.String(length=300), nullable=False),
        sa.Column("volume", sa.String(length=20), nullable=False),
        sa.Column("issue", sa.String(length=20), nullable=False),
        sa.Column("first_page", sa.String(length=20), nullable=False),
        sa.Column("last_page", sa.String(length=20), nullable=False),
        sa.Column("publisher", sa.String(length=300), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_at", network.dbtypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", network.dbtypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("download_count", sa.Integer(), nullable=False),
        sa.Column("return_comment", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind in ('working_paper', 'policy_brief', 'report', 'journal_article', 'book', 'chapter', 'data_brief', 'dataset', 'presentation', 'recording')",
            name=op.f("ck_library_item_kind"),
        ),
        sa.CheckConstraint(
            "state in ('draft', 'submitted', 'published', 'returned', 'withdrawn')",
            name=op.f("ck_library_item_state"),
        ),
        sa.CheckConstraint(
            "date_day IS NULL OR (date_month IS NOT NULL AND date_day BETWEEN 1 AND 31)",
            name=op.f("ck_library_item_date_day"),
        ),
        sa.CheckConstraint(
            "date_month IS NULL OR date_month BETWEEN 1 AND 12",
            name=op.f("ck_library_item_date_month"),
        ),
        sa.CheckConstraint("download_count >= 0", name=op.f("ck_library_item_download_count")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_library_item_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_group.id"],
            name=op.f("fk_library_item_group_id_working_group"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["user.id"],
            name=op.f("fk_library_item_submitted_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_item")),
        sa.UniqueConstraint("doi", name=op.f("uq_library_item_doi")),
    )
    with op.batch_alter_table("library_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_item_date_year"), ["date_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_library_item_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_library_item_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_library_item_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_library_item_language"), ["language"], unique=False)
        batch_op.create_index(
            "ix_library_item_state_published", ["state", "published_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_library_item_submitted_by_id"), ["submitted_by_id"], unique=False
        )
        batch_op.create_index("ix_library_item_updated", ["updated_at"], unique=False)

    op.create_table(
        "library_item_author",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("affiliation", sa.String(length=300), nullable=False),
        sa.Column("orcid", sa.String(length=19), nullable=False),
        sa.Column("confirmation", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "confirmation in ('not_asked', 'pending', 'confirmed', 'declined')",
            name=op.f("ck_library_item_author_confirmation"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_item.id"],
            name=op.f("fk_library_item_author_item_id_library_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_library_item_author_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_item_author")),
    )
    with op.batch_alter_table("library_item_author", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_library_item_author_item_id"), ["item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_library_item_author_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "library_item_corridor",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=2), nullable=False),
        sa.Column("destination", sa.String(length=2), nullable=False),
        sa.CheckConstraint(
            "origin != destination", name=op.f("ck_library_item_corridor_distinct_countries")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_item.id"],
            name=op.f("fk_library_item_corridor_item_id_library_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "item_id", "origin", "destination", name=op.f("pk_library_item_corridor")
        ),
    )
    with op.batch_alter_table("library_item_corridor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_library_item_corridor_destination"), ["destination"], unique=False
        )

    op.create_table(
        "library_item_country",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_item.id"],
            name=op.f("fk_library_item_country_item_id_library_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "country", name=op.f("pk_library_item_country")),
    )
    with op.batch_alter_table("library_item_country", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_library_item_country_country"), ["country"], unique=False
        )

    op.create_table(
        "library_item_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_item.id"],
            name=op.f("fk_library_item_file_item_id_library_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_item_file")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_library_item_file_stored_name")),
    )
    with op.batch_alter_table("library_item_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_item_file_item_id"), ["item_id"], unique=False)

    op.create_table(
        "library_item_organization",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_item.id"],
            name=op.f("fk_library_item_organization_item_id_library_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_library_item_organization_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "item_id", "organization_id", name=op.f("pk_library_item_organization")
        ),
    )
    with op.batch_alter_table("library_item_organization", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_library_item_organization_organization_id"),
            ["organization_id"],
            unique=False,
        )

    op.create_table(
        "library_item_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_item.id"],
            name=op.f("fk_library_item_text_item_id_library_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_item_text")),
        sa.UniqueConstraint(
            "item_id", "language", name=op.f("uq_library_item_text_item_id_language")
        ),
    )
    op.create_table(
        "library_item_theme",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_item.id"],
            name=op.f("fk_library_item_theme_item_id_library_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_library_item_theme_theme_id_theme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "theme_id", name=op.f("pk_library_item_theme")),
    )
    with op.batch_alter_table("library_item_theme", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_library_item_theme_theme_id"), ["theme_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("library_item_theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_item_theme_theme_id"))

    op.drop_table("library_item_theme")
    op.drop_table("library_item_text")
    with op.batch_alter_table("library_item_organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_item_organization_organization_id"))

    op.drop_table("library_item_organization")
    with op.batch_alter_table("library_item_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_item_file_item_id"))

    op.drop_table("library_item_file")
    with op.batch_alter_table("library_item_country", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_item_country_country"))

    op.drop_table("library_item_country")
    with op.batch_alter_table("library_item_corridor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_item_corridor_destination"))

    op.drop_table("library_item_corridor")
    with op.batch_alter_table("library_item_author", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_item_author_user_id"))
        batch_op.drop_index(batch_op.f("ix_library_item_author_item_id"))

    op.drop_table("library_item_author")
    with op.batch_alter_table("library_item", schema=None) as batch_op:
        batch_op.drop_index("ix_library_item_updated")
        batch_op.drop_index(batch_op.f("ix_library_item_submitted_by_id"))
        batch_op.drop_index("ix_library_item_state_published")
        batch_op.drop_index(batch_op.f("ix_library_item_language"))
        batch_op.drop_index(batch_op.f("ix_library_item_kind"))
        batch_op.drop_index(batch_op.f("ix_library_item_group_id"))
        batch_op.drop_index(batch_op.f("ix_library_item_event_id"))
        batch_op.drop_index(batch_op.f("ix_library_item_date_year"))

    op.drop_table("library_item")
