"""Composing newsletters, the audience, who may do what, and the public archive with its feed."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from network.groups.models import GroupMembership, WorkingGroup
from network.lists.models import SubscriptionState
from network.membership.models import Membership
from network.newsletters import audience, services
from network.newsletters.models import Newsletter, NewsletterVersion
from tests.factories import make_user
from tests.factories_lists import make_list, make_subscriber, subscribe
from tests.factories_members import make_profile, themes_by_slug
from tests.factories_newsletters import make_audience, make_newsletter

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def staff(app):
    return make_user(Role.STAFF, name="Lucía <Fernández>", email="lucia@example.org")


def draft_form(chosen, **changes):
    data = {
        "subject": "Migration news for {{ name }}",
        "preheader": "The month in brief",
        "sender_name": "Puente Secretariat",
        "language": "en",
        "body": "Hello {{ name }},\n\nRead [the report](https://example.org/report).",
        "lists": [str(item.id) for item in chosen],
        "segment_language": "",
        "segment_group": "0",
        "segment_member_kind": "",
        "segment_membership_status": "",
        "segment_country": "",
        "segment_corridor_origin": "",
        "segment_corridor_destination": "",
        "segment_theme": "0",
    }
    data.update(changes)
    return data


def count_newsletters():
    return db.session.scalar(select(func.count(Newsletter.id)))


def staff_routes(newsletter):
    n = newsletter.id
    gets = [
        "/newsletters/",
        "/newsletters/new",
        f"/newsletters/{n}",
        f"/newsletters/{n}/edit",
        f"/newsletters/{n}/versions/es",
        f"/newsletters/{n}/preview",
        f"/newsletters/{n}/send",
        f"/newsletters/{n}/progress",
        f"/newsletters/{n}/progress.json",
    ]
    posts = [
        "/newsletters/new",
        f"/newsletters/{n}/edit",
        f"/newsletters/{n}/versions/es",
        f"/newsletters/{n}/versions/es/delete",
        f"/newsletters/{n}/test",
        f"/newsletters/{n}/duplicate",
        f"/newsletters/{n}/send",
        f"/newsletters/{n}/schedule",
        f"/newsletters/{n}/unschedule",
        f"/newsletters/{n}/pause",
        f"/newsletters/{n}/resume",
        f"/newsletters/{n}/cancel",
    ]
    return gets, posts


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ORGANIZER])
def test_only_staff_may_use_the_newsletter_pages(app, client, auth, mailbox, role):
    mailing_list, readers = make_audience(2)
    newsletter = make_newsletter([mailing_list])
    gets, posts = staff_routes(newsletter)
    for path in gets:
        assert client.get(path).status_code == 302  # to the sign-in page
    auth.login(make_user(role))
    for path in gets:
        assert client.get(path).status_code == 403, path
    for path in posts:
        assert client.post(path, data=draft_form([mailing_list])).status_code == 403, path
    assert mailbox.to(readers[0].email) == []
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).status == "draft"
    assert count_newsletters() == 1


def test_staff_write_a_draft_with_lists_and_a_segment(app, client, auth, staff):
    news, events = make_list(name="News"), make_list(name="Events")
    group = WorkingGroup(slug="remittances", name="Remittances and development")
    db.session.add(group)
    db.session.commit()
    auth.login(staff)
    page = client.get("/newsletters/new").get_data(as_text=True)
    assert "News" in page and "Remittances and development" in page and "{{ name }}" in page
    response = client.post(
        "/newsletters/new",
        data=draft_form([news, events], segment_language="es", segment_group=str(group.id)),
    )
    assert response.status_code == 302
    newsletter = db.session.scalar(select(Newsletter))
    assert (newsletter.status, newsletter.subject, newsletter.created_by_id) == (
        "draft",
        "Migration news for {{ name }}",
        staff.id,
    )
    assert [item.name for item in newsletter.lists] == ["News", "Events"]
    assert (newsletter.segment_language, newsletter.segment_group_id) == ("es", group.id)
    shown = client.get(response.location).get_data(as_text=True)
    assert "Language: Español" in shown and "Working group: Remittances and development" in shown


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"subject": ""}, "This field is required."),
        ({"subject": "Hello\u202eevil"}, "This field contains characters that are not allowed."),
        ({"subject": "x" * 201}, "Field cannot be longer than 200 characters."),
        (
            {"sender_name": "Puente\r\nBcc: victim@example.org"},
            "Use a single line, without line breaks.",
        ),
        ({"body": ""}, "This field is required."),
        ({"body": "x" * 100_001}, "Field cannot be longer than 100000 characters."),
        ({"lists": ["99999"]}, "is not a valid choice for this field"),
        ({"language": "de"}, "Not a valid choice"),
        ({"segment_group": "424242"}, "Not a valid choice"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(app, client, auth, staff, changes, message):
    mailing_list = make_list()
    auth.login(staff)
    response = client.post("/newsletters/new", data=draft_form([mailing_list], **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count_newsletters() == 0


def test_editing_keeps_the_draft_and_a_sent_newsletter_cannot_change(app, client, auth, staff):
    mailing_list, _readers = make_audience(1)
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    response = client.post(
        f"/newsletters/{newsletter.id}/edit",
        data=draft_form([mailing_list], subject="Second thoughts"),
    )
    assert response.status_code == 302
    bad = client.post(
        f"/newsletters/{newsletter.id}/edit", data=draft_form([mailing_list], subject="")
    )
    assert bad.status_code == 400
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).subject == "Second thoughts"

    client.post(f"/newsletters/{newsletter.id}/send")
    response = client.post(
        f"/newsletters/{newsletter.id}/edit",
        data=draft_form([mailing_list], subject="Rewriting history"),
    )
    assert response.status_code == 302
    assert "Only a draft can be changed" in client.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).subject == "Second thoughts"


def test_language_versions_are_added_previewed_and_removed(app, client, auth, staff):
    newsletter = make_newsletter([make_list()])
    auth.login(staff)
    response = client.post(
        f"/newsletters/{newsletter.id}/versions/es",
        data={
            "subject": "Noticias para {{ name }}",
            "preheader": "",
            "body": "Hola {{ name }}, <script>alert(1)</script> lee **esto**.",
        },
    )
    assert response.status_code == 302
    preview = client.get(f"/newsletters/{newsletter.id}/preview?lang=es").get_data(as_text=True)
    assert "Noticias para Lucía &lt;Fernández&gt;" in preview
    assert (
        "Hola Lucía &lt;Fernández&gt;, &lt;script&gt;alert(1)&lt;/script&gt; lee <strong>esto</strong>."
        in preview
    )
    assert "<script>alert" not in preview and "<iframe" not in preview
    assert "Hello Lucía &lt;Fernández&gt;," in client.get(
        f"/newsletters/{newsletter.id}/preview"
    ).get_data(as_text=True)
    # The main language cannot have a second version.
    assert (
        client.post(
            f"/newsletters/{newsletter.id}/versions/en", data={"subject": "x", "body": "y"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/newsletters/{newsletter.id}/versions/es", data={"subject": "", "body": "y"}
        ).status_code
        == 400
    )
    remove = f"/newsletters/{newsletter.id}/versions/es/delete"
    assert "Remove this version?" in client.post(remove).get_data(as_text=True)
    assert db.session.scalar(select(func.count(NewsletterVersion.id))) == 1
    client.post(remove, data={"confirmed": "1"})
    assert db.session.scalar(select(func.count(NewsletterVersion.id))) == 0


def test_test_send_goes_only_to_the_staff_member(app, client, auth, staff, mailbox):
    mailing_list, readers = make_audience(2, make_list(slug="news", name="News"))
    newsletter = make_newsletter(
        [mailing_list], versions={"es": ("Hola {{ name }}", "Texto en español.")}
    )
    auth.login(staff)
    response = client.post(f"/newsletters/{newsletter.id}/test", data={"language": "es"})
    assert response.status_code == 302
    message = mailbox.last(staff.email)
    assert message["Subject"] == "[Prueba] Hola Lucía <Fernández>"
    assert "Texto en español." in mailbox.text(message)
    assert message["List-Id"] == '"News" <news.puente.test>'
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mailbox.to(readers[0].email) == []
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).status == "draft"
    assert (
        client.post(f"/newsletters/{newsletter.id}/test", data={"language": "fr"}).status_code
        == 302
    )
    assert len(mailbox.to(staff.email)) == 1  # French is not one of its languages


def test_duplicate_makes_a_new_draft_from_a_sent_newsletter(app, client, auth, staff):
    mailing_list, _readers = make_audience(1)
    newsletter = make_newsletter([mailing_list], versions={"fr": ("Bonjour", "Texte.")})
    auth.login(staff)
    client.post(f"/newsletters/{newsletter.id}/send")
    response = client.post(f"/newsletters/{newsletter.id}/duplicate")
    assert response.status_code == 302
    copy = db.session.scalar(select(Newsletter).where(Newsletter.id != newsletter.id))
    assert response.location.endswith(f"/newsletters/{copy.id}/edit")
    assert (copy.status, copy.subject, copy.body) == ("draft", newsletter.subject, newsletter.body)
    assert [(v.language, v.subject) for v in copy.versions] == [("fr", "Bonjour")]
    assert copy.lists == [mailing_list]


def test_audience_count_applies_language_and_working_group(app, client, auth, staff):
    mailing_list = make_list()
    group = WorkingGroup(slug="diaspora", name="Diaspora")
    db.session.add(group)
    member = make_user(Role.MEMBER, language="es")
    db.session.add(GroupMembership(group=group, user_id=member.id, state="active"))
    readers = [
        make_subscriber(language="es", user=member),
        make_subscriber(language="es"),
        make_subscriber(language="fr"),
    ]
    for reader in readers:
        subscribe(reader, mailing_list)
    subscribe(make_subscriber(language="es"), mailing_list, state=SubscriptionState.UNSUBSCRIBED)
    db.session.commit()
    everyone = make_newsletter([mailing_list])
    spanish = make_newsletter([mailing_list], segment_language="es")
    in_group = make_newsletter([mailing_list], segment_language="es", segment_group=group)
    assert [audience.audience_count(n) for n in (everyone, spanish, in_group)] == [3, 2, 1]
    auth.login(staff)
    page = client.get(f"/newsletters/{in_group.id}/send").get_data(as_text=True)
    assert "People this newsletter will reach: 1" in page


@pytest.mark.parametrize("app", [{"NEWSLETTER_RATE": 0}], indirect=True)
def test_public_archive_lists_and_atom_feed(app, client, auth, staff):
    public = make_list(slug="bulletin", name="Bulletin")
    members_only = make_list("members", slug="internal", name="Internal", visibility="members")
    for mailing_list in (public, members_only):
        make_audience(1, mailing_list, prefix=mailing_list.slug)
    published = make_newsletter(
        [public],
        subject="Remittances & <families>",
        body="Hello {{ name }}, see [the data](https://example.org/data).",
    )
    internal = make_newsletter([members_only], subject="Board minutes")
    draft = make_newsletter([public], subject="Not yet")
    auth.login(staff)
    for newsletter in (published, internal):
        client.post(f"/newsletters/{newsletter.id}/send")
    auth.logout()

    page = client.get("/newsletters/archive")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/newsletters/archive/feed.atom"' in html
    assert "Remittances &amp; &lt;families&gt;" in html
    assert "Board minutes" not in html and "Not yet" not in html
    assert "Write a newsletter" not in html
    assert client.get(f"/newsletters/archive/{internal.id}").status_code == 404
    assert client.get(f"/newsletters/archive/{draft.id}").status_code == 404
    assert client.get("/newsletters/archive/lists/internal").status_code == 404

    issue = client.get(f"/newsletters/archive/{published.id}").get_data(as_text=True)
    assert "Hello friend, see" in issue and 'href="https://example.org/data"' in issue
    per_list = client.get("/newsletters/archive/lists/bulletin").get_data(as_text=True)
    assert 'href="/newsletters/archive/lists/bulletin/feed.atom"' in per_list
    assert "Remittances &amp; &lt;families&gt;" in per_list

    for path in ("/newsletters/archive/feed.atom", "/newsletters/archive/lists/bulletin/feed.atom"):
        feed = client.get(path)
        assert feed.headers["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(feed.data)
        entries = root.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == ["Remittances & <families>"]
        content = entries[0].findtext(f"{ATOM}content")
        assert '<a href="https://example.org/data"' in content and "<script" not in content
        assert (
            entries[0].find(f"{ATOM}link").get("href")
            == f"http://puente.test/newsletters/archive/{published.id}"
        )


def test_archive_in_the_readers_language_and_nav_link(app, client):
    public = make_list(slug="bulletin")
    make_audience(1, public)
    newsletter = make_newsletter(
        [public], versions={"es": ("Boletín de {{ name }}", "Hola {{ name }}.")}
    )
    services.send_now(newsletter, utcnow())
    db.session.commit()
    newsletter.status = "sent"
    newsletter.finished_at = utcnow()
    db.session.commit()
    client.post("/language", data={"lang": "es", "next": "/"})
    page = client.get(f"/newsletters/archive/{newsletter.id}").get_data(as_text=True)
    assert "Hola amiga, amigo." in page
    assert 'href="/newsletters/archive">Boletines<' in client.get("/").get_data(as_text=True)


def test_staff_see_compose_links_from_the_archive(app, client, auth, staff):
    auth.login(staff)
    html = client.get("/newsletters/archive").get_data(as_text=True)
    assert 'href="/newsletters/new"' in html
    assert client.get("/newsletters/999999").status_code == 404


def test_audience_narrowed_by_profile_fields_and_membership(app, client, auth, staff):
    theme = next(iter(themes_by_slug().values()))
    mailing_list = make_list()
    activist, scholar = make_user(language="es"), make_user()
    make_profile(
        activist, kind="activist", country="MX", theme_ids=[theme.id], corridors=[("GT", "MX")]
    )
    make_profile(scholar, kind="scholar", country="SN", corridors=[("SN", "FR")])
    db.session.add(
        Membership(
            user_id=activist.id,
            status="active",
            start_date=date(2026, 1, 1),
            renewal_date=date(2027, 1, 1),
        )
    )
    for user in (activist, scholar):
        subscribe(make_subscriber(user.email, user=user), mailing_list)
    subscribe(make_subscriber("no-account@example.org"), mailing_list)
    db.session.commit()
    cases = {
        (): 3,
        (("segment_member_kind", "activist"),): 1,
        (("segment_country", "SN"),): 1,
        (("segment_theme_id", theme.id),): 1,
        (("segment_corridor_origin", "GT"),): 1,
        (("segment_corridor_destination", "FR"),): 1,
        (("segment_corridor_origin", "GT"), ("segment_corridor_destination", "FR")): 0,
        (("segment_membership_status", "active"),): 1,
        (("segment_member_kind", "scholar"), ("segment_membership_status", "active")): 0,
    }
    for fields, expected in cases.items():
        newsletter = make_newsletter([mailing_list])
        for column, value in fields:
            setattr(newsletter, column, value)
        db.session.commit()
        assert audience.audience_count(newsletter) == expected, fields
    auth.login(staff)
    response = client.post(
        "/newsletters/new",
        data=draft_form(
            [mailing_list],
            segment_member_kind="activist",
            segment_country="MX",
            segment_corridor_origin="GT",
            segment_theme=str(theme.id),
            segment_membership_status="active",
        ),
    )
    assert response.status_code == 302
    shown = client.get(response.location).get_data(as_text=True)
    assert "Kind of member: Activist" in shown and "Country: Mexico" in shown
    assert "Corridor: Guatemala → any" in shown and "Membership: Active" in shown
    newsletter = db.session.scalar(select(Newsletter).order_by(Newsletter.id.desc()))
    assert audience.audience_count(newsletter) == 1


def test_staff_overview_and_unscheduling(app, client, auth, staff):
    mailing_list, _readers = make_audience(1)
    draft = make_newsletter([mailing_list], subject="A draft about <diasporas>")
    scheduled = make_newsletter([mailing_list], subject="Scheduled news")
    services.schedule(scheduled, utcnow() + timedelta(days=1), utcnow())
    db.session.commit()
    auth.login(staff)
    page = client.get("/newsletters/").get_data(as_text=True)
    assert page.index(">Draft<") < page.index("A draft about &lt;diasporas&gt;")
    assert page.index(">Scheduled<") < page.index("Scheduled news")
    assert client.post(f"/newsletters/{draft.id}/unschedule").status_code == 409
    assert client.post(f"/newsletters/{scheduled.id}/unschedule").status_code == 302
    db.session.expire_all()
    assert (scheduled.status, scheduled.scheduled_at) == ("draft", None)


@pytest.mark.parametrize("query", ["list=abc", "list=99999", "list=-1", "list="])
def test_a_bad_list_in_the_composer_link_ticks_nothing(client, auth, staff, query):
    make_list(name="Bulletin")
    auth.login(staff)
    page = client.get(f"/newsletters/new?{query}")
    boxes = re.findall(r'<input[^>]*name="lists"[^>]*>', page.get_data(as_text=True))
    assert page.status_code == 200 and len(boxes) == 1 and "checked" not in boxes[0]


def test_the_composer_link_suggests_at_most_200_characters_of_subject(client, auth, staff):
    auth.login(staff)
    page = client.get("/newsletters/new?subject=" + "x" * 5000).get_data(as_text=True)
    [subject] = re.findall(r'<input[^>]*name="subject"[^>]*>', page)
    assert f'value="{"x" * 200}"' in subject


# --- Latest publications from the library -----------------------------------------------------


def publications_form(chosen, *, theme="0", group="0", count="5", **changes):
    return {
        **draft_form(chosen, **changes),
        "publications-theme": theme,
        "publications-group": group,
        "publications-count": count,
        "publications-insert": "Insert latest publications",
    }


def library_setup():
    from tests.factories_library import make_item

    themes = themes_by_slug()
    theme = next(iter(themes.values()))
    group = WorkingGroup(slug="remittances", name="Remittances and development")
    db.session.add(group)
    db.session.commit()
    author = make_user(name="Amara *Diallo*")
    items = {
        "old": make_item(
            author, texts={"en": ("Older paper", "A.")}, themes=[theme], date_year=2021
        ),
        "translated": make_item(
            author,
            texts={"en": ("Wages [abroad]", "A."), "es": ("Salarios en el exterior", "R.")},
            authors=[author, "Ana Pérez"],
            themes=[theme],
            date_year=2025,
        ),
        "draft": make_item(
            author, texts={"en": ("Unpublished draft", "A.")}, themes=[theme], state="draft"
        ),
        "other_theme": make_item(author, texts={"en": ("Elsewhere entirely", "A.")}),
        "grouped": make_item(author, texts={"en": ("A group brief", "A.")}, group=group),
    }
    return theme, group, items


def test_latest_publications_of_a_theme_are_appended_in_the_newsletters_language(
    app, client, auth, staff
):
    theme, _group, _items = library_setup()
    mailing_list = make_list()
    newsletter = make_newsletter([mailing_list], body="Hello {{ name }}, old text.")
    auth.login(staff)
    page = client.get(f"/newsletters/{newsletter.id}/edit").get_data(as_text=True)
    assert "Insert latest publications" in page
    assert f'formaction="/newsletters/{newsletter.id}/publications"' in page

    response = client.post(
        f"/newsletters/{newsletter.id}/publications",
        data=publications_form(
            [mailing_list],
            theme=str(theme.id),
            language="es",
            body="Hello {{ name }}, text written but not saved yet.",
        ),
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/newsletters/{newsletter.id}/edit")
    db.session.expire_all()
    body = db.session.get(Newsletter, newsletter.id).body
    assert body.startswith("Hello {{ name }}, text written but not saved yet.\n\n")
    lines = body.split("## Últimas publicaciones\n\n")[1].splitlines()
    assert lines == [
        "- [Salarios en el exterior](http://puente.test/library/"
        f"{_items['translated'].id}) — Amara \\*Diallo\\*, Ana Pérez, 2025",
        f"- [Older paper](http://puente.test/library/{_items['old'].id}) — Amara \\*Diallo\\*, 2021",
    ]
    assert "Unpublished draft" not in body and "Elsewhere" not in body
    assert "A group brief" not in body


def test_latest_publications_of_a_group_keep_the_rest_of_the_draft(app, client, auth, staff):
    _theme, group, items = library_setup()
    mailing_list = make_list()
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    response = client.post(
        f"/newsletters/{newsletter.id}/publications",
        data=publications_form(
            [mailing_list], group=str(group.id), count="1", subject="Kept subject"
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Newsletter, newsletter.id)
    assert saved.subject == "Kept subject"
    assert saved.preheader == "The month in brief"
    assert saved.lists == [mailing_list]
    assert saved.body.startswith(draft_form([])["body"] + "\n\n## Latest publications\n\n")
    assert f"[A group brief](http://puente.test/library/{items['grouped'].id})" in saved.body
    assert saved.body.count("\n- [") == 1
    html = client.get(f"/newsletters/{newsletter.id}/preview").get_data(as_text=True)
    assert f'href="http://puente.test/library/{items["grouped"].id}"' in html


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ({}, "Choose a theme or a working group."),
        ({"count": "0"}, "Enter a number from 1 to 20."),
        ({"count": "many"}, "Enter a number from 1 to 20."),
        ({"group": "999999"}, "Not a valid choice"),
    ],
)
def test_bad_publication_choices_are_refused_and_the_draft_kept(
    app, client, auth, staff, choice, message
):
    theme, _group, _items = library_setup()
    mailing_list = make_list()
    newsletter = make_newsletter([mailing_list], body="Untouched text")
    auth.login(staff)
    data = publications_form([mailing_list], body="Unsaved words", **choice)
    if "count" in choice:
        data["publications-theme"] = str(theme.id)
    response = client.post(f"/newsletters/{newsletter.id}/publications", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "Unsaved words" in page
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).body == "Untouched text"


def test_a_theme_with_nothing_published_adds_nothing(app, client, auth, staff):
    themes = themes_by_slug()
    mailing_list = make_list()
    newsletter = make_newsletter([mailing_list], body="Untouched text")
    auth.login(staff)
    response = client.post(
        f"/newsletters/{newsletter.id}/publications",
        data=publications_form([mailing_list], theme=str(next(iter(themes.values())).id)),
    )
    assert response.status_code == 400
    assert "Nothing of this theme or working group is published yet." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).body == "Untouched text"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ORGANIZER])
def test_only_staff_may_insert_publications(app, client, auth, role):
    theme, _group, _items = library_setup()
    mailing_list = make_list()
    newsletter = make_newsletter([mailing_list], body="Untouched text")
    data = publications_form([mailing_list], theme=str(theme.id))
    path = f"/newsletters/{newsletter.id}/publications"
    assert client.post(path, data=data).status_code == 302  # to the sign-in page
    auth.login(make_user(role))
    assert client.post(path, data=data).status_code == 403
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).body == "Untouched text"
