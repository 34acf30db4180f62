"""Factories for campaigns."""

import itertools

from network.advocacy.models import Campaign
from network.extensions import db

_counter = itertools.count(1)


def make_campaign(
    *,
    slug: str | None = None,
    title: str = "A statement on migration",
    goal: int = 100,
    mailing_list=None,
    languages: str = "en,es,fr",
    commit=True,
) -> Campaign:
    n = next(_counter)
    campaign = Campaign(
        slug=slug or f"campaign-{n}",
        title=title,
        summary="Sign the statement.",
        statement="We call on governments to **protect** migrants' rights.",
        goal=goal,
        languages=languages,
        list_id=mailing_list.id if mailing_list else None,
    )
    db.session.add(campaign)
    if commit:
        db.session.commit()
    return campaign
