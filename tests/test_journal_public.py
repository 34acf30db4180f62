"""The journal's public face and its settings: current issue and archive in the reader's
language, about and guidelines, and the settings pages its editors-in-chief keep."""

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from network.journal import queries
from network.journal.models import (
    EditorRole,
    Journal,
    JournalEditor,
    JournalPage,
    JournalReview,
    Stage,
)
from tests.factories import make_user
from tests.factories_journal import (
    add_section_editor,
    make_article_row,
    make_issue_row,
    make_journal,
)

ISSN = "0317-8471"  # a real ISSN: its check digit holds


def visit(client, path: str, language: str = "en", status: int = 200) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == status, path
    return response.get_data(as_text=True)


def main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


_numbers = iter(range(1, 10_000))


def review(submission, *, state="invited", days_due=10, round=1):
    row = JournalReview(
        submission=submission,
        round=round,
        name="Reviewer",
        email=f"reviewer{next(_numbers)}@example.org",
        state=state,
        due_at=utcnow() + timedelta(days=days_due),
    )
    db.session.add(row)
    db.session.commit()
    return row


def bilingual_journal(chief=None) -> Journal:
    journal = make_journal(
        chief,
        name="Migration and Development",
        slug="md",
        issn_online=ISSN,
        description="A journal on *migration* and development.",
    )
    journal.set_version("name", "es", "Migración y Desarrollo")
    journal.set_version("description", "es", "Una revista sobre *migración* y desarrollo.")
    journal.sections[0].set_version("name", "es", "Artículos")
    db.session.commit()
    return journal


# --- Public pages ---------------------------------------------------------------------------


def test_the_home_shows_the_current_issue_in_the_readers_language(client):
    journal = bilingual_journal()
    older = make_issue_row(journal, 1, 1, 2025)
    make_article_row(journal, issue=older, titles={"en": "An older article"})
    current = make_issue_row(journal, 1, 2, 2026, title="Return migration")
    current.set_version("title", "es", "Migración de retorno")
    notes = journal.sections[1]
    second = make_article_row(
        journal,
        issue=current,
        position=2,
        titles={"en": "Diaspora bonds", "es": "Bonos de la diáspora"},
        pages=("21", "40"),
        doi="10.99999/md.2026.2",
    )
    first = make_article_row(
        journal,
        issue=current,
        position=1,
        titles={"en": "Hometown associations"},
        pages=("1", "20"),
        doi="10.99999/md.2026.1",
    )
    note = make_article_row(
        journal, issue=current, position=0, section=notes, titles={"fr": "Note"}
    )
    make_article_row(journal, issue=current, stage=Stage.SCHEDULED, titles={"en": "Not yet out"})

    english = main(visit(client, "/journal/md/"))
    assert "<h1>Migration and Development</h1>" in english
    assert "A journal on <em>migration</em> and development." in english
    assert "Vol. 1, No. 2 (2026): Return migration" in english
    assert "An older article" not in english and "Not yet out" not in english
    # Sections in their order, articles in theirs: Articles before Research notes.
    order = [english.index(t) for t in ("Hometown associations", "Diaspora bonds", "Note")]
    assert order == sorted(order)
    assert f'href="/library/{first.item_id}"' in english
    assert f'href="/library/{note.item_id}" lang="fr"' in english
    assert "Ana Gómez, Kwame Mensah" in english
    assert "pp. 1–20" in english
    assert 'href="https://doi.org/10.99999/md.2026.1"' in english
    assert f'ISSN (online)</dt><dd class="col-sm-9">{ISSN}' in english

    spanish = main(visit(client, "/journal/md/", "es"))
    assert "<h1>Migración y Desarrollo</h1>" in spanish
    assert "Una revista sobre <em>migración</em> y desarrollo." in spanish
    assert "Migración de retorno" in spanish
    assert f'href="/library/{second.item_id}" lang="es">Bonos de la diáspora</a>' in spanish
    assert ">Artículos</h3>" in spanish

    french = visit(client, "/journal/md/", "fr")
    assert '<html lang="fr"' in french
    # No French version: the original is shown, marked with its language.
    assert '<h1><span lang="en">Migration and Development</span>' in main(french)
    assert "original-language" in main(french)
    assert "Diaspora bonds" in main(french)


