"""The journal's authors: submitting with checked files, what they see of their submission (and
what they never see), revisions, approvals and withdrawal; and anonymized files without their
authors' metadata."""

import html
import io
import zipfile
from datetime import timedelta

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from network.dbtypes import utcnow
from network.extensions import db
from network.journal import files, submissions
from network.journal.models import (
    Decision,
    FileKind,
    JournalReview,
    Stage,
    Submission,
    SubmissionFile,
)
from network.library.demo import pdf_bytes
from tests.factories import make_user
from tests.factories_journal import add_section_editor, make_journal, make_submission, move_to

AUTHOR = "Amina Diallo"
COMPANY = "Universidad de Guadalajara"
ORCID = "0000-0002-1825-0097"


@pytest.fixture(autouse=True)
def library_dir(app, tmp_path):
    app.config["LIBRARY_DIR"] = str(tmp_path / "library")
    return tmp_path / "library"


def journal_files(library_dir) -> list:
    directory = library_dir / "journal"
    return sorted(directory.iterdir()) if directory.exists() else []


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# Documents with their authors in the metadata, as word processors write them.


def pdf_with_author() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata(
        {
            "/Author": AUTHOR,
            "/Creator": f"Writer of {AUTHOR}",
            "/Producer": "LibreOffice 7.6",
            "/Title": "Remittances and rural credit",
        }
    )
    writer.xmp_metadata = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description rdf:about="">'
        f"<dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_author() -> bytes:
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": (
            f'<w:document {W}><w:body><w:p><w:ins w:id="1" w:author="{AUTHOR}" '
            'w:date="2026-01-01T00:00:00Z"><w:r><w:t>Remittances raise rural credit.</w:t>'
            "</w:r></w:ins></w:p></w:body></w:document>"
        ),
        "word/comments.xml": (
            f'<w:comments {W}><w:comment w:id="0" w:author="{AUTHOR}" w:initials="AD">'
            "<w:p><w:r><w:t>Check this figure</w:t></w:r></w:p></w:comment></w:comments>"
        ),
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>Remittances</dc:title><dc:creator>{AUTHOR}</dc:creator>"
            f"<cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy></cp:coreProperties>"
        ),
        "docProps/app.xml": (
            "<Properties><Application>Microsoft Office Word</Application>"
            f"<Company>{COMPANY}</Company><Manager>{AUTHOR}</Manager></Properties>"
        ),
    }
    return _zip(parts)


def odt_with_author() -> bytes:
    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    dc = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'
    meta = 'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
    parts = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": "<manifest/>",
        "content.xml": (
            f"<office:document-content {office} {dc}><office:body><office:text>"
            f"<office:annotation><dc:creator>{AUTHOR}</dc:creator></office:annotation>"
            "Remittances raise rural credit.</office:text></office:body>"
            "</office:document-content>"
        ),
        "meta.xml": (
            f"<office:document-meta {office} {dc} {meta}><office:meta>"
            f"<meta:initial-creator>{AUTHOR}</meta:initial-creator>"
            f"<dc:creator>{AUTHOR}</dc:creator><dc:title>Remittances</dc:title>"
            "</office:meta></office:document-meta>"
        ),
    }
    return _zip(parts, stored_first=True)


def _zip(parts: dict[str, str], stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index, (name, text) in enumerate(parts.items()):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=method)
    return out.getvalue()


def names_author(data: bytes) -> bool:
    """Whether the author's name is anywhere in the file, or in any part of a zipped one."""
    parts = unzipped(data).values() if zipfile.is_zipfile(io.BytesIO(data)) else [data]
    return any(AUTHOR.encode() in part for part in parts)


def unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# Stripping metadata


def test_pdf_loses_its_document_information_and_xmp():
    original = pdf_with_author()
    assert AUTHOR.encode() in original
    stripped = files.strip_metadata(original, "pdf")
    assert AUTHOR.encode() not in stripped and b"LibreOffice" not in stripped
    reader = PdfReader(io.BytesIO(stripped))
    assert len(reader.pages) == 1
    assert not (reader.metadata or {}).get("/Author")
    assert reader.xmp_metadata is None


