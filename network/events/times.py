"""Event times: wall-clock times in the event's zone (network.times turns them into UTC)."""

from datetime import datetime
from zoneinfo import ZoneInfo


def utc_to_local(value: datetime | None, zone_name: str) -> datetime | None:
    """For filling forms: the naive wall-clock time in the event's zone."""
    return value.astimezone(ZoneInfo(zone_name)).replace(tzinfo=None) if value else None
