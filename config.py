"""Configuration classes. Every key can come from the environment under its own name."""

import os
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))
load_dotenv(BASE_DIR / ".env")


def env(name, default=None):
    """An empty value counts as unset, so a copied .env.example changes nothing."""
    return os.environ.get(name) or default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    # Unset: a random key made on first start in SECRET_KEY_FILE (see network.security).
    SECRET_KEY = env("SECRET_KEY")
    SECRET_KEY_FILE = env("SECRET_KEY_FILE", str(INSTANCE_DIR / "secret_key"))
    # Where people reach the site. Every link in pages and mail is built from it, and requests
    # naming another host are refused; SERVER_NAME and its siblings are derived from it.
    # By default the address `make run` serves on (BIND, as in the Procfile).
    PUBLIC_URL = env("PUBLIC_URL", f"http://{env('BIND', '127.0.0.1:5000')}")
    # The database: a SQLite file by default, PostgreSQL in production.
    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'puente.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Seconds a writer waits for SQLite's write lock (network/sqlite.py; also the job queue's).
    SQLITE_BUSY_TIMEOUT = env_int("SQLITE_BUSY_TIMEOUT", 30)
    # Set: the job queue, the rate-limit counters and the page cache live in Redis.
    REDIS_URL = env("REDIS_URL")
    # Seconds a public page rendered for signed-out visitors is kept (any write renews it at
    # once); without Redis each process keeps its own, and writes are told through the file
    # version in CACHE_VERSION_DIR (unset: the instance folder).
    CACHE_TIMEOUT = env_int("CACHE_TIMEOUT", 300)
    CACHE_VERSION_DIR = env("CACHE_VERSION_DIR")
    # Jobs run inline instead of in the worker (tests); else queued in HUEY_SQLITE_PATH or Redis.
    HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
    HUEY_SQLITE_PATH = env("HUEY_SQLITE_PATH", str(INSTANCE_DIR / "huey.db"))

    # SMTP; with no MAIL_SERVER every message is written to MAIL_OUTBOX_DIR (network/email.py).
    MAIL_SERVER = env("MAIL_SERVER")
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = env("MAIL_USERNAME")
    MAIL_PASSWORD = env("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = env("MAIL_DEFAULT_SENDER", "Puente <no-reply@puente.localhost>")
    # Address in List-Unsubscribe's mailto: part; its mailbox is read by staff.
    LIST_UNSUBSCRIBE_MAILTO = env("LIST_UNSUBSCRIBE_MAILTO", "unsubscribe@puente.localhost")
    MAIL_OUTBOX_DIR = env("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "mail"))
    # Members' photos and organizations' logos; unset: instance/uploads.
    UPLOAD_DIR = env("UPLOAD_DIR")
    # Library files (PDFs, datasets, slides) under server-chosen names; unset: instance/library.
    LIBRARY_DIR = env("LIBRARY_DIR")
    # Length of a membership term, from approval or renewal.
    MEMBERSHIP_TERM_DAYS = env_int("MEMBERSHIP_TERM_DAYS", 365)
    # Hours a guest's event registration waits for its confirmation by the mailed link.
    EVENT_HOLD_HOURS = env_int("EVENT_HOLD_HOURS", 24)
    # Host part of calendar UIDs; unset: the host of PUBLIC_URL. Set it before moving the site
    # to another address, so calendars keep recognising the events they already have.
    ICAL_UID_HOST = env("ICAL_UID_HOST")
    # Newsletters: messages per second shared by all sending tasks (0 = no limit), how many
    # tasks send one newsletter at once, and how long a claimed batch is held by its worker
    # unless renewed (a live worker renews it; a killed one's is taken over once it runs out).
    NEWSLETTER_RATE = float(env("NEWSLETTER_RATE", 10))
    NEWSLETTER_SENDERS = env_int("NEWSLETTER_SENDERS", 2)
    NEWSLETTER_LEASE_SECONDS = env_int("NEWSLETTER_LEASE_SECONDS", 30)

    # The network's name in pages and mail.
    NETWORK_NAME = env("NETWORK_NAME", "Puente")
    # Sites allowed to frame the embeds (/embed/...), as a CSP frame-ancestors list such as
    # "https://partner.org https://*.partner.net"; "*" lets any site show them.
    EMBED_ORIGINS = env("EMBED_ORIGINS", "*")
    # OAI-PMH at /oai: records per list page (then a resumption token), and the address shown
    # to harvesters (unset: the address of MAIL_DEFAULT_SENDER).
    OAI_PAGE_SIZE = env_int("OAI_PAGE_SIZE", 100)
    OAI_ADMIN_EMAIL = env("OAI_ADMIN_EMAIL")
    # Who deposits the journals' DOIs with Crossref, as its deposit files name them (unset: the
    # journal's publisher, and the address of MAIL_DEFAULT_SENDER).
    CROSSREF_DEPOSITOR_NAME = env("CROSSREF_DEPOSITOR_NAME")
    CROSSREF_DEPOSITOR_EMAIL = env("CROSSREF_DEPOSITOR_EMAIL")

    # The languages of every page and message; en when nothing else is known.
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("en", "es", "fr")
    BABEL_TRANSLATION_DIRECTORIES = None  # set from network/catalogs.py by create_app

    # Counters every process shares: Redis, else a SQLite file (network/ratelimit.py). memory://
    # counts per process; production refuses it unless RATELIMIT_SINGLE_PROCESS says one serves.
    RATELIMIT_STORAGE_URI = (
        env("RATELIMIT_STORAGE_URI")
        or env("REDIS_URL")
        or f"sqlite:///{INSTANCE_DIR / 'ratelimit.db'}"
    )
    RATELIMIT_SINGLE_PROCESS = env_bool("RATELIMIT_SINGLE_PROCESS", False)
    # Messages that other people's requests may cause to one address (see network.email).
    RATELIMIT_MAIL_PER_ADDRESS = env("RATELIMIT_MAIL_PER_ADDRESS", "5 per day")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    # Sign-up, sign-in and password-reset attempts: per client address (the three share it), and
    # per account for sign-in (network/auth/routes.py).
    AUTH_IP_LIMIT = env("AUTH_IP_LIMIT", "30 per 10 minutes")
    AUTH_ACCOUNT_LIMIT = env("AUTH_ACCOUNT_LIMIT", "6 per 15 minutes")
    # Public forms of campaigns and lists (sign, endorse, subscribe), per client address.
    ADVOCACY_FORM_LIMIT = env("ADVOCACY_FORM_LIMIT", "10 per 10 minutes")

    # Signed mailed links (network/tokens.py) last TOKEN_MAX_AGE; password resets less.
    # ASVS Appendix C asks for N >= 2**17 with scrypt; werkzeug's default is 2**15.
    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"
    TOKEN_MAX_AGE = timedelta(hours=24)
    RESET_TOKEN_MAX_AGE = timedelta(hours=2)

    # Largest request body (a larger one gets a 413 page), form size and field count.
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 8 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = 500_000
    MAX_FORM_PARTS = 1000
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    WTF_CSRF_TIME_LIMIT = 3600 * 8
    # Number of trusted reverse proxies whose X-Forwarded-For/Proto/Host headers are believed.
    PROXY_FIX = env_int("PROXY_FIX", 0)

    # Level of the application's log (network/__init__.py configure_logging).
    LOG_LEVEL = env("LOG_LEVEL", "INFO")


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = env("TEST_DATABASE_URL", "sqlite://")
    REDIS_URL = env("TEST_REDIS_URL")
    RATELIMIT_STORAGE_URI = env("TEST_REDIS_URL") or "memory://"
    HUEY_IMMEDIATE = True
    MAIL_SERVER = None
    # Tests deliver to a real SMTP server on loopback; Flask-Mail would drop mail when TESTING.
    MAIL_SUPPRESS_SEND = False
    PUBLIC_URL = "http://puente.test"
    WTF_CSRF_ENABLED = False


class ProductionConfig(Config):
    PUBLIC_URL = env("PUBLIC_URL")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