def test_docx_loses_creator_company_and_comment_authors():
    original = docx_with_author()
    assert names_author(original)
    stripped = files.strip_metadata(original, "docx")
    assert not names_author(stripped)
    parts = unzipped(stripped)
    assert COMPANY.encode() not in parts["docProps/app.xml"]
    assert b"<dc:creator></dc:creator>" in parts["docProps/core.xml"]
    assert b"<dc:title>Remittances</dc:title>" in parts["docProps/core.xml"]
    assert b'w:author=""' in parts["word/comments.xml"]
    assert b'w:initials=""' in parts["word/comments.xml"]
    assert b"Remittances raise rural credit." in parts["word/document.xml"]
    assert files.check(stripped) == "docx"


def test_odt_loses_its_creators_and_keeps_mimetype_first_and_stored():
    original = odt_with_author()
    assert names_author(original)
    stripped = files.strip_metadata(original, "odt")
    assert not names_author(stripped)
    with zipfile.ZipFile(io.BytesIO(stripped)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        meta = archive.read("meta.xml")
    assert b"<meta:initial-creator></meta:initial-creator>" in meta
    assert b"<dc:title>Remittances</dc:title>" in meta
    assert files.check(stripped) == "odt"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n garbage", "not a PDF we can read"),
        (b"Just some text pretending to be a paper", "not a PDF, a Word"),
        (_zip({"hello.txt": "hi"}), "not a PDF, a Word"),
        (_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), "not a PDF"),
        (pdf_bytes(password="x"), "encrypted"),
        (b"%PDF-" + b"0" * (20 * 1024 * 1024), "larger than 20 MB"),
    ],
    ids=["empty", "fake-pdf", "text", "zip", "ods", "encrypted", "large"],
)
def test_check_reads_the_content_not_the_name(data, message):
    with pytest.raises(files.FileRejected, match=message):
        files.check(data)


def test_galleys_must_be_pdf():
    with pytest.raises(files.FileRejected, match="not a PDF"):
        files.check(docx_with_author(), FileKind.GALLEY_PDF)


# Submitting through the page


