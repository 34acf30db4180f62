"""Every page of the app, as (role, url) pairs, for browser checks that visit them all.

The interface other tests rely on (kept stable):

- ``ROLES``: the viewers, ``("anonymous", "member", "organizer", "staff")``. "organizer" has the
  organizer role and chairs a working group; "staff" is an administrator.
- ``seed(language="en") -> Site``: makes, with the factories in tests/factories*.py, one of each
  thing the pages show (event with registrants, conference with call, abstracts, review and
  programme, group, profiles, organization, membership, lists, campaign, newsletters, themes,
  library items).
  Call it in the app context (inside the ``app`` fixture) before browsing; the people's accounts
  use ``language``.
- ``Site``: what ``seed`` made; ``site.users`` maps each role to its account (None when signed
  out), the other fields are the seeded rows.
- ``site_pages(site) -> list[tuple[str, str]]``: (role, path) pairs, each path starting with
  "/", to GET as that role. Public pages appear once for every role; the others once, for the
  role that uses them (sign-in pages for "anonymous" only). Each answers 200 with an HTML page.
- ``SKIPPED``: {endpoint: reason} for the GET endpoints left out on purpose (feeds, downloads,
  JSON, calendar files, pages reached only by a mailed token, redirects).
- ``forgotten_endpoints(app, pairs) -> set[str]``: GET endpoints neither visited nor skipped.
- ``open_as(browser, base, site, role, *, width, height=900, locale="en-US") -> Page``: a
  Playwright page in a fresh context of that viewport and locale, signed in as the role
  (close it with ``page.context.close()``).

A new GET page makes ``forgotten_endpoints`` non-empty (tests/e2e/test_layout_browser.py fails):
list it in the role's function below, or in ``SKIPPED`` with the reason.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app, url_for
from werkzeug.exceptions import HTTPException

from network.auth.models import Role, User
from network.conferences import reviewing, schedule
from network.dbtypes import utcnow
from network.events import registrations
from network.extensions import db
from network.groups.models import MembershipState
from network.journal import decisions
from network.journal.models import Stage
from network.journal.settings import save_page
from network.library.models import ItemState
from network.membership import services as membership
from network.newsletters.models import NewsletterStatus
from tests.factories import PASSWORD, make_user
from tests.factories_advocacy import make_campaign
from tests.factories_conferences import (
    accept,
    make_abstract,
    make_call,
    make_conference,
    make_session,
)
from tests.factories_events import make_event
from tests.factories_groups import add_member, make_group
from tests.factories_journal import (
    make_article_row,
    make_issue_row,
    make_journal,
    make_submission,
)
from tests.factories_library import make_item
from tests.factories_lists import make_list
from tests.factories_members import make_organization, make_profile, themes_by_slug
from tests.factories_newsletters import make_newsletter

ROLES = ("anonymous", "member", "organizer", "staff")

SKIPPED = {
    "static": "files",
    "main.favicon": "icon file",
    "main.manifest": "JSON for phones",
    "main.robots": "text for crawlers",
    "main.sitemap_index": "XML for crawlers",
    "main.sitemap_pages": "XML for crawlers",
    "main.sitemap_library": "XML for crawlers",
    "library.download": "file download",
    "library.feed": "Atom feed",
    "library.cite": "citation files",
    "library.cite_results": "citation files",
    "oai.endpoint": "OAI-PMH XML for harvesters",
    "auth.my_data": "JSON download",
    "auth.confirm_email_change": "mailed token",
    "auth.reset_password": "mailed token",
    "auth.verify_email": "mailed token",
    "advocacy.confirm_endorsement": "mailed token",
    "advocacy.confirm_signature": "mailed token",
    "advocacy.staff_export_endorsements": "CSV download",
    "advocacy.staff_export_signatures": "CSV download",
    "lists.confirm": "mailed token",
    "lists.unsubscribe": "mailed token",
    "lists.preferences": "mailed secret",
    "lists.staff_export": "CSV download",
    "lists.staff_import_template": "CSV download",
    "membership.import_template": "CSV download",
    "conferences.my_programme": "calendar file",
    "conferences.programme_feed": "calendar file",
    "events.download": "calendar file",
    "events.export": "CSV download",
    "events.feed": "calendar feed",
    "events.group_feed": "calendar feed",
    "events.theme_feed": "calendar feed",
    "events.personal_feed": "calendar feed",
    "events.confirm_registration": "mailed token",
    "members.invitation": "mailed token",
    "members.upload": "uploaded files",
    "members.index": "redirects to the directory",
    "members.my_profile": "redirects to the person's profile",
    "newsletters.feed": "Atom feed",
    "newsletters.list_feed": "Atom feed",
    "newsletters.progress_json": "JSON",
    "embeds.events": "framed page without the site's header (test_embeds_browser.py)",
    "embeds.campaign": "framed page without the site's header (test_embeds_browser.py)",
    "journal.editorial_file": "file download",
    "journal.review_page": "mailed token",
    "journal.review_file": "file download",
    "journal.author_file": "file download",
    "journal.editorial_issue_crossref": "XML download",
    "journal.issue_cover": "image file",
    "journal.production_html_galley": "shown once an HTML galley is uploaded (test_journal_production.py)",
    "journal.article_html": "shown once a published article has an HTML galley (test_journal_path.py)",
}

LONG_NAMES = {
    "member": "María Fernanda Villavicencio-Ondarza",
    "organizer": "Jean-Baptiste Mbeki-Nkurunziza",
    "staff": "Marie-Hélène Ouédraogo-Delacroix",
}


@dataclass
class Site:
    users: dict = field(default_factory=dict)
    theme: object = None
    group: object = None
    event: object = None
    registration: object = None
    conference: object = None
    own_abstract: object = None
    reviewed_abstract: object = None
    session: object = None
    speaker: object = None
    organizer_profile: object = None
    member_profile: object = None
    organization: object = None
    membership: object = None
    mailing_list: object = None
    campaign: object = None
    draft: object = None
    sent: object = None
    item: object = None
    submitted_item: object = None
    journal: object = None
    reviewed_submission: object = None
    decision: object = None
    journal_issue: object = None
    accepted_submission: object = None


def seed(language: str = "en") -> Site:
    site = Site()
    site.theme = next(iter(themes_by_slug().values()))
    member, organizer, staff = (
        make_user(role, name=LONG_NAMES[name], language=language)
        for name, role in (
            ("member", Role.MEMBER),
            ("organizer", Role.ORGANIZER),
            ("staff", Role.ADMIN),
        )
    )
    site.users = {"anonymous": None, "member": member, "organizer": organizer, "staff": staff}
    _people(site, member, organizer)
    _group_and_event(site, member, organizer)
    _conference(site, member, organizer)
    _mailings(site, staff)
    _library(site, member, organizer)
    _journal_review(site, member, organizer)
    _journal_issue(site)
    _journal_production(site, member)
    return site


def _people(site: Site, member: User, organizer: User) -> None:
    site.member_profile = make_profile(member, kind="practitioner")
    site.organizer_profile = make_profile(organizer)
    site.organization = make_organization(
        member, name="Asociación de Migrantes Latinoamericanos en Catalunya"
    )
    site.membership = membership.apply(member, "We work with remittance senders.")
    db.session.commit()


def _group_and_event(site: Site, member: User, organizer: User) -> None:
    site.group = make_group(
        name="Diaspora investment and remittances", chair=organizer, theme=site.theme
    )
    add_member(site.group, member)
    waiting = make_user(name="Nguyễn Thị Thanh Hương")
    add_member(site.group, waiting, MembershipState.PENDING)
    site.event = make_event(
        organizer,
        title="Remesas colectivas y desarrollo local en los municipios de origen",
        capacity=40,
        venue="Centre culturel de la diaspora sénégalaise",
        city="Bruxelles",
    )
    site.registration = registrations.register(site.event, user=member, language="fr")
    for n, name in enumerate(("Oluwaseun Adebayo-Okonkwo", "Anh Nguyen", "Wolde-Giorgis Tesfaye")):
        registrations.register(
            site.event, name=name, email=f"guest{n}.with.a.long.address@example.org"
        )
    db.session.commit()


def _conference(site: Site, member: User, organizer: User) -> None:
    site.conference = make_conference(organizer)
    call = make_call(site.conference)
    site.own_abstract = make_abstract(call, member)
    author = make_user(name="Aminata Diallo")
    site.reviewed_abstract = make_abstract(call, author, title="Return migration and land")
    reviewing.assign_reviewer(site.reviewed_abstract, member.email)
    accepted = accept(make_abstract(call, author, title="Hometown associations in Zacatecas"))
    site.session = make_session(site.conference)
    talk = schedule.add_talk(site.session, 20, abstract_id=accepted.id)
    db.session.commit()
    site.speaker = talk.speaker


def _mailings(site: Site, staff: User) -> None:
    site.mailing_list = make_list(name="Boletín de la red")
    site.campaign = make_campaign(mailing_list=site.mailing_list)
    site.draft = make_newsletter([site.mailing_list], author=staff)
    site.sent = make_newsletter([site.mailing_list], subject="Remittances report", author=staff)
    site.sent.status = NewsletterStatus.SENT.value
    site.sent.finished_at = site.sent.sent_at = utcnow() - timedelta(days=3)
    db.session.commit()


def _library(site: Site, member: User, organizer: User) -> None:
    site.item = make_item(
        member,
        authors=[member, organizer],
        themes=[site.theme],
        group=site.group,
        texts={"fr": ("Les transferts collectifs des associations de ressortissants", "Résumé.")},
        original_language="fr",
    )
    site.submitted_item = make_item(member, state=ItemState.SUBMITTED, group=site.group)


def _journal_review(site: Site, member: User, organizer: User) -> None:
    """A journal the organizer edits, with the member's submission in review and a letter
    drafted."""
    site.journal = site.journal or make_journal(organizer, name="Migración y Desarrollo")
    site.reviewed_submission = make_submission(site.journal, member, stage=Stage.IN_REVIEW)
    site.decision = decisions.draft(site.reviewed_submission, "minor", organizer)
    db.session.commit()


def _journal_issue(site: Site) -> None:
    """A published issue of the journal with two articles, and its guidelines."""
    site.journal = site.journal or make_journal(name="Migración y Desarrollo")
    site.journal_issue = make_issue_row(site.journal, 1, 1, 2026, title="Remesas y retorno")
    for position, title in enumerate(("Hometown associations in Zacatecas", "Diaspora bonds")):
        make_article_row(
            site.journal, titles={"en": title}, issue=site.journal_issue, position=position
        )
    save_page(site.journal, "guidelines", "Send a **PDF** of up to 8,000 words.")
    db.session.commit()


def _journal_production(site: Site, member: User) -> None:
    """The member's accepted submission, on its way to production."""
    site.accepted_submission = make_submission(site.journal, member, stage=Stage.ACCEPTED)


