"""The theme taxonomy: seeded in three languages, edited by staff only."""

from sqlalchemy import func, select

from network.auth.models import Role
from network.extensions import db
from network.themes.models import Theme
from network.themes.services import seed_themes
from tests.factories import make_user


def test_seed_command_adds_the_sixteen_themes_once(runner):
    result = runner.invoke(args=["seed-themes"])
    assert "16 themes added" in result.output
    assert "0 themes added" in runner.invoke(args=["seed-themes"]).output
    assert db.session.scalar(select(func.count(Theme.id))) == 16
    cross = db.session.scalars(select(Theme.name_en).where(Theme.cross_cutting)).all()
    assert sorted(cross) == [
        "Capacity building and local authorities",
        "Gender",
        "Monitoring and evaluation",
        "Public perceptions and communication",
    ]
    remittances = db.session.scalar(select(Theme).where(Theme.slug == "remittances"))
    assert (remittances.name_es, remittances.name_fr) == ("Remesas", "Envois de fonds")


def test_staff_list_in_three_languages(client, auth):
    seed_themes()
    db.session.commit()
    auth.login(make_user(Role.STAFF, language="es"))
    html = client.get("/themes/manage").get_data(as_text=True)
    assert "Temas" in html and "Desplazamiento forzado" in html and "Forced displacement" in html
    client.post("/language", data={"lang": "fr", "next": "/"})
    html = client.get("/themes/manage").get_data(as_text=True)
    assert "Thèmes" in html and "Ajouter un thème" in html


def test_staff_add_and_edit_a_theme(client, auth):
    auth.login(make_user(Role.STAFF))
    response = client.post(
        "/themes/new",
        data={
            "name_en": "Return migration",
            "name_es": "Migración de retorno",
            "name_fr": "Migration de retour",
        },
        follow_redirects=True,
    )
    assert "The theme is added." in response.get_data(as_text=True)
    theme = db.session.scalar(select(Theme).where(Theme.slug == "return-migration"))
    response = client.post(
        f"/themes/{theme.id}/edit",
        data={
            "name_en": "Return and reintegration",
            "name_es": "Retorno y reintegración",
            "name_fr": "Retour et réintégration",
            "cross_cutting": "y",
        },
        follow_redirects=True,
    )
    assert "Return and reintegration" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).cross_cutting


def test_theme_names_are_checked(client, auth):
    seed_themes()
    db.session.commit()
    auth.login(make_user(Role.STAFF))
    response = client.post(
        "/themes/new", data={"name_en": "gender", "name_es": "x", "name_fr": "y"}
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)
    response = client.post(
        "/themes/new", data={"name_en": "Evil\u202etheme", "name_es": "x", "name_fr": "y"}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Theme.id))) == 16


def test_members_and_visitors_cannot_manage_themes(client, auth):
    seed_themes()
    db.session.commit()
    theme_id = db.session.scalar(select(Theme.id))
    assert client.get("/themes/manage").status_code == 302  # to sign in
    auth.login(make_user(Role.ORGANIZER))
    assert client.get("/themes/manage").status_code == 403
    assert client.get("/themes/new").status_code == 403
    assert (
        client.post(
            "/themes/new", data={"name_en": "X", "name_es": "X", "name_fr": "X"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/themes/{theme_id}/edit", data={"name_en": "X", "name_es": "X", "name_fr": "X"}
        ).status_code
        == 403
    )
    assert db.session.scalar(select(func.count(Theme.id))) == 16
