"""Writing items: a member's draft with its texts, authors and links, kept to the rules."""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from network.auth.models import User
from network.dbtypes import utcnow
from network.errors import Conflict, DomainError, Forbidden, NotFound
from network.events.models import Event
from network.extensions import db
from network.geo import is_country
from network.groups import queries as group_queries
from network.library import access, files, rules
from network.library.models import (
    Confirmation,
    Item,
    ItemAuthor,
    ItemCorridor,
    ItemCountry,
    ItemKind,
    ItemState,
    ItemText,
)
from network.members.queries import organizations_by_ids, visible_organization_ids
from network.members.services import search_key
from network.members.visibility import sees_person
from network.themes.queries import themes_by_ids


@dataclass
class AuthorInput:
    name: str = ""
    user_id: int | None = None
    affiliation: str = ""
    orcid: str = ""


@dataclass
class ItemInput:
    kind: str
    texts: dict[str, tuple[str, str]]  # language -> (title, abstract)
    date_year: int
    original_language: str = "en"
    authors: list[AuthorInput] = field(default_factory=list)
    date_month: int | None = None
    date_day: int | None = None
    language: str = ""
    series: str = ""
    number: str = ""
    doi: str = ""
    isbn: str = ""
    issn: str = ""
    license: str = rules.DEFAULT_LICENSE
    keywords: str = ""
    external_url: str = ""
    journal_title: str = ""
    volume: str = ""
    issue: str = ""
    first_page: str = ""
    last_page: str = ""
    publisher: str = ""
    group_id: int | None = None
    other_group_ids: list[int] = field(default_factory=list)
    event_id: int | None = None
    theme_ids: list[int] = field(default_factory=list)
    organization_ids: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    corridors: list[tuple[str, str]] = field(default_factory=list)


Upload = tuple[bytes, str]  # the file's content and its name on the sender's computer

TITLES_END = "|"
# The item's text fields taken as given (the DOI is checked and stored on its own).
PLAIN_FIELDS = [
    "series",
    "number",
    "doi",
    "isbn",
    "issn",
    "license",
    "keywords",
    "external_url",
    "journal_title",
    "volume",
    "issue",
    "first_page",
    "last_page",
    "publisher",
]
SCALARS = [name for name in PLAIN_FIELDS if name != "doi"] + [
    "group_id",
    "event_id",
    "date_year",
    "date_month",
    "date_day",
]


def create_item(actor, data: ItemInput, upload: Upload | None = None) -> Item:
    """A new draft of this member's."""
    if not (actor and actor.is_authenticated):
        raise Forbidden()
    item = Item(submitted_by_id=actor.id, state=ItemState.DRAFT.value, kind=data.kind)
    db.session.add(item)
    _apply(item, data, actor)
    _attach(item, upload)
    return item


def create_published(actor, data: ItemInput, upload: Upload, published_at: datetime) -> Item:
    """An item that another part of the network reviewed and published itself (a journal's
    article): published at once, with its file. Its member authors named themselves there, so
    they are linked whatever their profiles show and count as confirmed."""
    if not (actor and actor.is_authenticated):
        raise Forbidden()
    item = Item(
        submitted_by_id=actor.id,
        state=ItemState.PUBLISHED.value,
        kind=data.kind,
        published_at=published_at,
    )
    db.session.add(item)
    _apply(item, data, actor, vetted=True)
    _attach(item, upload)
    return item


def update_published(item: Item, actor, data: ItemInput) -> Item:
    """New details for an item made by create_published (an article placed in an issue)."""
    if not (actor and actor.is_authenticated):
        raise Forbidden()
    _apply(item, data, actor, vetted=True)
    return item


def update_item(item: Item, actor, data: ItemInput, upload: Upload | None = None) -> Item:
    if not access.can_edit(item, actor):
        raise Forbidden()
    _apply(item, data, actor)
    _attach(item, upload)
    return item


def remove_file(item: Item, actor, file_id: int) -> Item:
    if not access.can_edit(item, actor):
        raise Forbidden()
    stored = next((f for f in item.files if f.id == file_id), None)
    if stored is None:
        raise NotFound()
    files.remove(item, stored)
    return item


def _attach(item: Item, upload: Upload | None) -> None:
    if upload is not None:
        files.attach(item, *upload)


def _apply(item: Item, data: ItemInput, actor, vetted: bool = False) -> None:
    if data.kind not in {kind.value for kind in ItemKind}:
        raise DomainError(_("Choose a kind from the list."))
    item.kind = data.kind
    item.original_language = rules.language(data.original_language)
    item.language = rules.language(data.language or data.original_language)
    values = {
        **{name: getattr(data, name) for name in SCALARS},
        "isbn": rules.isbn(data.isbn),
        "issn": rules.issn(data.issn),
        "license": rules.license_id(data.license),
        "keywords": ", ".join(w.strip() for w in data.keywords.split(",") if w.strip()),
    }
    rules.check_date(data.date_year, data.date_month, data.date_day, item.is_published)
    rules.check_link(data.external_url)
    for name, value in values.items():
        setattr(item, name, value)
    _set_doi(item, data.doi)
    _set_texts(item, data.texts)
    _set_authors(item, data.authors, actor, vetted)
    _set_links(item, data, actor)
    refresh_search_text(item)


