"""The journal: its sections and editors, submissions with their files, review rounds and
decisions, issues, and the record of every step a submission takes."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.auth.models import User
from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db
from network.multilingual import Multilingual


class Stage(str, enum.Enum):
    SUBMITTED = "submitted"  # waiting for the editor's first look
    IN_REVIEW = "in_review"
    REVISIONS = "revisions"  # back with the authors
    ACCEPTED = "accepted"
    COPYEDITING = "copyediting"
    PRODUCTION = "production"
    SCHEDULED = "scheduled"  # placed in an issue not yet published
    PUBLISHED = "published"
    DESK_REJECTED = "desk_rejected"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class EditorRole(str, enum.Enum):
    CHIEF = "chief"
    SECTION = "section"


class FileKind(str, enum.Enum):
    MANUSCRIPT = "manuscript"
    ANONYMIZED = "anonymized"  # what reviewers read
    RESPONSE = "response"  # the authors' response letter to a round
    COPYEDITED = "copyedited"
    PROOF = "proof"
    GALLEY_PDF = "galley_pdf"
    GALLEY_HTML = "galley_html"


class ReviewState(str, enum.Enum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Recommendation(str, enum.Enum):
    ACCEPT = "accept"
    MINOR = "minor"
    MAJOR = "major"
    REJECT = "reject"


class DecisionKind(str, enum.Enum):
    ACCEPT = "accept"
    MINOR = "minor"
    MAJOR = "major"
    REJECT = "reject"
    DESK_REJECT = "desk_reject"


class Journal(Multilingual, db.Model):
    __tablename__ = "journal"
    TRANSLATED = ("name", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    abbreviation: Mapped[str] = mapped_column(String(40), default="")
    publisher: Mapped[str] = mapped_column(String(200), default="")
    issn_print: Mapped[str] = mapped_column(String(9), default="")
    issn_online: Mapped[str] = mapped_column(String(9), default="")
    license: Mapped[str] = mapped_column(String(40), default="CC-BY-4.0")
    doi_prefix: Mapped[str] = mapped_column(String(40), default="")
    # {journal} {year} {volume} {issue} {article}: the submission's number
    doi_pattern: Mapped[str] = mapped_column(String(120), default="{journal}.{year}.{article}")
    submissions_open: Mapped[bool] = mapped_column(default=True)
    double_blind: Mapped[bool] = mapped_column(default=True)
    review_days: Mapped[int] = mapped_column(default=28)
    # Reminders: this many days before the due date, and again after it.
    remind_days_before: Mapped[int] = mapped_column(default=3)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    sections: Mapped[list["Section"]] = relationship(
        back_populates="journal", cascade="all, delete-orphan", order_by="Section.position"
    )
    editors: Mapped[list["JournalEditor"]] = relationship(
        back_populates="journal", cascade="all, delete-orphan"
    )

    @property
    def issn(self) -> str:
        return self.issn_online or self.issn_print


class JournalPage(Multilingual, db.Model):
    """About and author guidelines: Markdown, kept in each language like other texts."""

    __tablename__ = "journal_page"
    __table_args__ = (UniqueConstraint("journal_id", "kind"),)
    TRANSLATED = ("body",)

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journal.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # "about" or "guidelines"
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    journal: Mapped[Journal] = relationship()


class Section(Multilingual, db.Model):
    __tablename__ = "journal_section"
    TRANSLATED = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(
        ForeignKey("journal.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    open: Mapped[bool] = mapped_column(default=True)

    journal: Mapped[Journal] = relationship(back_populates="sections")


class JournalEditor(db.Model):
    """An editor-in-chief (section_id empty) or a section editor."""

    __tablename__ = "journal_editor"
    __table_args__ = (
        enum_check("role", EditorRole),
        UniqueConstraint("journal_id", "user_id", "section_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journal.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_section.id", ondelete="CASCADE")
    )

    journal: Mapped[Journal] = relationship(back_populates="editors")
    user: Mapped[User] = relationship()
    section: Mapped[Section | None] = relationship()


class Issue(Multilingual, db.Model):
    __tablename__ = "journal_issue"
    __table_args__ = (UniqueConstraint("journal_id", "volume", "number"),)
    TRANSLATED = ("title",)

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(
        ForeignKey("journal.id", ondelete="CASCADE"), index=True
    )
    volume: Mapped[int]
    number: Mapped[int]
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(300), default="")
    cover_name: Mapped[str | None] = mapped_column(String(80))  # an image in the journal's store
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    journal: Mapped[Journal] = relationship()
    articles: Mapped[list["Submission"]] = relationship(
        back_populates="issue", order_by="Submission.issue_position"
    )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Submission(db.Model):
    __tablename__ = "journal_submission"
    __table_args__ = (
        enum_check("stage", Stage),
        CheckConstraint("round >= 1", name="round"),
        Index("ix_journal_submission_journal_stage", "journal_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journal.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(ForeignKey("journal_section.id"), index=True)
    submitter_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str] = mapped_column(String(16), default=Stage.SUBMITTED.value)
    round: Mapped[int] = mapped_column(default=1)
    language: Mapped[str] = mapped_column(String(2), default="en")
    keywords: Mapped[str] = mapped_column(Text, default="")
    cover_letter: Mapped[str] = mapped_column(Text, default="")
    declares_original: Mapped[bool] = mapped_column(default=False)
    conflicts: Mapped[str] = mapped_column(Text, default="")  # the authors' statement
    consents_license: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    copyedit_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    proofs_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_issue.id", ondelete="SET NULL"), index=True
    )
    issue_position: Mapped[int] = mapped_column(default=0)
    first_page: Mapped[str] = mapped_column(String(20), default="")
    last_page: Mapped[str] = mapped_column(String(20), default="")
    doi: Mapped[str | None] = mapped_column(String(200), unique=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The library item the published article is.
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("library_item.id", ondelete="SET NULL"), unique=True
    )

    journal: Mapped[Journal] = relationship()
    section: Mapped[Section] = relationship()
    submitter: Mapped[User] = relationship(foreign_keys=[submitter_id])
    editor: Mapped[User | None] = relationship(foreign_keys=[editor_id])
    issue: Mapped[Issue | None] = relationship(back_populates="articles")
    texts: Mapped[list["SubmissionText"]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="SubmissionText.language",
    )
    authors: Mapped[list["SubmissionAuthor"]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="SubmissionAuthor.position",
    )
    files: Mapped[list["SubmissionFile"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="SubmissionFile.id"
    )
    reviews: Mapped[list["JournalReview"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="JournalReview.id"
    )
    decisions: Mapped[list["Decision"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="Decision.id"
    )
    steps: Mapped[list["Step"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="Step.id"
    )

    def text_in(self, language: str | None) -> "SubmissionText | None":
        """The title and abstract in that language, else the submission's own, else any."""
        by_language = {text.language: text for text in self.texts}
        return (
            by_language.get(language or "")
            or by_language.get(self.language)
            or next(iter(self.texts), None)
        )

    def title_in(self, language: str | None) -> str:
        text = self.text_in(language)
        return text.title if text else ""

    @property
    def title(self) -> str:
        return self.title_in(self.language)

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    def files_of(self, kind: "FileKind | str", round: int | None = None) -> list["SubmissionFile"]:
        kind = FileKind(kind).value
        return [f for f in self.files if f.kind == kind and (round is None or f.round == round)]

    def latest_file(self, kind: "FileKind | str") -> "SubmissionFile | None":
        found = self.files_of(kind)
        return found[-1] if found else None


