"""Photos and logos: only real images, re-encoded, bounded, stored under names we choose.

Files follow the database: a new file is removed if the transaction rolls back, a replaced one
only once the commit that stops pointing at it has succeeded.
"""

import io
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from network import filestore
from network.errors import DomainError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# Measured at 24 MP: ~100 MB and 0.3 s to decode, twice that with transparency (shrinking copies).
MAX_DECODED_PIXELS = 24_000_000
# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (draft), so a 50 or 100 MP photo costs less
# than a 24 MP PNG; past this size it is refused all the same.
MAX_SOURCE_PIXELS = 100_000_000
MAX_SIDE = 800
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
NAME_PATTERN = re.compile(r"^[0-9a-f]{32}\.(png|jpg)$")


# Pillow's own check, on the size in the header, stays above ours as a second guard.
Image.MAX_IMAGE_PIXELS = MAX_SOURCE_PIXELS
# Images are decoded one at a time and always on the same thread, so a process holds at most one
# decoding budget. A lock alone is not enough: each request thread gets its own allocator arena,
# which keeps the freed memory (measured: 16 uploads of 24 MP at once, +2.8 GB with a lock,
# +0.2 GB on one thread).
_decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="image-decoder")


class ImageRejected(DomainError):
    """The uploaded file is not an image we accept; shown next to the file field."""


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"] or Path(current_app.instance_path) / "uploads")


def store_image(data: bytes) -> str:
    """Checks, shrinks and re-encodes an uploaded image; returns the stored file's name."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(
            _(
                "The image is larger than %(mb)d MB. Choose a smaller one.",
                mb=MAX_UPLOAD_BYTES // (1024 * 1024),
            )
        )
    try:
        image = _decoder.submit(_decode_and_shrink, _open(data)).result()
    except (OSError, SyntaxError, ValueError):
        raise _not_an_image() from None
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    name = secrets.token_hex(16) + (".png" if has_alpha else ".jpg")
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    if has_alpha:
        image.convert("RGBA").save(path, "PNG", optimize=True)
    else:
        image.convert("RGB").save(path, "JPEG", quality=85, optimize=True)
    filestore.written(path)
    return name


def _open(data: bytes) -> Image.Image:
    """Reads the header only, and refuses what would cost too much to decode."""
    try:
        image = Image.open(io.BytesIO(data), formats=sorted(ACCEPTED_FORMATS))
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_an_image() from None
    if image.width * image.height > MAX_SOURCE_PIXELS:
        raise _too_many_pixels()
    image.draft(None, (MAX_SIDE, MAX_SIDE))  # JPEG only: decode at the smallest scale that fits
    if image.width * image.height > MAX_DECODED_PIXELS:
        raise _too_many_pixels()
    return image


def _decode_and_shrink(image: Image.Image) -> Image.Image:
    image.load()
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def _not_an_image() -> ImageRejected:
    return ImageRejected(
        _("This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP picture.")
    )


def _too_many_pixels() -> ImageRejected:
    return ImageRejected(_("The image has too many pixels. Choose a smaller one."))


def discard_image(name: str | None) -> None:
    """Forget a stored image once the current transaction commits."""
    if name and NAME_PATTERN.match(name):
        filestore.given_up(upload_dir() / name)
