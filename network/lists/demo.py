"""Demo mailing lists: the network's news, the members' forum, a list per working group."""

import random

from sqlalchemy import select

from network.auth.models import User
from network.extensions import db
from network.groups.queries import all_groups
from network.lists.group_lists import sync_group_list
from network.lists.models import ListKind, ListVisibility, MailingList
from network.lists.subscriptions import subscribe_member
from network.markdown import markdown_to_text

NEWS_SLUG = "network-news"


def seed_lists(rng: random.Random) -> None:
    users = db.session.scalars(select(User).order_by(User.id)).all()
    news = demo_list(
        NEWS_SLUG,
        ListKind.PUBLIC,
        "Network news",
        "Noticias de la red",
        "Nouvelles du réseau",
        "Seminars, calls for papers and campaigns, once a month.",
    )
    forum = demo_list(
        "members-forum",
        ListKind.MEMBERS,
        "Members' forum",
        "Foro de miembros",
        "Forum des membres",
        "Announcements for members of the network.",
        ListVisibility.MEMBERS,
    )
    for group in all_groups():
        group_list = demo_list(
            f"group-{group.slug}"[:80],
            ListKind.GROUP,
            group.name,
            group.name,
            group.name,
            markdown_to_text(group.description)[:300],
            ListVisibility.MEMBERS,
        )
        group_list.group_id = group.id
        db.session.flush()
        sync_group_list(group_list)
    for user in users:
        if rng.random() < 0.6:
            subscribe_member(user, news)
        if rng.random() < 0.3:
            subscribe_member(user, forum)


def demo_list(
    slug, kind, name_en, name_es, name_fr, description, visibility=ListVisibility.PUBLIC
) -> MailingList:
    mailing_list = MailingList(
        slug=slug,
        kind=kind.value,
        name_en=name_en,
        name_es=name_es,
        name_fr=name_fr,
        description_en=description,
        visibility=visibility.value,
    )
    db.session.add(mailing_list)
    db.session.flush()
    return mailing_list
