"""Photos and logos: only real images, re-encoded, bounded, stored under names we choose.

Files follow the database: a new file is removed if the transaction rolls back, a replaced one
only once the commit that stops pointing at it has succeeded.
"""
import io
import re
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session

from network.errors import DomainError
from network.extensions import db

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000
MAX_SIDE = 800
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
NAME_PATTERN = re.compile(r"^[0-9a-f]{32}\.(png|jpg)$")
NEW_FILES = "members_new_uploads"
OLD_FILES = "members_replaced_uploads"


class ImageRejected(DomainError):
    """The uploaded file is not an image we accept; shown next to the file field."""


def upload_dir() -> Path:
    return Path(current_app.config.get("UPLOAD_DIR") or Path(current_app.instance_path) / "uploads")


def store_image(data: bytes) -> str:
    """Checks, shrinks and re-encodes an uploaded image; returns the stored file's name."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(_("The image is larger than %(mb)d MB. Choose a smaller one.",
                            mb=MAX_UPLOAD_BYTES // (1024 * 1024)))
    image = _decode(data)
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    name = secrets.token_hex(16) + (".png" if has_alpha else ".jpg")
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    if has_alpha:
        image.convert("RGBA").save(path, "PNG", optimize=True)
    else:
        image.convert("RGB").save(path, "JPEG", quality=85, optimize=True)
    db.session().info.setdefault(NEW_FILES, []).append(str(path))
    return name


def _decode(data: bytes) -> Image.Image:
    not_an_image = ImageRejected(_("This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP picture."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_SOURCE_PIXELS:
                raise ImageRejected(_("The image has too many pixels. Choose a smaller one."))
            probe.verify()
        # verify() leaves the image unusable, so decode it again for real.
        image = Image.open(io.BytesIO(data))
        image.load()
        return image
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image


def discard_image(name: str | None) -> None:
    """Forget a stored image once the current transaction commits."""
    if name and NAME_PATTERN.match(name):
        db.session().info.setdefault(OLD_FILES, []).append(str(upload_dir() / name))


@event.listens_for(Session, "after_commit")
def _remove_replaced(session):
    session.info.pop(NEW_FILES, None)
    for path in session.info.pop(OLD_FILES, []):
        Path(path).unlink(missing_ok=True)


@event.listens_for(Session, "after_soft_rollback")
def _remove_unsaved(session, previous_transaction):
    if previous_transaction.nested:
        return
    session.info.pop(OLD_FILES, None)
    for path in session.info.pop(NEW_FILES, []):
        Path(path).unlink(missing_ok=True)
