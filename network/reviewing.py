"""What conference and journal review share: finding a reviewer's account by address, refusing
authors as reviewers of their own work, and the names reviewers go by where they are anonymous."""

from collections.abc import Iterable, Sequence
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from network.auth.models import User
from network.errors import DomainError
from network.extensions import db

T = TypeVar("T")


def account_by_email(email: str) -> User | None:
    """The account using this address, whatever its case, or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def is_author(authors: Iterable[tuple[int | None, str]], user_id: int | None, email: str) -> bool:
    """authors: (account id, address) of each author, either may be empty. True when the
    person's account or address (in any case) is among them."""
    email = (email or "").strip().lower()
    for author_id, author_email in authors:
        if user_id is not None and author_id == user_id:
            return True
        if email and (author_email or "").strip().lower() == email:
            return True
    return False


def refuse_author(
    authors: Iterable[tuple[int | None, str]],
    *,
    user_id: int | None,
    email: str,
    name: str,
    title: str,
) -> None:
    """Raises DomainError when the would-be reviewer is one of the authors."""
    if is_author(authors, user_id, email):
        raise DomainError(
            _l("%(name)s is an author of “%(title)s” and cannot review it.", name=name, title=title)
        )


def reviewer_label(number: int) -> str:
    return _l("Reviewer %(number)d", number=number)


def anonymous_labels(reviews: Sequence[T]) -> list[tuple[str, T]]:
    """Each review with the name its reviewer goes by where names are hidden: Reviewer 1,
    Reviewer 2… in the order given (invitation order), so the same list always gives the same
    names."""
    return [(str(reviewer_label(n)), review) for n, review in enumerate(reviews, start=1)]
