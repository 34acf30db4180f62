"""Review: assigning reviewers, who sees what, scoring, averages and decisions."""

import re
from datetime import UTC, datetime

from sqlalchemy import select

from network.auth.models import Role
from network.conferences.models import Review, ReviewAssignment
from network.extensions import db
from tests.factories import make_user
from tests.factories_conferences import make_abstract, make_call, make_conference


def setup_call(**call_kwargs):
    organizer = make_user(Role.ORGANIZER, name="Lucía Fernández")
    event = make_conference(organizer)
    call = make_call(event, **call_kwargs)
    return organizer, event, call


def test_organizer_assigns_a_reviewer_who_scores_and_comments(client, auth, mailbox):
    organizer, event, call = setup_call()
    author = make_user(email="ana@example.org")
    abstract = make_abstract(call, author)
    reviewer = make_user(name="Priya Raman", email="priya@example.org")
    auth.login(organizer)
    response = client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": "PRIYA@example.org"},
        follow_redirects=True,
    )
    assert "Priya Raman reviews this abstract." in response.get_data(as_text=True)
    db.session.refresh(abstract)
    assert abstract.state == "under_review"
    assert "under review" in mailbox.last("ana@example.org")["Subject"]
    auth.logout()

    auth.login(reviewer)
    listing = client.get("/conferences/reviews").get_data(as_text=True)
    assert abstract.title in listing
    relevance, originality = call.criteria
    bad = client.post(
        f"/conferences/reviews/{abstract.id}",
        data={f"c{relevance.id}": "9", f"c{originality.id}": "3", "comment": "x"},
    )
    assert bad.status_code == 400
    assert db.session.scalar(select(Review)) is None
    saved = client.post(
        f"/conferences/reviews/{abstract.id}",
        data={
            f"c{relevance.id}": "5",
            f"c{originality.id}": "3",
            "comment": "Strong fieldwork in **Zacatecas**.",
        },
        follow_redirects=True,
    )
    assert "Your review is saved." in saved.get_data(as_text=True)
    auth.logout()

    second = make_user(name="Daniel Osei")
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": second.email},
    )
    auth.logout()
    auth.login(second)
    client.post(
        f"/conferences/reviews/{abstract.id}",
        data={f"c{relevance.id}": "4", f"c{originality.id}": "2", "comment": ""},
    )
    auth.logout()

    auth.login(organizer)
    page = client.get(f"/conferences/{event.slug}/manage/abstracts/{abstract.id}").get_data(
        as_text=True
    )
    assert "Priya Raman" in page and "Daniel Osei" in page
    assert "<strong>Zacatecas</strong>" in page
    assert "4.5" in page and "2.5" in page and "Total: 7.0" in page
    listing = client.get(f"/conferences/{event.slug}/manage/abstracts").get_data(as_text=True)
    assert "7.0" in listing


def test_a_coauthor_cannot_be_assigned_as_reviewer(client, auth):
    organizer, event, call = setup_call()
    coauthor = make_user(name="Kwame Mensah", email="kwame@example.org")
    abstract = make_abstract(call, coauthors=[("Kwame Mensah", "Kwame@Example.org", "UG", "GH")])
    auth.login(organizer)
    response = client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": "kwame@example.org"},
    )
    assert response.status_code == 400
    assert (
        "Kwame Mensah is an author of “Hometown associations and local public goods” and cannot "
        "review it." in response.get_data(as_text=True)
    )
    submitter = client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": abstract.submitter.email},
    )
    assert submitter.status_code == 400
    unknown = client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": "nobody@example.org"},
    )
    assert unknown.status_code == 400
    assert "No account uses nobody@example.org" in unknown.get_data(as_text=True)
    assert db.session.scalar(select(ReviewAssignment)) is None
    assert coauthor.id


def test_looking_up_reviewers_by_email_is_rate_limited(client, auth):
    organizer, event, call = setup_call()
    abstract = make_abstract(call)
    auth.login(organizer)
    url = f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers"
    answers = [
        client.post(url, data={"email": f"probe{n}@example.org"}).status_code for n in range(61)
    ]
    assert answers[:60] == [400] * 60 and answers[60] == 429
    assert db.session.scalar(select(ReviewAssignment)) is None