def submit_form(journal, **overrides) -> dict:
    data = {
        "section": str(journal.sections[0].id),
        "language": "en",
        "title_en": "Remittances and rural credit in Oaxaca",
        "abstract_en": "How remittances change access to credit.",
        "title_es": "Remesas y crédito rural en Oaxaca",
        "keywords": "remittances, credit; Oaxaca, remittances",
        "affiliation": "CIESAS",
        "orcid": ORCID,
        "position": "1",
        "coauthors-0-name": "Lucía Quispe",
        "coauthors-0-email": "lucia@example.org",
        "coauthors-0-affiliation": "Universidad de la Paz",
        "coauthors-0-orcid": "",
        "cover_letter": "Dear editors,",
        "conflicts": "None",
        "declares_original": "y",
        "consents_license": "y",
        "manuscript": (io.BytesIO(docx_with_author()), "diallo-final.docx"),
        "anonymized": (io.BytesIO(docx_with_author()), "diallo-anon.docx"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_submission(client, journal, **overrides):
    return client.post(
        f"/journal/{journal.slug}/submit",
        data=submit_form(journal, **overrides),
        content_type="multipart/form-data",
    )


def test_member_submits_and_coauthor_and_editors_are_told(client, auth, mailbox, library_dir):
    chief = make_user(name="Carmen Chief")
    journal = make_journal(chief)
    section_editor = add_section_editor(journal, journal.sections[0])
    other_section = add_section_editor(journal, journal.sections[1])
    author = make_user(name=AUTHOR)
    auth.login(author)
    page = client.get(f"/journal/{journal.slug}/submit")
    assert page.status_code == 200 and "Anonymized version" in page.get_data(as_text=True)

    response = post_submission(client, journal)
    assert response.status_code == 302
    submission = db.session.scalar(select(Submission))
    assert response.headers["Location"].endswith(f"/journal/submissions/{submission.id}")
    assert submission.stage == "submitted" and submission.round == 1
    assert submission.keywords == "remittances, credit, Oaxaca"
    assert [a.name for a in submission.authors] == [AUTHOR, "Lucía Quispe"]
    assert submission.authors[0].orcid == ORCID and submission.authors[0].corresponding
    assert submission.title_in("es") == "Remesas y crédito rural en Oaxaca"
    assert [s.to_stage for s in submission.steps] == ["submitted"]

    manuscript = submission.latest_file(FileKind.MANUSCRIPT)
    anonymized = submission.latest_file(FileKind.ANONYMIZED)
    assert manuscript.original_name == "diallo-final.docx"
    assert anonymized.original_name == "manuscript-round-1.docx"
    assert len(journal_files(library_dir)) == 2
    assert names_author(files.file_path(manuscript).read_bytes())
    assert not names_author(files.file_path(anonymized).read_bytes())

    told = mailbox.last("lucia@example.org")
    assert "named as an author" in told["Subject"]
    text = mailbox.text(told)
    assert AUTHOR in text and "Remittances and rural credit in Oaxaca" in text
    assert f"/journal/submissions/{submission.id}" in text
    for editor in (chief, section_editor):
        mail = mailbox.last(editor.email)
        assert f"/journal/editorial/submissions/{submission.id}" in mailbox.text(mail)
    assert not mailbox.to(other_section.email)
    assert not mailbox.to(author.email)

    mine = client.get("/journal/submissions").get_data(as_text=True)
    assert "Remittances and rural credit in Oaxaca" in mine and journal.name in mine
    assert "Articles" in mine and "Submitted" in mine


def test_coauthor_with_an_account_is_told_in_their_language_and_sees_it(client, auth, mailbox):
    journal = make_journal()
    coauthor = make_user(email="lucia@example.org", language="fr")
    submission = make_submission(
        journal,
        coauthors=[submissions.AuthorInput("Lucía Quispe", "Lucia@Example.org", "UPA", ORCID)],
    )
    assert submission.authors[1].user_id == coauthor.id
    assert submission.authors[1].notified_at is not None
    assert '<html lang="fr">' in mailbox.html(mailbox.last(coauthor.email))
    auth.login(coauthor)
    assert submission.title in client.get("/journal/submissions").get_data(as_text=True)
    assert client.get(f"/journal/submissions/{submission.id}").status_code == 200


def test_non_blind_journal_uses_the_manuscript_stripped_for_reviewers(client, auth):
    journal = make_journal(double_blind=False)
    auth.login(make_user())
    response = post_submission(client, journal, anonymized=None)
    assert response.status_code == 302
    anonymized = db.session.scalar(select(Submission)).latest_file(FileKind.ANONYMIZED)
    assert not names_author(files.file_path(anonymized).read_bytes())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"manuscript": (io.BytesIO(b"plain text, no paper"), "paper.pdf")}, "not a PDF, a Word"),
        ({"manuscript": (io.BytesIO(b"%PDF-1.4\nnot really"), "paper.pdf")}, "not a PDF we can"),
        ({"anonymized": (io.BytesIO(b"GIF89a"), "anon.docx")}, "The anonymized version: "),
        ({"anonymized": None}, "upload an anonymized version"),
        ({"manuscript": None}, "Upload the manuscript"),
        ({"declares_original": None}, "Confirm that the manuscript is original"),
        ({"consents_license": None}, "Consent to the journal"),
        ({"orcid": "0000-0002-1825-0098"}, "not a valid ORCID"),
        ({"coauthors-0-orcid": "0000-0002-1825-009X"}, "not a valid ORCID"),
        ({"coauthors-0-email": ""}, "we tell them by mail"),
        ({"coauthors-0-email": "lucia@"}, "valid email"),
        ({"abstract_en": ""}, "title and the abstract in the language of the manuscript"),
        ({"language": "es", "abstract_es": ""}, "in the language of the manuscript"),
        ({"section": "999999"}, "Not a valid choice"),
    ],
    ids=[
        "text-file",
        "fake-pdf",
        "bad-anonymized",
        "no-anonymized",
        "no-manuscript",
        "originality",
        "license",
        "orcid",
        "coauthor-orcid",
        "coauthor-email",
        "bad-email",
        "abstract",
        "other-language",
        "section",
    ],
)
def test_bad_submission_is_refused_and_nothing_stored(
    client, auth, mailbox, library_dir, overrides, message
):
    journal = make_journal()
    auth.login(make_user())
    response = post_submission(client, journal, **overrides)
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert count(Submission) == 0 and count(SubmissionFile) == 0
    assert journal_files(library_dir) == []
    assert not mailbox.to("lucia@example.org")


def test_a_manuscript_over_20_mb_is_refused(client, auth, library_dir):
    journal = make_journal()
    auth.login(make_user())
    big = pdf_bytes(1) + b"%" * (20 * 1024 * 1024)
    response = post_submission(client, journal, manuscript=(io.BytesIO(big), "big.pdf"))
    assert response.status_code == 400
    assert "larger than 20 MB" in response.get_data(as_text=True)
    assert count(Submission) == 0 and journal_files(library_dir) == []


