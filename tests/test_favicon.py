"""The site's icon: linked from every page and answered at /favicon.ico, where browsers look."""

import io
import re

from PIL import Image


def test_every_page_links_an_icon_that_is_served(client):
    for path in ("/", "/login", "/events/"):
        html = client.get(path).get_data(as_text=True)
        icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
        assert icon, path
    response = client.get(icon.group(1))
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data


def test_favicon_ico_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "ICO" and image.size[0] >= 16


def test_the_web_manifest_names_the_network_and_its_icons(client):
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    href = re.search(r'<link rel="manifest" href="([^"]+)">', html).group(1)
    response = client.get(href, headers={"Accept-Language": "fr"})
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert (manifest["name"], manifest["lang"], manifest["start_url"]) == ("Puente", "fr", "/")
    sizes = {}
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200 and served.mimetype == icon["type"]
        if icon["type"] == "image/png":
            sizes[icon["sizes"]] = Image.open(io.BytesIO(served.data)).size
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}