def test_reviewers_see_only_what_they_were_assigned(client, auth):
    organizer, event, call = setup_call()
    mine = make_abstract(call, title="Assigned to me")
    theirs = make_abstract(call, title="Assigned to someone else")
    reviewer, other_reviewer = make_user(), make_user()
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{mine.id}/reviewers",
        data={"email": reviewer.email},
    )
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{theirs.id}/reviewers",
        data={"email": other_reviewer.email},
    )
    auth.logout()

    auth.login(reviewer)
    listing = client.get("/conferences/reviews").get_data(as_text=True)
    assert "Assigned to me" in listing and "Assigned to someone else" not in listing
    assert client.get(f"/conferences/reviews/{mine.id}").status_code == 200
    assert client.get(f"/conferences/reviews/{theirs.id}").status_code == 404
    assert (
        client.post(f"/conferences/reviews/{theirs.id}", data={"comment": "x"}).status_code == 404
    )
    assert client.get(f"/conferences/abstracts/{mine.id}").status_code == 404
    assert client.get(f"/conferences/{event.slug}/manage/abstracts/{mine.id}").status_code == 403
    assert (
        client.post(
            f"/conferences/{event.slug}/manage/abstracts/{mine.id}/decide",
            data={"state": "accepted"},
        ).status_code
        == 403
    )
    db.session.refresh(mine)
    assert mine.state == "under_review"


def test_track_reviewers_see_the_track_but_not_their_own_abstract(client, auth):
    organizer, event, call = setup_call()
    remittances, diaspora = call.tracks
    reviewer = make_user(name="Olena Kovalenko", email="olena@example.org")
    in_track = make_abstract(call, title="In the track", track=remittances)
    own = make_abstract(
        call,
        title="Olena's own paper",
        track=remittances,
        coauthors=[("Olena Kovalenko", "olena@example.org", "", "UA")],
    )
    other_track = make_abstract(call, title="Other track", track=diaspora)
    auth.login(organizer)
    response = client.post(
        f"/conferences/{event.slug}/manage/tracks/{remittances.id}/reviewers",
        data={f"t{remittances.id}-email": "olena@example.org"},
        follow_redirects=True,
    )
    assert "Olena Kovalenko reviews the track Remittances and development" in response.get_data(
        as_text=True
    )
    auth.logout()

    auth.login(reviewer)
    listing = client.get("/conferences/reviews").get_data(as_text=True)
    assert "In the track" in listing
    assert "Olena&#39;s own paper" not in listing and "Other track" not in listing
    assert client.get(f"/conferences/reviews/{in_track.id}").status_code == 200
    assert client.get(f"/conferences/reviews/{own.id}").status_code == 404
    assert client.get(f"/conferences/reviews/{other_track.id}").status_code == 404


def test_decisions_are_recorded_quietly_then_announced_together(client, auth, mailbox):
    organizer, event, call = setup_call(anonymous=True)
    first = make_abstract(
        call, make_user(email="first@example.org", language="es"), title="Remesas"
    )
    second = make_abstract(
        call, make_user(email="second@example.org", language="fr"), title="Diaspora"
    )
    reviewer = make_user(name="Hamid Karimi")
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{second.id}/reviewers",
        data={"email": reviewer.email},
    )
    auth.logout()
    auth.login(reviewer)
    client.post(
        f"/conferences/reviews/{second.id}",
        data={f"c{c.id}": "1" for c in call.criteria} | {"comment": "Needs a clearer method."},
    )
    auth.logout()

    auth.login(organizer)
    mailbox.clear()
    accepted = client.post(
        f"/conferences/{event.slug}/manage/abstracts/{first.id}/decide",
        data={"state": "accepted"},
        follow_redirects=True,
    )
    assert "The authors are told when you send the notifications." in accepted.get_data(
        as_text=True
    )
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{second.id}/decide", data={"state": "rejected"}
    )
    bad = client.post(
        f"/conferences/{event.slug}/manage/abstracts/{second.id}/decide",
        data={"state": "withdrawn"},
    )
    assert bad.status_code == 400
    assert mailbox.to("first@example.org") == [] and mailbox.to("second@example.org") == []
    auth.logout()

    auth.login(second.submitter)
    page = client.get(f"/conferences/abstracts/{second.id}").get_data(as_text=True)
    assert "Needs a clearer method." not in page
    auth.logout()

    auth.login(organizer)
    preview = client.get(f"/conferences/{event.slug}/manage/announcements").get_data(as_text=True)
    assert "Send 2 notifications" in preview
    assert "Remesas" in preview and "Diaspora" in preview
    assert "aceptado" in preview and "décision" in preview
    sent = client.post(f"/conferences/{event.slug}/manage/announcements", follow_redirects=True)
    assert "2 notifications sent." in sent.get_data(as_text=True)
    assert "Every decision has already been announced." in sent.get_data(as_text=True)
    auth.logout()

    assert len(mailbox.to("first@example.org")) == 1
    assert "aceptado" in mailbox.last("first@example.org")["Subject"]
    rejection = mailbox.last("second@example.org")
    assert len(mailbox.to("second@example.org")) == 1
    assert "décision" in rejection["Subject"]
    assert "commentaires" in mailbox.text(rejection)

    auth.login(second.submitter)
    page = client.get(f"/conferences/abstracts/{second.id}").get_data(as_text=True)
    assert "Needs a clearer method." in page
    assert "Hamid Karimi" not in page
    assert "Un·e relecteur·rice" in page


