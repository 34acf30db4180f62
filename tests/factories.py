"""Factories: rows as tests need them, with real hashing done once."""

import itertools
from functools import lru_cache

from network.auth.models import Role, User
from network.dbtypes import utcnow
from network.extensions import db
from network.security import hash_password

PASSWORD = "a long test passphrase"
_counter = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    return hash_password(PASSWORD)


def make_user(
    role: Role | str = Role.MEMBER,
    *,
    email: str | None = None,
    name: str | None = None,
    verified: bool = True,
    language: str = "en",
    timezone: str = "UTC",
    commit=True,
) -> User:
    n = next(_counter)
    user = User(
        email=email or f"person{n}@example.org",
        name=name or f"Person {n}",
        role=Role(role).value,
        language=language,
        timezone=timezone,
        password_hash=password_hash(),
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    if commit:
        db.session.commit()
    return user
