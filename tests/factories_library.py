"""Library items as tests need them, made through the same services the pages use."""

import itertools

from network.dbtypes import utcnow
from network.extensions import db
from network.library import files, items
from network.library.demo import pdf_bytes
from network.library.items import AuthorInput, ItemInput
from network.library.models import Item, ItemState
from tests.factories import make_user

_counter = itertools.count(1)


def make_item(
    submitter=None,
    *,
    state: ItemState | str = ItemState.PUBLISHED,
    kind: str = "working_paper",
    texts: dict[str, tuple[str, str]] | None = None,
    original_language: str = "en",
    authors: list | None = None,
    themes=(),
    group=None,
    event=None,
    organizations=(),
    pdf: bytes | None = b"",
    commit: bool = True,
    **fields,
) -> Item:
    """An item (published unless told) with texts, authors (users or AuthorInput), themes and,
    unless pdf=None, a one-page PDF."""
    submitter = submitter or make_user()
    n = next(_counter)
    data = ItemInput(
        kind=kind,
        texts=texts or {original_language: (f"Remittances and wages {n}", f"Abstract {n}.")},
        original_language=original_language,
        date_year=fields.pop("date_year", 2024),
        authors=[_author(a) for a in (authors or [submitter])],
        theme_ids=[t.id for t in themes],
        organization_ids=[o.id for o in organizations],
        group_id=group.id if group else None,
        event_id=event.id if event else None,
        **fields,
    )
    item = items.create_item(submitter, data)
    if pdf is not None:
        files.attach(item, pdf or pdf_bytes(), f"paper-{n}.pdf")
    item.state = ItemState(state).value
    if item.state == ItemState.PUBLISHED.value:
        item.published_at = utcnow()
    if commit:
        db.session.commit()
    return item


def _author(author) -> AuthorInput:
    if isinstance(author, AuthorInput):
        return author
    if isinstance(author, str):
        return AuthorInput(name=author)
    return AuthorInput(user_id=author.id)