def test_reviews_are_due_after_the_call_closes_and_unsaid_when_unset(client, auth, mailbox):
    organizer, event, call = setup_call()
    make_user(email="rev@example.org")
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{make_abstract(call).id}/reviewers",
        data={"email": "rev@example.org"},
    )
    assert "review by" not in mailbox.text(mailbox.last("rev@example.org"))
    page = client.get(f"/conferences/{event.slug}/manage/call").get_data(as_text=True)
    assert "Reviews due" in page
    data = {
        name: value
        for name, value in re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', page)
        if not name.startswith(("add_", "submit"))
    }
    data["languages"] = ["en", "es", "fr"]
    data["review_deadline"] = data["opens_at"]
    response = client.post(f"/conferences/{event.slug}/manage/call", data=data)
    assert response.status_code == 400
    assert "Reviews are due after the call closes" in response.get_data(as_text=True)


def test_a_decision_without_reviewer_comments_promises_none(client, auth, mailbox):
    organizer, event, call = setup_call()
    abstract = make_abstract(call, make_user(email="ana@example.org"), title="Corridors")
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/decide",
        data={"state": "rejected"},
    )
    client.post(f"/conferences/{event.slug}/manage/announcements")
    text = mailbox.text(mailbox.last("ana@example.org"))
    assert "Corridors" in text
    assert "comments" not in text
    assert "\n\n\n" not in text


def test_a_reviewer_is_told_by_mail_in_their_language(client, auth, mailbox):
    due = datetime(2031, 3, 14, 16, 0, tzinfo=UTC)
    organizer, event, call = setup_call(review_deadline=due)
    abstract = make_abstract(call, title="Remesas y vivienda")
    reviewer = make_user(email="rev@example.org", language="es")
    track_reviewer = make_user(email="track@example.org", language="fr")
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": reviewer.email},
    )
    track = call.tracks[0]
    client.post(
        f"/conferences/{event.slug}/manage/tracks/{track.id}/reviewers",
        data={f"t{track.id}-email": track_reviewer.email},
    )
    mail = mailbox.last("rev@example.org")
    assert "Remesas y vivienda" in mail["Subject"]
    assert "revisar" in mailbox.text(mail)
    assert "Envíe su evaluación antes del" in mailbox.text(mail) and "2031" in mailbox.text(mail)
    assert f"/conferences/reviews/{abstract.id}" in mailbox.text(mail)
    track_mail = mailbox.last("track@example.org")
    assert track.name in track_mail["Subject"]
    assert "/conferences/reviews" in mailbox.text(track_mail)
    assert "2031" in mailbox.text(track_mail)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": reviewer.email},
    )
    assert len(mailbox.to("rev@example.org")) == 1


def test_reviews_close_after_the_decision(client, auth):
    organizer, event, call = setup_call()
    abstract = make_abstract(call)
    reviewer = make_user()
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": reviewer.email},
    )
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/decide",
        data={"state": "rejected"},
    )
    auth.logout()
    auth.login(reviewer)
    response = client.post(
        f"/conferences/reviews/{abstract.id}", data={f"c{c.id}": "3" for c in call.criteria}
    )
    assert response.status_code == 409
    assert "reviews are closed" in response.get_data(as_text=True)


def test_start_review_moves_submitted_abstracts_and_tells_authors(client, auth, mailbox):
    organizer, event, call = setup_call()
    make_abstract(call, make_user(email="a@example.org"))
    make_abstract(call, make_user(email="b@example.org"))
    auth.login(organizer)
    response = client.post(f"/conferences/{event.slug}/manage/start-review", follow_redirects=True)
    assert "2 abstracts are now under review." in response.get_data(as_text=True)
    assert "under review" in mailbox.last("a@example.org")["Subject"]
    assert "under review" in mailbox.last("b@example.org")["Subject"]


def test_named_reviewers_are_shown_to_authors_when_the_call_says_so(client, auth):
    organizer, event, call = setup_call(anonymous=False)
    abstract = make_abstract(call)
    reviewer = make_user(name="Leila Haddad")
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": reviewer.email},
    )
    auth.logout()
    auth.login(reviewer)
    client.post(
        f"/conferences/reviews/{abstract.id}",
        data={f"c{c.id}": "5" for c in call.criteria} | {"comment": "Excellent."},
    )
    auth.logout()
    auth.login(abstract.submitter)
    assert "Excellent." not in client.get(f"/conferences/abstracts/{abstract.id}").get_data(
        as_text=True
    )
    auth.logout()
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/decide",
        data={"state": "accepted"},
    )
    client.post(f"/conferences/{event.slug}/manage/announcements")
    auth.logout()
    auth.login(abstract.submitter)
    page = client.get(f"/conferences/abstracts/{abstract.id}").get_data(as_text=True)
    assert "Excellent." in page and "Leila Haddad" in page
