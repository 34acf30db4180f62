"""The expert finder: filters, privacy, paging, shareable links, and a constant statement count."""

import re

import pytest
from sqlalchemy import event

from network.auth.models import Role
from network.extensions import db
from network.groups.models import GroupMembership, WorkingGroup
from tests.factories import make_user
from tests.factories_members import make_organization, make_profile, themes_by_slug


def names(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'<h3 class="h5 mb-1"><a href="[^"]+">([^<]+)</a></h3>', html)


@pytest.fixture
def network():
    themes = themes_by_slug()
    people = {
        "ana": make_profile(
            display_name="Ana María Quispe",
            kind="scholar",
            country="PE",
            headline="Andean migration to Argentina",
            origins=["PE"],
            languages=["es", "qu"],
            theme_ids=[themes["labor-migration"].id],
            corridors=[("PE", "AR")],
            expertise="labor markets, seasonal work",
        ),
        "kwame": make_profile(
            display_name="Kwame Mensah",
            kind="practitioner",
            country="GH",
            headline="Remittance costs in West Africa",
            languages=["en"],
            theme_ids=[themes["remittances"].id],
            corridors=[("GH", "GB"), ("GH", "US")],
            bio="Works on **mobile money** transfers.",
        ),
        "sophie": make_profile(
            display_name="Sophie Martin",
            kind="journalist",
            country="FR",
            origins=["SN"],
            languages=["fr", "en"],
            theme_ids=[themes["gender"].id],
            corridors=[("SN", "FR")],
            visibility="members",
        ),
        "hidden": make_profile(
            display_name="Hidden Person",
            kind="scholar",
            country="PE",
            theme_ids=[themes["labor-migration"].id],
            listed_in_directory=False,
        ),
        "private": make_profile(
            display_name="Private Person", kind="scholar", country="PE", visibility="private"
        ),
    }
    orgs = {
        "hta": make_organization(
            name="Club Zacatecas Unidos",
            kind="migrant_association",
            country="US",
            served_countries=["MX"],
            corridors=[("MX", "US")],
            languages=["es"],
            theme_ids=[themes["diaspora-resources"].id],
        ),
        "tank": make_organization(
            name="Observatorio de Migraciones",
            kind="think_tank",
            country="AR",
            theme_ids=[themes["labor-migration"].id],
            languages=["es"],
        ),
    }
    return themes, people, orgs


def test_anonymous_visitors_see_public_listed_profiles_only(client, network):
    assert names(client.get("/members/directory")) == ["Ana María Quispe", "Kwame Mensah"]


