"""Journals as tests need them."""

import itertools
from datetime import timedelta

from network.dbtypes import utcnow
from network.extensions import db
from network.journal import states, submissions
from network.journal.models import (
    EditorRole,
    Issue,
    Journal,
    JournalEditor,
    Section,
    Stage,
    Submission,
    SubmissionAuthor,
    SubmissionText,
)
from network.journal.submissions import AuthorInput, SubmissionInput, Upload
from network.library.demo import pdf_bytes
from tests.factories import make_user
from tests.factories_library import make_item

_counter = itertools.count(1)


def make_journal(chief=None, *, sections=("Articles", "Research notes"), **fields) -> Journal:
    """A journal open to submissions, with its sections and an editor-in-chief."""
    n = next(_counter)
    journal = Journal(
        slug=fields.pop("slug", f"journal-{n}"),
        name=fields.pop("name", f"Migration and Development {n}"),
        original_language="en",
        issn_online=fields.pop("issn_online", "0317-8471"),
        doi_prefix=fields.pop("doi_prefix", "10.99999"),
        abbreviation=fields.pop("abbreviation", "MD"),
        **fields,
    )
    journal.sections = [
        Section(name=name, position=i, original_language="en") for i, name in enumerate(sections)
    ]
    journal.editors.append(JournalEditor(user=chief or make_user(), role=EditorRole.CHIEF.value))
    db.session.add(journal)
    db.session.commit()
    return journal


def add_section_editor(journal: Journal, section: Section, user=None):
    user = user or make_user()
    journal.editors.append(JournalEditor(user=user, role=EditorRole.SECTION.value, section=section))
    db.session.commit()
    return user


def make_submission(journal: Journal, author=None, *, stage=Stage.SUBMITTED, **fields):
    """A submission made through submissions.submit (a one-page PDF as manuscript and as
    anonymized version, an English title "Remittances and rural credit N"), then moved on to
    `stage` by the journal's editor-in-chief through the allowed steps.

    fields: any SubmissionInput field; also title, abstract, section (a Section) and
    coauthors as a count (co-authors made up) or a list of AuthorInput."""
    n = next(_counter)
    author = author or make_user()
    pdf = Upload(pdf_bytes(1), f"manuscript-{n}.pdf")
    section = fields.pop("section", None) or journal.sections[0]
    language = fields.pop("language", "en")
    title = fields.pop("title", f"Remittances and rural credit {n}")
    abstract = fields.pop("abstract", "How remittances change access to credit in rural towns.")
    coauthors = fields.pop("coauthors", 0)
    if isinstance(coauthors, int):
        coauthors = [
            AuthorInput(f"Co-author {n}.{i}", f"coauthor{n}.{i}@example.org", "Universidad")
            for i in range(1, coauthors + 1)
        ]
    data = SubmissionInput(
        section_id=section.id,
        language=language,
        texts=fields.pop("texts", {language: (title, abstract)}),
        manuscript=fields.pop("manuscript", pdf),
        anonymized=fields.pop("anonymized", pdf),
        keywords=fields.pop("keywords", "remittances, credit"),
        coauthors=coauthors,
        declares_original=fields.pop("declares_original", True),
        consents_license=fields.pop("consents_license", True),
        **fields,
    )
    submission = submissions.submit(journal, author, data)
    db.session.commit()
    move_to(submission, Stage(stage))
    return submission


def move_to(submission: Submission, stage: Stage) -> None:
    """Moves the submission along the shortest allowed path to stage, as its chief would."""
    chief = next(e.user for e in submission.journal.editors if e.role == EditorRole.CHIEF.value)
    for step in _path(Stage(submission.stage), stage):
        states.move(submission, step, chief)
    db.session.commit()


def _path(start: Stage, goal: Stage) -> list[Stage]:
    paths = {start: []}
    queue = [start]
    while queue:
        here = queue.pop(0)
        if here == goal:
            return paths[here]
        for there in sorted(states.MOVES[here], key=lambda s: s.value):
            if there not in paths:
                paths[there] = [*paths[here], there]
                queue.append(there)
    raise ValueError(f"no way from {start.value} to {goal.value}")


def make_issue_row(journal: Journal, volume=1, number=1, year=2026, *, published=True, title=""):
    """An issue made as a row, published (a month per number ago) unless told."""
    issue = Issue(
        journal=journal,
        volume=volume,
        number=number,
        year=year,
        title=title,
        original_language=journal.original_language,
        published_at=utcnow() - timedelta(days=30 * (12 - number)) if published else None,
    )
    db.session.add(issue)
    db.session.commit()
    return issue


def make_article_row(
    journal: Journal,
    *,
    titles: dict[str, str] | None = None,
    stage: Stage = Stage.PUBLISHED,
    issue: Issue | None = None,
    position: int = 0,
    section: Section | None = None,
    authors=("Ana Gómez", "Kwame Mensah"),
    pages=("", ""),
    doi: str | None = None,
    round: int = 1,
) -> Submission:
    """A submission made as rows, in `stage` (published by default, then with its library item
    of kind journal article): for pages that show articles, without going through the steps."""
    n = next(_counter)
    titles = titles or {"en": f"Remittances and return {n}"}
    language = next(iter(titles))
    published = stage == Stage.PUBLISHED
    item = None
    if published:
        item = make_item(
            kind="journal_article",
            texts={code: (title, "Abstract.") for code, title in titles.items()},
            original_language=language,
            authors=list(authors),
            journal_title=journal.name,
        )
    submission = Submission(
        journal=journal,
        section=section or journal.sections[0],
        submitter=make_user(),
        stage=stage.value,
        round=round,
        language=language,
        issue=issue,
        issue_position=position,
        first_page=pages[0],
        last_page=pages[1],
        doi=doi,
        published_at=utcnow() if published else None,
        item_id=item.id if item else None,
        texts=[SubmissionText(language=code, title=title) for code, title in titles.items()],
        authors=[SubmissionAuthor(name=name, position=i) for i, name in enumerate(authors)],
    )
    db.session.add(submission)
    db.session.commit()
    return submission