def test_closed_journal_says_so_and_takes_nothing(client, auth, library_dir):
    journal = make_journal(submissions_open=False)
    auth.login(make_user())
    page = client.get(f"/journal/{journal.slug}/submit")
    assert page.status_code == 200
    assert "not taking submissions" in page.get_data(as_text=True)
    response = post_submission(client, journal)
    assert response.status_code == 409
    assert count(Submission) == 0 and journal_files(library_dir) == []


def test_closed_section_and_closed_journal_are_refused_by_the_service(app):
    journal = make_journal()
    journal.sections[0].open = False
    db.session.commit()
    with pytest.raises(submissions.Conflict, match="section"):
        make_submission(journal, section=journal.sections[0])
    journal.submissions_open = False
    db.session.commit()
    with pytest.raises(submissions.Conflict, match="journal"):
        make_submission(journal, section=journal.sections[1])


def test_submitting_needs_an_account(client):
    journal = make_journal()
    response = client.get(f"/journal/{journal.slug}/submit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_add_coauthor_row_keeps_what_was_typed(client, auth):
    journal = make_journal()
    auth.login(make_user())
    response = post_submission(client, journal, add_coauthor="y")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and count(Submission) == 0
    assert 'name="coauthors-3-name"' in body and "Lucía Quispe" in body


# What authors see, and what they never see


def test_others_get_404_on_the_submission_and_its_files(client, auth):
    submission = make_submission(make_journal())
    stored = submission.files[0]
    auth.login(make_user())
    assert client.get(f"/journal/submissions/{submission.id}").status_code == 404
    url = f"/journal/submissions/{submission.id}/files/{stored.id}"
    assert client.get(url).status_code == 404
    assert client.post(f"/journal/submissions/{submission.id}/withdraw").status_code == 404
    assert submission.title not in client.get("/journal/submissions").get_data(as_text=True)


def test_author_downloads_own_files_but_not_through_another_submission(client, auth):
    author = make_user()
    journal = make_journal()
    mine = make_submission(journal, author)
    other = make_submission(journal)
    auth.login(author)
    ok = client.get(f"/journal/submissions/{mine.id}/files/{mine.files[0].id}")
    assert ok.status_code == 200 and ok.mimetype == "application/pdf"
    assert ok.data.startswith(b"%PDF-")
    crossed = client.get(f"/journal/submissions/{mine.id}/files/{other.files[0].id}")
    assert crossed.status_code == 404


def review(submission, round, name, email, for_author, for_editor, completed=True):
    found = JournalReview(
        round=round,
        name=name,
        email=email,
        due_at=utcnow() + timedelta(days=10),
        state="completed" if completed else "accepted",
        recommendation="major" if completed else None,
        completed_at=utcnow() if completed else None,
        for_author=for_author,
        for_editor=for_editor,
    )
    submission.reviews.append(found)
    return found


def decision(submission, round, subject, body, sent=True):
    submission.decisions.append(
        Decision(
            round=round,
            decision="major",
            language="en",
            subject=subject,
            body=body,
            sent_at=utcnow() if sent else None,
        )
    )


def test_author_sees_sent_decisions_and_numbered_comments_never_who_or_confidential(client, auth):
    chief = make_user(name="Ernesto Editorovich")
    journal = make_journal(chief)
    author = make_user()
    submission = make_submission(journal, author, stage=Stage.REVISIONS)
    review(submission, 1, "Rita Reviewer", "rita@example.org", "Clarify the sample.", "Weak.")
    review(
        submission, 1, "Ramón Referee", "ramon@example.org", "Add a map.<script>x()</script>", "No"
    )
    review(submission, 1, "Slow Sam", "sam@example.org", "Draft in progress", "", False)
    decision(submission, 1, "Major revisions needed", "Please revise along these lines.")
    decision(submission, 1, "Draft never sent", "Unsent words.", sent=False)
    db.session.commit()

    auth.login(author)
    raw = client.get(f"/journal/submissions/{submission.id}").get_data(as_text=True)
    assert "<script>x()" not in raw
    body = html.unescape(raw)
    assert "Revisions requested" in body
    assert "Major revisions needed" in body and "Please revise along these lines." in body
    assert "Reviewer 1" in body and "Reviewer 2" in body and "Reviewer 3" not in body
    assert "Clarify the sample." in body and "Add a map." in body
    for hidden in (
        "Rita Reviewer",
        "rita@example.org",
        "Ramón Referee",
        "ramon@example.org",
        "Weak.",
        "No<",
        "Draft in progress",
        "Draft never sent",
        "Unsent words.",
        "Ernesto Editorovich",
    ):
        assert hidden not in body, hidden
    assert "In review" in body  # the timeline, by stage and date


def test_comments_wait_until_the_decision_is_sent(client, auth):
    author = make_user()
    submission = make_submission(make_journal(), author, stage=Stage.IN_REVIEW)
    review(submission, 1, "Rita Reviewer", "rita@example.org", "Clarify the sample.", "")
    decision(submission, 1, "Not yet", "Draft.", sent=False)
    db.session.commit()
    auth.login(author)
    body = client.get(f"/journal/submissions/{submission.id}").get_data(as_text=True)
    assert "Clarify the sample." not in body and "Reviewer 1" not in body


# Revisions


def post_revision(client, submission, **overrides):
    data = {
        "manuscript": (io.BytesIO(odt_with_author()), "revised.odt"),
        "anonymized": (io.BytesIO(odt_with_author()), "revised-anon.odt"),
        "response": "We added the map and clarified the sample.",
        "response_file": (io.BytesIO(pdf_bytes(1)), "response.pdf"),
    }
    data.update(overrides)
    return client.post(
        f"/journal/submissions/{submission.id}/revise",
        data={k: v for k, v in data.items() if v is not None},
        content_type="multipart/form-data",
    )


def test_author_sends_a_revision_for_round_two(client, auth, mailbox):
    chief = make_user()
    journal = make_journal(chief)
    author = make_user()
    submission = make_submission(journal, author, stage=Stage.REVISIONS)
    decision(submission, 1, "Major revisions needed", "Please revise.")
    db.session.commit()
    auth.login(author)
    page = client.get(f"/journal/submissions/{submission.id}").get_data(as_text=True)
    assert "Send your revision" in page
    mailbox.clear()

    response = post_revision(client, submission)
    assert response.status_code == 302
    db.session.expire_all()
    submission = db.session.get(Submission, submission.id)
    assert submission.stage == "in_review" and submission.round == 2
    kinds = {(f.kind, f.round) for f in submission.files}
    assert {("manuscript", 2), ("anonymized", 2), ("response", 2)} <= kinds
    assert (
        AUTHOR.encode()
        not in files.file_path(submission.latest_file(FileKind.ANONYMIZED)).read_bytes()
    )
    assert submissions.response_letters(submission) == {
        2: "We added the map and clarified the sample."
    }
    mail = mailbox.last(chief.email)
    assert "Revised manuscript" in mail["Subject"] and "round 2" in mailbox.text(mail)
    page = client.get(f"/journal/submissions/{submission.id}").get_data(as_text=True)
    assert "Send your revision" not in page and "Round 2" in page
    assert "We added the map" in page


def test_revision_goes_to_the_assigned_editor(client, auth, mailbox):
    chief = make_user()
    journal = make_journal(chief)
    handling = add_section_editor(journal, journal.sections[0])
    author = make_user()
    submission = make_submission(journal, author, stage=Stage.REVISIONS)
    submission.editor_id = handling.id
    db.session.commit()
    auth.login(author)
    mailbox.clear()
    assert post_revision(client, submission).status_code == 302
    assert mailbox.to(handling.email) and not mailbox.to(chief.email)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"anonymized": None}, "upload an anonymized version"),
        ({"response": "", "response_file": None}, "Write a response"),
        ({"manuscript": (io.BytesIO(b"nope"), "x.docx")}, "not a PDF, a Word"),
    ],
    ids=["anonymized", "response", "file"],
)
def test_bad_revision_is_refused_and_nothing_changes(client, auth, library_dir, overrides, message):
    author = make_user()
    submission = make_submission(make_journal(), author, stage=Stage.REVISIONS)
    before = len(journal_files(library_dir))
    auth.login(author)
    response = post_revision(client, submission, **overrides)
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    submission = db.session.get(Submission, submission.id)
    assert submission.stage == "revisions" and submission.round == 1
    assert len(journal_files(library_dir)) == before


