"""An item's way to publication: draft -> submitted -> published, or returned with a comment;
member authors are asked to confirm their authorship."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import Conflict, DomainError, Forbidden
from network.extensions import db
from network.groups import queries as group_queries
from network.library import access, rules
from network.library.models import Confirmation, Item, ItemAuthor, ItemState

MAX_COMMENT = 4000


def submit(item: Item, actor) -> Item:
    """The submitter sends a draft (or a returned item) to the reviewers."""
    if not access.can_edit(item, actor):
        raise Forbidden()
    if item.state not in access.EDITABLE_STATES:
        raise Conflict(_("This item was already submitted."))
    if not item.files and not item.external_url:
        raise DomainError(_("Add a file or an external link before submitting."))
    item.state = ItemState.SUBMITTED.value
    _tell_reviewers(item, actor)
    ask_authors(item, actor)
    return item


def publish(item: Item, actor) -> Item:
    if not access.is_reviewer(item, actor):
        raise Forbidden()
    if item.state != ItemState.SUBMITTED.value:
        raise Conflict(_("Only a submitted item can be published."))
    rules.check_date(item.date_year, item.date_month, item.date_day, published=True)
    item.state = ItemState.PUBLISHED.value
    item.published_at = item.published_at or utcnow()
    item.deleted_at = None
    item.return_comment = ""
    _tell_submitter(item, "library/published", _l("Published: %(title)s", title=item.title))
    return item


def return_item(item: Item, actor, comment: str) -> Item:
    if not access.is_reviewer(item, actor):
        raise Forbidden()
    if item.state != ItemState.SUBMITTED.value:
        raise Conflict(_("Only a submitted item can be returned."))
    comment = (comment or "").strip()
    if not comment or len(comment) > MAX_COMMENT:
        raise DomainError(_("Say what the submitter should change (at most 4000 characters)."))
    item.state = ItemState.RETURNED.value
    item.return_comment = comment
    _tell_submitter(
        item, "library/returned", _l("Returned for changes: %(title)s", title=item.title)
    )
    return item


def withdraw(item: Item, actor) -> Item:
    """A published item leaves the library (harvesters are told it was deleted)."""
    if not access.is_reviewer(item, actor):
        raise Forbidden()
    if item.state != ItemState.PUBLISHED.value:
        raise Conflict(_("Only a published item can be withdrawn."))
    item.state = ItemState.WITHDRAWN.value
    item.deleted_at = utcnow()
    return item


def ask_authors(item: Item, actor) -> None:
    """Mails each member author not yet asked (other than the one acting) to confirm."""
    for author in item.authors:
        if not author.user_id or author.confirmation != Confirmation.NOT_ASKED.value:
            continue
        if author.user_id == actor.id:
            author.confirmation = Confirmation.CONFIRMED.value
            continue
        author.confirmation = Confirmation.PENDING.value
        user = db.session.get(User, author.user_id)
        send_email(
            user.email,
            "library/authorship",
            _l("Are you an author of %(title)s?", title=item.title),
            locale=user.language,
            user=user,
            title=item.title,
            submitter=actor.name,
            url=url_for("library.authorship", item_id=item.id, _external=True),
        )


def answer_authorship(item: Item, actor, confirm: bool) -> ItemAuthor:
    author = next(
        (a for a in item.authors if actor.is_authenticated and a.user_id == actor.id), None
    )
    if author is None:
        raise Forbidden()
    author.confirmation = (Confirmation.CONFIRMED if confirm else Confirmation.DECLINED).value
    return author


def _tell_reviewers(item: Item, actor) -> None:
    for user_id in group_queries.chair_ids(item.group_id):
        chair = db.session.get(User, user_id)
        if chair is None or chair.id == actor.id:
            continue
        send_email(
            chair.email,
            "library/submitted",
            _l("To review: %(title)s", title=item.title),
            locale=chair.language,
            user=chair,
            title=item.title,
            url=url_for("library.item", item_id=item.id, _external=True),
        )


def _tell_submitter(item: Item, template: str, subject) -> None:
    user = item.submitted_by
    if user is None:
        return
    send_email(
        user.email,
        template,
        subject,
        locale=user.language,
        user=user,
        title=item.title,
        comment=item.return_comment,
        url=url_for("library.item", item_id=item.id, _external=True),
    )