def test_members_also_see_members_only_profiles(client, auth, network):
    auth.login(make_user())
    assert names(client.get("/members/directory")) == [
        "Ana María Quispe",
        "Kwame Mensah",
        "Sophie Martin",
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=quispe", ["Ana María Quispe"]),
        (
            "q=MARIA+andean",
            ["Ana María Quispe"],
        ),  # accents and case do not matter, every word must match
        ("q=mobile+money", ["Kwame Mensah"]),  # biography
        ("q=seasonal", ["Ana María Quispe"]),  # expertise
        ("q=100%25", []),
        ("kind=practitioner", ["Kwame Mensah"]),
        ("theme=labor-migration", ["Ana María Quispe"]),
        ("country=SN", ["Sophie Martin"]),  # a country of origin counts
        ("country=PE", ["Ana María Quispe"]),
        ("origin=GH", ["Kwame Mensah"]),
        ("destination=AR", ["Ana María Quispe"]),
        ("origin=GH&destination=US", ["Kwame Mensah"]),
        ("origin=PE&destination=US", []),
        ("language=fr", ["Sophie Martin"]),
        ("language=en&sort=newest", ["Sophie Martin", "Kwame Mensah"]),
        ("language=es&theme=labor-migration&country=PE&origin=PE", ["Ana María Quispe"]),
    ],
)
def test_filters(client, auth, network, query, expected):
    auth.login(make_user())
    response = client.get(f"/members/directory?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_working_group_filter(client, network):
    _themes, people, _orgs = network
    group = WorkingGroup(slug="remit", name="Remittances working group")
    db.session.add(group)
    db.session.flush()
    db.session.add_all(
        [
            GroupMembership(group_id=group.id, user_id=people["kwame"].user_id, state="active"),
            GroupMembership(group_id=group.id, user_id=people["ana"].user_id, state="pending"),
        ]
    )
    db.session.commit()
    response = client.get(f"/members/directory?group={group.id}")
    assert names(response) == ["Kwame Mensah"]
    assert "Remittances working group" in response.get_data(as_text=True)
    person_page = client.get(f"/members/{people['kwame'].id}").get_data(as_text=True)
    assert '<a href="/groups/remit">Remittances working group</a>' in person_page
    assert "Remittances working group" not in client.get(f"/members/{people['ana'].id}").get_data(
        as_text=True
    )


def test_organizations_tab(client, network):
    assert names(client.get("/members/directory?type=organizations")) == [
        "Club Zacatecas Unidos",
        "Observatorio de Migraciones",
    ]
    assert names(client.get("/members/directory?type=organizations&kind=think_tank")) == [
        "Observatorio de Migraciones"
    ]
    assert names(client.get("/members/directory?type=organizations&country=MX")) == [
        "Club Zacatecas Unidos"
    ]
    assert names(client.get("/members/directory?type=organizations&origin=MX&destination=US")) == [
        "Club Zacatecas Unidos"
    ]
    assert names(
        client.get("/members/directory?type=organizations&theme=labor-migration&language=es")
    ) == ["Observatorio de Migraciones"]
    assert names(client.get("/members/directory?type=organizations&q=zacatecas")) == [
        "Club Zacatecas Unidos"
    ]


def test_bad_filters_get_a_message(client, network):
    for query in ["kind=wizard", "theme=nope", "country=XX", "sort=random", "type=cats"]:
        response = client.get(f"/members/directory?{query}")
        assert response.status_code == 400
        assert "Some filters are not valid" in response.get_data(as_text=True)


def test_pages_keep_the_search_in_the_link(client):
    themes = themes_by_slug()
    for n in range(25):
        make_profile(display_name=f"Researcher {n:02d}", theme_ids=[themes["remittances"].id])
    first = client.get("/members/directory?theme=remittances&sort=name")
    assert names(first)[0] == "Researcher 00" and len(names(first)) == 20
    html = first.get_data(as_text=True)
    link = (
        re.search(r'href="(/members/directory\?[^"]*page=2[^"]*)"', html)
        .group(1)
        .replace("&amp;", "&")
    )
    assert "theme=remittances" in link and "sort=name" in link
    second = client.get(link)
    assert names(second) == [f"Researcher {n}" for n in range(20, 25)]
    assert "Results: 25" in html


def test_directory_in_spanish_and_french(client, network):
    es = client.get("/members/directory?country=PE", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )
    assert "Directorio" in es and "Perú" in es and "Migración laboral" in es
    fr = client.get(
        "/members/directory?type=organizations", headers={"Accept-Language": "fr"}
    ).get_data(as_text=True)
    assert "Annuaire" in fr and "Organisations" in fr and "Argentine" in fr


def count_statements(client, url) -> int:
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return len(statements)


def test_statement_count_does_not_grow_with_results(client, auth):
    themes = themes_by_slug()
    few, many = themes["gender"], themes["remittances"]
    viewer = make_user(Role.MEMBER)
    for n in range(5):
        make_profile(
            display_name=f"Few {n}",
            theme_ids=[few.id, many.id],
            languages=["es", "en"],
            corridors=[("MX", "US"), ("GT", "US")],
        )
    for n in range(50):
        make_profile(
            display_name=f"Many {n}",
            theme_ids=[many.id],
            languages=["fr"],
            corridors=[("SN", "FR"), ("ML", "FR"), ("SN", "ES")],
        )
        make_organization(name=f"Org {n}", theme_ids=[many.id], corridors=[("SN", "FR")])
    auth.login(viewer)
    client.get("/themes/")  # the signed-in account is read once, then kept until a write
    small = count_statements(client, "/members/directory?theme=gender")
    large = count_statements(client, "/members/directory?theme=remittances")
    assert small == large
    assert (
        count_statements(client, "/members/directory?type=organizations&theme=remittances") == small
    )
    auth.logout()
    assert count_statements(client, "/members/directory?theme=gender") == count_statements(
        client, "/members/directory?theme=remittances"
    )