def test_revision_only_when_asked(client, auth):
    author = make_user()
    submission = make_submission(make_journal(), author, stage=Stage.IN_REVIEW)
    auth.login(author)
    response = post_revision(client, submission)
    assert response.status_code == 409
    assert "only when the editors have asked" in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).round == 1


# Approvals and withdrawal


def test_author_approves_the_copyedit_and_then_the_proofs(client, auth, mailbox):
    chief = make_user()
    journal = make_journal(chief)
    author = make_user()
    submission = make_submission(journal, author, stage=Stage.COPYEDITING)
    url = f"/journal/submissions/{submission.id}"
    auth.login(author)
    assert "Approve the copyedited" not in client.get(url).get_data(as_text=True)
    refused = client.post(f"{url}/approve-copyedit", follow_redirects=True)
    assert "no copyedited manuscript" in html.unescape(refused.get_data(as_text=True))

    copyedited = files.attach(
        submission, pdf_bytes(2), "copyedited.pdf", FileKind.COPYEDITED, 1, chief
    )
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Approve the copyedited manuscript" in page
    assert f"{url}/files/{copyedited.id}" in page
    assert client.get(f"{url}/files/{copyedited.id}").status_code == 200
    mailbox.clear()
    assert client.post(f"{url}/approve-copyedit").status_code == 302
    db.session.expire_all()
    submission = db.session.get(Submission, submission.id)
    assert submission.copyedit_approved_at is not None
    assert "Copyedit approved" in mailbox.last(chief.email)["Subject"]

    move_to(submission, Stage.PRODUCTION)
    files.attach(submission, pdf_bytes(1), "proof.pdf", FileKind.PROOF, 1, chief)
    db.session.commit()
    assert "Approve the proofs" in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/approve-proofs").status_code == 302
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).proofs_approved_at is not None
    assert "Approve the proofs" not in client.get(url).get_data(as_text=True)


