"""Full-text search of people and organizations (PostgreSQL tsvector, SQLite FTS5): accents
and case do not matter, words match from their start, and edits are found at once."""

import re

from network.auth.models import Role
from network.extensions import db
from tests.factories import make_user
from tests.factories_members import make_organization, make_profile
from tests.test_membership import make_membership


def names(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'<h3 class="h5 mb-1"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_unaccented_words_find_accented_names(client):
    make_profile(display_name="Rosa Ñúñez", headline="Remesas y desarrollo")
    make_profile(display_name="Kwame Mensah", headline="Remittance costs")

    assert names(client.get("/members/directory?q=Nunez")) == ["Rosa Ñúñez"]
    assert names(client.get("/members/directory?q=rosa+NUN")) == ["Rosa Ñúñez"]
    assert names(client.get("/members/directory?q=remesas")) == ["Rosa Ñúñez"]
    assert names(client.get("/members/directory?q=nunez+mensah")) == []


def test_organizations_are_searched_too(client):
    make_organization(name="Asociación Peñón de Migrantes")
    make_organization(name="Red Andina")

    found = names(client.get("/members/directory?type=organizations&q=penon"))
    assert found == ["Asociación Peñón de Migrantes"]


def test_an_edit_is_found_at_once_and_the_old_words_no_longer(client):
    profile = make_profile(display_name="Rosa Núñez")
    assert names(client.get("/members/directory?q=nunez")) == ["Rosa Núñez"]

    profile.display_name, profile.search_text = "Rosa Quispe", "rosa quispe"
    db.session.commit()

    assert names(client.get("/members/directory?q=quispe")) == ["Rosa Quispe"]
    assert names(client.get("/members/directory?q=nunez")) == []


def test_punctuation_in_a_search_is_harmless(client):
    make_profile(display_name="Rosa Ñúñez")
    for query in ['"', "nunez*", "a:*&|!(", "%_\\", "NEAR(", "-"]:
        response = client.get("/members/directory", query_string={"q": query})
        assert response.status_code == 200, query


def test_staff_member_list_searches_profiles(client, auth):
    make_membership(make_profile(display_name="Rosa Ñúñez", expertise="remesas").user)
    make_membership(make_user(name="Kwame Mensah"))
    auth.login(make_user(Role.STAFF))

    page = client.get("/membership/staff/members?q=nunez").get_data(as_text=True)
    assert "Rosa Ñúñez" in page and "Kwame Mensah" not in page
    page = client.get("/membership/staff/members?q=remesas").get_data(as_text=True)
    assert "Rosa Ñúñez" in page and "Kwame Mensah" not in page
