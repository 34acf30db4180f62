"""The Jinja filters that format values (dates and times, countries, languages, Markdown),
registered once by create_app. (The members blueprint adds visible_people: a rule, not a format.)

Dates and times are formatted here, in the current language (Babel's formats, no seconds);
a `zone` argument is an IANA zone name the moment is shown in.
"""

from datetime import date, datetime

from babel import dates as babel_dates
from flask_babel import format_date, format_datetime

from network.geo import country_name, language_name
from network.i18n import current_language, in_zone
from network.markdown import render_markdown


def event_time(moment: datetime, zone: str) -> str:
    """Monday 2 March 2026, 14:00 (Europe/Madrid)"""
    local = in_zone(moment, zone)
    return f"{_babel(babel_dates.format_datetime, local, 'EEEE d MMMM y, HH:mm')} ({zone})"


def day_and_time(moment: datetime, zone: str) -> str:
    """Mon 2 Mar, 14:00"""
    return _babel(babel_dates.format_datetime, in_zone(moment, zone), "EEE d MMM, HH:mm")


def clock(moment: datetime, zone: str) -> str:
    """14:00"""
    return _babel(babel_dates.format_time, in_zone(moment, zone), "HH:mm")


def long_date(value: date | datetime, zone: str | None = None) -> str:
    """2 March 2026; a moment is first taken to its day in zone."""
    if zone is not None:
        value = in_zone(value, zone).date()
    return format_date(value, "long")


def full_date(value: date) -> str:
    """Monday, 2 March 2026"""
    return format_date(value, "full")


def month_name(value: date) -> str:
    """March 2026"""
    return _babel(babel_dates.format_date, value, "LLLL y")


def weekday_name(value: date) -> str:
    """Monday"""
    return _babel(babel_dates.format_date, value, "EEEE")


def _babel(formatter, value, pattern: str) -> str:
    # Babel's own functions: flask_babel's would move an aware moment to the viewer's zone.
    return formatter(value, pattern, locale=current_language())


FILTERS = {
    "datetime": format_datetime,  # a moment in the viewer's own zone
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
}


def register(app) -> None:
    app.jinja_env.filters.update(FILTERS)
