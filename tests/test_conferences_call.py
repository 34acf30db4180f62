"""Call for abstracts: opening it, submitting, editing, withdrawing, deadlines and the mail."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from network.auth.models import Role
from network.conferences.models import Abstract, Call, EmailTemplate
from network.extensions import db
from tests.factories import make_user
from tests.factories_conferences import make_abstract, make_call, make_conference

UTC = UTC


def call_form(**overrides):
    data = {
        "opens_at": "2026-01-05T09:00",
        "deadline": "2030-03-01T23:59",
        "word_limit": "300",
        "languages": ["en", "es", "fr"],
        "reviewers_anonymous": "y",
        "tracks-0-name": "Remittances and development",
        "tracks-1-name": "Diasporas and return",
        "questions-0-text": "Is the research co-produced with an association?",
        "questions-0-required": "y",
        "criteria-0-name": "Relevance",
        "criteria-0-max_score": "5",
        "criteria-1-name": "Clarity",
        "criteria-1-max_score": "10",
        "submit": "Save the call",
    }
    data.update(overrides)
    return data


def abstract_form(call, **overrides):
    data = {
        "title": "Remesas colectivas y bienes públicos locales",
        "text": "Las asociaciones de oriundos financian escuelas y caminos en Zacatecas.",
        "track": str(call.tracks[0].id),
        "language": "es",
        "affiliation": "Universidad Autónoma de Zacatecas",
        "country": "MX",
        "coauthors-0-name": "Kwame Mensah",
        "coauthors-0-email": "kwame@example.org",
        "coauthors-0-affiliation": "University of Ghana",
        "coauthors-0-country": "GH",
        "presenter": "1",
        "submit": "Submit the abstract",
    }
    for question in call.questions:
        data[f"q{question.id}"] = "Yes, with the Federación Zacatecana."
    data.update(overrides)
    return data


def test_organizer_opens_a_call_with_tracks_questions_and_criteria(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    auth.login(organizer)
    page = client.get(f"/conferences/{event.slug}/manage/call")
    assert page.status_code == 200
    assert 'name="tracks-2-name"' in page.get_data(as_text=True)

    more = client.post(
        f"/conferences/{event.slug}/manage/call",
        data=call_form(add_track="Add another track", submit=None),
    )
    assert more.status_code == 200
    assert 'name="tracks-3-name"' in more.get_data(as_text=True)
    assert db.session.scalar(select(Call)) is None

    response = client.post(
        f"/conferences/{event.slug}/manage/call", data=call_form(), follow_redirects=True
    )
    assert "The call for abstracts is saved." in response.get_data(as_text=True)
    call = db.session.scalar(select(Call))
    assert [t.name for t in call.tracks] == ["Remittances and development", "Diasporas and return"]
    assert [(c.name, c.max_score) for c in call.criteria] == [("Relevance", 5), ("Clarity", 10)]
    assert call.questions[0].required
    # Times are typed in the conference's zone (Bogotá, UTC-5).
    assert call.opens_at == datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
    assert call.language_codes == ["en", "es", "fr"]


def test_call_form_bad_input(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    auth.login(organizer)
    url = f"/conferences/{event.slug}/manage/call"
    before = client.post(url, data=call_form(deadline="2025-01-01T00:00"))
    assert before.status_code == 400
    assert "The deadline must come after the opening." in before.get_data(as_text=True)
    no_track = client.post(url, data=call_form(**{"tracks-0-name": "", "tracks-1-name": ""}))
    assert no_track.status_code == 400
    assert "Give the call at least one track." in no_track.get_data(as_text=True)
    bad_limit = client.post(url, data=call_form(word_limit="abc"))
    assert bad_limit.status_code == 400
    unknown_theme = client.post(url, data=call_form(**{"tracks-0-theme": "99999"}))
    assert unknown_theme.status_code == 400
    assert db.session.scalar(select(Call)) is None


def test_changing_the_call_keeps_the_tracks_abstracts_are_in(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    call = make_call(event)
    first_id, second = call.tracks[0].id, call.tracks[1]
    abstract = make_abstract(call, track=second)
    auth.login(organizer)
    page = client.get(f"/conferences/{event.slug}/manage/call").get_data(as_text=True)
    assert f'name="tracks-1-id" type="hidden" value="{second.id}"' in page
    url = f"/conferences/{event.slug}/manage/call"
    renamed = client.post(
        url,
        data=call_form(
            **{
                "tracks-0-id": str(second.id),
                "tracks-0-name": "Diaspora associations and return",
                "tracks-1-name": "",
            }
        ),
    )
    assert renamed.status_code == 302
    db.session.expire_all()
    assert abstract.track.name == "Diaspora associations and return"
    assert [t.name for t in db.session.scalar(select(Call)).tracks] == [
        "Diaspora associations and return"
    ]
    assert first_id not in [t.id for t in db.session.scalar(select(Call)).tracks]

    removed = client.post(
        url, data=call_form(**{"tracks-0-name": "Something else", "tracks-1-name": ""})
    )
    assert removed.status_code == 400
    assert (
        "Track “Diaspora associations and return” has abstracts and cannot be removed."
        in removed.get_data(as_text=True)
    )
    db.session.expire_all()
    assert abstract.track.name == "Diaspora associations and return"


def test_only_the_events_organizers_and_staff_manage_the_call(client, auth):
    event = make_conference()
    other_organizer = make_user(Role.ORGANIZER)
    member = make_user()
    for person in (member, other_organizer):
        auth.login(person)
        assert client.get(f"/conferences/{event.slug}/manage/call").status_code == 403
        assert (
            client.post(f"/conferences/{event.slug}/manage/call", data=call_form()).status_code
            == 403
        )
        auth.logout()
    auth.login(make_user(Role.STAFF))
    assert client.get(f"/conferences/{event.slug}/manage/call").status_code == 200
    assert db.session.scalar(select(Call)) is None


def test_submit_an_abstract_with_coauthors_in_spanish(client, auth, mailbox):
    event = make_conference()
    call = make_call(event, questions=(("¿Coproducido con asociaciones?", True),))
    author = make_user(language="es", name="Marisol Gutiérrez", email="marisol@example.org")
    auth.login(author)
    form_page = client.get(f"/conferences/{event.slug}/submit")
    assert "Enviar un resumen" in form_page.get_data(as_text=True)

    more = client.post(
        f"/conferences/{event.slug}/submit", data=abstract_form(call, add_coauthor="x", submit=None)
    )
    assert 'name="coauthors-2-name"' in more.get_data(as_text=True)
    assert db.session.scalar(select(Abstract)) is None

    response = client.post(
        f"/conferences/{event.slug}/submit",
        data=abstract_form(
            call, **{"coauthors-2-name": "Aïssatou Diallo", "coauthors-2-country": "SN"}
        ),
        follow_redirects=True,
    )
    body = response.get_data(as_text=True)
    assert "Su resumen ha sido enviado" in body
    abstract = db.session.scalar(select(Abstract))
    assert [a.name for a in abstract.authors] == [
        "Marisol Gutiérrez",
        "Kwame Mensah",
        "Aïssatou Diallo",
    ]
    assert abstract.presenter.name == "Kwame Mensah"
    assert abstract.answers[0].text == "Yes, with the Federación Zacatecana."
    mail = mailbox.last("marisol@example.org")
    assert "recibimos su resumen" in mail["Subject"]
    assert "Remesas colectivas y bienes públicos locales" in mailbox.text(mail)
    assert mailbox.to("kwame@example.org") == []

    mine = client.get(f"/conferences/{event.slug}/my-abstracts").get_data(as_text=True)
    assert "Remesas colectivas" in mine and "Enviado" in mine


def test_the_same_abstract_sent_twice_is_kept_once(client, auth):
    event = make_conference()
    call = make_call(event)
    auth.login(make_user())
    first = client.post(f"/conferences/{event.slug}/submit", data=abstract_form(call))
    again = client.post(f"/conferences/{event.slug}/submit", data=abstract_form(call))
    assert first.status_code == 302 and again.status_code == 409
    assert "You have already submitted an abstract with this title." in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Abstract)) == 1


def test_required_question_and_unknown_track_are_refused(client, auth):
    event = make_conference()
    call = make_call(event, questions=(("Which association?", True),))
    auth.login(make_user())
    missing = client.post(
        f"/conferences/{event.slug}/submit",
        data=abstract_form(call, **{f"q{call.questions[0].id}": ""}),
    )
    assert missing.status_code == 400
    wrong_track = client.post(
        f"/conferences/{event.slug}/submit", data=abstract_form(call, track="9999")
    )
    assert wrong_track.status_code == 400
    wrong_presenter = client.post(
        f"/conferences/{event.slug}/submit", data=abstract_form(call, presenter="2")
    )
    assert wrong_presenter.status_code == 400
    assert "Choose the presenter among the authors." in wrong_presenter.get_data(as_text=True)
    assert db.session.scalar(select(Abstract)) is None


def test_word_limit_gives_a_clear_message(client, auth):
    event = make_conference()
    call = make_call(event, word_limit=50)
    auth.login(make_user())
    response = client.post(
        f"/conferences/{event.slug}/submit", data=abstract_form(call, text="palabra " * 51)
    )
    assert response.status_code == 400
    assert (
        "Your abstract has 51 words; the limit is 50. Shorten it by 1 words."
        in response.get_data(as_text=True)
    )
    assert db.session.scalar(select(Abstract)) is None


def test_fifty_thousand_word_abstract_is_refused_with_the_word_limit_message(client, auth):
    event = make_conference()
    call = make_call(event)
    auth.login(make_user())
    text = " ".join(["migración"] * 50_000)
    response = client.post(f"/conferences/{event.slug}/submit", data=abstract_form(call, text=text))
    assert response.status_code == 400
    assert "Your abstract has 50000 words; the limit is 250." in response.get_data(as_text=True)
    assert db.session.scalar(select(Abstract)) is None


def test_large_bodies_get_the_word_limit_message_or_413(client, auth):
    event = make_conference()
    call = make_call(event)
    auth.login(make_user())
    large = client.post(
        f"/conferences/{event.slug}/submit", data=abstract_form(call, text="mot " * 200_000)
    )
    assert large.status_code == 400
    assert "Your abstract has 200000 words; the limit is 250." in large.get_data(as_text=True)
    response = client.post(
        f"/conferences/{event.slug}/submit", data=abstract_form(call, text="mot " * 2_200_000)
    )
    assert response.status_code == 413
    assert db.session.scalar(select(Abstract)) is None


def test_submission_after_the_deadline_is_refused(client, auth):
    event = make_conference()
    now = datetime.now(UTC)
    call = make_call(event, opens=now - timedelta(days=30), deadline=now - timedelta(hours=1))
    auth.login(make_user(language="fr"))
    page = client.get(f"/conferences/{event.slug}/submit")
    assert page.status_code == 403
    assert "L’appel à résumés a fermé le" in page.get_data(as_text=True)
    response = client.post(f"/conferences/{event.slug}/submit", data=abstract_form(call))
    assert response.status_code == 403
    assert db.session.scalar(select(Abstract)) is None


def test_submission_before_the_call_opens_is_refused(client, auth):
    event = make_conference()
    now = datetime.now(UTC)
    call = make_call(event, opens=now + timedelta(days=2), deadline=now + timedelta(days=20))
    auth.login(make_user())
    response = client.post(f"/conferences/{event.slug}/submit", data=abstract_form(call))
    assert response.status_code == 403
    assert "The call for abstracts opens on" in response.get_data(as_text=True)


def test_author_edits_until_the_deadline_then_no_more(client, auth):
    event = make_conference()
    call = make_call(event)
    author = make_user()
    abstract = make_abstract(call, author)
    auth.login(author)
    page = client.get(f"/conferences/abstracts/{abstract.id}/edit")
    assert "Hometown associations and local public goods" in page.get_data(as_text=True)
    response = client.post(
        f"/conferences/abstracts/{abstract.id}/edit",
        data=abstract_form(call, title="A new title", language="en"),
        follow_redirects=True,
    )
    assert "Your changes are saved." in response.get_data(as_text=True)
    db.session.refresh(abstract)
    assert abstract.title == "A new title"

    call.deadline = datetime.now(UTC) - timedelta(minutes=1)
    call.opens_at = call.deadline - timedelta(days=5)
    db.session.commit()
    late = client.post(
        f"/conferences/abstracts/{abstract.id}/edit", data=abstract_form(call, title="Too late")
    )
    assert late.status_code == 403
    assert "closed on" in late.get_data(as_text=True)
    db.session.refresh(abstract)
    assert abstract.title == "A new title"


def test_author_withdraws_and_is_told_by_mail(client, auth, mailbox):
    event = make_conference()
    call = make_call(event)
    author = make_user(language="fr", email="sophie@example.org")
    abstract = make_abstract(call, author)
    auth.login(author)
    withdraw = f"/conferences/abstracts/{abstract.id}/withdraw"
    mails = len(mailbox.to("sophie@example.org"))
    assert "Retirer votre résumé" in client.post(withdraw).get_data(as_text=True)
    assert len(mailbox.to("sophie@example.org")) == mails  # asking changed nothing
    response = client.post(withdraw, data={"confirmed": "1"}, follow_redirects=True)
    assert "Votre résumé est retiré." in response.get_data(as_text=True)
    assert "Retiré" in response.get_data(as_text=True)
    assert "est retiré" in mailbox.last("sophie@example.org")["Subject"]
    again = client.post(withdraw, data={"confirmed": "1"})
    assert again.status_code == 409


def test_authors_see_only_their_own_abstracts(client, auth):
    event = make_conference()
    call = make_call(event)
    first = make_abstract(call, title="First author's work")
    other = make_user()
    auth.login(other)
    assert client.get(f"/conferences/abstracts/{first.id}").status_code == 404
    assert client.get(f"/conferences/abstracts/{first.id}/edit").status_code == 404
    assert client.post(f"/conferences/abstracts/{first.id}/withdraw").status_code == 404
    assert "First author" not in client.get(f"/conferences/{event.slug}/my-abstracts").get_data(
        as_text=True
    )
    assert client.get(f"/conferences/{event.slug}/manage/abstracts").status_code == 403
    db.session.refresh(first)
    assert first.state == "submitted"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    event = make_conference()
    make_call(event)
    response = client.get(f"/conferences/{event.slug}/submit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_draft_conference_is_hidden_from_members(client, auth):
    from network.events.models import EventStatus

    event = make_conference(status=EventStatus.DRAFT)
    make_call(event)
    auth.login(make_user())
    assert client.get(f"/conferences/{event.slug}/").status_code == 404
    assert client.get(f"/conferences/{event.slug}/submit").status_code == 404
    assert event.title not in client.get("/conferences/").get_data(as_text=True)


def test_organizer_edits_the_message_and_authors_receive_it(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    call = make_call(event)
    auth.login(organizer)
    url = f"/conferences/{event.slug}/manage/emails/submitted/en"
    assert "we received your abstract" in client.get(url).get_data(as_text=True)
    bad = client.post(url, data={"subject": "Hi {name.__class__}", "body": "Body {title}"})
    assert bad.status_code == 400
    assert "Unknown placeholder {name.__class__}" in bad.get_data(as_text=True)
    unbalanced = client.post(url, data={"subject": "Hi", "body": "Dear {name"})
    assert unbalanced.status_code == 400
    assert "A brace is not closed." in unbalanced.get_data(as_text=True)
    assert db.session.scalar(select(EmailTemplate)) is None
    saved = client.post(
        url,
        data={
            "subject": "{conference} – 100% received: {title}",
            "body": "Hello {name}, thanks for “{title}” ({track}). {url}",
        },
        follow_redirects=True,
    )
    assert "The message is saved." in saved.get_data(as_text=True)
    auth.logout()

    author = make_user(name="Grace <b>Wanjiru</b>", email="grace@example.org")
    abstract = make_abstract(call, author, title="Chama savings {name} abroad")
    mail = mailbox.last("grace@example.org")
    assert mail["Subject"] == f"{event.title} – 100% received: Chama savings {{name}} abroad"
    text = mailbox.text(mail)
    assert "Hello Grace <b>Wanjiru</b>, thanks for “Chama savings {name} abroad”" in text
    assert f"http://puente.test/conferences/abstracts/{abstract.id}" in text
    assert "Grace &lt;b&gt;Wanjiru&lt;/b&gt;" in mailbox.html(mail)


@pytest.mark.parametrize(
    "language, subject",
    [
        ("en", "your abstract is accepted"),
        ("es", "su resumen ha sido aceptado"),
        ("fr", "votre résumé est accepté"),
    ],
)
def test_default_decision_mail_in_the_submitters_language(client, auth, mailbox, language, subject):
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    call = make_call(event)
    author = make_user(language=language, email=f"author-{language}@example.org")
    abstract = make_abstract(call, author)
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/decide",
        data={"state": "accepted"},
    )
    client.post(f"/conferences/{event.slug}/manage/announcements")
    assert subject in mailbox.last(f"author-{language}@example.org")["Subject"]


def test_conference_page_sends_people_to_the_events_registration(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    make_call(event)
    page = client.get(f"/conferences/{event.slug}/").get_data(as_text=True)
    assert f'href="/events/{event.slug}"' in page
    assert "Registration and check-in" not in page
    auth.login(organizer)
    page = client.get(f"/conferences/{event.slug}/").get_data(as_text=True)
    assert f'href="/events/{event.id}/manage"' in page
    assert client.get(f"/events/{event.slug}").status_code == 200


def test_my_abstracts_on_the_account_page_and_in_my_data(client, auth):
    event = make_conference()
    call = make_call(event)
    author = make_user()
    make_abstract(call, author, title="Remittances in Kayes")
    auth.login(author)
    assert "Abstracts I review" in client.get("/account").get_data(as_text=True)
    assert "Remittances in Kayes" in client.get("/conferences/").get_data(as_text=True)
    data = client.get("/account/data").get_json()
    assert data["conference_abstracts"]["submitted"][0]["title"] == "Remittances in Kayes"


def test_deleting_the_account_removes_abstracts_reviews_and_marks(client, auth):
    from network.conferences import reviewing, schedule
    from network.conferences.models import Review, Talk
    from tests.factories import PASSWORD
    from tests.factories_conferences import accept, make_session

    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    call = make_call(event)
    author, reviewer = make_user(), make_user()
    mine = make_abstract(call, author, title="Leaving soon")
    other = make_abstract(call, title="Staying")
    reviewing.assign_reviewer(other, author.email)
    reviewing.save_review(other, author, {c.id: 3 for c in call.criteria}, "ok")
    accept(mine)
    session = make_session(event)
    schedule.add_talk(session, 20, abstract_id=mine.id)
    schedule.toggle_mark(author, session)
    db.session.commit()
    assert reviewer
    auth.login(author)
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    assert [a.title for a in db.session.scalars(select(Abstract))] == ["Staying"]
    assert db.session.scalar(select(Review)) is None
    assert db.session.scalar(select(Talk)) is None
    assert "Leaving soon" not in client.get(f"/conferences/{event.slug}/programme").get_data(
        as_text=True
    )


def test_a_new_call_suggests_the_conferences_themes_as_tracks(client, auth):
    from network.themes.models import Theme

    theme = Theme(
        slug="remittances",
        name_en="Remittances and development",
        name_es="Remesas y desarrollo",
        name_fr="Transferts de fonds et développement",
    )
    db.session.add(theme)
    db.session.commit()
    organizer = make_user(Role.ORGANIZER, language="es")
    event = make_conference(organizer, theme_ids=[theme.id])
    auth.login(organizer)
    page = client.get(f"/conferences/{event.slug}/manage/call").get_data(as_text=True)
    assert 'name="tracks-0-name" type="text" value="Remesas y desarrollo"' in page
    assert f'<option selected value="{theme.id}">Remesas y desarrollo</option>' in page
    assert "Convocatoria de resúmenes" in page
    client.post(
        f"/conferences/{event.slug}/manage/call",
        data=call_form(
            **{
                "tracks-0-name": "Remesas y desarrollo",
                "tracks-0-theme": str(theme.id),
                "tracks-1-name": "",
            }
        ),
    )
    assert db.session.scalar(select(Call)).tracks[0].theme_id == theme.id


def test_the_track_theme_picker_lists_themes_in_the_one_theme_order(client, auth):
    from network.themes.models import Theme

    db.session.add_all(
        [
            Theme(
                slug="gender",
                name_en="Gender",
                name_es="Género",
                name_fr="Genre",
                cross_cutting=True,
                position=0,
            ),
            Theme(slug="return", name_en="Return", name_es="Retorno", name_fr="Retour", position=5),
        ]
    )
    db.session.commit()
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    auth.login(organizer)
    page = client.get(f"/conferences/{event.slug}/manage/call").get_data(as_text=True)
    picker = page[page.index('name="tracks-0-theme"') :]
    picker = picker[: picker.index("</select>")]
    # Working-group themes come first and cross-cutting ones after, as in every other picker.
    assert picker.index(">Return<") < picker.index(">Gender<")