def test_the_language_switch_turns_the_journal_pages_too(client):
    bilingual_journal()
    answer = client.post("/language", data={"lang": "es", "next": "/journal/md/about"})
    assert answer.headers["Location"] == "/journal/md/about"
    for path in ("/journal/", "/journal/md/", "/journal/md/issues", "/journal/md/about"):
        html = client.get(path).get_data(as_text=True)
        assert '<html lang="es"' in html and "Migración y Desarrollo" in html, path


def test_the_home_tells_whether_submissions_are_open(client):
    journal = make_journal(slug="open")
    html = main(visit(client, "/journal/open/"))
    assert "The journal is open to submissions." in html
    assert 'href="/journal/open/submit"' in html and "Submit an article" in html
    assert "No issue has been published yet." in html

    assert [j.slug for j in queries.open_journals()] == ["open"]

    for section in journal.sections:
        section.open = False  # open, but no section takes submissions
    db.session.commit()
    html = main(visit(client, "/journal/open/"))
    assert "not taking submissions" in html and "/journal/open/submit" not in html
    assert queries.open_journals() == []

    journal.sections[0].open = True
    journal.submissions_open = False
    db.session.commit()
    html = main(visit(client, "/journal/open/"))
    assert "not taking submissions" in html and "/journal/open/submit" not in html
    assert queries.open_journals() == []
    assert "Not taking submissions" in main(visit(client, "/journal/"))


def test_online_first_lists_articles_published_ahead_of_an_issue(client):
    journal = make_journal(slug="md")
    waiting = make_issue_row(journal, 2, 1, published=False)
    ahead = make_article_row(journal, issue=waiting, titles={"en": "Ahead of its issue"})
    alone = make_article_row(journal, titles={"en": "Without an issue"})
    make_article_row(journal, stage=Stage.PRODUCTION, titles={"en": "Still in production"})
    html = main(visit(client, "/journal/md/"))
    section = html[html.index('id="h-online-first"') :]
    assert "Ahead of its issue" in section and "Without an issue" in section
    assert "Still in production" not in html
    assert [a.id for a in queries.online_first(journal)] == [alone.id, ahead.id]


def test_the_archive_lists_published_issues_newest_first(client):
    journal = make_journal(slug="md")
    make_issue_row(journal, 1, 1, 2025, title="Remittances")
    covered = make_issue_row(journal, 2, 1, 2026, title="Diasporas")
    covered.cover_name = "cover-test.png"
    db.session.commit()
    make_issue_row(journal, 2, 2, 2026, published=False, title="Hidden issue")
    html = main(visit(client, "/journal/md/issues"))
    assert html.index("Vol. 2, No. 1 (2026): Diasporas") < html.index(
        "Vol. 1, No. 1 (2025): Remittances"
    )
    assert "Hidden issue" not in html
    cover = f'src="/journal/md/issues/{covered.id}/cover" alt="Cover of Vol. 2, No. 1 (2026)"'
    assert cover in html and html.count("<img") == 1
    assert "No issue has been published yet." in main(
        visit(client, f"/journal/{make_journal().slug}/issues")
    )


def test_an_unpublished_issue_is_found_only_by_its_editors(client, auth):
    chief = make_user()
    journal = make_journal(chief, slug="md")
    issue = make_issue_row(journal, 3, 1, published=False, title="Coming soon")
    make_article_row(journal, issue=issue, stage=Stage.SCHEDULED, titles={"en": "Scheduled piece"})
    path = f"/journal/md/issues/{issue.id}"
    visit(client, path, status=404)
    auth.login(make_user())
    visit(client, path, status=404)
    auth.logout()

    auth.login(chief)
    html = main(visit(client, path))
    assert "Not published yet" in html and "Scheduled piece" in html


