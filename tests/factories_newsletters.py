"""Factories for newsletters, their audiences and deliveries."""
from network.extensions import db
from network.newsletters.models import Newsletter, NewsletterVersion
from tests.factories_advocacy import make_list, make_subscriber, subscribe


def make_newsletter(lists=(), *, subject: str = "News from the network",
                    body: str = "Hello {{ name }},\n\nRead [the report](https://example.org/report).",
                    language: str = "en", versions: dict | None = None, author=None,
                    segment_language: str = "", segment_group=None, commit=True) -> Newsletter:
    newsletter = Newsletter(subject=subject, preheader="This month in brief", body=body,
                            sender_name="Puente Secretariat", language=language,
                            lists=list(lists), created_by_id=author.id if author else None,
                            segment_language=segment_language,
                            segment_group_id=segment_group.id if segment_group else None,
                            versions=[NewsletterVersion(language=code, subject=s, body=b)
                                      for code, (s, b) in (versions or {}).items()])
    db.session.add(newsletter)
    if commit:
        db.session.commit()
    return newsletter


def make_audience(count: int, mailing_list=None, *, prefix: str = "reader", language: str = "en"):
    """A list with `count` active subscribers, committed in one go."""
    mailing_list = mailing_list or make_list()
    subscribers = [make_subscriber(f"{prefix}{n}@example.org", name=f"Reader {n}",
                                   language=language, commit=False) for n in range(count)]
    db.session.flush()
    for subscriber in subscribers:
        subscribe(subscriber, mailing_list, commit=False)
    db.session.commit()
    return mailing_list, subscribers
