from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from network.extensions import db
from network.members.models import full_text_index


class SearchEntry(db.Model):
    """The folded words of one event, group, campaign or newsletter in every language it has,
    for the site search; people, organizations and library items keep their own."""

    __tablename__ = "search_entry"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        Index("ix_search_entry_kind", "kind"),
        full_text_index("search_entry"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    search_text: Mapped[str] = mapped_column(Text, default="")
