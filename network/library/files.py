"""Item files: PDFs (and CSV/XLSX for data) checked by their content, stored under names the
server chooses in instance/library/, and removed again if the transaction does not commit."""

import io
import zipfile
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from network import filestore
from network.errors import DomainError
from network.library.models import Item, ItemFile

MAX_FILE_BYTES = 20 * 1024 * 1024
MIME_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DATA_KINDS = {"dataset", "data_brief"}


class FileRejected(DomainError):
    """The uploaded file is not one we accept; shown next to the file field."""


def library_dir() -> Path:
    configured = current_app.config["LIBRARY_DIR"]
    return Path(configured or Path(current_app.instance_path) / "library")


def file_path(stored: ItemFile) -> Path:
    return library_dir() / stored.stored_name


def check(data: bytes, filename: str, item_kind: str) -> str:
    """The file's kind ('pdf', 'csv', 'xlsx') read from its content, or FileRejected."""
    check_size(data)
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return "pdf"
    if item_kind in DATA_KINDS:
        if zipfile.is_zipfile(io.BytesIO(data)):
            _check_xlsx(data)
            return "xlsx"
        if filename.lower().endswith(".csv"):
            _check_csv(data)
            return "csv"
        raise FileRejected(_("Upload a PDF, a CSV or an Excel (.xlsx) file."))
    raise FileRejected(_("This file is not a PDF. Upload a PDF document."))


def check_size(data: bytes) -> None:
    if not data:
        raise FileRejected(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(
            _("The file is larger than %(mb)d MB.", mb=MAX_FILE_BYTES // (1024 * 1024))
        )


def check_pdf(data: bytes) -> None:
    """A readable, unencrypted PDF with at least one page, or FileRejected."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise FileRejected(
                _("This PDF is encrypted or password-protected. Upload an unprotected copy.")
            )
        if len(reader.pages) < 1:
            raise FileRejected(_("This PDF has no pages."))
    except FileRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError):
        raise FileRejected(
            _("This file is not a PDF we can read. Upload a PDF document.")
        ) from None


def _check_xlsx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        names = set()
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise FileRejected(_("This file is not an Excel (.xlsx) workbook."))


def _check_csv(data: bytes) -> None:
    sample = data[:4096]
    if b"\x00" in sample:
        raise FileRejected(_("This file is not a CSV text file."))
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # a character cut at the sample's end is fine
            raise FileRejected(_("The CSV file must be encoded in UTF-8.")) from None


def attach(item: Item, data: bytes, filename: str) -> ItemFile:
    """Checks and stores the file, and adds it to the item."""
    kind = check(data, filename, item.kind)
    name = filestore.store(library_dir(), data, kind)
    stored = ItemFile(
        stored_name=name,
        original_name=safe_name(filename, kind),
        mime_type=MIME_TYPES[kind],
        size=len(data),
        kind=kind,
    )
    item.files.append(stored)
    return stored


def remove(item: Item, stored: ItemFile) -> None:
    """Takes the file off the item; it leaves the disk once the change is committed."""
    item.files.remove(stored)
    filestore.given_up(file_path(stored))


def safe_name(filename: str, kind: str) -> str:
    base = Path(filename.replace("\\", "/")).name
    cleaned = "".join(c for c in base if c.isprintable() and c not in '"/;')[:200].strip()
    if not cleaned.lower().endswith(f".{kind}"):
        cleaned = f"{cleaned or 'file'}.{kind}"
    return cleaned
