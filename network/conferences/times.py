"""Times in the conference's zone."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from network.events.models import Event
from network.times import local_to_utc


def to_utc(day: date, clock: time, zone: str) -> datetime:
    return local_to_utc(datetime.combine(day, clock), zone)


def event_days(event: Event) -> list[date]:
    tz = ZoneInfo(event.timezone)
    first = event.starts_at.astimezone(tz).date()
    last = event.ends_at.astimezone(tz).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