def _set_doi(item: Item, value: str) -> None:
    doi = rules.normalize_doi(value)
    if doi and db.session.scalar(select(Item.id).where(Item.doi == doi, Item.id != item.id)):
        raise Conflict(_("Another item already has the DOI %(doi)s.", doi=doi))
    item.doi = doi


def _set_texts(item: Item, texts: dict[str, tuple[str, str]]) -> None:
    given = {lang: (t.strip(), a.strip()) for lang, (t, a) in texts.items() if t.strip()}
    if item.original_language not in given:
        raise DomainError(_("Give the title in the original language."))
    current = {text.language: text for text in item.texts}
    for lang, text in current.items():
        if lang not in given:
            item.texts.remove(text)
    for lang, (title, abstract) in given.items():
        if lang in current:
            current[lang].title, current[lang].abstract = title, abstract
        else:
            item.texts.append(ItemText(language=lang, title=title, abstract=abstract))


def _set_authors(item: Item, authors: list[AuthorInput], actor, vetted: bool = False) -> None:
    """vetted: the authors named themselves (a journal's article) and keep the names they gave;
    otherwise the actor picks members they can see, named as on their accounts."""
    if not authors:
        raise DomainError(_("Name at least one author."))
    previous = {a.user_id: a.confirmation for a in item.authors if a.user_id}
    rows = []
    for position, given in enumerate(authors):
        user = db.session.get(User, given.user_id) if given.user_id else None
        if given.user_id and not vetted and not sees_person(user, actor):
            raise DomainError(_("Choose member authors from the list."))
        written = " ".join(given.name.split())
        name = (written if vetted or not user else user.name) or (user.name if user else "")
        if not name:
            raise DomainError(_("Each author needs a name."))
        if vetted and user:
            previous[user.id] = Confirmation.CONFIRMED.value
        rows.append(
            ItemAuthor(
                position=position,
                user_id=user.id if user else None,
                name=name[:200],
                affiliation=" ".join(given.affiliation.split())[:300],
                orcid=rules.orcid(given.orcid),
                confirmation=previous.get(user.id if user else None, Confirmation.NOT_ASKED.value),
            )
        )
    item.authors[:] = rows


def _set_links(item: Item, data: ItemInput, actor) -> None:
    if data.group_id and group_queries.group_by_id(data.group_id) is None:
        raise DomainError(_("Choose the working group from the list."))
    others = set(data.other_group_ids) - {data.group_id}
    item.other_groups = group_queries.groups_by_ids(others)
    if len(item.other_groups) != len(others):
        raise DomainError(_("Choose the working group from the list."))
    item.themes = themes_by_ids(data.theme_ids)
    allowed = set(db.session.scalars(visible_organization_ids(actor)))
    if set(data.organization_ids) - allowed:
        raise DomainError(_("Choose organizations from the list."))
    item.organizations = organizations_by_ids(data.organization_ids)
    countries = sorted({c.upper() for c in data.countries})
    pairs = sorted({(o.upper(), d.upper()) for o, d in data.corridors})
    if not all(is_country(c) for c in countries + [x for pair in pairs for x in pair]):
        raise DomainError(_("Choose countries from the list."))
    if any(o == d for o, d in pairs):
        raise DomainError(_("A corridor goes from one country to another."))
    item.countries = [ItemCountry(country=c) for c in countries]
    item.corridors = [ItemCorridor(origin=o, destination=d) for o, d in pairs]
    if data.event_id != item.event_id or item.event_id is None:
        event = db.session.get(Event, data.event_id) if data.event_id else None
        if data.event_id and not (event and access.can_attach_to_event(event, actor)):
            raise DomainError(_("Choose one of the events you organize."))
        if event and event.starts_at > utcnow():
            raise DomainError(_("Materials are added to an event once it has taken place."))


def refresh_search_text(item: Item) -> None:
    """Folded titles in every language, then TITLES_END, then authors, keywords, abstracts and
    identifiers: a word found before the mark is found in a title, which ranks first."""
    titles = [t.title for t in item.texts]
    rest = [a.name for a in item.authors] + [item.keywords, item.series, item.number]
    rest += [t.abstract for t in item.texts] + [item.doi or ""]
    folded = (search_key(" ".join(part)).replace(TITLES_END, " ") for part in (titles, rest))
    item.search_text = f" {TITLES_END} ".join(folded)