def _public(site: Site) -> list[str]:
    event, conference, group = site.event, site.conference.slug, site.group
    return [
        url_for("main.index"),
        url_for("advocacy.campaigns"),
        url_for("advocacy.campaign", slug=site.campaign.slug),
        url_for("lists.lists"),
        url_for("lists.list_page", slug=site.mailing_list.slug),
        url_for("conferences.index"),
        url_for("conferences.show", slug=conference),
        url_for("conferences.programme", slug=conference),
        url_for("conferences.speakers", slug=conference),
        url_for("conferences.speaker", slug=conference, speaker_id=site.speaker.id),
        url_for("events.index"),
        url_for("events.month"),
        url_for("events.show", slug=event.slug),
        url_for("groups.index"),
        url_for("search.results", q=site.event.title.split()[0]),
        url_for("themes.index"),
        url_for("main.theme", slug=site.theme.slug),
        url_for("groups.detail", slug=group.slug),
        url_for("library.index"),
        url_for("library.item", item_id=site.item.id),
        url_for("members.directory"),
        url_for("members.person", profile_id=site.organizer_profile.id),
        url_for("members.organization", org_id=site.organization.id),
        url_for("newsletters.archive"),
        url_for("newsletters.archived", newsletter_id=site.sent.id),
        url_for("newsletters.archive_list", slug=site.mailing_list.slug),
        url_for("journal.index"),
        url_for("journal.home", slug=site.journal.slug),
        url_for("journal.issues", slug=site.journal.slug),
        url_for("journal.issue", slug=site.journal.slug, issue_id=site.journal_issue.id),
        url_for("journal.page", slug=site.journal.slug, kind="about"),
        url_for("journal.page", slug=site.journal.slug, kind="guidelines"),
    ]


