"""Accounts: sign up, verification, sign in, password and email changes."""

import hashlib
import logging

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import make_transient_to_detached

from network.auth.models import Role, User, new_session_token
from network.cache import kept
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import DomainError
from network.extensions import db
from network.security import hash_password, password_problem, verify_password
from network.signals import account_data, account_deleting
from network.tokens import InvalidToken, make_token, read_token

logger = logging.getLogger(__name__)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def check_password_rules(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise DomainError(problem)


def create_user(
    name: str,
    email: str,
    password: str,
    *,
    role: Role = Role.MEMBER,
    language: str = "en",
    timezone: str = "UTC",
    verified: bool = False,
) -> User:
    check_password_rules(password)
    user = User(
        name=name,
        email=email,
        password_hash=hash_password(password),
        role=role.value,
        language=language,
        timezone=timezone,
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    logger.info("user created id=%s role=%s", user.id, user.role)
    return user


def sign_up(name: str, email: str, password: str, language: str, timezone: str) -> None:
    """Same outcome seen from outside whether or not the address already has an account,
    in the answer and in the time it takes."""
    check_password_rules(password)
    existing = find_user_by_email(email)
    if existing:
        hash_password(password)  # as long as a new account's hash, which dominates the answer
        send_email(
            existing.email,
            "auth/already_registered",
            _l("You already have an account"),
            locale=existing.language,
            user=existing,
            login_url=url_for("auth.login", _external=True),
            reset_url=url_for("auth.forgot_password", _external=True),
        )
        return
    user = create_user(name, email, password, language=language, timezone=timezone)
    send_verification(user)


def _token_user(purpose: str, token: str, max_age) -> tuple[dict, User | None]:
    """The token's payload and its user; (empty, None) for a bad or expired token."""
    try:
        data = read_token(purpose, token, max_age)
    except InvalidToken:
        return {}, None
    return data, db.session.get(User, data["id"])


def send_verification(user: User) -> None:
    token = make_token("verify", {"id": user.id, "email": user.email})
    send_email(
        user.email,
        "auth/verify",
        _l("Confirm your email address"),
        locale=user.language,
        user=user,
        url=url_for("auth.verify_email", token=token, _external=True),
    )


def verify_email(token: str) -> User | None:
    """Confirms the address; gives the user the first time only (the link then signs them in,
    and a link used again, or read from a forwarded mail later, signs no one in)."""
    data, user = _token_user("verify", token, current_app.config["TOKEN_MAX_AGE"])
    if user is None or user.email != data["email"]:
        raise DomainError(_l("This confirmation link is invalid or has expired."))
    if user.email_verified_at is not None:
        return None
    user.email_verified_at = utcnow()
    logger.info("email verified user=%s", user.id)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if not user.is_active:
        return None
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    logger.info("login user=%s", user.id)


def end_sessions(user: User) -> None:
    user.session_token = new_session_token()


def send_reset_link(email: str) -> None:
    """Run by the worker (see auth.tasks), so the page answers as fast for unknown addresses."""
    user = find_user_by_email(email)
    if user is None:
        logger.info("password reset asked for an unknown address")
        return
    token = make_token("reset", {"id": user.id, "h": _fingerprint(user)})
    send_email(
        user.email,
        "auth/reset_password",
        _l("Reset your password"),
        locale=user.language,
        user=user,
        url=url_for("auth.reset_password", token=token, _external=True),
    )


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def user_for_reset(token: str) -> User:
    """The token dies when the password changes, so it works once."""
    data, user = _token_user("reset", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    if user is None or _fingerprint(user) != data["h"]:
        raise DomainError(_l("This reset link is invalid, expired or already used."))
    return user


def set_password(user: User, password: str) -> None:
    check_password_rules(password)
    user.password_hash = hash_password(password)
    end_sessions(user)
    if user.email_verified_at is None:
        # Receiving the reset link proves the address.
        user.email_verified_at = utcnow()
    logger.info("password changed user=%s", user.id)


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise DomainError(_l("Your current password is not correct."))
    set_password(user, new)
    send_email(
        user.email,
        "auth/password_changed",
        _l("Your password was changed"),
        locale=user.language,
        user=user,
    )


def request_email_change(user: User, password: str, new_email: str) -> None:
    if not verify_password(user.password_hash, password):
        raise DomainError(_l("Your current password is not correct."))
    if new_email == user.email:
        raise DomainError(_l("This is already your email address."))
    if find_user_by_email(new_email):
        send_email(
            new_email,
            "auth/email_taken",
            _l("Someone tried to use your address"),
            locale=user.language,
        )
        return
    token = make_token("email", {"id": user.id, "old": user.email, "new": new_email})
    send_email(
        new_email,
        "auth/confirm_email_change",
        _l("Confirm your new email address"),
        locale=user.language,
        user=user,
        url=url_for("auth.confirm_email_change", token=token, _external=True),
    )


def confirm_email_change(token: str) -> User:
    data, user = _token_user("email", token, current_app.config["TOKEN_MAX_AGE"])
    if user is None or user.email != data["old"] or find_user_by_email(data["new"]):
        raise DomainError(_l("This confirmation link is invalid, expired or already used."))
    old = user.email
    user.email = data["new"]
    user.email_verified_at = utcnow()
    end_sessions(user)
    send_email(
        old,
        "auth/email_changed",
        _l("Your email address was changed"),
        locale=user.language,
        user=user,
    )
    logger.info("email changed user=%s", user.id)
    return user


def update_preferences(user: User, language: str, timezone: str) -> None:
    user.language = language
    user.timezone = timezone


def set_role(actor: User, user: User, role: Role) -> None:
    if actor.id == user.id and role != Role.ADMIN:
        raise DomainError(_l("You cannot remove your own administrator role."))
    user.role = role.value
    logger.info("role changed user=%s role=%s by=%s", user.id, role.value, actor.id)


# Columns of the user row that are never handed out, not even to the person.
SECRET_USER_COLUMNS = {"password_hash", "session_token"}


def account_export(user: User) -> dict:
    """Everything the network holds about a person: the account and each domain's section."""
    account = {
        column.key: json_ready(getattr(user, column.key))
        for column in User.__table__.columns
        if column.key not in SECRET_USER_COLUMNS
    }
    sections = {}
    for _receiver, (name, data) in account_data.send(user):
        sections[name] = data
    return {"account": account, **sections}


def json_ready(value):
    """Dates and times as ISO text, for the export; anything else as it is."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def delete_account(user: User, password: str) -> None:
    """Other domains anonymize or remove what they hold in the same transaction, then the row goes."""
    if not verify_password(user.password_hash, password):
        raise DomainError(_l("Your password is not correct."))
    user_id = user.id
    account_deleting.send(user)
    db.session.delete(user)
    db.session.flush()
    logger.info("account deleted user=%s", user_id)


# Read on every signed-in request; the hash stays in the database (read when a form needs it).
SESSION_COLUMNS = tuple(c.key for c in User.__table__.columns if c.key != "password_hash")


def session_user(user_id: int) -> User | None:
    """The account a session names, read from the database once per data version: any
    committed write renews it, so a changed role or a revoked session counts at once."""
    values = kept("account", lambda: _session_values(user_id), user_id)
    if not values:
        return None
    user = User(**values)
    make_transient_to_detached(user)
    return db.session.merge(user, load=False)


def _session_values(user_id: int) -> dict:
    user = db.session.get(User, user_id)
    return {key: getattr(user, key) for key in SESSION_COLUMNS} if user else {}
