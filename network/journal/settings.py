"""A journal's settings: creating one, its details and DOI rules, its about and guidelines
pages, its sections and their editors, and its editors-in-chief."""

import logging
import re
import string
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from network.auth.models import User
from network.errors import Conflict, DomainError, NotFound
from network.extensions import db
from network.journal.access import journal_by_slug, require_chief
from network.journal.models import EditorRole, Journal, JournalEditor, JournalPage, Section
from network.library import rules

logger = logging.getLogger(__name__)

PAGE_KINDS = ("about", "guidelines")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The first part of other journal addresses: /journal/new, /journal/submissions…
RESERVED_SLUGS = frozenset({"new", "submissions", "editorial", "reviews"})
DOI_PREFIX = re.compile(r"^10\.\d{4,9}$")
DOI_PLACEHOLDERS = ("journal", "year", "volume", "issue", "article")
# The characters Crossref recommends in a DOI suffix, besides the placeholders.
DOI_SUFFIX_TEXT = re.compile(r"^[A-Za-z0-9\-._;()/]*$")
CHIEF = EditorRole.CHIEF.value
SECTION = EditorRole.SECTION.value


# --- Rules --------------------------------------------------------------------------------


def issn(value: str | None) -> str:
    """The ISSN as 1234-567X, checked by its check digit; empty if none."""
    return rules.issn(value)


def issns(print_issn: str | None, online_issn: str | None) -> tuple[str, str]:
    """Both editions' ISSNs, checked; each edition has its own."""
    print_issn, online_issn = issn(print_issn), issn(online_issn)
    if print_issn and print_issn == online_issn:
        raise DomainError(_("The print and online editions have different ISSNs."))
    return print_issn, online_issn


def doi_prefix(value: str | None) -> str:
    value = (value or "").strip()
    if value and not DOI_PREFIX.match(value):
        raise DomainError(
            _("A DOI prefix is 10. followed by four to nine digits, for example 10.12345.")
        )
    return value


def doi_pattern(value: str | None) -> str:
    """The suffix pattern: text a DOI may hold and only the known placeholders, {article}
    among them so that no two articles get the same DOI."""
    value = (value or "").strip()
    known = ", ".join(f"{{{name}}}" for name in DOI_PLACEHOLDERS)
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError:
        raise DomainError(
            _("A brace is not closed. Placeholders are %(known)s.", known=known)
        ) from None
    names = set()
    for text, name, spec, conversion in parts:
        if not DOI_SUFFIX_TEXT.match(text):
            raise DomainError(
                _("Besides placeholders, use only letters, digits and - . _ ; ( ) /.")
            )
        if name is None:
            continue
        if name not in DOI_PLACEHOLDERS:
            raise DomainError(
                _(
                    "{%(name)s} is not a placeholder this journal knows. Use %(known)s.",
                    name=name,
                    known=known,
                )
            )
        if spec or conversion:
            raise DomainError(_("Write placeholders as they are, without a format: {year}."))
        names.add(name)
    if "article" not in names:
        raise DomainError(
            _("The pattern needs {article}, so that each article gets a DOI of its own.")
        )
    return value


def check_slug(slug: str, journal: Journal | None = None) -> str:
    slug = (slug or "").strip()
    if not SLUG_PATTERN.match(slug):
        raise DomainError(_("Use lowercase letters, digits and hyphens only."))
    taken = db.session.scalar(select(Journal.id).where(Journal.slug == slug))
    if slug in RESERVED_SLUGS or (taken and (journal is None or taken != journal.id)):
        raise Conflict(_("Another journal already uses this address."))
    return slug


# --- Who edits ------------------------------------------------------------------------------


def journal_for_chief(slug: str, user) -> Journal:
    """The journal whose settings this person keeps (its editors-in-chief, and staff)."""
    journal = journal_by_slug(slug)
    require_chief(journal, user)
    return journal


def chiefs(journal: Journal) -> list[JournalEditor]:
    return sorted(
        (e for e in journal.editors if e.role == CHIEF), key=lambda e: e.user.name.casefold()
    )


def section_editors(section: Section) -> list[JournalEditor]:
    return sorted(
        (e for e in section.journal.editors if e.role == SECTION and e.section_id == section.id),
        key=lambda e: e.user.name.casefold(),
    )


# --- Creating and setting up ----------------------------------------------------------------


def create_journal(actor: User, *, name: str, slug: str, language: str, chief: User | None):
    """A new journal, closed to submissions until its editors open them, with one section;
    its editor-in-chief is `chief`, or the staff member who made it."""
    with force_locale(language):
        first_section = _("Articles")
    journal = Journal(
        name=name.strip(),
        slug=check_slug(slug),
        original_language=language,
        submissions_open=False,
        sections=[Section(name=first_section, position=0, original_language=language)],
    )
    journal.editors.append(JournalEditor(user=chief or actor, role=CHIEF))
    db.session.add(journal)
    db.session.flush()
    logger.info("journal %s created by user %s", journal.id, actor.id)
    return journal


@dataclass
class Settings:
    name: str
    description: str
    abbreviation: str
    publisher: str
    issn_print: str
    issn_online: str
    license: str
    doi_prefix: str
    doi_pattern: str
    submissions_open: bool
    double_blind: bool
    review_days: int
    remind_days_before: int
    about: str
    guidelines: str