def _signed_out() -> list[str]:
    return [url_for("auth.login"), url_for("auth.signup"), url_for("auth.forgot_password")]


def _member(site: Site) -> list[str]:
    org, conference = site.organization.id, site.conference.slug
    return [
        url_for("auth.account"),
        url_for("auth.delete_account"),
        url_for("conferences.submit", slug=conference),
        url_for("conferences.my_abstracts", slug=conference),
        url_for("conferences.abstract", abstract_id=site.own_abstract.id),
        url_for("conferences.edit_abstract", abstract_id=site.own_abstract.id),
        url_for("conferences.reviews"),
        url_for("conferences.review", abstract_id=site.reviewed_abstract.id),
        url_for("events.mine"),
        url_for("events.manage_registration", token=site.registration.token),
        url_for("library.submit"),
        url_for("library.my_items"),
        url_for("journal.reviews_mine"),
        url_for("journal.submit", slug=site.journal.slug),
        url_for("journal.my_submissions"),
        url_for("journal.author_submission", submission_id=site.reviewed_submission.id),
        url_for("members.contact", profile_id=site.organizer_profile.id),
        url_for("members.person", profile_id=site.member_profile.id),
        url_for("members.edit_profile"),
        url_for("members.create_organization"),
        url_for("members.edit_organization", org_id=org),
        url_for("members.organization_admins", org_id=org),
        url_for("membership.status"),
        url_for("membership.apply"),
        url_for("membership.apply_for_organization", org_id=org),
    ]


