from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from network.extensions import db
from network.i18n import current_language
from network.multilingual import Multilingual


class Theme(Multilingual, db.Model):
    """A thematic area of the network; names kept in each of the three languages, its
    description in the language it is written in with versions in the others."""

    TRANSLATED = ("description",)

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(160))
    name_es: Mapped[str] = mapped_column(String(160))
    name_fr: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    cross_cutting: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    @property
    def name(self) -> str:
        return getattr(self, f"name_{current_language()}", None) or self.name_en

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"