def test_an_issue_of_another_journal_is_not_found_here(client):
    issue = make_issue_row(make_journal(slug="other"))
    make_journal(slug="md")
    visit(client, f"/journal/md/issues/{issue.id}", status=404)
    visit(client, f"/journal/other/issues/{issue.id}")
    visit(client, "/journal/nowhere/", status=404)


def test_a_published_issue_has_its_table_of_contents_and_link_preview(client):
    journal = make_journal(slug="md")
    issue = make_issue_row(journal, 4, 2, 2026, title="Care work")
    make_article_row(journal, issue=issue, titles={"en": "Care chains"}, pages=("5", "5"))
    html = visit(client, f"/journal/md/issues/{issue.id}")
    assert "<h1>Vol. 4, No. 2 (2026): Care work</h1>" in html
    assert "Care chains" in main(html) and "p. 5" in main(html)
    assert '<meta property="og:title" content="Vol. 4, No. 2 (2026) · ' in html
    assert re.search(
        rf'<meta property="og:url" content="https?://[^/]+/journal/md/issues/{issue.id}">', html
    )


def test_the_journals_page_lists_every_journal(client, auth):
    bilingual_journal()
    closed = make_journal(name="Closed journal", submissions_open=False)
    html = main(visit(client, "/journal/", "es"))
    assert "Migración y Desarrollo" in html and "Closed journal" in html
    assert f'href="/journal/{closed.slug}/"' in html
    assert "/journal/new" not in html
    auth.login(make_user(Role.STAFF))
    assert 'href="/journal/new"' in main(visit(client, "/journal/"))


def test_a_change_shows_at_once_to_signed_out_readers(client):
    """The public pages are kept rendered for signed-out visitors; a write renews them."""
    journal = make_journal(slug="md", name="Migration and Development")
    issue = make_issue_row(journal, 1, 1, 2026)
    for path in ("/journal/", "/journal/md/", f"/journal/md/issues/{issue.id}"):
        assert "Migration and Development" in visit(client, path)
    journal.name = "Migration and Development Review"
    db.session.commit()
    for path in ("/journal/", "/journal/md/", f"/journal/md/issues/{issue.id}"):
        assert "Migration and Development Review" in visit(client, path)


def test_the_site_menu_leads_to_the_journals(client):
    html = visit(client, "/")
    menu = html[html.index('class="navbar-nav site-links"') : html.index("</ul>")]
    assert 'href="/journal/"' in menu


# --- About and guidelines -------------------------------------------------------------------


def test_about_and_guidelines_show_markdown_and_never_a_script(client):
    journal = make_journal(slug="md")
    db.session.add_all(
        [
            JournalPage(
                journal=journal,
                kind="about",
                body="We publish **open access**.\n\n<script>alert(1)</script>",
                original_language="en",
            ),
            JournalPage(
                journal=journal,
                kind="guidelines",
                body="[Style](javascript:alert(1)) and *APA*.",
                original_language="en",
            ),
        ]
    )
    db.session.commit()
    about = main(visit(client, "/journal/md/about"))
    assert "<strong>open access</strong>" in about
    assert "<script" not in about
    guidelines = main(visit(client, "/journal/md/guidelines"))
    assert "<em>APA</em>" in guidelines and 'href="javascript' not in guidelines


def test_an_empty_page_says_so(client):
    make_journal(slug="md")
    for kind in ("about", "guidelines"):
        assert "The editors have not written this page yet." in visit(client, f"/journal/md/{kind}")


