"""Manuscript files: PDF, DOCX or ODT checked by their content, stored under names the server
chooses in the library's directory (journal/), and removed again if the transaction does not
commit. Anonymized copies lose the metadata that names their authors."""

import io
import re
import zipfile
from pathlib import Path

from flask import send_file
from flask_babel import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import NameObject

from network import filestore
from network.auth.models import User
from network.errors import NotFound
from network.journal.models import FileKind, Submission, SubmissionFile
from network.library.files import (
    MAX_FILE_BYTES,
    FileRejected,
    check_pdf,
    check_size,
    library_dir,
    safe_name,
)

__all__ = ["MAX_FILE_BYTES", "FileRejected", "attach", "check", "file_path", "strip_metadata"]

MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
ODT_MIMETYPE = MIME_TYPES["odt"].encode()
# A document that unpacks to more than this is refused: it is not a manuscript but a zip bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Galleys are what readers download: those are PDFs only.
PDF_ONLY = {FileKind.GALLEY_PDF.value}

# Elements whose text names a person, and attributes whose value does, in the document parts
# below. Matched with any namespace prefix; emptied, not removed, so the parts stay valid.
DOCX_ELEMENTS = {
    "docProps/core.xml": ("creator", "lastModifiedBy"),
    "docProps/app.xml": ("Company", "Manager"),
}
DOCX_ATTRIBUTES = ("author", "initials", "userId")  # comments, tracked changes, people.xml
ODT_ELEMENTS = ("initial-creator", "creator", "printed-by")  # meta.xml; creator also in content


def journal_dir() -> Path:
    return library_dir() / "journal"


def file_path(stored: SubmissionFile) -> Path:
    return journal_dir() / stored.stored_name


def check(data: bytes, kind: FileKind | str = FileKind.MANUSCRIPT) -> str:
    """The document's format ('pdf', 'docx', 'odt') read from its content, or FileRejected."""
    check_size(data)
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return "pdf"
    if FileKind(kind).value in PDF_ONLY:
        raise FileRejected(_("This file is not a PDF. Upload a PDF document."))
    names = _zip_names(data)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "mimetype" in names and _read(data, "mimetype").strip() == ODT_MIMETYPE:
        return "odt"
    raise FileRejected(
        _("This file is not a PDF, a Word (.docx) or an OpenDocument (.odt) text document.")
    )


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return set()
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise FileRejected(_("This document is too large once unpacked."))
    return {info.filename for info in infos}


def _read(data: bytes, name: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(name)
    except (zipfile.BadZipFile, ValueError, OSError, KeyError):
        raise FileRejected(_("This document is damaged and cannot be read.")) from None


def strip_metadata(data: bytes, kind: str) -> bytes:
    """The document without the metadata that names its authors (kind: 'pdf', 'docx', 'odt')."""
    if kind == "pdf":
        return _strip_pdf(data)
    if kind == "docx":
        return _rewrite_zip(data, _clean_docx_part)
    if kind == "odt":
        return _rewrite_zip(data, _clean_odt_part)
    raise ValueError(f"unknown document format {kind!r}")


def _strip_pdf(data: bytes) -> bytes:
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.metadata = None  # the document information: /Author, /Creator, /Producer…
        writer.xmp_metadata = None
        for page in writer.pages:
            _strip_page(page)
        # The old information dictionary and XMP stream would otherwise still be written.
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        out = io.BytesIO()
        writer.write(out)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError):
        raise FileRejected(_("This PDF cannot be anonymized. Upload another copy.")) from None
    return out.getvalue()


def _strip_page(page) -> None:
    if "/Metadata" in page:
        del page["/Metadata"]
    for annotation in page.get("/Annots", None) or []:
        annotation = annotation.get_object()
        # In comments and other markup /T is the author; in form fields it is the field name.
        if annotation.get("/Subtype") != "/Widget" and "/T" in annotation:
            del annotation[NameObject("/T")]


def _rewrite_zip(data: bytes, clean) -> bytes:
    """The archive again, entry by entry in the same order and compression (an ODT's
    uncompressed `mimetype` must stay first), with clean(name, content) applied."""
    out = io.BytesIO()
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as source,
            zipfile.ZipFile(out, "w") as target,
        ):
            for info in source.infolist():
                target.writestr(info, clean(info.filename, source.read(info)))
    except (zipfile.BadZipFile, ValueError, OSError, KeyError):
        raise FileRejected(_("This document is damaged and cannot be read.")) from None
    return out.getvalue()


def _clean_docx_part(name: str, content: bytes) -> bytes:
    if name in DOCX_ELEMENTS:
        return _empty_elements(content, DOCX_ELEMENTS[name])
    if name.startswith("word/") and name.endswith(".xml"):
        return _empty_attributes(content, DOCX_ATTRIBUTES)
    return content


def _clean_odt_part(name: str, content: bytes) -> bytes:
    if name in ("meta.xml", "content.xml", "styles.xml"):
        return _empty_elements(content, ODT_ELEMENTS)
    return content


def _empty_elements(xml: bytes, local_names: tuple[str, ...]) -> bytes:
    names = "|".join(re.escape(n) for n in local_names)
    pattern = re.compile(
        rb"(<(?:[\w.-]+:)?(" + names.encode() + rb")(?:\s[^>]*)?(?<!/)>).*?(</(?:[\w.-]+:)?\2\s*>)",
        re.DOTALL,
    )
    return pattern.sub(rb"\1\3", xml)


def _empty_attributes(xml: bytes, local_names: tuple[str, ...]) -> bytes:
    names = "|".join(re.escape(n) for n in local_names)
    pattern = re.compile(
        rb"(\s(?:[\w.-]+:)?(?:" + names.encode() + rb')\s*=\s*)("[^"]*"|\'[^\']*\')'
    )
    return pattern.sub(rb'\1""', xml)


def attach(
    submission: Submission,
    data: bytes,
    filename: str,
    kind: FileKind | str,
    round: int,
    user: User | None,
) -> SubmissionFile:
    """Checks and stores the file and adds it to the submission. Anonymized copies are
    stripped of their metadata and named after their kind, not after what the authors sent."""
    kind = FileKind(kind)
    document = check(data, kind)
    original_name = safe_name(filename, document)
    if kind is FileKind.ANONYMIZED:
        data = strip_metadata(data, document)
        original_name = f"manuscript-round-{round}.{document}"
    name = filestore.store(journal_dir(), data, document)
    stored = SubmissionFile(
        round=round,
        kind=kind.value,
        stored_name=name,
        original_name=original_name,
        mime_type=MIME_TYPES[document],
        size=len(data),
        uploaded_by_id=user.id if user else None,
    )
    submission.files.append(stored)
    return stored


def send(stored: SubmissionFile):
    """The file as a download: PDFs open in the browser, anything else (an HTML galley too)
    is saved; a file missing from the disk is a 404."""
    path = file_path(stored)
    if not path.is_file():
        raise NotFound()
    return send_file(
        path,
        mimetype=stored.mime_type,
        as_attachment=stored.mime_type != "application/pdf",
        download_name=stored.original_name,
        max_age=0,
    )
