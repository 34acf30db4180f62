"""The search box: one query over people, organizations, groups, events, publications,
campaigns and newsletters, each kind with the visibility of its own pages, accents folded and
words cut to their stem in the reader's language."""

import re

import pytest

from network.events.models import EventStatus, Visibility
from network.extensions import db
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_events import make_event
from tests.factories_groups import make_group
from tests.factories_library import make_item
from tests.factories_lists import make_list
from tests.factories_members import make_organization, make_profile
from tests.factories_newsletters import make_newsletter


def found(client, q: str, language: str = "en") -> dict[str, list[str]]:
    """Each kind's heading on the results page, with the link texts under it."""
    html = client.get(
        "/search/", query_string={"q": q}, headers={"Accept-Language": language}
    ).get_data(as_text=True)
    sections = re.findall(r'<section[^>]*aria-labelledby="found-(\w+)">(.*?)</section>', html, re.S)
    return {
        kind: [
            re.sub(r"<[^>]+>", "", link).strip() for link in re.findall(r"<a [^>]+>(.*?)</a>", body)
        ]
        for kind, body in sections
    }


def test_an_accentless_name_finds_the_person_and_hidden_profiles_never_appear(client, auth):
    make_profile(display_name="Rosa Ñúñez")
    make_profile(display_name="Teresa Núñez", visibility="members")
    make_profile(display_name="Ana Núñez", listed_in_directory=False)

    assert found(client, "nunez")["people"] == ["Rosa Ñúñez"]
    auth.login(make_user())
    assert found(client, "NUNEZ")["people"] == ["Rosa Ñúñez", "Teresa Núñez"]


def test_an_event_is_found_by_a_word_of_its_spanish_version(client):
    event = make_event(title="Remittances and development")
    event.set_version("title", "es", "Remesas y desarrollo en los Andes")
    db.session.commit()
    make_event(title="Border studies")

    assert found(client, "andes", "es")["events"] == ["Remesas y desarrollo en los Andes"]
    # An English reader sees the original title of the same event.
    assert found(client, "andes", "en")["events"] == ["Remittances and development"]


def test_a_publication_is_found_by_its_french_abstract(client):
    make_item(
        texts={"fr": ("Transferts de fonds", "Les envois des travailleurs sénégalais.")},
        original_language="fr",
    )
    make_item(texts={"en": ("Wages", "Nothing about it.")})

    assert found(client, "senegalais", "fr")["publications"] == ["Transferts de fonds"]


def test_words_are_cut_to_their_stem_in_the_readers_language(client):
    group = make_group(name="Apoyo al migrante", description="Derechos laborales.")
    group.original_language = "es"
    db.session.commit()

    assert found(client, "migrantes", "es")["groups"] == ["Apoyo al migrante"]
    assert found(client, "derecho laboral", "es")["groups"] == ["Apoyo al migrante"]


def test_events_keep_the_visibility_of_their_pages(client, auth):
    group = make_group(name="Corridors")
    make_event(title="Open seminar on corridors")
    make_event(title="Corridors members meeting", visibility=Visibility.GROUP.value, group=group)
    make_event(title="Corridors draft", status=EventStatus.DRAFT.value)

    assert found(client, "corridors")["events"] == ["Open seminar on corridors"]
    auth.login(make_user())
    assert found(client, "corridors")["events"] == ["Open seminar on corridors"]


def test_an_edit_is_found_at_once_and_the_old_words_no_longer(client):
    event = make_event(title="Diaspora bonds")
    assert found(client, "diaspora")["events"] == ["Diaspora bonds"]

    event.title = "Remittance channels"
    db.session.commit()
    assert "events" not in found(client, "diaspora")
    assert found(client, "channels")["events"] == ["Remittance channels"]

    db.session.delete(event)
    db.session.commit()
    assert "events" not in found(client, "channels")


def test_campaigns_organizations_and_sent_newsletters_are_found(client):
    make_campaign(title="Safe passage now")
    make_organization(name="Asociación Peñón")
    archive = make_list(name="Bulletin")
    sent = make_newsletter([archive], subject="Passage and asylum bulletin for {{ name }}")
    sent.status = "sent"
    make_newsletter([archive], subject="Passage draft")
    db.session.commit()

    assert found(client, "passage")["campaigns"] == ["Safe passage now"]
    assert found(client, "passage")["newsletters"] == ["Passage and asylum bulletin for friend"]
    assert found(client, "penon")["organizations"] == ["Asociación Peñón"]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_search_box_is_on_every_page_and_answers_in_each_language(client, language):
    home = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
    assert 'role="search"' in home and 'for="site-search-q"' in home

    empty = client.get("/search/?q=zzzz", headers={"Accept-Language": language})
    assert empty.status_code == 200
    assert "zzzz" in empty.get_data(as_text=True)
    assert client.get("/search/", query_string={"q": "x" * 5000}).status_code == 200


def test_a_query_is_escaped_on_the_page(client):
    html = client.get("/search/", query_string={"q": "<script>alert(1)</script>"}).get_data(
        as_text=True
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
