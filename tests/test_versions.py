"""Texts in every language: versions of events, questions, groups and campaigns, shown to readers
in their language or as the original marked with its language, and flagged when outdated."""

from sqlalchemy import select

from network.auth.models import Role
from network.events.models import Event
from network.extensions import db
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_conferences import make_call, make_conference
from tests.factories_events import make_event
from tests.factories_groups import make_group
from tests.test_events import EVENT_FORM


def visit(client, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def save_versions(client, path: str, **texts):
    data = {"original_language": "en", **{k.replace("_", "-", 1): v for k, v in texts.items()}}
    return client.post(path, data=data)


def test_an_organizer_adds_a_spanish_version_readers_see(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, title="Remittances seminar", description="About *remittances*.")
    auth.login(organizer)
    page = client.get(f"/versions/event/{event.id}").get_data(as_text=True)
    assert "Title in Spanish" in page and "Description in French" in page
    assert "Missing: readers of this language see the original." in page
    response = save_versions(
        client,
        f"/versions/event/{event.id}",
        es_title="Seminario sobre remesas",
        es_description="Sobre *remesas*.",
    )
    assert response.status_code == 302
    auth.logout()

    spanish = visit(client, f"/events/{event.slug}", "es")
    assert "<h1>Seminario sobre remesas</h1>" in spanish
    assert "<em>remesas</em>" in spanish
    assert "Seminario sobre remesas" in visit(client, "/events/", "es")
    french = visit(client, f"/events/{event.slug}", "fr")
    assert '<h1><span lang="en">Remittances seminar</span>' in french
    assert "pas encore traduit" in french  # the original is marked as such
    assert "<h1>Remittances seminar</h1>" in visit(client, f"/events/{event.slug}", "en")


def test_a_version_older_than_its_original_is_flagged_until_saved_again(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, title="Diaspora day")
    auth.login(organizer)
    save_versions(client, f"/versions/event/{event.id}", fr_title="Journée des diasporas")
    manage = client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    assert "Missing: Spanish." in manage and "Older than the original" not in manage

    event.title = "Diaspora day 2027"
    db.session.commit()
    manage = client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    assert "Older than the original: French." in manage
    assert "Older than the original: the original changed" in client.get(
        f"/versions/event/{event.id}"
    ).get_data(as_text=True)
    save_versions(
        client,
        f"/versions/event/{event.id}",
        fr_title="Journée des diasporas 2027",
        es_title="Día de las diásporas 2027",
    )
    manage = client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    assert "Versions up to date" in manage


def test_registration_questions_are_asked_in_the_readers_language(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, questions=[{"kind": "short", "label": "Your affiliation"}])
    question = event.questions[0]
    auth.login(organizer)
    save_versions(client, f"/versions/event-question/{question.id}", es_label="Su afiliación")
    auth.logout()
    assert "Su afiliación" in visit(client, f"/events/{event.slug}", "es")
    assert "Your affiliation" in visit(client, f"/events/{event.slug}", "fr")


def test_staff_keep_group_and_campaign_versions(client, auth):
    auth.login(make_user(Role.STAFF))
    group = make_group(name="Remittances", description="We study remittances.")
    campaign = make_campaign(title="Rights for all")
    save_versions(client, f"/versions/group/{group.id}", fr_name="Envois de fonds")
    save_versions(
        client,
        f"/versions/campaign/{campaign.id}",
        es_title="Derechos para todas",
        es_statement="Pedimos **derechos**.",
    )
    auth.logout()
    assert "<h1>Envois de fonds</h1>" in visit(client, f"/groups/{group.slug}", "fr")
    page = visit(client, f"/advocacy/campaigns/{campaign.slug}", "es")
    assert "<h1>Derechos para todas</h1>" in page and "<strong>derechos</strong>" in page
    assert 'content="Derechos para todas"' in page  # what a shared link shows


def test_only_editors_reach_the_versions_page(client, auth):
    event = make_event()
    group = make_group()
    assert client.get(f"/versions/event/{event.id}").status_code == 302  # sign in first
    auth.login(make_user())
    assert client.get(f"/versions/event/{event.id}").status_code == 403
    assert client.get(f"/versions/group/{group.id}").status_code == 403
    assert save_versions(client, f"/versions/group/{group.id}", es_name="X").status_code == 403
    assert client.get("/versions/nothing/1").status_code == 404
    assert client.get("/versions/event/999999").status_code == 404


def test_an_overlong_version_is_refused_and_nothing_is_kept(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer)
    auth.login(organizer)
    response = save_versions(client, f"/versions/event/{event.id}", es_title="x" * 20_001)
    assert response.status_code == 400
    db.session.refresh(event)
    assert event.versions == {}


def test_a_new_text_is_taken_to_be_in_its_writers_language(client, auth):
    auth.login(make_user(Role.ORGANIZER, language="fr"))
    assert client.post("/events/new", data=EVENT_FORM).status_code == 302
    event = db.session.scalar(select(Event))
    assert event.original_language == "fr"
    page = client.get(f"/versions/event/{event.id}").get_data(as_text=True)
    assert "Titre en espagnol" in page and "Titre en français" not in page


def test_conference_tracks_are_named_in_the_readers_language(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    track = make_call(event).tracks[0]
    auth.login(organizer)
    manage = client.get(f"/conferences/{event.slug}/manage/call").get_data(as_text=True)
    assert f"/versions/conference-track/{track.id}" in manage
    save_versions(client, f"/versions/conference-track/{track.id}", es_name="Remesas y desarrollo")
    auth.logout()
    assert "<li>Remesas y desarrollo</li>" in visit(client, f"/conferences/{event.slug}/", "es")
    auth.login(make_user(language="es"))
    assert client.get(f"/versions/conference-track/{track.id}").status_code == 403
    submit = client.get(f"/conferences/{event.slug}/submit").get_data(as_text=True)
    assert ">Remesas y desarrollo</option>" in submit


def test_call_questions_are_asked_in_the_readers_language(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    question = make_call(event).questions[0]
    auth.login(organizer)
    manage = client.get(f"/conferences/{event.slug}/manage/call").get_data(as_text=True)
    assert f"/versions/conference-question/{question.id}" in manage
    save_versions(
        client,
        f"/versions/conference-question/{question.id}",
        es_prompt="¿Este trabajo se hizo con asociaciones de migrantes?",
    )
    auth.logout()
    auth.login(make_user(language="es"))
    assert client.get(f"/versions/conference-question/{question.id}").status_code == 403
    submit = client.get(f"/conferences/{event.slug}/submit").get_data(as_text=True)
    assert "¿Este trabajo se hizo con asociaciones de migrantes?" in submit
    auth.logout()
    auth.login(make_user(language="en"))
    submit = client.get(f"/conferences/{event.slug}/submit").get_data(as_text=True)
    assert "Is this work co-produced with migrant associations?" in submit


def test_a_list_without_a_name_in_the_readers_language_shows_another_marked(client):
    from tests.factories_lists import make_list

    mailing_list = make_list(name="Remittances bulletin")
    mailing_list.name_fr = ""
    db.session.commit()
    french = visit(client, f"/advocacy/lists/{mailing_list.slug}", "fr")
    assert '<span lang="en">Remittances bulletin</span>' in french
    assert "pas encore traduit" in french
    spanish = visit(client, f"/advocacy/lists/{mailing_list.slug}", "es")
    assert f"<h1>{mailing_list.name_es}</h1>" in spanish
