"""Factories for newsletters, their audiences and deliveries."""

import re

from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from network.newsletters import services
from network.newsletters.models import Newsletter, NewsletterVersion
from tests.factories import make_user
from tests.factories_lists import make_list, make_subscriber, subscribe
from tests.support import AuthActions, form_token


def make_newsletter(
    lists=(),
    *,
    subject: str = "News from the network",
    body: str = "Hello {{ name }},\n\nRead [the report](https://example.org/report).",
    language: str = "en",
    versions: dict | None = None,
    author=None,
    segment_language: str = "",
    segment_group=None,
    commit=True,
) -> Newsletter:
    newsletter = Newsletter(
        subject=subject,
        preheader="This month in brief",
        body=body,
        sender_name="Puente Secretariat",
        language=language,
        lists=list(lists),
        created_by_id=author.id if author else None,
        segment_language=segment_language,
        segment_group_id=segment_group.id if segment_group else None,
        versions=[
            NewsletterVersion(language=code, subject=s, body=b)
            for code, (s, b) in (versions or {}).items()
        ],
    )
    db.session.add(newsletter)
    if commit:
        db.session.commit()
    return newsletter


def start_without_senders(newsletter: Newsletter) -> None:
    """The newsletter "sending" with its deliveries written, as the scheduler starts it, but
    no sender queued yet (send_now queues them after its commit)."""
    newsletter.status, newsletter.scheduled_at = "scheduled", utcnow()
    assert services.start_scheduled(newsletter.id, utcnow())
    db.session.commit()


def make_audience(count: int, mailing_list=None, *, prefix: str = "reader", language: str = "en"):
    """A list with `count` active subscribers, committed in one go."""
    mailing_list = mailing_list or make_list()
    subscribers = [
        make_subscriber(
            f"{prefix}{n}@example.org", name=f"Reader {n}", language=language, commit=False
        )
        for n in range(count)
    ]
    db.session.flush()
    for subscriber in subscribers:
        subscribe(subscriber, mailing_list, commit=False)
    db.session.commit()
    return mailing_list, subscribers


def send_campaign_update(
    app,
    campaign,
    subject: str = "We met the ministers",
    body: str = "Read **our** report.",
    language: str = "en",
):
    """A staff member follows "Write an update" on the campaign's staff page, saves the draft it
    opens and sends it. Returns the answer to the send (or to the draft when that is refused)."""
    client = app.test_client()
    AuthActions(client).login(make_user(Role.STAFF))
    page = client.get(f"/advocacy/staff/campaigns/{campaign.id}").get_data(as_text=True)
    link = re.search(r'href="(/newsletters/new\?[^"]+)"', page).group(1).replace("&amp;", "&")
    form = client.get(link).get_data(as_text=True)
    [box] = re.findall(
        rf'<input[^>]*name="lists"[^>]*value="{campaign.mailing_list.id}"[^>]*>', form
    )
    assert "checked" in box
    saved = client.post(
        "/newsletters/new",
        data={
            "subject": subject,
            "body": body,
            "sender_name": "Campaign team",
            "language": language,
            "lists": [campaign.mailing_list.id],
            "segment_group": "0",
            "segment_theme": "0",
            **dict.fromkeys(
                (
                    "segment_language",
                    "segment_member_kind",
                    "segment_membership_status",
                    "segment_country",
                    "segment_corridor_origin",
                    "segment_corridor_destination",
                ),
                "",
            ),
            "csrf_token": form_token(form),
        },
    )
    if saved.status_code != 302:
        return saved
    send_page = client.get(saved.location + "/send").get_data(as_text=True)
    return client.post(saved.location + "/send", data={"csrf_token": form_token(send_page)})
