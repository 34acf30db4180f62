"""The Jinja filters that format values (dates and times, countries, languages, Markdown),
registered once by create_app. (The members blueprint adds visible_people: a rule, not a format.)

Dates and times are formatted here, in the current language: dates in CLDR's medium, long or
full form for that language (never the short 11/12/26, which reads differently per country),
times on the 24-hour clock, never with seconds. A `zone` argument is an IANA zone name the
moment is shown in; without it, a moment is shown in the viewer's own zone.
"""

from datetime import date, datetime
from functools import lru_cache

from babel import dates as babel_dates
from flask_babel import get_timezone

from network.geo import country_name, language_name, option_tags
from network.i18n import current_language, in_zone
from network.markdown import markdown_to_text, render_markdown

WIDTHS = ("medium", "long", "full")


def moment(value: datetime, width: str = "medium", zone: str | None = None) -> str:
    """2 Dec 2026, 15:28 (medium), 2 December 2026, 15:28 (long); "short" reads as medium."""
    local = in_zone(value, zone) if zone else value.astimezone(get_timezone())
    return wall_time(local, width)


def wall_time(local: datetime, width: str = "medium") -> str:
    """A date and time as read on a wall clock, as given (naive or already in its zone)."""
    width = width if width in WIDTHS else "medium"
    pattern = babel_dates.get_datetime_format(width, locale=current_language())
    return (
        pattern.replace("'", "")
        .replace("{0}", _babel(babel_dates.format_time, local, "HH:mm"))
        .replace("{1}", _babel(babel_dates.format_date, local, width))
    )


def deadline(value: datetime, zone: str | None = None) -> str:
    """A moment people must act by, with its zone: 2 Dec 2026, 17:00 (Europe/Madrid)."""
    return f"{moment(value, zone=zone)} ({zone or get_timezone()})"


def event_time(value: datetime, zone: str) -> str:
    """Monday, 2 March 2026, 14:00 (Europe/Madrid); lunes, 2 de marzo de 2026, 14:00 (…)"""
    return f"{moment(value, 'full', zone)} ({zone})"


def day_and_time(value: datetime, zone: str) -> str:
    """Mon 2 Mar, 14:00"""
    return _babel(babel_dates.format_datetime, in_zone(value, zone), "EEE d MMM, HH:mm")


def clock(value: datetime, zone: str) -> str:
    """14:00"""
    return _babel(babel_dates.format_time, in_zone(value, zone), "HH:mm")


def long_date(value: date | datetime, zone: str | None = None) -> str:
    """2 March 2026 (2 de marzo de 2026); a moment is first taken to its day in zone (by
    default the viewer's)."""
    if isinstance(value, datetime):
        value = (in_zone(value, zone) if zone else value.astimezone(get_timezone())).date()
    return _day(value, "long", current_language())


def full_date(value: date) -> str:
    """Monday, 2 March 2026"""
    return _day(value, "full", current_language())


@lru_cache(maxsize=4096)
def _day(value: date, pattern: str, locale: str) -> str:
    """A day's name is the same for every reader of a language: lists of many rows (members,
    registrations) name the same days on every page view."""
    return babel_dates.format_date(value, pattern, locale=locale)


def month_name(value: date) -> str:
    """March 2026 (marzo de 2026)"""
    return babel_dates.format_skeleton("yMMMM", value, locale=current_language())


def weekday_name(value: date) -> str:
    """Monday"""
    return _babel(babel_dates.format_date, value, "EEEE")


def _babel(formatter, value, pattern: str) -> str:
    # Babel's own functions: flask_babel's would move an aware moment to the viewer's zone.
    return formatter(value, pattern, locale=current_language())


def webcal(url: str) -> str:
    """The subscribe address of a calendar feed: calendar apps open webcal:// links themselves."""
    return "webcal://" + url.split("://", 1)[-1]


def summary(markdown: str | None, length: int = 200) -> str:
    """The first words of Markdown as plain text on one line, for link previews."""
    text = " ".join(markdown_to_text(markdown).split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


FILTERS = {
    "datetime": moment,  # a moment in the viewer's own zone
    "deadline": deadline,
    "in_zone": in_zone,
    "event_time": event_time,
    "day_and_time": day_and_time,
    "clock": clock,
    "long_date": long_date,
    "full_date": full_date,
    "month_name": month_name,
    "weekday_name": weekday_name,
    "country": country_name,
    "language": language_name,
    "markdown": render_markdown,
    "summary": summary,
    "webcal": webcal,
}


def register(app) -> None:
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals["option_tags"] = option_tags
