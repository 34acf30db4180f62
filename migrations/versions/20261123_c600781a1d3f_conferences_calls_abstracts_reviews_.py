"""conferences: calls, abstracts, reviews, programme

Revision ID: c600781a1d3f
Revises: 0cc21409f8ea
Create Date: 2026-11-23 18:33:19.826234

"""

import sqlalchemy as sa
from alembic import op

import network.dbtypes

# revision identifiers, used by Alembic.
revision = "c600781a1d3f"
down_revision = "0cc21409f8ea"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "conference_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deadline", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("word_limit", sa.Integer(), nullable=False),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("reviewers_anonymous", sa.Boolean(), nullable=False),
        sa.Column("created_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "deadline > opens_at", name=op.f("ck_conference_call_deadline_after_opening")
        ),
        sa.CheckConstraint("word_limit > 0", name=op.f("ck_conference_call_word_limit_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_conference_call_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_call")),
        sa.UniqueConstraint("event_id", name=op.f("uq_conference_call_event_id")),
    )
    op.create_table(
        "conference_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("room", sa.String(length=120), nullable=False),
        sa.Column("chair", sa.String(length=120), nullable=False),
        sa.Column("starts_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ical_sequence", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_conference_session_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_conference_session_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_session")),
    )
    with op.batch_alter_table("conference_session", schema=None) as batch_op:
        batch_op.create_index(
            "ix_conference_session_event_start", ["event_id", "starts_at"], unique=False
        )

    op.create_table(
        "conference_speaker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("affiliation", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_conference_speaker_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_speaker")),
    )
    with op.batch_alter_table("conference_speaker", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conference_speaker_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "conference_criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "max_score > 0", name=op.f("ck_conference_criterion_max_score_positive")
        ),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["conference_call.id"],
            name=op.f("fk_conference_criterion_call_id_conference_call"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_criterion")),
    )
    with op.batch_alter_table("conference_criterion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conference_criterion_call_id"), ["call_id"], unique=False
        )

    op.create_table(
        "conference_email_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["conference_call.id"],
            name=op.f("fk_conference_email_template_call_id_conference_call"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_email_template")),
        sa.UniqueConstraint(
            "call_id",
            "state",
            "language",
            name=op.f("uq_conference_email_template_call_id_state_language"),
        ),
    )
    op.create_table(
        "conference_marked_session",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["conference_session.id"],
            name=op.f("fk_conference_marked_session_session_id_conference_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_conference_marked_session_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "session_id", name=op.f("pk_conference_marked_session")),
    )
    with op.batch_alter_table("conference_marked_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conference_marked_session_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "conference_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["conference_call.id"],
            name=op.f("fk_conference_question_call_id_conference_call"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_question")),
    )
    with op.batch_alter_table("conference_question", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conference_question_call_id"), ["call_id"], unique=False
        )

    op.create_table(
        "conference_track",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["conference_call.id"],
            name=op.f("fk_conference_track_call_id_conference_call"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_conference_track_theme_id_theme"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_track")),
    )
    with op.batch_alter_table("conference_track", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conference_track_call_id"), ["call_id"], unique=False)

    op.create_table(
        "conference_abstract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("submitter_id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state in ('submitted', 'under_review', 'accepted', 'rejected', 'withdrawn')",
            name=op.f("ck_conference_abstract_state"),
        ),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["conference_call.id"],
            name=op.f("fk_conference_abstract_call_id_conference_call"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitter_id"],
            ["user.id"],
            name=op.f("fk_conference_abstract_submitter_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["conference_track.id"],
            name=op.f("fk_conference_abstract_track_id_conference_track"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_abstract")),
    )
    with op.batch_alter_table("conference_abstract", schema=None) as batch_op:
        batch_op.create_index(
            "ix_conference_abstract_call_state", ["call_id", "state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conference_abstract_submitter_id"), ["submitter_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conference_abstract_track_id"), ["track_id"], unique=False
        )

    op.create_table(
        "conference_track_reviewer",
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["conference_track.id"],
            name=op.f("fk_conference_track_reviewer_track_id_conference_track"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_conference_track_reviewer_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("track_id", "user_id", name=op.f("pk_conference_track_reviewer")),
    )
    with op.batch_alter_table("conference_track_reviewer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conference_track_reviewer_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "conference_abstract_answer",
        sa.Column("abstract_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["abstract_id"],
            ["conference_abstract.id"],
            name=op.f("fk_conference_abstract_answer_abstract_id_conference_abstract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["conference_question.id"],
            name=op.f("fk_conference_abstract_answer_question_id_conference_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "abstract_id", "question_id", name=op.f("pk_conference_abstract_answer")
        ),
    )
    op.create_table(
        "conference_abstract_author",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("abstract_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("affiliation", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("presenter", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["abstract_id"],
            ["conference_abstract.id"],
            name=op.f("fk_conference_abstract_author_abstract_id_conference_abstract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_abstract_author")),
    )
    with op.batch_alter_table("conference_abstract_author", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conference_abstract_author_abstract_id"), ["abstract_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conference_abstract_author_email"), ["email"], unique=False
        )

    op.create_table(
        "conference_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("abstract_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("updated_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["abstract_id"],
            ["conference_abstract.id"],
            name=op.f("fk_conference_review_abstract_id_conference_abstract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user.id"],
            name=op.f("fk_conference_review_reviewer_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_review")),
        sa.UniqueConstraint(
            "abstract_id", "reviewer_id", name=op.f("uq_conference_review_abstract_id_reviewer_id")
        ),
    )
    with op.batch_alter_table("conference_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conference_review_reviewer_id"), ["reviewer_id"], unique=False
        )

    op.create_table(
        "conference_review_assignment",
        sa.Column("abstract_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", network.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["abstract_id"],
            ["conference_abstract.id"],
            name=op.f("fk_conference_review_assignment_abstract_id_conference_abstract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_conference_review_assignment_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "abstract_id", "user_id", name=op.f("pk_conference_review_assignment")
        ),
    )
    with op.batch_alter_table("conference_review_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conference_review_assignment_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "conference_talk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("abstract_id", sa.Integer(), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("invited_title", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "duration_minutes > 0", name=op.f("ck_conference_talk_duration_positive")
        ),
        sa.ForeignKeyConstraint(
            ["abstract_id"],
            ["conference_abstract.id"],
            name=op.f("fk_conference_talk_abstract_id_conference_abstract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["conference_session.id"],
            name=op.f("fk_conference_talk_session_id_conference_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["conference_speaker.id"],
            name=op.f("fk_conference_talk_speaker_id_conference_speaker"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_talk")),
        sa.UniqueConstraint("abstract_id", name=op.f("uq_conference_talk_abstract_id")),
    )
    with op.batch_alter_table("conference_talk", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conference_talk_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conference_talk_speaker_id"), ["speaker_id"], unique=False
        )

    op.create_table(
        "conference_review_score",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "score >= 0", name=op.f("ck_conference_review_score_score_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["conference_criterion.id"],
            name=op.f("fk_conference_review_score_criterion_id_conference_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["conference_review.id"],
            name=op.f("fk_conference_review_score_review_id_conference_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "review_id", "criterion_id", name=op.f("pk_conference_review_score")
        ),
    )


def downgrade():
    op.drop_table("conference_review_score")
    with op.batch_alter_table("conference_talk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_talk_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_conference_talk_session_id"))

    op.drop_table("conference_talk")
    with op.batch_alter_table("conference_review_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_review_assignment_user_id"))

    op.drop_table("conference_review_assignment")
    with op.batch_alter_table("conference_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_review_reviewer_id"))

    op.drop_table("conference_review")
    with op.batch_alter_table("conference_abstract_author", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_abstract_author_email"))
        batch_op.drop_index(batch_op.f("ix_conference_abstract_author_abstract_id"))

    op.drop_table("conference_abstract_author")
    op.drop_table("conference_abstract_answer")
    with op.batch_alter_table("conference_track_reviewer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_track_reviewer_user_id"))

    op.drop_table("conference_track_reviewer")
    with op.batch_alter_table("conference_abstract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_abstract_track_id"))
        batch_op.drop_index(batch_op.f("ix_conference_abstract_submitter_id"))
        batch_op.drop_index("ix_conference_abstract_call_state")

    op.drop_table("conference_abstract")
    with op.batch_alter_table("conference_track", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_track_call_id"))

    op.drop_table("conference_track")
    with op.batch_alter_table("conference_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_question_call_id"))

    op.drop_table("conference_question")
    with op.batch_alter_table("conference_marked_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_marked_session_session_id"))

    op.drop_table("conference_marked_session")
    op.drop_table("conference_email_template")
    with op.batch_alter_table("conference_criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_criterion_call_id"))

    op.drop_table("conference_criterion")
    with op.batch_alter_table("conference_speaker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_speaker_event_id"))

    op.drop_table("conference_speaker")
    with op.batch_alter_table("conference_session", schema=None) as batch_op:
        batch_op.drop_index("ix_conference_session_event_start")

    op.drop_table("conference_session")
    op.drop_table("conference_call")
