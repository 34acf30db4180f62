"""What many read and few change, kept rendered: public pages as signed-out visitors see them.

The cache is Redis when REDIS_URL is set, else a SimpleCache in each process. Every entry is
keyed by the data version, which any committed write changes (in Redis, or in a small file beside
the instance when each process has its own cache), so the next read after a write renders afresh.
A cached page keeps a placeholder where the visitor's CSRF token goes, filled in for each visitor.
"""

import secrets
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app, g, has_app_context, render_template, request, session
from flask_babel import get_timezone
from flask_caching import Cache
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import Session

from network.i18n import current_language

cache = Cache()

# The pages kept for signed-out visitors (endpoint names); each reads only public data.
PUBLIC_PAGES = frozenset(
    {
        "main.index",
        "main.theme",
        "themes.index",
        "search.results",
        "library.index",
        "library.item",
        "members.directory",
        "events.index",
        "events.show",
        "advocacy.campaign",
        "conferences.programme",
        "journal.index",
        "journal.home",
        "journal.issues",
        "journal.issue",
        "journal.page",
    }
)
# Tables written often that no public page shows: their writes keep the cache.
UNSHOWN_TABLES = frozenset({"newsletter_delivery"})
TOKEN_PLACEHOLDER = "\x00csrf\x00"
VERSION_KEY = "data-version"


def init_app(app: Flask) -> None:
    shared = bool(app.config["REDIS_URL"])
    cache.init_app(
        app,
        config={
            "CACHE_TYPE": "RedisCache" if shared else "SimpleCache",
            "CACHE_REDIS_URL": app.config["REDIS_URL"],
            "CACHE_KEY_PREFIX": "puente:",
            "CACHE_DEFAULT_TIMEOUT": app.config["CACHE_TIMEOUT"],
        },
    )
    app.extensions["data_version_file"] = (
        None if shared else Path(app.config["CACHE_VERSION_DIR"] or app.instance_path) / "version"
    )
    app.extensions["fixed_parts"] = {}
    app.add_template_global(fixed_part)
    app.before_request(_cached_page)
    app.after_request(_keep_page)


def data_version() -> str:
    path = current_app.extensions["data_version_file"]
    if path is None:
        return cache.get(VERSION_KEY) or "0"
    try:
        return path.read_text()
    except FileNotFoundError:
        return "0"


def data_changed() -> None:
    """Every cached entry is stale from now on."""
    version = secrets.token_hex(8)
    path = current_app.extensions["data_version_file"]
    if path is None:
        cache.set(VERSION_KEY, version, timeout=0)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f"version.{version}")
    scratch.write_text(version)
    scratch.replace(path)


def kept(name: str, compute: Callable, *parts) -> object:
    """compute()'s value, computed once for every reader until the next write."""
    key = ":".join([name, data_version(), *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value)
    return value


def shared_part(name: str, render: Callable[[], str]) -> Markup:
    """A part of a page that every viewer of one kind sees alike for this address (the staff's
    member list, say), kept rendered until the next write. It must hold no form that posts:
    a CSRF token is per visitor."""
    parts = (current_language(), get_timezone(), request.full_path)
    return Markup(kept(f"part:{name}", render, *parts))


def fixed_part(template: str) -> Markup:
    """A template that reads the same for everyone in one language (the site's menus), rendered
    once per process and language; in debug mode on every request, so edits show."""
    if current_app.debug:
        return Markup(render_template(template))
    parts = current_app.extensions["fixed_parts"]
    key = (template, current_language(), request.script_root)
    if key not in parts:
        parts[key] = Markup(render_template(template))
    return parts[key]


def _page_key() -> str | None:
    """The key of this request's page when it may come from the cache, else None."""
    if (
        request.method != "GET"
        or request.endpoint not in PUBLIC_PAGES
        or current_user.is_authenticated
        or "_flashes" in session
    ):
        return None
    return f"page:{data_version()}:{current_language()}:{request.full_path}"


def _cached_page():
    g.page_key = _page_key()
    body = g.page_key and cache.get(g.page_key)
    if body is None or body is False:
        return None
    g.page_key = None  # served from the cache: nothing to keep
    return current_app.response_class(
        body.replace(TOKEN_PLACEHOLDER, generate_csrf()), mimetype="text/html"
    )


def _keep_page(response):
    key = g.pop("page_key", None)
    if key and response.status_code == 200 and response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        token = g.get("csrf_token")
        cache.set(key, body.replace(token, TOKEN_PLACEHOLDER) if token else body)
    return response


def _wrote(session, tables) -> None:
    session.info.setdefault("wrote", set()).update(tables)


@event.listens_for(Session, "after_flush")
def _note_flush(session, _context):
    _wrote(
        session, {row.__table__.name for row in [*session.new, *session.dirty, *session.deleted]}
    )


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state):
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        _wrote(state.session, {getattr(table, "name", "")})


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    if session.info.pop("wrote", set()) - UNSHOWN_TABLES and has_app_context():
        data_changed()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    session.info.pop("wrote", None)
