"""The map of the network on the directory page: countries shaded by how many listed people and
organizations the reader may see there, each linked to the directory filtered by it, and the
same figures in a table."""

import re

import pytest
from lxml import etree

from network.members.map import shades
from tests.factories import make_user
from tests.factories_members import make_organization, make_profile

SVG = "{http://www.w3.org/2000/svg}"


def directory(client, **headers) -> str:
    return client.get("/members/directory", headers=headers).get_data(as_text=True)


def map_svg(html: str):
    """The page's <svg> element, parsed as XML: it must be well formed."""
    return etree.fromstring(re.search(r"<svg .*?</svg>", html, re.S)[0])


def table_rows(html: str) -> dict[str, tuple[str, int, int]]:
    """Country code -> (name, people, organizations), from the table alternative."""
    table = re.search(r"<details class=\"network-map-table\">.*?</details>", html, re.S)[0]
    rows = re.findall(
        r'<th scope="row"><a href="/members/directory\?(?:type=organizations&amp;)?country=(\w\w)">'
        r'([^<]+)</a></th>\s*<td class="text-end">(\d+)</td>\s*<td class="text-end">(\d+)</td>',
        table,
    )
    return {code: (name, int(people), int(orgs)) for code, name, people, orgs in rows}


def test_the_directory_shows_each_countrys_people_and_organizations(client):
    make_profile(display_name="Rosa Mamani", country="BO")
    make_profile(display_name="Ana Quispe", country="BO")
    make_organization(name="Red Andina", country="PE")

    html = directory(client)

    assert "Where the people and organizations in the directory are based." in html
    assert table_rows(html) == {"BO": ("Bolivia", 2, 0), "PE": ("Peru", 0, 1)}
    links = {a.get("href"): a for a in map_svg(html).iter(f"{SVG}a")}
    bolivia = links["/members/directory?country=BO"]
    assert bolivia.find(f"{SVG}title").text == "Bolivia: 2 people, 0 organizations"
    assert bolivia.find(f"{SVG}path").get("class") == "shade-5"
    peru = links["/members/directory?type=organizations&country=PE"]
    assert peru.find(f"{SVG}title").text == "Peru: 0 people, 1 organization"


def test_a_hidden_or_unlisted_profile_is_counted_only_for_those_who_may_see_it(client, auth):
    make_profile(display_name="Teresa Núñez", country="SN", visibility="members")
    make_profile(display_name="Ana Quispe", country="KE", listed_in_directory=False)

    html = directory(client)
    assert table_rows(html) == {}
    assert "Nobody is listed in the directory yet." in html
    assert not list(map_svg(html).iter(f"{SVG}a"))

    make_profile(display_name="Rosa Mamani", country="BO")
    assert table_rows(directory(client)) == {"BO": ("Bolivia", 1, 0)}

    auth.login(make_user())
    assert table_rows(directory(client)) == {"BO": ("Bolivia", 1, 0), "SN": ("Senegal", 1, 0)}


def test_a_country_leads_to_the_directory_filtered_by_it(client):
    make_profile(display_name="Rosa Mamani", country="BO")
    make_profile(display_name="Kwame Mensah", country="GH")
    html = directory(client)
    assert 'href="/members/directory?country=BO"' in html

    response = client.get("/members/directory?country=BO")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Rosa Mamani" in page and "Kwame Mensah" not in page


@pytest.mark.parametrize(
    ("language", "name", "title"),
    [
        ("en", "Germany", "Map of the network"),
        ("es", "Alemania", "Mapa de la red"),
        ("fr", "Allemagne", "Carte du réseau"),
    ],
)
def test_the_map_speaks_the_readers_language(client, language, name, title):
    make_profile(display_name="Hans Weber", country="DE")

    html = directory(client, **{"Accept-Language": language})

    assert table_rows(html) == {"DE": (name, 1, 0)}
    assert map_svg(html).find(f"{SVG}title").text == title


def test_the_map_is_a_named_svg_with_its_description(client):
    make_profile(display_name="Rosa Mamani", country="BO")
    svg = map_svg(directory(client))
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    assert "1 country" in desc.text
    assert len(list(svg.iter(f"{SVG}path"))) > 150


def test_a_search_shows_its_results_without_the_map(client):
    make_profile(display_name="Rosa Mamani", country="BO")
    assert "<svg" not in client.get("/members/directory?q=Rosa").get_data(as_text=True)


def test_shades_split_the_countries_in_quantiles():
    legend = shades([1, 1, 2, 3, 5, 8, 13, 40, 90, 300])
    assert [(s.level, s.label) for s in legend] == [
        (1, "1"),
        (2, "2–3"),
        (3, "4–8"),
        (4, "9–40"),
        (5, "41–300"),
    ]
    assert [(s.level, s.label) for s in shades([4, 4, 9])] == [(3, "4"), (5, "5–9")]
    assert shades([]) == []
