"""The whole journey of an article through the pages people use: an author submits, the editor
invites two reviewers, asks for major revisions, the author revises, a second round leads to
acceptance, copyediting, proofs and a galley, the issue is published, and the article is in the
library and in an OAI-PMH GetRecord."""

import html
import io
from datetime import date, timedelta
from xml.etree import ElementTree

from sqlalchemy import select

from network.extensions import db
from network.journal.models import Issue, Stage, Submission
from network.library.demo import pdf_bytes
from tests.factories import make_user
from tests.factories_journal import make_journal
from tests.support import AuthActions

TITLE = "Collective remittances and village water systems"
REVIEWERS = (("ines@example.org", "Inés Ortega"), ("paul@example.org", "Paul Mensah"))
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def submission() -> Submission:
    db.session.expire_all()
    return db.session.scalar(select(Submission))


def signed_in(app, user):
    """A browser of its own for each person, signed in once."""
    browser = app.test_client()
    AuthActions(browser).login(user)
    return browser


def review_path(mailbox, email: str) -> str:
    link = next(x for x in mailbox.links(mailbox.last(email)) if "/journal/reviews/" in x)
    return "/journal/reviews/" + link.split("/journal/reviews/", 1)[1]


def invite_and_review(editor, reviewer, mailbox, recommendation: str, comment: str):
    """The editor invites both reviewers; each accepts through the mailed link and reviews."""
    sid = submission().id
    due = (date.today() + timedelta(days=21)).isoformat()
    for email, name in REVIEWERS:
        answer = editor.post(
            f"/journal/editorial/submissions/{sid}/reviewers",
            data={"email": email, "name": name, "due": due, "language": "en"},
        )
        assert answer.status_code == 302
    for email, _name in REVIEWERS:
        path = review_path(mailbox, email)
        page = text(reviewer.get(path))
        assert TITLE in page and "Amina Diallo" not in page  # double-blind
        assert reviewer.post(f"{path}/accept").status_code == 302
        assert reviewer.get(f"{path}/file").status_code == 200
        sent = reviewer.post(
            path,
            data={
                "recommendation": recommendation,
                "for_author": f"{comment} ({email.split('@')[0]})",
                "for_editor": "Confidential: I know this team.",
            },
        )
        assert sent.status_code == 302


def decide(editor, kind: str):
    sid = submission().id
    drafted = editor.post(
        f"/journal/editorial/submissions/{sid}/decisions", data={"decision": kind}
    )
    assert drafted.status_code == 302
    editor.post(drafted.headers["Location"] + "/send", data={"confirmed": "1"})


