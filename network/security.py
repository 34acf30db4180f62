"""Keys and hosts, response headers, password rules and safe redirects."""

import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values
from flask import abort, current_app, g, request
from werkzeug.security import check_password_hash, generate_password_hash

COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors {ancestors}"
)

# Parts of an address that act as a key: whoever holds the link may act, so neither the
# browser nor a proxy may keep a copy of the page, even for someone not signed in.
SECRET_VIEW_ARGS = frozenset({"token", "secret", "code"})
MIN_SECRET_KEY_LENGTH = 32
# Keys written in this repository or its history: anyone can sign tokens with them.
PUBLISHED_SECRET_KEYS = frozenset(
    {
        "dev-only-insecure-key",
        "change-me-to-a-long-random-string",
        "testing-secret-key",
        "benchmark-only-secret",
    }
)


def instance_secret_key(path: Path) -> str:
    """The key kept in the instance folder, made on first start.

    Web processes and the worker read the same file. It is written whole under a temporary name
    (mode 0600) and linked into place, which fails if it exists: two processes starting at once
    keep the first one's key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_urlsafe(48))
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text().strip()


def published_secret_keys() -> frozenset:
    example = dotenv_values(Path(__file__).parent.parent / ".env.example").get("SECRET_KEY")
    return PUBLISHED_SECRET_KEYS | ({example} if example else set())


def secret_key_problem(key: str | None) -> str | None:
    """Why a key may not sign production sessions and mailed links, or None."""
    if not key:
        return "SECRET_KEY must be set (environment or .env) in production"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY must have at least {MIN_SECRET_KEY_LENGTH} characters in production"
    if key in published_secret_keys():
        return "SECRET_KEY is a value published in the repository; make a random one"
    return None


def public_url_settings(public_url: str) -> dict:
    """Flask's link and host settings from the one public base URL."""
    parts = urlsplit(public_url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or parts.query
        or parts.fragment
    ):
        raise RuntimeError(f"PUBLIC_URL must look like https://example.org, not {public_url!r}")
    return {
        "SERVER_NAME": parts.netloc,
        "PREFERRED_URL_SCHEME": parts.scheme,
        "APPLICATION_ROOT": parts.path.rstrip("/") or "/",
        "TRUSTED_HOSTS": [parts.hostname],
    }


def register(app):
    if app.config.get("PUBLIC_URL"):
        app.wsgi_app = _with_public_scheme(app.wsgi_app, app.config["PREFERRED_URL_SCHEME"])

    @app.before_request
    def refuse_nul():
        # No text column takes a NUL (PostgreSQL refuses it outright), and no person types one.
        values = [*request.args.values(), *request.form.values()]
        if any("\x00" in value for value in values):
            abort(400)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        # Only the embeds may be framed, by the sites EMBED_ORIGINS names (any by default).
        framed = g.get("frameable", False)
        ancestors = app.config["EMBED_ORIGINS"] if framed else "'none'"
        headers.setdefault("Content-Security-Policy", CSP.format(ancestors=ancestors))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if not framed:
            headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if _must_not_be_stored(headers):
            headers["Cache-Control"] = "no-store"
        return response


def _with_public_scheme(wsgi_app, scheme: str):
    """Links built in a request get PUBLIC_URL's scheme too, as those built by jobs, even when
    TLS ends at a proxy that does not say so."""

    def with_scheme(environ, start_response):
        environ["wsgi.url_scheme"] = scheme
        return wsgi_app(environ, start_response)

    return with_scheme


def _must_not_be_stored(headers) -> bool:
    """Pages reached by a secret link, and a signed-in person's pages unless the view chose."""
    if reached_by_secret_link():
        return "no-store" not in headers.get("Cache-Control", "")
    return bool(
        request.endpoint
        and not request.endpoint.endswith("static")
        and "Cache-Control" not in headers
        and _is_signed_in()
    )


def reached_by_secret_link() -> bool:
    return bool(request.view_args and SECRET_VIEW_ARGS & request.view_args.keys())


def _is_signed_in() -> bool:
    from flask_login import current_user

    return bool(current_user and current_user.is_authenticated)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset:
    return frozenset(COMMON_PASSWORDS.read_text(encoding="utf-8").split())


def password_problem(password: str):
    """A translated reason the password is refused, or None."""
    from flask_babel import gettext as _

    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH)
    if password.lower() in common_passwords():
        return _("This password is too common. Choose one that is harder to guess.")
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str | None, password: str) -> bool:
    """Checks a password; with no account it still spends the same time hashing."""
    if password_hash is None:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(password_hash, password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("no account has this password")


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site paths are followed after login or a language switch."""
    if not target:
        return fallback
    target = target.strip()
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return fallback
    return target