def save_settings(journal: Journal, actor: User, settings: Settings) -> Journal:
    journal.name = settings.name.strip()
    journal.description = settings.description.strip()
    journal.abbreviation = settings.abbreviation.strip()
    journal.publisher = settings.publisher.strip()
    journal.issn_print, journal.issn_online = issns(settings.issn_print, settings.issn_online)
    journal.license = rules.license_id(settings.license)
    journal.doi_prefix = doi_prefix(settings.doi_prefix)
    journal.doi_pattern = doi_pattern(settings.doi_pattern)
    journal.submissions_open = settings.submissions_open
    journal.double_blind = settings.double_blind
    journal.review_days = settings.review_days
    journal.remind_days_before = settings.remind_days_before
    save_page(journal, "about", settings.about)
    save_page(journal, "guidelines", settings.guidelines)
    logger.info("journal %s settings saved by user %s", journal.id, actor.id)
    return journal


def page(journal: Journal, kind: str) -> JournalPage | None:
    return db.session.scalar(
        select(JournalPage).where(JournalPage.journal_id == journal.id, JournalPage.kind == kind)
    )


def save_page(journal: Journal, kind: str, body: str) -> JournalPage | None:
    """The page's text in its original language; a page is made the first time it has one."""
    found = page(journal, kind)
    body = (body or "").strip()
    if found is None and not body:
        return None
    if found is None:
        found = JournalPage(journal=journal, kind=kind, original_language=journal.original_language)
        db.session.add(found)
    found.body = body
    return found


# --- Sections -------------------------------------------------------------------------------


def journal_section(journal: Journal, section_id: int) -> Section:
    found = next((s for s in journal.sections if s.id == section_id), None)
    if found is None:
        raise NotFound()
    return found


def _unique_name(journal: Journal, name: str, section: Section | None = None) -> str:
    name = name.strip()
    if any(s.name.casefold() == name.casefold() and s is not section for s in journal.sections):
        raise Conflict(_("The journal already has a section called %(name)s.", name=name))
    return name


def add_section(journal: Journal, actor: User, name: str) -> Section:
    section = Section(
        name=_unique_name(journal, name),
        position=max((s.position for s in journal.sections), default=-1) + 1,
        original_language=journal.original_language,
    )
    journal.sections.append(section)
    db.session.flush()
    logger.info("journal %s section %s added by user %s", journal.id, section.id, actor.id)
    return section


def save_section(section: Section, actor: User, *, name: str, open: bool) -> Section:
    """Renames a section, and opens or closes it to new submissions."""
    section.name = _unique_name(section.journal, name, section)
    section.open = open
    logger.info("journal section %s saved by user %s", section.id, actor.id)
    return section


def move_section(journal: Journal, section_id: int, step: int) -> Section:
    """Moves a section one place up (step -1) or down (+1) in the journal's order."""
    ordered = sorted(journal.sections, key=lambda s: (s.position, s.id))
    section = journal_section(journal, section_id)
    at = ordered.index(section)
    to = min(max(at + step, 0), len(ordered) - 1)
    ordered.insert(to, ordered.pop(at))
    for position, each in enumerate(ordered):
        each.position = position
    return section


def add_section_editor(section: Section, actor: User, user: User) -> JournalEditor:
    journal = section.journal
    if any(e.user_id == user.id for e in section_editors(section)):
        raise Conflict(_("%(name)s already edits this section.", name=user.name))
    editor = JournalEditor(user=user, role=SECTION, section=section)
    journal.editors.append(editor)
    db.session.flush()
    logger.info(
        "user %s made editor of journal section %s by user %s", user.id, section.id, actor.id
    )
    return editor


def remove_section_editor(section: Section, actor: User, editor_id: int) -> JournalEditor:
    editor = next((e for e in section_editors(section) if e.id == editor_id), None)
    if editor is None:
        raise NotFound()
    section.journal.editors.remove(editor)
    logger.info(
        "user %s no longer edits journal section %s (by user %s)",
        editor.user_id,
        section.id,
        actor.id,
    )
    return editor


# --- Editors-in-chief -----------------------------------------------------------------------


def add_chief(journal: Journal, actor: User, user: User) -> JournalEditor:
    if any(e.user_id == user.id for e in chiefs(journal)):
        raise Conflict(_("%(name)s is already an editor-in-chief.", name=user.name))
    editor = JournalEditor(user=user, role=CHIEF)
    journal.editors.append(editor)
    db.session.flush()
    logger.info("user %s made chief of journal %s by user %s", user.id, journal.id, actor.id)
    return editor


def remove_chief(journal: Journal, actor: User, editor_id: int) -> JournalEditor:
    """Removes an editor-in-chief; a journal keeps at least one. The journal's row is locked
    first so that two editors removing each other at once cannot both succeed."""
    db.session.execute(select(Journal.id).where(Journal.id == journal.id).with_for_update())
    editor = next((e for e in chiefs(journal) if e.id == editor_id), None)
    if editor is None:
        raise NotFound()
    remaining = db.session.scalar(
        select(func.count(JournalEditor.id)).where(
            JournalEditor.journal_id == journal.id, JournalEditor.role == CHIEF
        )
    )
    if remaining <= 1:
        raise Conflict(
            _(
                "%(journal)s needs at least one editor-in-chief. Add another first; then this "
                "one can be removed.",
                journal=journal.name,
            )
        )
    journal.editors.remove(editor)
    logger.info(
        "user %s no longer chief of journal %s (by user %s)", editor.user_id, journal.id, actor.id
    )
    return editor