def test_spanish_guidelines_kept_on_the_versions_page_reach_spanish_readers(client, auth):
    chief = make_user()
    journal = make_journal(chief, slug="md", issn_online=ISSN)
    auth.login(chief)
    form = settings_form(client, journal)
    form["guidelines"] = "Send a **PDF**."
    assert client.post("/journal/md/editorial/settings", data=form).status_code == 302
    guidelines = db.session.scalar(select(JournalPage).where(JournalPage.kind == "guidelines"))
    settings_page = visit(client, "/journal/md/editorial/settings")
    assert f'href="/versions/journal_page/{guidelines.id}"' in settings_page

    versions = visit(client, f"/versions/journal_page/{guidelines.id}")
    assert "Send a <strong>PDF</strong>." in versions
    answer = client.post(
        f"/versions/journal_page/{guidelines.id}",
        data={"original_language": "en", "es-body": "Envíe un **PDF**."},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/journal/md/guidelines"
    auth.logout()

    assert "Envíe un <strong>PDF</strong>." in main(visit(client, "/journal/md/guidelines", "es"))
    assert "Send a <strong>PDF</strong>." in main(visit(client, "/journal/md/guidelines", "en"))
    french = main(visit(client, "/journal/md/guidelines", "fr"))
    assert "Send a <strong>PDF</strong>." in french and "original-language" in french


def test_only_editors_in_chief_keep_the_versions(client, auth):
    journal = make_journal(slug="md")
    page = JournalPage(journal=journal, kind="about", body="About us.", original_language="en")
    db.session.add(page)
    db.session.commit()
    auth.login(make_user())
    for kind, object_id in (
        ("journal_page", page.id),
        ("journal", journal.id),
        ("journal_section", journal.sections[0].id),
    ):
        assert client.get(f"/versions/{kind}/{object_id}").status_code == 403


# --- Settings -------------------------------------------------------------------------------


def settings_form(client, journal) -> dict:
    """The settings form as the page fills it in."""
    html = visit(client, f"/journal/{journal.slug}/editorial/settings")
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    for name in ("submissions_open", "double_blind"):
        checked = re.search(
            rf'<input[^>]*checked[^>]*name="{name}"|name="{name}"[^>]*checked', html
        )
        if not checked:
            data.pop(name, None)
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S
    ):
        data[name] = value
    data["license"] = "CC-BY-4.0"
    return data


def test_the_chief_saves_the_settings(client, auth):
    chief = make_user()
    journal = make_journal(chief, slug="md", issn_online=ISSN)
    auth.login(chief)
    form = settings_form(client, journal)
    form.update(
        name="Migration and Development Review",
        issn_print="2049-3630",
        doi_prefix="10.12345",
        doi_pattern="md.{year}.{volume}.{issue}.{article}",
        review_days="21",
        about="Founded in 2026.",
    )
    form.pop("submissions_open", None)
    response = client.post("/journal/md/editorial/settings", data=form)
    assert response.status_code == 302
    db.session.refresh(journal)
    assert journal.name == "Migration and Development Review"
    assert journal.issn_print == "2049-3630" and journal.review_days == 21
    assert journal.doi_pattern == "md.{year}.{volume}.{issue}.{article}"
    assert not journal.submissions_open
    assert "The journal&#39;s settings are saved." in visit(
        client, "/journal/md/editorial/settings"
    )
    assert "Founded in 2026." in visit(client, "/journal/md/about")
    settings_page = visit(client, "/journal/md/editorial/settings")
    about = db.session.scalar(select(JournalPage).where(JournalPage.kind == "about"))
    assert f'href="/versions/journal/{journal.id}"' in settings_page
    assert f'href="/versions/journal_page/{about.id}"' in settings_page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("issn_online", "0317-8472", "The ISSN is not valid (it looks like 1234-567X)."),
        ("issn_print", "12345", "The ISSN is not valid (it looks like 1234-567X)."),
        ("doi_prefix", "10.12", "A DOI prefix is 10. followed by four to nine digits"),
        ("doi_prefix", "11.12345", "A DOI prefix is 10. followed by four to nine digits"),
        ("doi_pattern", "{journal}.{month}.{article}", "{month} is not a placeholder"),
        ("doi_pattern", "{journal}.{year}", "The pattern needs {article}"),
        ("doi_pattern", "{journal.{article}", "A brace is not closed"),
        ("doi_pattern", "md {article}", "Besides placeholders, use only letters"),
        ("doi_pattern", "{year:04}.{article}", "without a format"),
        ("review_days", "0", "Number must be between 1 and 365."),
    ],
)
def test_bad_settings_get_a_clear_message_and_keep_the_form(client, auth, field, value, message):
    chief = make_user()
    journal = make_journal(chief, slug="md", issn_online=ISSN)
    auth.login(chief)
    form = settings_form(client, journal)
    form.update(name="A new name", about="Kept while I fix the ISSN.", **{field: value})
    response = client.post("/journal/md/editorial/settings", data=form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html, re.S)
    assert error and message in error[1].replace("&#39;", "'")
    assert 'value="A new name"' in html and "Kept while I fix the ISSN." in html
    assert f'value="{value}"' in html
    db.session.refresh(journal)
    assert journal.name != "A new name"


