"""An article's DOI: the journal's prefix and its suffix pattern, filled in with the journal's
abbreviation, the year, the issue and the article's number."""

import re

from flask_babel import gettext as _
from sqlalchemy import select

from network.dbtypes import utcnow
from network.errors import Conflict, DomainError
from network.extensions import db
from network.journal.models import Stage, Submission
from network.library import rules

# Placeholders that need the article to be in an issue.
ISSUE_PLACEHOLDERS = ("{volume}", "{issue}")
# What may stay of the journal's abbreviation in a DOI (Crossref's recommended characters).
NOT_IN_SUFFIX = re.compile(r"[^a-z0-9\-._;()/]")


def journal_code(submission: Submission) -> str:
    journal = submission.journal
    return NOT_IN_SUFFIX.sub("", (journal.abbreviation or journal.slug).lower())


def doi_for(submission: Submission) -> str | None:
    """The DOI the journal's pattern gives the article, or None: when the journal has no DOI
    prefix, or when the pattern names the issue and the article is in none yet.
    DomainError when the result is not a DOI (10.NNNN/...)."""
    journal = submission.journal
    pattern = journal.doi_pattern or "{journal}.{year}.{article}"
    issue = submission.issue
    if not journal.doi_prefix or (issue is None and any(p in pattern for p in ISSUE_PLACEHOLDERS)):
        return None
    moment = submission.published_at or utcnow()
    values = {
        "journal": journal_code(submission),
        "year": issue.year if issue else moment.year,
        "volume": issue.volume if issue else "",
        "issue": issue.number if issue else "",
        "article": submission.id,
    }
    try:
        suffix = pattern.format_map(values)
    except (KeyError, ValueError, IndexError):
        raise DomainError(
            _("The journal's DOI pattern cannot be filled in. Correct it in the settings.")
        ) from None
    return rules.normalize_doi(f"{journal.doi_prefix}/{suffix}")


def assign(submission: Submission) -> str | None:
    """Gives the article the DOI its pattern makes now. Once the article is published its DOI
    is public and never changes; before that it follows the issue the article is placed in."""
    if submission.doi and submission.stage == Stage.PUBLISHED.value:
        return submission.doi
    doi = doi_for(submission)
    if doi and db.session.scalar(
        select(Submission.id).where(Submission.doi == doi, Submission.id != submission.id)
    ):
        raise Conflict(_("Another article already has the DOI %(doi)s.", doi=doi))
    submission.doi = doi
    return doi