def _organizer(site: Site) -> list[str]:
    event, conference = site.event.id, site.conference.slug
    return [
        url_for("events.create"),
        url_for("events.edit", event_id=event),
        url_for("events.manage", event_id=event),
        url_for("events.settings", event_id=event),
        url_for("versions.edit", kind_name="event", object_id=event),
        url_for("events.registrants", event_id=event),
        url_for("events.message", event_id=event),
        url_for("events.checkin", event_id=event),
        url_for("events.checkin_code", code=site.registration.checkin_code),
        url_for("conferences.manage_call", slug=conference),
        url_for("conferences.manage_abstracts", slug=conference),
        url_for("conferences.manage_abstract", slug=conference, abstract_id=site.own_abstract.id),
        url_for("conferences.manage_reviewers", slug=conference),
        url_for("conferences.manage_emails", slug=conference),
        url_for("conferences.announcements_page", slug=conference),
        url_for("conferences.edit_email", slug=conference, state="accepted", language="fr"),
        url_for("conferences.manage_programme", slug=conference),
        url_for("conferences.manage_session", slug=conference, session_id=site.session.id),
        url_for("groups.requests", slug=site.group.slug),
        url_for("library.review"),
        url_for("library.edit", item_id=site.submitted_item.id),
        url_for("library.return_item", item_id=site.submitted_item.id),
        url_for("library.authorship", item_id=site.item.id),
        url_for("journal.settings", slug=site.journal.slug),
        url_for("journal.sections", slug=site.journal.slug),
        url_for("journal.section", slug=site.journal.slug, section_id=site.journal.sections[0].id),
        url_for("journal.editors", slug=site.journal.slug),
        url_for("journal.editorial_dashboard", slug=site.journal.slug),
        url_for("journal.editorial_submission", submission_id=site.reviewed_submission.id),
        url_for(
            "journal.editorial_decision",
            submission_id=site.reviewed_submission.id,
            decision_id=site.decision.id,
        ),
        url_for("journal.editorial_templates", slug=site.journal.slug),
        url_for("journal.editorial_template", slug=site.journal.slug, kind="major", language="es"),
        url_for("journal.editorial_submission", submission_id=site.accepted_submission.id),
        url_for("journal.production_copyedit", submission_id=site.accepted_submission.id),
        url_for("journal.production_proof", submission_id=site.accepted_submission.id),
        url_for("journal.production_galley", submission_id=site.accepted_submission.id),
        url_for("journal.production_schedule", submission_id=site.accepted_submission.id),
        url_for("journal.editorial_issues", slug=site.journal.slug),
        url_for("journal.editorial_issue", slug=site.journal.slug, issue_id=site.journal_issue.id),
    ]