def test_the_two_editions_need_two_issns(client, auth):
    chief = make_user()
    journal = make_journal(chief, slug="md", issn_online=ISSN)
    auth.login(chief)
    form = settings_form(client, journal)
    form["issn_print"] = ISSN.replace("-", "")
    response = client.post("/journal/md/editorial/settings", data=form)
    assert response.status_code == 400
    error = re.search(
        r'id="issn_online-error"[^>]*>(.*?)</div>', response.get_data(as_text=True), re.S
    )
    assert "The print and online editions have different ISSNs." in error[1]


def test_others_may_not_open_the_settings(client, auth):
    chief, section_editor = make_user(), make_user()
    journal = make_journal(chief, slug="md")
    add_section_editor(journal, journal.sections[0], section_editor)
    pages = [
        "/journal/md/editorial/settings",
        "/journal/md/editorial/sections",
        f"/journal/md/editorial/sections/{journal.sections[0].id}",
        "/journal/md/editorial/editors",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    for person in (make_user(), section_editor):
        auth.login(person)
        for path in pages:
            assert client.get(path).status_code == 403, path
        assert client.post("/journal/md/editorial/settings", data={"name": "X"}).status_code == 403
        assert (
            client.post("/journal/md/editorial/editors", data={"email": person.email}).status_code
            == 403
        )
        auth.logout()
    db.session.refresh(journal)
    assert journal.name != "X" and len(journal.editors) == 2
    auth.login(make_user(Role.STAFF))
    for path in pages:
        assert client.get(path).status_code == 200, path
    assert client.get("/journal/nowhere/editorial/settings").status_code == 404


# --- New journal ----------------------------------------------------------------------------


def test_staff_create_a_journal_and_become_its_chief(client, auth):
    staff = make_user(Role.STAFF)
    auth.login(staff)
    response = client.post(
        "/journal/new", data={"name": "Revista Andina", "slug": "andina", "language": "es"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/journal/andina/editorial/settings"
    journal = db.session.scalar(select(Journal).where(Journal.slug == "andina"))
    assert journal.original_language == "es" and not journal.submissions_open
    with force_locale("es"):
        articles = gettext("Articles")  # "Artículos" once the catalog has it
    assert [(s.name, s.original_language) for s in journal.sections] == [(articles, "es")]
    assert [(e.user_id, e.role) for e in journal.editors] == [(staff.id, "chief")]


def test_staff_may_name_another_chief_and_bad_input_is_refused(client, auth):
    chief = make_user(email="chief@example.org")
    make_journal(slug="taken")
    auth.login(make_user(Role.STAFF))
    response = client.post(
        "/journal/new",
        data={
            "name": "Other",
            "slug": "other",
            "language": "en",
            "chief_email": "chief@example.org",
        },
    )
    assert response.status_code == 302
    journal = db.session.scalar(select(Journal).where(Journal.slug == "other"))
    assert [e.user_id for e in journal.editors] == [chief.id]

    for data, message in (
        ({"slug": "taken"}, "Another journal already uses this address."),
        ({"slug": "new"}, "Another journal already uses this address."),
        ({"slug": "Bad Slug"}, "Use lowercase letters, digits and hyphens only."),
        ({"chief_email": "nobody@example.org"}, "No account uses this email address."),
    ):
        form = {"name": "Third", "slug": "third", "language": "en", **data}
        response = client.post("/journal/new", data=form)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
        assert 'value="Third"' in response.get_data(as_text=True)


def test_members_may_not_create_a_journal(client, auth):
    auth.login(make_user())
    assert client.get("/journal/new").status_code == 403
    assert (
        client.post("/journal/new", data={"name": "X", "slug": "x", "language": "en"}).status_code
        == 403
    )
    assert db.session.scalar(select(Journal)) is None


# --- Sections -------------------------------------------------------------------------------


def test_the_chief_adds_reorders_renames_and_closes_sections(client, auth):
    chief = make_user()
    journal = make_journal(chief, slug="md", sections=("Articles", "Research notes"))
    auth.login(chief)
    assert (
        client.post("/journal/md/editorial/sections", data={"name": "Book reviews"}).status_code
        == 302
    )
    response = client.post("/journal/md/editorial/sections", data={"name": "articles"})
    assert response.status_code == 400
    assert "already has a section called articles" in response.get_data(as_text=True)

    reviews = next(s for s in journal.sections if s.name == "Book reviews")
    client.post(f"/journal/md/editorial/sections/{reviews.id}/up")
    html = main(visit(client, "/journal/md/editorial/sections"))
    assert html.index("Articles") < html.index("Book reviews") < html.index("Research notes")

    response = client.post(
        f"/journal/md/editorial/sections/{reviews.id}", data={"name": "Reviews of books"}
    )
    assert response.status_code == 302
    db.session.refresh(reviews)
    assert reviews.name == "Reviews of books" and not reviews.open
    assert "Closed to submissions" in visit(client, "/journal/md/editorial/sections")
    section_page = visit(client, f"/journal/md/editorial/sections/{reviews.id}")
    assert f'href="/versions/journal_section/{reviews.id}"' in section_page


def test_section_editors_are_added_by_the_email_of_an_account(client, auth):
    chief = make_user()
    editor = make_user(name="Amina Yusuf", email="amina@example.org")
    journal = make_journal(chief, slug="md")
    section = journal.sections[0]
    path = f"/journal/md/editorial/sections/{section.id}"
    auth.login(chief)
    response = client.post(f"{path}/editors", data={"editor-email": "nobody@example.org"})
    assert response.status_code == 400
    assert "No account uses this email address." in response.get_data(as_text=True)
    response = client.post(f"{path}/editors", data={"editor-email": "Amina@Example.org"})
    assert response.status_code == 302
    assert "Amina Yusuf" in main(visit(client, path))
    response = client.post(f"{path}/editors", data={"editor-email": "amina@example.org"})
    assert "Amina Yusuf already edits this section." in response.get_data(as_text=True)

    row = db.session.scalar(select(JournalEditor).where(JournalEditor.user_id == editor.id))
    remove = f"{path}/editors/{row.id}/remove"
    assert "Remove this section editor?" in client.post(remove).get_data(as_text=True)
    assert client.post(remove, data={"confirmed": "1"}).status_code == 302
    assert "Amina Yusuf" not in main(visit(client, path))


# --- Editors-in-chief -----------------------------------------------------------------------


def test_chiefs_are_added_and_the_last_one_cannot_be_removed(client, auth):
    chief = make_user(name="First Chief")
    second = make_user(name="Second Chief", email="second@example.org")
    journal = make_journal(chief, slug="md")
    auth.login(chief)
    html = main(visit(client, "/journal/md/editorial/editors"))
    assert "First Chief" in html and "Remove First Chief" not in html  # the only one

    own = journal.editors[0]
    response = client.post(
        f"/journal/md/editorial/editors/{own.id}/remove", data={"confirmed": "1"}
    )
    assert response.status_code == 302
    assert "needs at least one editor-in-chief" in visit(client, "/journal/md/editorial/editors")
    db.session.refresh(journal)
    assert len(journal.editors) == 1

    assert (
        client.post(
            "/journal/md/editorial/editors", data={"email": "second@example.org"}
        ).status_code
        == 302
    )
    response = client.post("/journal/md/editorial/editors", data={"email": "second@example.org"})
    assert "Second Chief is already an editor-in-chief." in response.get_data(as_text=True)

    # The first chief steps down; the second one is now the last.
    response = client.post(
        f"/journal/md/editorial/editors/{own.id}/remove", data={"confirmed": "1"}
    )
    assert response.headers["Location"] == "/journal/md/"
    assert client.get("/journal/md/editorial/editors").status_code == 403
    auth.logout()
    auth.login(second)
    last = db.session.scalar(select(JournalEditor).where(JournalEditor.user_id == second.id))
    client.post(f"/journal/md/editorial/editors/{last.id}/remove", data={"confirmed": "1"})
    db.session.expire_all()
    assert [e.user_id for e in db.session.get(Journal, journal.id).editors] == [second.id]


def test_staff_add_a_chief_to_any_journal(client, auth):
    make_journal(slug="md")
    newcomer = make_user(email="newcomer@example.org")
    auth.login(make_user(Role.STAFF))
    client.post("/journal/md/editorial/editors", data={"email": "newcomer@example.org"})
    roles = db.session.scalars(
        select(JournalEditor.role).where(JournalEditor.user_id == newcomer.id)
    ).all()
    assert roles == [EditorRole.CHIEF.value]


# --- What waits for editors -----------------------------------------------------------------


def test_submissions_awaiting_a_decision_and_overdue_reviews_are_counted(client, auth):
    journal = make_journal(name="Migration and Development", slug="md")
    make_article_row(journal, stage=Stage.SUBMITTED)  # new: waits
    all_in = make_article_row(journal, stage=Stage.IN_REVIEW)
    review(all_in, state="completed")
    review(all_in, state="declined")  # waits: every review is in
    still_out = make_article_row(journal, stage=Stage.IN_REVIEW)
    review(still_out, state="completed")
    review(still_out, state="accepted", days_due=-2)  # does not wait; one overdue review
    revised = make_article_row(journal, stage=Stage.IN_REVIEW, round=2)
    review(revised, state="completed", round=1)  # waits: revisions came back
    make_article_row(journal, stage=Stage.IN_REVIEW)  # no reviewer yet: not a decision
    make_article_row(journal, stage=Stage.REVISIONS)  # with the authors
    late = make_article_row(make_journal(slug="other"), stage=Stage.IN_REVIEW)
    review(late, state="invited", days_due=-1)  # another journal's overdue review
    review(revised, state="invited", days_due=-5, round=1)  # an old round's: not counted

    assert queries.awaiting_decision_count() == 3
    assert queries.overdue_review_count() == 2
    rows = {j.slug: (waiting, overdue) for j, waiting, overdue in queries.journals_with_work(5)}
    assert rows == {"md": (3, 1), "other": (0, 1)}

    auth.login(make_user(Role.STAFF))
    html = visit(client, "/staff/")
    block = " ".join(
        re.search(r'<section[^>]*aria-labelledby="h-journal">(.*?)</section>', html, re.S)[
            1
        ].split()
    )
    assert "Journal submissions awaiting a decision (3)" in block
    text = re.sub(r"<[^>]+>", "", block)
    assert (
        "Migration and Development · 3 submissions awaiting a decision · 1 overdue review" in text
    )
    assert "2 reviews are past their due date." in block
    assert 'href="/journal/md/editorial"' in block
