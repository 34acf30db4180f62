"""The journal's texts in other languages: its name and description, about and guidelines,
section names and issue titles, kept by its editors-in-chief on the versions pages."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from network.journal.access import is_chief
from network.journal.models import Issue, Journal, JournalPage, Section
from network.journal.public_routes import issue_label
from network.multilingual import Kind, register

PAGE_TITLES = {"about": _l("About the journal"), "guidelines": _l("Author guidelines")}


def _settings(journal: Journal) -> str:
    return url_for("journal.settings", slug=journal.slug)


register(
    Kind(
        "journal",
        Journal,
        labels={"name": _l("Name"), "description": _l("Description")},
        can_edit=is_chief,
        back=_settings,
        markdown=frozenset({"description"}),
    )
)
register(
    Kind(
        "journal_page",
        JournalPage,
        labels={"body": _l("Text")},
        can_edit=lambda page, user: is_chief(page.journal, user),
        back=lambda page: url_for("journal.page", slug=page.journal.slug, kind=page.kind),
        markdown=frozenset({"body"}),
        title=lambda page: f"{page.journal.text('name')}: {PAGE_TITLES[page.kind]}",
    )
)
register(
    Kind(
        "journal_section",
        Section,
        labels={"name": _l("Name of the section")},
        can_edit=lambda section, user: is_chief(section.journal, user),
        back=lambda section: url_for(
            "journal.section", slug=section.journal.slug, section_id=section.id
        ),
    )
)
register(
    Kind(
        "journal_issue",
        Issue,
        labels={"title": _l("Title of the issue")},
        can_edit=lambda issue, user: is_chief(issue.journal, user),
        back=lambda issue: url_for("journal.issue", slug=issue.journal.slug, issue_id=issue.id),
        title=lambda issue: f"{issue.journal.text('name')}: {issue_label(issue)}",
    )
)
