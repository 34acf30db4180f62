"""Newsletters: compose, choose the audience, start, schedule, pause, resume, cancel, archive."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, literal, select, update

from network.auth.models import User
from network.dbtypes import utcnow
from network.email import EmailHeaderError, check_header, post
from network.errors import Conflict, DomainError, NotFound
from network.extensions import db
from network.lists.models import MailingList, Subscriber
from network.lists.subscriptions import subscriber_for_user
from network.newsletters.audience import audience, audience_count
from network.newsletters.messages import Composer
from network.newsletters.models import (
    Delivery,
    DeliveryState,
    Newsletter,
    NewsletterStatus,
    NewsletterVersion,
)
from network.newsletters.tasks import queue_senders
from network.outbox import after_commit
from network.times import local_to_utc

logger = logging.getLogger(__name__)

DRAFT = NewsletterStatus.DRAFT.value
SCHEDULED = NewsletterStatus.SCHEDULED.value
SENDING = NewsletterStatus.SENDING.value
PAUSED = NewsletterStatus.PAUSED.value
SENT = NewsletterStatus.SENT.value
CANCELLED = NewsletterStatus.CANCELLED.value
UNFINISHED = (DeliveryState.PENDING.value, DeliveryState.SENDING.value)
SEGMENT_COLUMNS = (
    "segment_language",
    "segment_group_id",
    "segment_member_kind",
    "segment_membership_status",
    "segment_country",
    "segment_corridor_origin",
    "segment_corridor_destination",
    "segment_theme_id",
)


# --- Compose ----------------------------------------------------------------------------------


@dataclass
class Content:
    subject: str
    preheader: str
    body: str


@dataclass
class Segment:
    language: str = ""
    group_id: int | None = None
    member_kind: str = ""
    membership_status: str = ""
    country: str = ""
    corridor_origin: str = ""
    corridor_destination: str = ""
    theme_id: int | None = None


def get_newsletter(newsletter_id: int) -> Newsletter:
    newsletter = db.session.get(Newsletter, newsletter_id)
    if newsletter is None:
        raise NotFound(_l("This newsletter does not exist."))
    return newsletter


def newsletters_by_status() -> dict[str, list[Newsletter]]:
    found = {status.value: [] for status in NewsletterStatus}
    for newsletter in db.session.scalars(select(Newsletter).order_by(Newsletter.updated_at.desc())):
        found[newsletter.status].append(newsletter)
    return found


def open_lists() -> list[MailingList]:
    """The lists a newsletter may go to."""
    return list(
        db.session.scalars(
            select(MailingList).where(MailingList.archived.is_(False)).order_by(MailingList.slug)
        )
    )


def lists_by_ids(ids) -> list[MailingList]:
    return list(db.session.scalars(select(MailingList).where(MailingList.id.in_(ids or []))))


def _require_draft(newsletter: Newsletter) -> None:
    if newsletter.status != DRAFT:
        raise Conflict(
            _l("Only a draft can be changed. Duplicate this newsletter to write a new one.")
        )


def _check_headers(*values: str) -> None:
    try:
        for value in values:
            check_header(value)
    except EmailHeaderError:
        raise DomainError(_l("Use a single line, without line breaks.")) from None


def save_newsletter(
    newsletter: Newsletter | None,
    author: User,
    content: Content,
    *,
    sender_name: str,
    language: str,
    lists: list[MailingList],
    segment: Segment,
) -> Newsletter:
    if newsletter is None:
        newsletter = Newsletter(created_by_id=author.id, status=DRAFT)
        db.session.add(newsletter)
    _require_draft(newsletter)
    _check_headers(content.subject, sender_name)
    if any(version.language == language for version in newsletter.versions):
        raise DomainError(
            _l(
                "There is already a version in this language. Remove it first, or "
                "choose another main language."
            )
        )
    if (newsletter.subject, newsletter.preheader, newsletter.body) != (
        content.subject,
        content.preheader,
        content.body,
    ):
        newsletter.content_changed_at = utcnow()
    newsletter.subject, newsletter.preheader, newsletter.body = (
        content.subject,
        content.preheader,
        content.body,
    )
    newsletter.sender_name, newsletter.language = sender_name, language
    newsletter.lists = list(lists)
    newsletter.segment_language = segment.language
    newsletter.segment_group_id = segment.group_id
    newsletter.segment_member_kind = segment.member_kind
    newsletter.segment_membership_status = segment.membership_status
    newsletter.segment_country = segment.country
    newsletter.segment_corridor_origin = segment.corridor_origin
    newsletter.segment_corridor_destination = segment.corridor_destination
    newsletter.segment_theme_id = segment.theme_id
    db.session.flush()
    logger.info("newsletter saved id=%s by user=%s", newsletter.id, author.id)
    return newsletter


def save_version(newsletter: Newsletter, language: str, content: Content) -> NewsletterVersion:
    _require_draft(newsletter)
    if language == newsletter.language:
        raise DomainError(_l("This is the newsletter's main language; edit the newsletter itself."))
    _check_headers(content.subject)
    version = next((v for v in newsletter.versions if v.language == language), None)
    if version is None:
        version = NewsletterVersion(language=language)
        newsletter.versions.append(version)
    version.subject, version.preheader, version.body = (
        content.subject,
        content.preheader,
        content.body,
    )
    version.updated_at = newsletter.updated_at = utcnow()
    return version


def remove_version(newsletter: Newsletter, language: str) -> None:
    _require_draft(newsletter)
    newsletter.versions = [v for v in newsletter.versions if v.language != language]
    newsletter.updated_at = utcnow()


def duplicate(newsletter: Newsletter, author: User) -> Newsletter:
    copy = Newsletter(
        subject=newsletter.subject,
        preheader=newsletter.preheader,
        body=newsletter.body,
        sender_name=newsletter.sender_name,
        language=newsletter.language,
        status=DRAFT,
        created_by_id=author.id,
        lists=list(newsletter.lists),
        **{column: getattr(newsletter, column) for column in SEGMENT_COLUMNS},
        versions=[
            NewsletterVersion(
                language=v.language, subject=v.subject, preheader=v.preheader, body=v.body
            )
            for v in newsletter.versions
        ],
    )
    db.session.add(copy)
    db.session.flush()
    logger.info("newsletter %s duplicated as %s by user=%s", newsletter.id, copy.id, author.id)
    return copy


def send_test(newsletter: Newsletter, user: User, language: str) -> dict:
    """Send this staff member the newsletter as it would reach them, marked as a test."""
    if not newsletter.lists:
        raise DomainError(_l("Choose at least one list first: the test shows that list's links."))
    subscriber = subscriber_for_user(user)
    return post(
        Composer(newsletter).message(subscriber, newsletter.lists[0], language=language, test=True)
    )


# --- Sending and scheduling -------------------------------------------------------------------


def _require_sendable(newsletter: Newsletter) -> None:
    if newsletter.status not in (DRAFT, SCHEDULED):
        raise Conflict(_l("This newsletter has already been sent or is being sent."))
    if not newsletter.lists:
        raise DomainError(_l("Choose at least one list."))
    if not newsletter.subject.strip() or not newsletter.body.strip():
        raise DomainError(_l("Write a subject and a text first."))


def _require_current_versions(newsletter: Newsletter, outdated_ok: bool) -> None:
    """Versions older than the main text go out only when the sender said so."""
    if newsletter.outdated_versions and not outdated_ok:
        raise Conflict(
            _l(
                "Some language versions were not updated after the main version changed. "
                "Update them, or confirm that they go out as they are."
            )
        )


def send_now(newsletter: Newsletter, now: datetime, *, outdated_ok: bool = False) -> int:
    _require_sendable(newsletter)
    _require_current_versions(newsletter, outdated_ok)
    if audience_count(newsletter) == 0:
        raise Conflict(_l("Nobody is in this audience. Choose other lists or a wider segment."))
    _transition(newsletter, (DRAFT, SCHEDULED), SENDING)
    count = _fix_recipients(newsletter, now)
    after_commit(queue_senders, newsletter.id)
    return count


def start_scheduled(newsletter_id: int, now: datetime) -> bool:
    """Start a due scheduled newsletter; False if another scheduler started it first."""
    won = db.session.execute(
        update(Newsletter)
        .where(
            Newsletter.id == newsletter_id,
            Newsletter.status == SCHEDULED,
            Newsletter.scheduled_at <= now,
        )
        .values(status=SENDING)
    ).rowcount
    if won:
        _fix_recipients(db.session.get(Newsletter, newsletter_id, populate_existing=True), now)
    return bool(won)


def _fix_recipients(newsletter: Newsletter, now: datetime) -> int:
    """One delivery row per recipient, written once: later list changes do not alter it."""
    recipients = (
        audience(newsletter)
        .order_by(None)
        .with_only_columns(
            literal(newsletter.id),
            Subscriber.id,
            literal(DeliveryState.PENDING.value),
            literal(0),
            literal(""),
        )
    )
    db.session.execute(
        insert(Delivery).from_select(
            ["newsletter_id", "subscriber_id", "state", "attempts", "last_error"], recipients
        )
    )
    newsletter.started_at = newsletter.kicked_at = now
    newsletter.scheduled_at = newsletter.scheduled_at or now
    db.session.flush()
    count = db.session.scalar(
        select(func.count(Delivery.id)).where(Delivery.newsletter_id == newsletter.id)
    )
    logger.info("newsletter %s sending to %s recipients", newsletter.id, count)
    return count


def schedule(
    newsletter: Newsletter,
    local_time: datetime,
    now: datetime,
    zone: str = "UTC",
    *,
    outdated_ok: bool = False,
) -> None:
    """Send at local_time, a wall-clock time in zone (the staff member's)."""
    when = local_to_utc(local_time, zone)
    _require_sendable(newsletter)
    _require_current_versions(newsletter, outdated_ok)
    if when <= now:
        raise DomainError(_l("Choose a time in the future."))
    newsletter.status, newsletter.scheduled_at = SCHEDULED, when
    logger.info("newsletter %s scheduled for %s", newsletter.id, when.isoformat())


def unschedule(newsletter: Newsletter) -> None:
    if newsletter.status != SCHEDULED:
        raise Conflict(_l("This newsletter is not scheduled."))
    newsletter.status, newsletter.scheduled_at = DRAFT, None


def _transition(newsletter: Newsletter, allowed: tuple[str, ...], status: str) -> None:
    """A guarded change: two staff members pressing buttons at once cannot skip a state."""
    changed = db.session.execute(
        update(Newsletter)
        .where(Newsletter.id == newsletter.id, Newsletter.status.in_(allowed))
        .values(status=status, updated_at=utcnow())
    ).rowcount
    if not changed:
        db.session.refresh(newsletter)
        raise Conflict(_l("This newsletter changed in the meantime. Look at its current state."))
    db.session.refresh(newsletter)
    logger.info("newsletter %s is now %s", newsletter.id, status)


def pause(newsletter: Newsletter) -> None:
    _transition(newsletter, (SENDING,), PAUSED)


def resume(newsletter: Newsletter, now: datetime) -> None:
    _transition(newsletter, (PAUSED,), SENDING)
    newsletter.kicked_at = now
    after_commit(queue_senders, newsletter.id)


def cancel(newsletter: Newsletter, now: datetime) -> None:
    """Stop for good; what was not sent yet is skipped."""
    _transition(newsletter, (SCHEDULED, SENDING, PAUSED), CANCELLED)
    db.session.execute(
        update(Delivery)
        .where(
            Delivery.newsletter_id == newsletter.id, Delivery.state == DeliveryState.PENDING.value
        )
        .values(
            state=DeliveryState.SKIPPED.value,
            last_error="cancelled",
            claim_token=None,
            lease_until=None,
        )
    )
    newsletter.finished_at = now


def finish_if_done(newsletter_id: int, now: datetime) -> bool:
    unfinished = db.session.scalar(
        select(func.count(Delivery.id)).where(
            Delivery.newsletter_id == newsletter_id, Delivery.state.in_(UNFINISHED)
        )
    )
    if unfinished:
        return False
    done = db.session.execute(
        update(Newsletter)
        .where(Newsletter.id == newsletter_id, Newsletter.status == SENDING)
        .values(status=SENT, finished_at=now)
    ).rowcount
    if done:
        logger.info("newsletter %s sent", newsletter_id)
    return True


def due_scheduled(now: datetime) -> list[int]:
    return list(
        db.session.scalars(
            select(Newsletter.id).where(
                Newsletter.status == SCHEDULED, Newsletter.scheduled_at <= now
            )
        )
    )


def take_kick(newsletter_id: int, now: datetime, interval: timedelta) -> bool:
    """True for exactly one caller per interval: the one that should queue the senders."""
    return bool(
        db.session.execute(
            update(Newsletter)
            .where(
                Newsletter.id == newsletter_id,
                Newsletter.status == SENDING,
                (Newsletter.kicked_at.is_(None)) | (Newsletter.kicked_at < now - interval),
            )
            .values(kicked_at=now)
        ).rowcount
    )


def stalled(now: datetime) -> list[int]:
    """Sending newsletters that no live worker holds but that have a message due now."""
    held = select(Delivery.newsletter_id).where(Delivery.lease_until > now)
    due = select(Delivery.newsletter_id).where(
        Delivery.state.in_(UNFINISHED),
        (Delivery.next_attempt_at.is_(None)) | (Delivery.next_attempt_at <= now),
    )
    return list(
        db.session.scalars(
            select(Newsletter.id).where(
                Newsletter.status == SENDING, Newsletter.id.not_in(held), Newsletter.id.in_(due)
            )
        )
    )


def finished_candidates() -> list[int]:
    return list(
        db.session.scalars(
            select(Newsletter.id).where(
                Newsletter.status == SENDING,
                Newsletter.id.not_in(
                    select(Delivery.newsletter_id).where(Delivery.state.in_(UNFINISHED))
                ),
            )
        )
    )


# --- Progress ---------------------------------------------------------------------------------


def progress(newsletter: Newsletter, now: datetime) -> dict:
    counts = dict(
        db.session.execute(
            select(Delivery.state, func.count(Delivery.id))
            .where(Delivery.newsletter_id == newsletter.id)
            .group_by(Delivery.state)
        ).all()
    )
    counts = {state.value: counts.get(state.value, 0) for state in DeliveryState}
    recent = db.session.scalar(
        select(func.count(Delivery.id)).where(
            Delivery.newsletter_id == newsletter.id, Delivery.sent_at >= now - timedelta(minutes=1)
        )
    )
    rate = recent / 60
    remaining = counts["pending"] + counts["sending"]
    finish = now + timedelta(seconds=remaining / rate) if rate and remaining else None
    total = sum(counts.values())
    return {
        "status": newsletter.status,
        # Nothing left to pause or cancel, even before the status says "sent".
        "finished": newsletter.status in (SENT, CANCELLED) or bool(total and not remaining),
        "total": total,
        **counts,
        "rate": round(rate, 2),
        "expected_finish": finish,
    }


def recent_failures(newsletter: Newsletter, limit: int = 50) -> list[Delivery]:
    return list(
        db.session.scalars(
            select(Delivery)
            .where(
                Delivery.newsletter_id == newsletter.id,
                Delivery.state == DeliveryState.FAILED.value,
            )
            .order_by(Delivery.id)
            .limit(limit)
        )
    )