def test_an_article_goes_from_submission_to_a_published_issue(app, client, mailbox):
    chief = make_user(name="Carmen Editor", email="chief@example.org")
    journal = make_journal(chief, name="Migration and Development", issn_online="2345-6787")
    author = make_user(name="Amina Diallo", email="amina@example.org")
    editor, writer = signed_in(app, chief), signed_in(app, author)

    # The author submits.
    answer = writer.post(
        f"/journal/{journal.slug}/submit",
        data={
            "section": str(journal.sections[0].id),
            "language": "en",
            "title_en": TITLE,
            "abstract_en": "Hometown associations and the water they bring.",
            "title_fr": "Transferts collectifs et réseaux d'eau villageois",
            "abstract_fr": "Les associations de migrants et l'eau des villages.",
            "keywords": "remittances, water",
            "affiliation": "Université de Bamako",
            "orcid": "0000-0002-1825-0097",
            "position": "1",
            "coauthors-0-name": "Lucía Quispe",
            "coauthors-0-email": "lucia@example.org",
            "coauthors-0-affiliation": "PUCP",
            "coauthors-0-orcid": "",
            "cover_letter": "Dear editors,",
            "conflicts": "None",
            "declares_original": "y",
            "consents_license": "y",
            "manuscript": upload(pdf_bytes(3), "diallo.pdf"),
            "anonymized": upload(pdf_bytes(3), "anonymous.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    assert "named as an author" in mailbox.last("lucia@example.org")["Subject"]

    # The editor sends it to review; two reviewers ask for major revisions.
    sid = submission().id
    dashboard = text(editor.get(f"/journal/{journal.slug}/editorial"))
    assert TITLE in dashboard
    assert editor.post(f"/journal/editorial/submissions/{sid}/to-review").status_code == 302
    invite_and_review(editor, client, mailbox, "major", "Enlarge the sample")
    decide(editor, "major")
    assert submission().stage == Stage.REVISIONS.value
    letter = mailbox.text(mailbox.last("amina@example.org"))
    assert "Enlarge the sample (ines)" in letter and "Enlarge the sample (paul)" in letter
    assert "Inés Ortega" not in letter and "Confidential" not in letter

    # The author sees the comments, never who wrote them, and sends a revision.
    mine = text(writer.get(f"/journal/submissions/{sid}"))
    assert "Reviewer 1" in mine and "Enlarge the sample (ines)" in mine
    assert "Inés Ortega" not in mine and "Paul Mensah" not in mine and "Confidential" not in mine
    revised = writer.post(
        f"/journal/submissions/{sid}/revise",
        data={
            "manuscript": upload(pdf_bytes(4), "diallo-v2.pdf"),
            "anonymized": upload(pdf_bytes(4), "anonymous-v2.pdf"),
            "response": "We doubled the sample.",
        },
        content_type="multipart/form-data",
    )
    assert revised.status_code == 302
    assert (submission().stage, submission().round) == (Stage.IN_REVIEW.value, 2)

    # The second round: both recommend acceptance; the editor accepts.
    mailbox.clear()
    invite_and_review(editor, client, mailbox, "accept", "Well done")
    decide(editor, "accept")
    assert submission().stage == Stage.ACCEPTED.value
    editor_page = text(editor.get(f"/journal/editorial/submissions/{sid}"))
    assert "Round 1" in editor_page and "Round 2" in editor_page
    assert "Confidential: I know this team." in editor_page

    # Copyediting, the author's approval, proofs and the PDF galley.
    base = f"/journal/editorial/submissions/{sid}/production"
    copyedit = {"copyedit-file": upload(pdf_bytes(4), "copyedited.pdf")}
    editor.post(f"{base}/copyedit", data=copyedit, content_type="multipart/form-data")
    assert writer.post(f"/journal/submissions/{sid}/approve-copyedit").status_code == 302
    editor.post(f"{base}/send")
    assert submission().stage == Stage.PRODUCTION.value
    proof = {"proof-file": upload(pdf_bytes(5), "proofs.pdf")}
    editor.post(f"{base}/proof", data=proof, content_type="multipart/form-data")
    galley = {"galley-kind": "pdf", "galley-file": upload(pdf_bytes(5), "article.pdf")}
    editor.post(f"{base}/galley", data=galley, content_type="multipart/form-data")
    reading = b"<h2>Water</h2><p>Villages pay for pumps.</p><script>alert(1)</script>"
    galley = {"galley-kind": "html", "galley-file": upload(reading, "article.html")}
    editor.post(f"{base}/galley", data=galley, content_type="multipart/form-data")
    assert writer.post(f"/journal/submissions/{sid}/approve-proofs").status_code == 302

    # An issue; the article is scheduled in it, and the issue published.
    year = date.today().year
    created = editor.post(
        f"/journal/{journal.slug}/editorial/issues",
        data={
            "issue-volume": "1",
            "issue-number": "1",
            "issue-year": str(year),
            "issue-title": "Water and remittances",
            "issue-original_language": "en",
        },
    )
    assert "/editorial/issues/" in created.headers["Location"]
    issue = db.session.scalar(select(Issue))
    editor.post(
        f"{base}/schedule",
        data={
            "schedule-issue": str(issue.id),
            "schedule-first_page": "1",
            "schedule-last_page": "24",
        },
    )
    assert submission().stage == Stage.SCHEDULED.value
    editor.post(
        f"/journal/{journal.slug}/editorial/issues/{issue.id}/publish", data={"confirmed": "1"}
    )
    article = submission()
    assert article.stage == Stage.PUBLISHED.value and article.item_id
    assert [s.to_stage for s in article.steps] == [
        "submitted",
        "in_review",
        "revisions",
        "in_review",
        "accepted",
        "copyediting",
        "production",
        "scheduled",
        "published",
    ]
    assert all(s.actor_id for s in article.steps)

    # The public sees it in the issue, in the library and through OAI-PMH.
    issue_page = text(client.get(f"/journal/{journal.slug}/issues/{issue.id}"))
    assert TITLE in issue_page and f"/library/{article.item_id}" in issue_page
    read = text(client.get(f"/journal/articles/{article.id}/html"))
    assert "Villages pay for pumps." in read and "alert(1)" not in read
    assert f'href="/journal/articles/{article.id}/html"' in issue_page
    item_page = text(client.get(f"/library/{article.item_id}"))
    assert '<meta name="citation_journal_title" content="Migration and Development">' in item_page
    assert '<meta name="citation_firstpage" content="1">' in item_page
    assert f'<meta name="citation_doi" content="{article.doi}">' in item_page
    record = client.get(
        f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:puente.test:library/"
        f"{article.item_id}"
    )
    tree = ElementTree.fromstring(record.data)
    assert tree.find(f"{OAI}error") is None
    assert TITLE in ElementTree.tostring(tree, encoding="unicode")
    french = text(client.get(f"/library/{article.item_id}?lang=fr"))
    assert "Transferts collectifs et réseaux d'eau villageois" in french