def test_proofs_cannot_be_approved_before_production(client, auth):
    author = make_user()
    submission = make_submission(make_journal(), author, stage=Stage.COPYEDITING)
    auth.login(author)
    response = client.post(
        f"/journal/submissions/{submission.id}/approve-proofs", follow_redirects=True
    )
    assert "no proofs to approve" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).proofs_approved_at is None


def test_withdraw_asks_first_then_withdraws(client, auth, mailbox):
    chief = make_user()
    author = make_user()
    submission = make_submission(make_journal(chief), author, stage=Stage.IN_REVIEW)
    url = f"/journal/submissions/{submission.id}/withdraw"
    auth.login(author)
    asked = client.post(url)
    assert asked.status_code == 200 and "Withdraw this submission?" in asked.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).stage == "in_review"
    assert client.post(url, data={"confirmed": "1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).stage == "withdrawn"
    assert "Withdrawn" in mailbox.last(chief.email)["Subject"]
    page = client.get(f"/journal/submissions/{submission.id}").get_data(as_text=True)
    assert "Withdraw the submission" not in page


def test_accepted_submission_cannot_be_withdrawn(client, auth):
    author = make_user()
    submission = make_submission(make_journal(), author, stage=Stage.ACCEPTED)
    auth.login(author)
    response = client.post(
        f"/journal/submissions/{submission.id}/withdraw",
        data={"confirmed": "1"},
        follow_redirects=True,
    )
    assert "only before it is accepted" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).stage == "accepted"


def test_a_second_revision_sent_at_the_same_time_changes_nothing(app):
    author = make_user()
    submission = make_submission(make_journal(), author, stage=Stage.REVISIONS)
    assert submission.stage == "revisions"  # what this request read
    # Meanwhile another request sent its revision and opened round 2.
    with db.engine.begin() as other:
        other.execute(
            Submission.__table__.update()
            .where(Submission.id == submission.id)
            .values(round=2, stage="in_review")
        )
    data = submissions.RevisionInput(
        manuscript=submissions.Upload(pdf_bytes(1), "r.pdf"),
        anonymized=submissions.Upload(pdf_bytes(1), "a.pdf"),
        response="Done.",
    )
    with pytest.raises(submissions.Conflict, match="already sent"):
        submissions.revise(submission, author, data)
    db.session.rollback()
    submission = db.session.get(Submission, submission.id)
    assert submission.round == 2 and not submission.files_of(FileKind.MANUSCRIPT, round=2)


def test_account_page_leads_to_my_submissions_and_unknown_journal_is_404(client, auth):
    auth.login(make_user())
    assert "/journal/submissions" in client.get("/account").get_data(as_text=True)
    assert client.get("/journal/no-such-journal/submit").status_code == 404
