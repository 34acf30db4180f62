"""Profiles and organizations made through the same service the pages use."""

import io

from PIL import Image

from network.extensions import db
from network.members import organizations, services
from network.members.organizations import OrganizationInput
from network.members.services import PersonInput
from network.themes.models import Theme
from network.themes.services import seed_themes
from tests.factories import make_user

VALID_ORCID = "0000-0002-1825-0097"


def themes_by_slug() -> dict[str, Theme]:
    seed_themes()
    db.session.commit()
    return {t.slug: t for t in db.session.scalars(db.select(Theme))}


def make_profile(user=None, **fields):
    user = user or make_user(name=fields.get("display_name"))
    data = {
        "display_name": user.name,
        "kind": "scholar",
        "visibility": "public",
        "listed_in_directory": True,
        **fields,
    }
    profile = services.save_person_profile(user, PersonInput(**data))
    db.session.commit()
    return profile


def make_organization(admin=None, **fields):
    admin = admin or make_user()
    data = {
        "name": "Red de Migrantes",
        "kind": "ngo",
        "visibility": "public",
        "listed_in_directory": True,
        **fields,
    }
    org = organizations.create_organization(admin, OrganizationInput(**data))
    db.session.commit()
    return org


def image_bytes(fmt="PNG", size=(1200, 900), mode="RGB") -> bytes:
    out = io.BytesIO()
    color = {"RGB": (200, 80, 40), "RGBA": (200, 80, 40, 128), "1": 1}[mode]
    Image.new(mode, size, color).save(out, fmt)
    return out.getvalue()
