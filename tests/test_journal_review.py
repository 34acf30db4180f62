"""Editors and reviewers of a journal: invitations by mail with signed links, answers by
button, reviews, double-blind pages and mail, reminders, decision letters and their templates."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from network.dbtypes import utcnow
from network.extensions import db
from network.journal import tasks
from network.journal.models import JournalReview, ReviewState, Stage
from network.journal.submissions import AuthorInput
from network.tokens import make_token
from tests.factories import make_user
from tests.factories_journal import add_section_editor, make_journal, make_submission
from tests.support import form_token

AUTHOR = "Amara Okafor"
AUTHOR_EMAIL = "amara.okafor@example.org"
COAUTHOR = "Tomás Herrera"
COAUTHOR_EMAIL = "tomas.herrera@example.org"
AFFILIATION = "Universidad de Valparaíso"
COVER = "We thank the editors for considering our work on Zacatecas."
TITLE = "Remittances and rural credit in Zacatecas"


@pytest.fixture
def desk(app):
    """A journal, its editor-in-chief and a submission with a co-author, in review."""
    chief = make_user(name="Chidi Editor", email="chief@example.org")
    journal = make_journal(chief, name="Migration and Development")
    author = make_user(name=AUTHOR, email=AUTHOR_EMAIL)
    submission = make_submission(
        journal,
        author,
        title=TITLE,
        coauthors=[AuthorInput(COAUTHOR, COAUTHOR_EMAIL, AFFILIATION)],
        affiliation=AFFILIATION,
        cover_letter=COVER,
    )
    return journal, chief, author, submission


def editor_page(client, submission):
    return client.get(f"/journal/editorial/submissions/{submission.id}")


def invite(client, submission, email, name="", due=None, language="en"):
    due = due or (utcnow().date() + timedelta(days=21))
    return client.post(
        f"/journal/editorial/submissions/{submission.id}/reviewers",
        data={"email": email, "name": name, "due": due.isoformat(), "language": language},
    )


def review_link(mailbox, email) -> str:
    message = mailbox.last(email)
    return next(link for link in mailbox.links(message) if "/journal/reviews/" in link)


def path_of(link: str) -> str:
    return link.split("puente.test", 1)[-1]


def review_of(email) -> JournalReview:
    db.session.expire_all()
    return db.session.scalar(select(JournalReview).where(JournalReview.email == email))


def invited(client, auth, mailbox, submission, chief, email, name):
    """The chief invites someone; returns the path of their link, signed out again."""
    auth.login(chief)
    assert invite(client, submission, email, name).status_code == 302
    auth.logout()
    return path_of(review_link(mailbox, email))


def send_review(client, path, recommendation, for_author, for_editor):
    assert client.post(f"{path}/accept").status_code == 302
    return client.post(
        path,
        data={
            "recommendation": recommendation,
            "for_author": for_author,
            "for_editor": for_editor,
        },
    )


def test_the_invitation_mail_has_a_link_that_shows_the_invitation(client, auth, mailbox, desk):
    journal, chief, _author, submission = desk
    auth.login(chief)
    mailbox.clear()

    answer = invite(client, submission, "ines.outsider@example.org", "Inés Outsider")
    assert answer.status_code == 302
    page = editor_page(client, submission).get_data(as_text=True)
    assert "Inés Outsider is invited to review." in page
    assert "Inés Outsider" in page and "Invited" in page

    message = mailbox.last("ines.outsider@example.org")
    assert message["Subject"] == "Invitation to review for Migration and Development"
    assert TITLE in mailbox.text(message)
    link = review_link(mailbox, "ines.outsider@example.org")
    assert link.startswith("http://puente.test/journal/reviews/")

    auth.logout()
    shown = client.get(path_of(link))
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert TITLE in text and "How remittances change access to credit" in text
    assert "remittances, credit" in text and "Articles" in text
    assert "Accept the invitation" in text and "Decline the invitation" in text
    assert 'method="post"' in text
    assert review_of("ines.outsider@example.org").state == ReviewState.INVITED.value


def test_a_get_never_answers_the_invitation(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    path = invited(client, auth, mailbox, submission, chief, "ines@example.org", "Inés")
    for url in (path, f"{path}/file"):
        client.get(url)
    assert client.get(f"{path}/accept").status_code == 405
    assert client.get(f"{path}/decline").status_code == 405
    assert review_of("ines@example.org").state == ReviewState.INVITED.value


def test_accepting_by_button_opens_the_review_form(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    chief.language = "en"
    submission.editor_id = chief.id
    db.session.commit()
    path = invited(client, auth, mailbox, submission, chief, "ines@example.org", "Inés")
    mailbox.clear()

    accepted = client.post(f"{path}/accept", follow_redirects=True)
    text = accepted.get_data(as_text=True)
    assert "Thank you for agreeing to review." in text
    assert "Comments for the authors" in text and "Confidential comments for the editor" in text
    assert "Download the anonymized manuscript" in text
    assert review_of("ines@example.org").state == ReviewState.ACCEPTED.value
    assert "Inés agreed to review" in mailbox.text(mailbox.last("chief@example.org"))

    again = client.post(f"{path}/accept", follow_redirects=True)
    assert "This invitation has already been answered." in again.get_data(as_text=True)


def test_declining_by_button(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    path = invited(client, auth, mailbox, submission, chief, "busy@example.org", "Busy Person")
    declined = client.post(f"{path}/decline", follow_redirects=True)
    assert "You declined this invitation." in declined.get_data(as_text=True)
    assert "Comments for the authors" not in declined.get_data(as_text=True)
    assert review_of("busy@example.org").state == ReviewState.DECLINED.value
    assert client.get(f"{path}/file").status_code == 404


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_answers_need_the_forms_csrf_token(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    auth.login(chief)
    page = editor_page(client, submission).get_data(as_text=True)
    due = (utcnow().date() + timedelta(days=21)).isoformat()
    client.post(
        f"/journal/editorial/submissions/{submission.id}/reviewers",
        data={
            "email": "ines@example.org",
            "name": "Inés",
            "due": due,
            "language": "en",
            "csrf_token": form_token(page),
        },
    )
    auth.logout()
    path = path_of(review_link(mailbox, "ines@example.org"))

    forged = client.post(f"{path}/accept")
    assert forged.status_code == 400
    assert review_of("ines@example.org").state == ReviewState.INVITED.value
    token = form_token(client.get(path).get_data(as_text=True))
    assert client.post(f"{path}/accept", data={"csrf_token": token}).status_code == 302
    assert review_of("ines@example.org").state == ReviewState.ACCEPTED.value


def test_a_sent_review_shows_on_the_editors_page(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    path = invited(client, auth, mailbox, submission, chief, "ines@example.org", "Inés Reviewer")
    sent = send_review(
        client, path, "major", "The sample is too small.", "I know this group's earlier work."
    )
    assert sent.status_code == 302
    thanks = client.get(path).get_data(as_text=True)
    assert "Thank you: your review is sent to the editor." in thanks

    auth.login(chief)
    page = editor_page(client, submission).get_data(as_text=True)
    assert "Inés Reviewer" in page and "ines@example.org" in page
    assert "Review submitted" in page and "Major revisions" in page
    assert "The sample is too small." in page and "I know this group's earlier work." in page


def test_a_review_needs_a_recommendation_and_comments(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    path = invited(client, auth, mailbox, submission, chief, "ines@example.org", "Inés")
    client.post(f"{path}/accept")
    bad = client.post(path, data={"recommendation": "maybe", "for_author": ""})
    assert bad.status_code == 400
    assert review_of("ines@example.org").state == ReviewState.ACCEPTED.value


def test_reviewers_see_no_author_in_pages_or_mail(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    path = invited(client, auth, mailbox, submission, chief, "ines@example.org", "Inés")
    mail = mailbox.last("ines@example.org")
    client.post(f"{path}/accept")
    pages = [client.get(path).get_data(as_text=True)]
    texts = [mailbox.text(mail), mailbox.html(mail), *pages]
    for text in texts:
        for secret in (AUTHOR, AUTHOR_EMAIL, COAUTHOR, COAUTHOR_EMAIL, AFFILIATION, COVER):
            assert secret not in text

    download = client.get(f"{path}/file")
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert "filename=manuscript-round-1.pdf" in download.headers["Content-Disposition"]
    assert AUTHOR.encode() not in download.data


def test_without_double_blind_reviewers_see_the_authors_names(client, auth, mailbox, desk):
    journal, chief, _author, submission = desk
    journal.double_blind = False
    db.session.commit()
    path = invited(client, auth, mailbox, submission, chief, "ines@example.org", "Inés")
    page = client.get(path).get_data(as_text=True)
    assert COAUTHOR in page and COAUTHOR_EMAIL not in page and COVER not in page


def test_members_are_found_by_address_and_see_their_invitations(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    member = make_user(name="Olena Kovalenko", email="olena@example.org", language="fr")
    auth.login(chief)
    assert invite(client, submission, "OLENA@Example.org", language="en").status_code == 302
    review = review_of("olena@example.org")
    assert review.reviewer_id == member.id and review.name == "Olena Kovalenko"
    assert review.language == "fr"
    assert 'lang="fr"' in mailbox.html(mailbox.last("olena@example.org"))
    auth.logout()

    auth.login(member)
    account = client.get("/account").get_data(as_text=True)
    assert "/journal/reviews" in account
    mine = client.get("/journal/reviews").get_data(as_text=True)
    assert TITLE in mine
    link = re.search(r'href="(/journal/reviews/[^"]+)"', mine).group(1)
    assert client.post(f"{link}/accept").status_code == 302
    assert review_of("olena@example.org").state == ReviewState.ACCEPTED.value


def test_authors_cannot_review_their_own_submission(client, auth, mailbox, desk):
    _journal, chief, author, submission = desk
    make_user(name=COAUTHOR, email=COAUTHOR_EMAIL)
    auth.login(chief)
    mailbox.clear()
    for email, name in ((AUTHOR_EMAIL.upper(), AUTHOR), (COAUTHOR_EMAIL, COAUTHOR)):
        refused = invite(client, submission, email)
        assert refused.status_code == 400
        assert f"{name} is an author of “{TITLE}” and cannot review it." in refused.get_data(
            as_text=True
        )
    assert mailbox.to(AUTHOR_EMAIL) == [] and mailbox.to(COAUTHOR_EMAIL) == []
    assert review_of(AUTHOR_EMAIL) is None


def test_one_live_invitation_per_person_and_round(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    auth.login(chief)
    assert invite(client, submission, "ines@example.org", "Inés").status_code == 302
    again = invite(client, submission, "Ines@Example.org", "Inés")
    assert again.status_code == 409
    assert "Inés is already invited to review this round." in again.get_data(as_text=True)
    late = invite(client, submission, "paul@example.org", "Paul", utcnow().date() - timedelta(1))
    assert late.status_code == 400
    assert "The due date has passed." in late.get_data(as_text=True)
    assert review_of("paul@example.org") is None


def test_cancelling_an_invitation_kills_its_link(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    path = invited(client, auth, mailbox, submission, chief, "ines@example.org", "Inés")
    review = review_of("ines@example.org")
    auth.login(chief)
    url = f"/journal/editorial/submissions/{submission.id}/reviews/{review.id}/cancel"
    asked = client.post(url)
    assert "Cancel the invitation of Inés?" in asked.get_data(as_text=True)
    assert review_of("ines@example.org").state == ReviewState.INVITED.value
    client.post(url, data={"confirmed": "1"})
    assert review_of("ines@example.org").state == ReviewState.CANCELLED.value
    assert "no longer need your review" in mailbox.text(mailbox.last("ines@example.org"))
    auth.logout()
    gone = client.get(path)
    assert gone.status_code == 404
    assert "This review link has expired or is not valid." in gone.get_data(as_text=True)


def test_forged_and_other_peoples_links_are_not_found(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    member = make_user(name="Olena Kovalenko", email="olena@example.org")
    auth.login(chief)
    invite(client, submission, member.email)
    auth.logout()
    path = path_of(review_link(mailbox, member.email))
    review = review_of(member.email)

    forged = client.get(f"/journal/reviews/{make_token('journal-other', review.id)}")
    assert forged.status_code == 404
    assert "This review link has expired or is not valid." in forged.get_data(as_text=True)
    assert client.get(path[:-3] + "abc").status_code == 404

    auth.login(make_user(name="Somebody Else"))
    assert client.get(path).status_code == 404
    assert client.post(f"{path}/accept").status_code == 404
    assert review_of(member.email).state == ReviewState.INVITED.value
    auth.logout()
    auth.login(member)
    assert client.get(path).status_code == 200


def test_other_members_get_404_on_editor_pages(client, auth, desk):
    journal, _chief, _author, submission = desk
    other_section_editor = add_section_editor(journal, journal.sections[1])
    for person in (make_user(), submission.submitter, other_section_editor):
        auth.login(person)
        for url in (
            f"/journal/editorial/submissions/{submission.id}",
            f"/journal/{journal.slug}/editorial/templates",
            f"/journal/{journal.slug}/editorial/templates/accept/es",
        ):
            assert client.get(url).status_code == 404, (person.name, url)
        assert invite(client, submission, "ines@example.org").status_code == 404
        auth.logout()
    auth.login(make_user())
    assert client.get(f"/journal/{journal.slug}/editorial").status_code == 404
    assert review_of("ines@example.org") is None


def test_section_editors_handle_their_sections_submissions(client, auth, desk):
    journal, _chief, _author, submission = desk
    section_editor = add_section_editor(journal, journal.sections[0])
    auth.login(section_editor)
    assert editor_page(client, submission).status_code == 200
    dashboard = client.get(f"/journal/{journal.slug}/editorial").get_data(as_text=True)
    assert TITLE in dashboard
    assert client.get(f"/journal/{journal.slug}/editorial/templates").status_code == 404


def test_the_dashboard_lists_overdue_reviews_first(client, auth, mailbox, desk):
    journal, chief, _author, submission = desk
    other = make_submission(journal, title="Hometown associations and schools")
    auth.login(chief)
    invite(client, submission, "late@example.org", "Late Reviewer")
    invite(client, other, "soon@example.org", "Timely Reviewer")
    late, soon = review_of("late@example.org"), review_of("soon@example.org")
    late.due_at = utcnow() - timedelta(days=2)
    soon.due_at = utcnow() + timedelta(days=2)
    db.session.commit()
    editor_page(client, submission)  # shows the flashed messages that name the reviewers

    page = client.get(f"/journal/{journal.slug}/editorial").get_data(as_text=True)
    assert page.index("Overdue reviews") < page.index("Late Reviewer")
    assert page.index("Late Reviewer") < page.index("Reviews due soon")
    assert page.index("Reviews due soon") < page.index("Timely Reviewer")
    assert page.index("Timely Reviewer") < page.index("Submissions by stage")
    assert "In review" in page and "2 submissions" in page


def test_reminders_go_once_before_and_once_after_the_due_date(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    auth.login(chief)
    invite(client, submission, "ines@example.org", "Inés")
    invite(client, submission, "far@example.org", "Far Away")
    review = review_of("ines@example.org")
    review.due_at = utcnow() + timedelta(days=2)
    db.session.commit()
    mailbox.clear()

    tasks.remind_reviewers()
    tasks.remind_reviewers()
    before = mailbox.to("ines@example.org")
    assert len(before) == 1
    assert before[0]["Subject"] == "Reminder: your review for Migration and Development"
    assert "/journal/reviews/" in mailbox.text(before[0])
    assert mailbox.to("far@example.org") == []

    review = review_of("ines@example.org")
    review.due_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    tasks.remind_reviewers()
    tasks.remind_reviewers()
    after = mailbox.to("ines@example.org")
    assert len(after) == 2
    assert after[1]["Subject"] == "Your review for Migration and Development is overdue"


def test_completed_reviews_get_no_reminder(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    path = invited(client, auth, mailbox, submission, chief, "ines@example.org", "Inés")
    send_review(client, path, "accept", "Fine work.", "")
    review = review_of("ines@example.org")
    review.due_at = utcnow() - timedelta(days=1)
    db.session.commit()
    mailbox.clear()
    tasks.remind_reviewers()
    assert mailbox.to("ines@example.org") == []


def two_reviews(client, auth, mailbox, submission, chief):
    for email, name, recommendation, comment, secret in (
        ("ines@example.org", "Inés Reviewer", "major", "Enlarge the sample.", "Weak authors."),
        ("paul@example.org", "Paul Reviewer", "minor", "Clarify table 2.", "I know them well."),
    ):
        path = invited(client, auth, mailbox, submission, chief, email, name)
        assert send_review(client, path, recommendation, comment, secret).status_code == 302


def draft(client, submission, kind):
    return client.post(
        f"/journal/editorial/submissions/{submission.id}/decisions", data={"decision": kind}
    )


def test_the_decision_letter_quotes_reviews_without_names_or_secrets(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    two_reviews(client, auth, mailbox, submission, chief)
    auth.login(chief)
    drafted = draft(client, submission, "major")
    assert drafted.status_code == 302
    letter = client.get(drafted.headers["Location"]).get_data(as_text=True)
    assert "Reviewer 1" in letter and "Enlarge the sample." in letter
    assert "Reviewer 2" in letter and "Clarify table 2." in letter
    assert "Weak authors." not in letter
    mailbox.clear()

    send_url = drafted.headers["Location"] + "/send"
    assert "Send the decision" in client.post(send_url).get_data(as_text=True)
    assert mailbox.to(AUTHOR_EMAIL) == []
    client.post(send_url, data={"confirmed": "1"})

    db.session.expire_all()
    assert submission.stage == Stage.REVISIONS.value
    for email in (AUTHOR_EMAIL, COAUTHOR_EMAIL):
        message = mailbox.last(email)
        assert message["Subject"] == "Migration and Development: major revisions requested"
        text = mailbox.text(message) + mailbox.html(message)
        assert "Dear Amara Okafor" in text and TITLE in text
        assert "Reviewer 1" in text and "Enlarge the sample." in text and "Clarify table 2." in text
        for secret in (
            "Inés Reviewer",
            "Paul Reviewer",
            "ines@example.org",
            "paul@example.org",
            "Weak authors.",
            "I know them well.",
        ):
            assert secret not in text
    page = editor_page(client, submission).get_data(as_text=True)
    assert "Revisions requested" in page and "In review → Revisions requested" in page


def test_an_edited_draft_is_what_is_sent(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    auth.login(chief)
    client.post(f"/journal/editorial/submissions/{submission.id}/to-review")
    drafted = draft(client, submission, "accept")
    url = drafted.headers["Location"]
    saved = client.post(url, data={"subject": "Good news", "body": "We accept it, {author}."})
    assert saved.status_code == 302
    bad = client.post(url, data={"subject": "Line\nbreak", "body": ""})
    assert bad.status_code == 400
    client.post(url + "/send", data={"confirmed": "1"})
    message = mailbox.last(AUTHOR_EMAIL)
    assert message["Subject"] == "Good news"
    assert "We accept it, {author}." in mailbox.text(message)
    db.session.expire_all()
    assert submission.stage == Stage.ACCEPTED.value
    resent = client.post(url + "/send", data={"confirmed": "1"}, follow_redirects=True)
    assert "cannot be taken at this stage" in resent.get_data(as_text=True)
    assert len(mailbox.to(AUTHOR_EMAIL)) == 1


def test_desk_rejection_goes_through_a_letter_and_only_from_submitted(client, auth, mailbox, desk):
    journal, chief, _author, submission = desk
    auth.login(chief)
    page = editor_page(client, submission).get_data(as_text=True)
    assert "Decline without review" in page
    drafted = draft(client, submission, "desk_reject")
    client.post(drafted.headers["Location"] + "/send", data={"confirmed": "1"})
    db.session.expire_all()
    assert submission.stage == Stage.DESK_REJECTED.value
    assert "decided not to send it for review" in mailbox.text(mailbox.last(AUTHOR_EMAIL))

    reviewed = make_submission(journal, stage=Stage.IN_REVIEW)
    refused = draft(client, reviewed, "desk_reject")
    assert refused.status_code == 400
    assert reviewed.decisions == []


def test_spanish_templates_are_used_for_a_spanish_speaking_author(client, auth, mailbox, desk):
    journal, chief, _author, _submission = desk
    autora = make_user(name="Lucía Fernández", email="lucia@example.org", language="es")
    submission = make_submission(
        journal,
        autora,
        language="es",
        texts={"es": ("Remesas y crédito rural", "Cómo cambian las remesas el crédito.")},
    )
    auth.login(chief)
    listing = client.get(f"/journal/{journal.slug}/editorial/templates").get_data(as_text=True)
    assert "/editorial/templates/minor/es" in listing
    url = f"/journal/{journal.slug}/editorial/templates/minor/es"
    assert client.get(url).status_code == 200
    saved = client.post(
        url,
        data={
            "subject": "{journal}: revisiones menores",
            "body": "Estimada {author}:\n\nSu artículo «{title}» necesita revisiones menores."
            "\n\n{reviews}\n\n{editor}",
        },
    )
    assert saved.status_code == 302
    listing = client.get(f"/journal/{journal.slug}/editorial/templates").get_data(as_text=True)
    assert "{journal}: revisiones menores" in listing and "written for this journal" in listing
    auth.logout()

    two_reviews(client, auth, mailbox, submission, chief)
    auth.login(chief)
    drafted = draft(client, submission, "minor")
    client.post(drafted.headers["Location"] + "/send", data={"confirmed": "1"})
    message = mailbox.last("lucia@example.org")
    assert message["Subject"] == "Migration and Development: revisiones menores"
    text = mailbox.text(message)
    assert "Estimada Lucía Fernández:" in text
    assert "Su artículo «Remesas y crédito rural» necesita revisiones menores." in text
    assert "Enlarge the sample." in text and "Chidi Editor" in text


def test_english_authors_keep_the_built_in_letter(client, auth, desk):
    journal, chief, _author, submission = desk
    auth.login(chief)
    url = f"/journal/{journal.slug}/editorial/templates/minor/es"
    client.post(url, data={"subject": "Revisiones", "body": "Texto"})
    client.post(f"/journal/editorial/submissions/{submission.id}/to-review")
    letter = client.get(draft(client, submission, "minor").headers["Location"])
    assert "minor revisions requested" in letter.get_data(as_text=True)
    assert "Revisiones" not in letter.get_data(as_text=True)


def test_assigning_an_editor(client, auth, mailbox, desk):
    journal, chief, _author, submission = desk
    section_editor = add_section_editor(journal, journal.sections[0])
    outsider = make_user()
    auth.login(chief)
    url = f"/journal/editorial/submissions/{submission.id}/editor"
    assert client.post(url, data={"editor": outsider.id}).status_code == 400
    assert client.post(url, data={"editor": section_editor.id}).status_code == 302
    db.session.expire_all()
    assert submission.editor_id == section_editor.id
    assert "You are now the editor of" in mailbox.text(mailbox.last(section_editor.email))


def test_revision_rounds_keep_their_history(client, auth, mailbox, desk):
    _journal, chief, _author, submission = desk
    path = invited(client, auth, mailbox, submission, chief, "ines@example.org", "Inés")
    send_review(client, path, "major", "Round one comment.", "")
    auth.login(chief)
    drafted = draft(client, submission, "major")
    client.post(drafted.headers["Location"] + "/send", data={"confirmed": "1"})
    db.session.expire_all()
    # The authors resubmit: a second round.
    submission.round = 2
    submission.stage = Stage.IN_REVIEW.value
    db.session.commit()
    assert invite(client, submission, "ines@example.org", "Inés").status_code == 302
    page = editor_page(client, submission).get_data(as_text=True)
    assert "Round 2" in page and "Round 1" in page and "Round one comment." in page
    assert page.index("Round 2") < page.index("Round 1")
    # The first round's review can no longer be changed.
    assert (
        client.post(path, data={"recommendation": "accept", "for_author": "x"}).status_code == 409
    )
