"""Mailing lists: one-click unsubscribe, double opt-in, preference centre, member and group lists."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from network.groups.models import GroupMembership, WorkingGroup
from network.lists.group_lists import active_subscribers, sync_all_group_lists
from network.lists.links import list_headers, unsubscribe_token
from network.lists.models import MailingList, Subscriber, Subscription
from network.lists.subscriptions import expire_pending, subscriber_by_email
from network.signals import account_data, account_deleting, group_sections
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_lists import make_list, make_subscriber, subscribe
from tests.factories_newsletters import send_campaign_update
from tests.support import without_tokens

ONE_CLICK = {
    "data": "List-Unsubscribe=One-Click",
    "content_type": "application/x-www-form-urlencoded",
}


def path(url: str) -> str:
    return url.replace("http://puente.test", "")


def unsubscribe_path(subscriber, mailing_list) -> str:
    header = list_headers(subscriber, mailing_list)["List-Unsubscribe"]
    return path(header.split(",")[0].strip().strip("<>"))


def state_of(subscriber, mailing_list) -> str:
    db.session.expire_all()
    return db.session.scalar(
        select(Subscription.state).where(
            Subscription.subscriber_id == subscriber.id, Subscription.list_id == mailing_list.id
        )
    )


def send_update(app, campaign, mailbox) -> int:
    """How many messages a campaign update sent through the staff pages delivers."""
    mailbox.clear()
    answer = send_campaign_update(
        app, campaign, subject="News 100%(x)s", body="The forum **listened**."
    )
    assert answer.status_code == (302 if mailbox.messages else 409)  # 409: nobody to send to
    return len(mailbox.messages)


# --- One-click unsubscribe (RFC 8058) -------------------------------------------------------


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_one_click_unsubscribe_as_a_mail_provider_does(app, mailbox):
    mailing_list = make_list("campaign")
    campaign = make_campaign(mailing_list=mailing_list)
    leaving, staying = (
        make_subscriber("leaving@example.org"),
        make_subscriber("staying@example.org"),
    )
    subscribe(leaving, mailing_list)
    subscribe(staying, mailing_list)
    assert send_update(app, campaign, mailbox) == 2
    message = mailbox.last("leaving@example.org")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mailing_list.slug in message["List-Id"]
    https_url = message["List-Unsubscribe"].split(",")[0].strip().strip("<>")
    assert "mailto:" in message["List-Unsubscribe"]

    provider = app.test_client(use_cookies=False)  # a provider has no session and no CSRF token
    first = provider.post(path(https_url), **ONE_CLICK)
    again = provider.post(path(https_url), **ONE_CLICK)

    assert first.status_code == 200 and again.status_code == 200
    assert state_of(leaving, mailing_list) == "unsubscribed"
    assert state_of(staying, mailing_list) == "active"
    assert send_update(app, campaign, mailbox) == 1
    assert mailbox.to("leaving@example.org") == []
    assert mailbox.to("staying@example.org")


def test_a_post_with_any_body_still_unsubscribes(client):
    mailing_list = make_list()
    subscriber = make_subscriber()
    subscribe(subscriber, mailing_list)
    response = client.post(unsubscribe_path(subscriber, mailing_list), data={"something": "else"})
    assert response.status_code == 200
    assert state_of(subscriber, mailing_list) == "unsubscribed"


def test_get_on_the_unsubscribe_link_only_shows_a_button(client):
    mailing_list = make_list(name="Migration news")
    subscriber = make_subscriber("reader@example.org")
    subscribe(subscriber, mailing_list)
    page = client.get(unsubscribe_path(subscriber, mailing_list))
    assert page.status_code == 200
    assert "Unsubscribe from this list" in page.get_data(as_text=True)
    assert state_of(subscriber, mailing_list) == "active"


def test_tampered_or_foreign_tokens_are_refused(client, app):
    mailing_list, other_list = make_list(), make_list()
    subscriber = make_subscriber()
    subscribe(subscriber, mailing_list)
    good = unsubscribe_path(subscriber, mailing_list)
    assert client.post(good[:-3] + "abc", **ONE_CLICK).status_code == 400
    # A validly signed token for a list this person is not on names no subscription.
    foreign = f"/advocacy/unsubscribe/{unsubscribe_token(subscriber, other_list)}"
    assert client.post(foreign, **ONE_CLICK).status_code == 404
    assert client.get("/advocacy/unsubscribe/nonsense").status_code == 400
    assert state_of(subscriber, mailing_list) == "active"


# --- Double opt-in ----------------------------------------------------------------------------


def subscribe_form(client, slug, email="ines@example.org", name="Inés Ramírez", **extra):
    return client.post(
        f"/advocacy/lists/{slug}/subscribe", data={"name": name, "email": email, **extra}
    )


def test_double_opt_in_sends_nothing_before_confirmation(app, client, mailbox):
    mailing_list = make_list("campaign", slug="forum-news")
    campaign = make_campaign(mailing_list=mailing_list)
    page = client.get("/advocacy/lists/forum-news").get_data(as_text=True)
    assert 'class="d-none"' in page and "style=" not in page.split("<main")[1]

    response = subscribe_form(client, "forum-news")
    assert response.status_code == 200 and "Check your inbox" in response.get_data(as_text=True)
    confirmation = mailbox.last("ines@example.org")
    assert "Inés Ramírez" in mailbox.text(confirmation)
    assert send_update(app, campaign, mailbox) == 0

    link = path(
        next(entry for entry in mailbox.links(confirmation) if "/advocacy/confirm/" in entry)
    )
    assert "Confirm my subscription" in client.get(link).get_data(as_text=True)
    subscriber = subscriber_by_email("ines@example.org")
    assert state_of(subscriber, mailing_list) == "pending"  # the GET changed nothing
    confirmed = client.post(link, follow_redirects=True)
    assert f"your subscription to {mailing_list.name_en} is confirmed" in confirmed.get_data(
        as_text=True
    )
    subscription = db.session.scalar(
        select(Subscription).where(Subscription.subscriber_id == subscriber.id)
    )
    assert subscription.state == "active" and subscription.confirmed_at is not None
    assert (
        subscription.consent_source == "form"
        and subscription.consent_page == "/advocacy/lists/forum-news"
    )
    assert send_update(app, campaign, mailbox) == 1


def test_same_answer_for_new_and_known_addresses(client, mailbox):
    mailing_list = make_list()
    subscribe(make_subscriber("known@example.org"), mailing_list)
    new = subscribe_form(client, mailing_list.slug, email="new@example.org", name="Same Name")
    known = subscribe_form(client, mailing_list.slug, email="known@example.org", name="Same Name")
    assert new.status_code == known.status_code == 200
    assert without_tokens(new, "new@example.org") == without_tokens(known, "known@example.org")
    assert mailbox.to("known@example.org") == []


def confirmation_link(mailbox, message) -> str:
    return path(next(entry for entry in mailbox.links(message) if "/advocacy/confirm/" in entry))


def test_a_confirmation_activates_only_the_list_it_names(client, mailbox):
    wanted = make_list(name="Network news")
    forced = [make_list(name="Forced one"), make_list(name="Forced two")]
    assert subscribe_form(client, wanted.slug, email="target@example.org").status_code == 200
    for mailing_list in forced:  # someone else adds the same address to more lists
        assert (
            subscribe_form(client, mailing_list.slug, email="target@example.org").status_code == 200
        )
    [message] = mailbox.to("target@example.org")  # one confirmation mail per address a day
    text = mailbox.text(message)
    assert "the list “Network news”" in text and "Forced" not in text
    link = confirmation_link(mailbox, message)
    page = client.get(link).get_data(as_text=True)
    assert "Network news" in page and "Forced" not in page
    client.post(link)
    subscriber = subscriber_by_email("target@example.org")
    assert state_of(subscriber, wanted) == "active"
    assert [state_of(subscriber, entry) for entry in forced] == ["pending", "pending"]
    assert db.session.scalars(active_subscribers([entry.id for entry in forced])).all() == []
    assert client.post(link).status_code == 400  # used up

    # A day later a new request brings its own link, which again confirms that list only.
    subscriber.confirmation_sent_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    subscribe_form(client, forced[1].slug, email="target@example.org")
    second = mailbox.last("target@example.org")
    assert "the list “Forced two”" in mailbox.text(second)
    client.post(confirmation_link(mailbox, second))
    assert [state_of(subscriber, entry) for entry in forced] == ["pending", "active"]


def test_asking_again_keeps_the_mailed_link_working(client, mailbox):
    news = make_list(name="Network news")
    subscribe_form(client, news.slug)
    link = confirmation_link(mailbox, mailbox.last("ines@example.org"))
    subscribe_form(client, news.slug)
    assert len(mailbox.to("ines@example.org")) == 1
    client.post(link)
    assert state_of(subscriber_by_email("ines@example.org"), news) == "active"


@pytest.mark.parametrize("app", [{"ADVOCACY_FORM_LIMIT": "3 per 10 minutes"}], indirect=True)
def test_subscribe_is_rate_limited_per_ip(client):
    mailing_list = make_list()
    codes = [
        subscribe_form(client, mailing_list.slug, email=f"p{i}@example.org").status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_honeypot_gets_the_same_page_and_no_mail(client, mailbox):
    mailing_list = make_list()
    response = subscribe_form(
        client, mailing_list.slug, email="bot@example.org", homepage="http://spam.example"
    )
    assert response.status_code == 200 and "Check your inbox" in response.get_data(as_text=True)
    assert mailbox.to("bot@example.org") == []
    assert subscriber_by_email("bot@example.org") is None


@pytest.mark.parametrize(
    "email",
    ["victim@example.org\r\nBcc: many@example.org", "not-an-address", "a..b@example.org", "x@y"],
)
def test_bad_addresses_get_a_message_and_store_nothing(client, mailbox, email):
    mailing_list = make_list()
    response = subscribe_form(client, mailing_list.slug, email=email)
    assert response.status_code == 400
    assert "Enter a valid email address." in response.get_data(as_text=True)
    assert db.session.scalar(select(Subscriber)) is None
    assert mailbox.messages == []


def test_long_and_scripted_names(client, mailbox):
    mailing_list = make_list()
    response = subscribe_form(client, mailing_list.slug, name="N" * 5000)
    assert response.status_code == 400 and "120" in response.get_data(as_text=True)
    assert db.session.scalar(select(Subscriber)) is None
    subscribe_form(client, mailing_list.slug, name="<script>alert(1)</script>")
    html = mailbox.html(mailbox.last("ines@example.org"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_unconfirmed_requests_expire(client, mailbox):
    mailing_list = make_list()
    subscribe_form(client, mailing_list.slug)
    subscriber = subscriber_by_email("ines@example.org")
    assert expire_pending(utcnow() + timedelta(days=1)) == 0
    assert expire_pending(utcnow() + timedelta(days=8)) == 1
    db.session.commit()
    assert state_of(subscriber, mailing_list) is None


# --- Preference centre ------------------------------------------------------------------------


def test_preference_centre_changes_lists_and_language(client):
    news, forum = make_list(name="Network news"), make_list(name="Forum updates")
    subscriber = make_subscriber()
    subscribe(subscriber, news)
    subscribe(subscriber, forum)
    url = f"/advocacy/preferences/{subscriber.secret}"
    page = client.get(url).get_data(as_text=True)
    assert "Network news" in page and "Forum updates" in page
    client.post(url, data={"lists": [str(news.id)], "language": "fr"})
    db.session.expire_all()
    assert state_of(subscriber, news) == "active" and state_of(subscriber, forum) == "unsubscribed"
    assert db.session.get(Subscriber, subscriber.id).language == "fr"
    assert client.post(url, data={"lists": ["999999"], "language": "fr"}).status_code == 400


def test_global_opt_out_beats_imports(client, auth):
    news = make_list()
    subscriber = make_subscriber("gone@example.org")
    subscribe(subscriber, news)
    client.post(f"/advocacy/preferences/{subscriber.secret}/opt-out")
    db.session.expire_all()
    assert db.session.get(Subscriber, subscriber.id).opted_out_at is not None
    assert state_of(subscriber, news) == "unsubscribed"
    other = make_list()
    auth.login(make_user(Role.STAFF))
    client.post(
        f"/advocacy/staff/lists/{other.id}/import",
        data={
            "file": (__import__("io").BytesIO(b"email,name\ngone@example.org,Gone\n"), "a.csv"),
            "consent_note": "Paper sheet",
        },
        content_type="multipart/form-data",
    )
    assert state_of(subscriber, other) is None
    assert db.session.scalars(active_subscribers([news.id, other.id])).all() == []


def test_unknown_preference_secret_is_404(client):
    assert client.get("/advocacy/preferences/" + "x" * 32).status_code == 404


# --- Members, members-only lists, group lists ---------------------------------------------------


def test_member_subscribes_in_one_click_from_list_and_account(client, auth):
    news = make_list(name="Network news")
    members = make_list("members", name="Members' forum", visibility="members")
    member = make_user(email="m@example.org")
    auth.login(member)
    client.post(f"/advocacy/lists/{news.slug}/join")
    account = client.get("/account").get_data(as_text=True)
    assert (
        "Unsubscribe from Network news" in account and "Subscribe to Members&#39; forum" in account
    )
    client.post(f"/advocacy/lists/{members.slug}/join", data={"back": "account"})
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.user_id == member.id))
    assert state_of(subscriber, news) == "active" and state_of(subscriber, members) == "active"
    client.post(f"/advocacy/lists/{news.slug}/leave")
    assert state_of(subscriber, news) == "unsubscribed"


def test_members_only_list_is_hidden_from_visitors(client, auth):
    members = make_list("members", visibility="members", name="Members' forum")
    assert client.get(f"/advocacy/lists/{members.slug}").status_code == 404
    assert "Members" not in client.get("/advocacy/lists").get_data(as_text=True)
    assert subscribe_form(client, members.slug).status_code == 404
    assert client.post(f"/advocacy/lists/{members.slug}/join").status_code == 302  # to sign-in


def make_group_with_list():
    group = WorkingGroup(slug="remittances", name="Remittances")
    db.session.add(group)
    db.session.flush()
    return group, make_list("group", group=group, name="Remittances group")


def test_group_list_follows_group_membership(app, client, auth):
    group, group_list = make_group_with_list()
    inside, outside = make_user(email="in@example.org"), make_user(email="out@example.org")
    membership = GroupMembership(group_id=group.id, user_id=inside.id, state="active")
    db.session.add(membership)
    db.session.commit()
    emails = [s.email for s in db.session.scalars(active_subscribers([group_list.id]))]
    db.session.commit()
    assert emails == ["in@example.org"]

    auth.login(outside)
    assert client.post(f"/advocacy/lists/{group_list.slug}/join").status_code == 403
    with app.test_request_context():
        html = next(
            html
            for _receiver, html in group_sections.send(group)
            if html and "Remittances group" in html
        )
    assert "Members of the group receive this list." in html and "Subscribe to" not in html

    db.session.delete(db.session.get(GroupMembership, membership.id))
    db.session.commit()
    sync_all_group_lists()
    db.session.commit()
    assert db.session.scalars(active_subscribers([group_list.id])).all() == []


def test_group_member_who_unsubscribed_stays_unsubscribed(client, auth):
    group, group_list = make_group_with_list()
    member = make_user()
    db.session.add(GroupMembership(group_id=group.id, user_id=member.id, state="active"))
    db.session.commit()
    sync_all_group_lists()
    db.session.commit()
    auth.login(member)
    client.post(f"/advocacy/lists/{group_list.slug}/leave")
    assert db.session.scalars(active_subscribers([group_list.id])).all() == []
    client.post(f"/advocacy/lists/{group_list.slug}/join")
    assert len(db.session.scalars(active_subscribers([group_list.id])).all()) == 1


def test_bouncing_and_opted_out_subscribers_are_not_mailed(app):
    news = make_list()
    for email, field in [
        ("ok@example.org", None),
        ("bounce@example.org", "bouncing_at"),
        ("out@example.org", "opted_out_at"),
    ]:
        subscriber = make_subscriber(email)
        if field:
            setattr(subscriber, field, utcnow())
        subscribe(subscriber, news)
    other = make_list()
    subscribe(subscriber_by_email("ok@example.org"), other)
    emails = [s.email for s in db.session.scalars(active_subscribers([news.id, other.id]))]
    assert emails == ["ok@example.org"]


# --- Account signals --------------------------------------------------------------------------


def test_account_deletion_ends_subscriptions(app):
    news = make_list()
    user = make_user(email="leaver@example.org")
    subscriber = make_subscriber("leaver@example.org", user=user)
    subscribe(subscriber, news)
    data = dict(result for _receiver, result in account_data.send(user))["lists"]
    assert data["subscriptions"][0]["state"] == "active"
    account_deleting.send(user)
    db.session.commit()
    assert state_of(subscriber, news) == "unsubscribed"
    assert subscriber_by_email("leaver@example.org") is None


# --- Staff pages ------------------------------------------------------------------------------


def test_staff_pages_refuse_members_and_visitors(client, auth):
    news = make_list()
    urls = [
        "/advocacy/staff/lists",
        "/advocacy/staff/lists/new",
        f"/advocacy/staff/lists/{news.id}",
        f"/advocacy/staff/lists/{news.id}/export.csv",
        f"/advocacy/staff/lists/{news.id}/edit",
    ]
    assert all(client.get(url).status_code == 302 for url in urls)
    auth.login(make_user())
    assert all(client.get(url).status_code == 403 for url in urls)
    assert client.post(f"/advocacy/staff/lists/{news.id}/import").status_code == 403


def test_staff_create_list_and_see_counts(client, auth):
    auth.login(make_user(Role.STAFF))
    response = client.post(
        "/advocacy/staff/lists/new",
        data={
            "slug": "global-forum",
            "kind": "public",
            "group_id": "0",
            "visibility": "public",
            "name_en": "Global forum",
            "name_es": "Foro mundial",
            "name_fr": "Forum mondial",
            "description_en": "Updates",
            "description_es": "",
            "description_fr": "",
        },
    )
    assert response.status_code == 302
    mailing_list = db.session.scalar(select(MailingList).where(MailingList.slug == "global-forum"))
    subscribe(make_subscriber(), mailing_list)
    subscribe(make_subscriber(), mailing_list, state="pending")
    page = client.get("/advocacy/staff/lists").get_data(as_text=True)
    assert "Global forum" in page and "<td>1</td><td>1</td><td>0</td>" in page
    duplicate = client.post(
        "/advocacy/staff/lists/new",
        data={
            "slug": "global-forum",
            "kind": "public",
            "group_id": "0",
            "visibility": "public",
            "name_en": "Again",
        },
    )
    assert duplicate.status_code == 400 and "already uses this short name" in duplicate.get_data(
        as_text=True
    )


def test_staff_search_subscribers(client, auth):
    news = make_list()
    subscribe(make_subscriber("amina@example.org", name="Amina Diallo"), news)
    subscribe(make_subscriber("pedro@example.org", name="Pedro Gómez"), news)
    auth.login(make_user(Role.STAFF))
    page = client.get(f"/advocacy/staff/lists/{news.id}?q=diallo").get_data(as_text=True)
    assert "amina@example.org" in page and "pedro@example.org" not in page


def import_csv(
    client, mailing_list, content: bytes, note="Sign-up sheet, Dakar seminar", dry_run=False
):
    import io

    data = {"file": (io.BytesIO(content), "people.csv"), "consent_note": note}
    if dry_run:
        data["dry_run"] = "y"
    return client.post(
        f"/advocacy/staff/lists/{mailing_list.id}/import",
        data=data,
        content_type="multipart/form-data",
    )


def test_import_is_all_or_nothing_with_a_report(client, auth):
    news = make_list()
    auth.login(make_user(Role.STAFF))
    bad = import_csv(
        client, news, b"email,name\nok@example.org,Ok\nbroken@,Bad\nok@example.org,Twice\n"
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Nothing was imported" in page
    assert "not a valid email address" in page and "appears twice" in page
    assert db.session.scalar(select(Subscriber)) is None

    good = "email,name,language\nok@example.org,Ok,es\nJosé@Example.org,José Ñúñez,\n".encode()
    dry = import_csv(client, news, good, dry_run=True)
    assert (
        "nothing was written" in dry.get_data(as_text=True)
        and db.session.scalar(select(Subscriber)) is None
    )
    assert import_csv(client, news, good).status_code == 200
    rows = db.session.scalars(select(Subscription).where(Subscription.list_id == news.id)).all()
    assert len(rows) == 2 and {r.consent_source for r in rows} == {"import"}
    assert rows[0].consent_note == "Sign-up sheet, Dakar seminar"


def test_import_needs_a_consent_source(client, auth):
    news = make_list()
    auth.login(make_user(Role.STAFF))
    response = import_csv(client, news, b"email\nok@example.org\n", note="")
    assert response.status_code == 400 and db.session.scalar(select(Subscriber)) is None


def test_import_never_re_adds_people_who_left_the_list(client, auth):
    news = make_list()
    subscriber = make_subscriber("left@example.org")
    subscribe(subscriber, news, state="unsubscribed")
    auth.login(make_user(Role.STAFF))
    page = import_csv(client, news, b"email\nleft@example.org\n").get_data(as_text=True)
    assert "unsubscribed from this list: 1" in page
    assert state_of(subscriber, news) == "unsubscribed"


def test_export_is_injection_safe(client, auth):
    news = make_list()
    subscribe(make_subscriber("calc@example.org", name='=HYPERLINK("http://x")'), news)
    auth.login(make_user(Role.STAFF))
    response = client.get(f"/advocacy/staff/lists/{news.id}/export.csv")
    assert response.mimetype == "text/csv"
    assert "'=HYPERLINK" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "name",
    [
        '"Ana\r\nBcc: x@example.org"',
        '"Ana\nQuispe"',
        "Ana\u2028Quispe",
        "Ana\x85Quispe",
        "Ana\x0bQuispe",
    ],
)
def test_import_refuses_names_on_several_lines(client, auth, name):
    news = make_list()
    auth.login(make_user(Role.STAFF))
    response = import_csv(
        client, news, f"email,name\nok@example.org,Ok\nana@example.org,{name}\n".encode()
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was imported" in page
    assert "the name contains characters that are not allowed" in page and "ana@example.org" in page
    assert db.session.scalar(select(Subscriber)) is None


def test_import_with_a_cell_over_the_csv_limit_is_refused(client, auth):
    news = make_list()
    auth.login(make_user(Role.STAFF))
    response = import_csv(client, news, b"email,name\nok@example.org," + b"N" * 140_000 + b"\n")
    assert response.status_code == 400
    assert "The file is not valid CSV, or one of its cells is too long." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(Subscriber)) is None


def test_import_reads_semicolons_and_the_encodings_spreadsheets_save(client, auth):
    news = make_list()
    auth.login(make_user(Role.STAFF))
    excel_es = "email;name;language\r\nlucia@example.org;García, Lucía;es\r\n"
    response = import_csv(client, news, b"\xef\xbb\xbf" + excel_es.encode())
    assert response.status_code == 200
    assert subscriber_by_email("lucia@example.org").name == "García, Lucía"
    unicode_text = "email\tname\r\nelodie@example.org\tÉlodie Dupré\r\n"
    response = import_csv(client, news, unicode_text.encode("utf-16"))
    assert response.status_code == 200
    assert subscriber_by_email("elodie@example.org").name == "Élodie Dupré"
    latin1 = import_csv(client, news, "email\nzoé@example.org\n".encode("latin-1"))
    assert latin1.status_code == 400 and "not UTF-8" in latin1.get_data(as_text=True)


def test_import_updates_people_already_on_the_list(client, auth):
    news = make_list()
    subscribe(make_subscriber("known@example.org", name="K."), news)
    auth.login(make_user(Role.STAFF))
    file = b"email,name,language\nknown@example.org,Kofi Mensah,fr\nnew@example.org,New,\n"
    page = import_csv(client, news, file).get_data(as_text=True)
    assert "Imported: 1 new, 1 updated." in page
    known = subscriber_by_email("known@example.org")
    assert (known.name, known.language) == ("Kofi Mensah", "fr")
    again = import_csv(client, news, file).get_data(as_text=True)
    assert "Imported: 0 new, 0 updated." in again


def test_the_import_page_offers_a_template_csv(client, auth):
    news = make_list()
    auth.login(make_user(Role.STAFF))
    page = client.get(f"/advocacy/staff/lists/{news.id}").get_data(as_text=True)
    assert "/advocacy/staff/lists/import-template.csv" in page
    template = client.get("/advocacy/staff/lists/import-template.csv")
    assert template.mimetype == "text/csv"
    assert template.get_data(as_text=True).lstrip("\ufeff").startswith("email,name,language\r\n")
    auth.logout()
    auth.login(make_user())
    assert client.get("/advocacy/staff/lists/import-template.csv").status_code == 403