def _staff(site: Site) -> list[str]:
    draft, campaign, mailing_list = site.draft.id, site.campaign.id, site.mailing_list.id
    return [
        url_for("admin.users"),
        url_for("groups.create"),
        url_for("groups.edit", slug=site.group.slug),
        url_for("advocacy.staff_campaigns"),
        url_for("advocacy.staff_campaign", campaign_id=campaign),
        url_for("advocacy.staff_edit_campaign", campaign_id=campaign),
        url_for("advocacy.staff_edit_campaign"),
        url_for("lists.staff_lists"),
        url_for("lists.staff_list", list_id=mailing_list),
        url_for("lists.staff_edit_list", list_id=mailing_list),
        url_for("lists.staff_edit_list"),
        url_for("membership.queue"),
        url_for("membership.members"),
        url_for("membership.detail", membership_id=site.membership.id),
        url_for("membership.import_people"),
        url_for("newsletters.index"),
        url_for("newsletters.new"),
        url_for("newsletters.show", newsletter_id=draft),
        url_for("newsletters.edit", newsletter_id=draft),
        url_for("newsletters.preview", newsletter_id=draft),
        url_for("newsletters.send", newsletter_id=draft),
        url_for("newsletters.version", newsletter_id=draft, language="fr"),
        url_for("newsletters.progress", newsletter_id=site.sent.id),
        url_for("themes.manage"),
        url_for("admin.dashboard"),
        url_for("journal.new_journal"),
        url_for("themes.create"),
        url_for("themes.edit", theme_id=site.theme.id),
    ]


def site_pages(site: Site) -> list[tuple[str, str]]:
    with current_app.test_request_context():
        public = _public(site)
        return (
            [(role, url) for role in ROLES for url in public]
            + [("anonymous", url) for url in _signed_out()]
            + [("member", url) for url in _member(site)]
            + [("organizer", url) for url in _organizer(site)]
            + [("staff", url) for url in _staff(site)]
        )


def forgotten_endpoints(app, pairs) -> set[str]:
    adapter = app.url_map.bind("localhost")
    visited = set()
    for _role, url in pairs:
        try:
            visited.add(adapter.match(url.split("?")[0], method="GET")[0])
        except HTTPException:
            continue
    gets = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    return gets - visited - set(SKIPPED)


def open_as(browser, base: str, site: Site, role: str, *, width, height=900, locale="en-US"):
    """A page in a fresh browser context of that size and locale, signed in as `role`."""
    context = browser.new_context(
        locale=locale, timezone_id="Europe/Paris", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    user = site.users[role]
    if user is not None:
        form = context.request.get(base + "/login").text()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]*)"', form).group(1)
        signed = context.request.post(
            base + "/login",
            form={"email": user.email, "password": PASSWORD, "csrf_token": token},
            max_redirects=0,
        )
        assert signed.status == 302, f"{role} could not sign in"
    return page