class SubmissionText(db.Model):
    __tablename__ = "journal_submission_text"
    __table_args__ = (UniqueConstraint("submission_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("journal_submission.id", ondelete="CASCADE")
    )
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(500))
    abstract: Mapped[str] = mapped_column(Text, default="")

    submission: Mapped[Submission] = relationship(back_populates="texts")


class SubmissionAuthor(db.Model):
    __tablename__ = "journal_submission_author"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("journal_submission.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    orcid: Mapped[str] = mapped_column(String(19), default="")
    corresponding: Mapped[bool] = mapped_column(default=False)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    submission: Mapped[Submission] = relationship(back_populates="authors")


class SubmissionFile(db.Model):
    __tablename__ = "journal_submission_file"
    __table_args__ = (enum_check("kind", FileKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("journal_submission.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(default=1)
    kind: Mapped[str] = mapped_column(String(16))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="files")


class JournalReview(db.Model):
    """One reviewer's invitation and review in one round. Outsiders have no account: they act
    through signed links to this row."""

    __tablename__ = "journal_review"
    __table_args__ = (
        enum_check("state", ReviewState),
        CheckConstraint(
            "recommendation IS NULL OR recommendation IN ('accept', 'minor', 'major', 'reject')",
            name="recommendation",
        ),
        Index("ix_journal_review_state_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("journal_submission.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(default=1)
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2), default="en")
    state: Mapped[str] = mapped_column(String(16), default=ReviewState.INVITED.value)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_before_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_after_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recommendation: Mapped[str | None] = mapped_column(String(8))
    for_author: Mapped[str] = mapped_column(Text, default="")
    for_editor: Mapped[str] = mapped_column(Text, default="")  # confidential: never to authors

    submission: Mapped[Submission] = relationship(back_populates="reviews")
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])


class DecisionTemplate(db.Model):
    """The letter an editor starts from for a decision, per language; editors change it."""

    __tablename__ = "journal_decision_template"
    __table_args__ = (
        enum_check("decision", DecisionKind),
        UniqueConstraint("journal_id", "decision", "language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journal.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)


class Decision(db.Model):
    """An editor's decision on a round: drafted from a template, edited, then sent."""

    __tablename__ = "journal_decision"
    __table_args__ = (enum_check("decision", DecisionKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("journal_submission.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int]
    decision: Mapped[str] = mapped_column(String(16))
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    submission: Mapped[Submission] = relationship(back_populates="decisions")
    editor: Mapped[User | None] = relationship()


class Step(db.Model):
    """A move from one stage to another: who, when, and a note."""

    __tablename__ = "journal_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("journal_submission.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str] = mapped_column(String(16), default="")
    to_stage: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    submission: Mapped[Submission] = relationship(back_populates="steps")
    actor: Mapped[User | None] = relationship()
