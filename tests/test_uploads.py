"""Photos and logos: what would be costly to decode is refused from its header, photos pass."""

import functools
import io
import struct

import pytest
from PIL import Image
from sqlalchemy import select

from network.extensions import db
from network.members.models import Organization, PersonProfile
from tests.factories import make_user
from tests.factories_members import image_bytes, make_organization

TOO_MANY = "The image has too many pixels. Choose a smaller one."


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@functools.cache
def png_bomb() -> bytes:
    """The report's file: a small PNG of 6300 x 6300 pixels (40 MP, ~300 MB once decoded)."""
    return image_bytes("PNG", (6300, 6300))


def with_canvas(fmt: str, size: tuple[int, int]) -> bytes:
    """A 1 x 1 picture whose header claims a canvas of `size`: the decoder would allocate it all."""
    out = io.BytesIO()
    frames = [Image.new("RGB", (1, 1), (200, 80, 40)), Image.new("RGB", (1, 1), (40, 80, 200))]
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:])
    data = bytearray(out.getvalue())
    if fmt == "GIF":
        data[6:10] = struct.pack("<HH", *size)
    else:  # WebP: the VP8X chunk holds width - 1 and height - 1 on 24 bits each
        at = data.index(b"VP8X") + 12
        data[at : at + 6] = (size[0] - 1).to_bytes(3, "little") + (size[1] - 1).to_bytes(
            3, "little"
        )
    return bytes(data)


def rotated_jpeg() -> bytes:
    """1200 x 900 stored sideways with EXIF orientation 6, as phones write them."""
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 80, 40)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def profile_form(photo: bytes, name="photo.png", **overrides):
    return {
        "display_name": "Ana Pérez",
        "kind": "scholar",
        "country": "MX",
        "visibility": "public",
        "email_visibility": "private",
        "website_visibility": "public",
        "photo": (io.BytesIO(photo), name),
        **overrides,
    }


def org_form(logo: bytes, **overrides):
    return {
        "name": "Red de Migrantes",
        "kind": "ngo",
        "country": "MX",
        "visibility": "public",
        "email_visibility": "private",
        "logo": (io.BytesIO(logo), "logo.png"),
        **overrides,
    }


def stored_photo(user):
    db.session.expire_all()
    return db.session.scalar(select(PersonProfile.photo).where(PersonProfile.user_id == user.id))


def served_size(client, name) -> tuple[int, int]:
    response = client.get(f"/members/uploads/{name}")
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.data)) as image:
        return image.size


@pytest.mark.parametrize(
    "content",
    [
        png_bomb,
        lambda: with_canvas("GIF", (6300, 6300)),
        lambda: with_canvas("WEBP", (6300, 6300)),
        lambda: with_canvas("GIF", (16000, 16000)),  # past Pillow's own guard as well
        lambda: with_canvas("WEBP", (16000, 16000)),
    ],
    ids=["png-6300", "gif-6300", "webp-6300", "gif-16000", "webp-16000"],
)
def test_profile_photo_with_too_many_pixels_is_refused_and_nothing_stored(
    client, auth, uploads, content
):
    user = make_user()
    auth.login(user)
    response = client.post("/members/me/edit", data=profile_form(content()))
    assert response.status_code == 400
    assert TOO_MANY in response.get_data(as_text=True)
    assert stored_photo(user) is None
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_organization_logo_with_too_many_pixels_is_refused_in_the_readers_language(
    client, auth, uploads
):
    admin = make_user(language="es")
    org = make_organization(admin, name="Logo Test")
    auth.login(admin)
    response = client.post(
        f"/members/org/{org.id}/edit",
        data=org_form(png_bomb(), name="Renamed"),
        headers={"Accept-Language": "es"},
    )
    assert response.status_code == 400
    assert "La imagen tiene demasiados píxeles" in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Organization, org.id)
    assert saved.name == "Logo Test" and saved.logo is None
    assert not uploads.exists() or list(uploads.iterdir()) == []


@pytest.mark.parametrize("size", [(4000, 3000), (8000, 6000)], ids=["12-MP", "48-MP"])
def test_camera_photos_are_accepted_and_shrunk(client, auth, size):
    """JPEG decodes at a fraction of its size, so a 48 MP phone photo costs less than 12 MP whole."""
    user = make_user()
    auth.login(user)
    photo = image_bytes("JPEG", size)
    assert client.post("/members/me/edit", data=profile_form(photo, "photo.jpg")).status_code == 302
    assert served_size(client, stored_photo(user)) == (800, 600)


def test_a_sideways_phone_photo_is_stored_upright(client, auth):
    user = make_user()
    auth.login(user)
    assert (
        client.post("/members/me/edit", data=profile_form(rotated_jpeg(), "photo.jpg")).status_code
        == 302
    )
    assert served_size(client, stored_photo(user)) == (600, 800)


def test_organization_logo_is_accepted(client, auth):
    admin = make_user()
    org = make_organization(admin)
    auth.login(admin)
    logo = image_bytes("PNG", (4000, 3000), "RGBA")
    assert client.post(f"/members/org/{org.id}/edit", data=org_form(logo)).status_code == 302
    db.session.expire_all()
    assert served_size(client, db.session.get(Organization, org.id).logo) == (800, 600)
