"""The journal's public pages: the journals, a journal's home with its current issue, the
archive of issues, an issue's contents, about and author guidelines."""

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from network.errors import NotFound
from network.journal import bp, production, queries, settings
from network.journal.access import is_chief, is_editor, journal_by_slug
from network.journal.models import Issue


@bp.app_template_global()
def issue_label(issue: Issue) -> str:
    """Volume, number and year, as the issue is cited."""
    return _(
        "Vol. %(volume)s, No. %(number)s (%(year)s)",
        volume=issue.volume,
        number=issue.number,
        year=issue.year,
    )


@bp.get("/")
def index():
    return render_template(
        "journal/public/index.html",
        journals=queries.all_journals(),
        open_ids={journal.id for journal in queries.open_journals()},
    )


@bp.get("/<slug>/")
def home(slug):
    journal = journal_by_slug(slug)
    issue = queries.current_issue(journal)
    return render_template(
        "journal/public/home.html",
        journal=journal,
        issue=issue,
        contents=queries.issue_contents(issue) if issue else [],
        online_first=queries.online_first(journal),
        takes_submissions=queries.takes_submissions(journal),
        **_roles(journal),
    )


@bp.get("/<slug>/issues")
def issues(slug):
    journal = journal_by_slug(slug)
    return render_template(
        "journal/public/issues.html",
        journal=journal,
        issues=queries.published_issues(journal),
        **_roles(journal),
    )


@bp.get("/<slug>/issues/<int:issue_id>")
def issue(slug, issue_id):
    """A published issue; its editors also see one not yet out, with what is scheduled in it."""
    journal = journal_by_slug(slug)
    found = queries.journal_issue(journal, issue_id)
    editor = is_editor(journal, current_user)
    if found is None or not (found.is_published or editor):
        raise NotFound()
    return render_template(
        "journal/public/issue.html",
        journal=journal,
        issue=found,
        contents=queries.issue_contents(found, published_only=found.is_published),
        **_roles(journal),
    )


@bp.get("/<slug>/<any(about, guidelines):kind>")
def page(slug, kind):
    journal = journal_by_slug(slug)
    return render_template(
        "journal/public/page.html",
        journal=journal,
        kind=kind,
        page=settings.page(journal, kind),
        takes_submissions=queries.takes_submissions(journal),
        **_roles(journal),
    )


def _roles(journal) -> dict:
    return {
        "can_edit": is_editor(journal, current_user),
        "can_configure": is_chief(journal, current_user),
    }


@bp.get("/articles/<int:submission_id>/html")
def article_html(submission_id: int):
    """A published article's HTML galley, for reading in the browser."""
    article = queries.published_article(submission_id)
    galley = production.html_galley(article) if article else None
    if galley is None:
        raise NotFound()
    return render_template(
        "journal/production/html_galley.html",
        submission=article,
        galley=galley,
        back=url_for("library.item", item_id=article.item_id),
    )
