"""Wall-clock times in an IANA zone, stored as UTC."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l

from network.errors import DomainError
from network.filters import wall_time


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(_l("Choose a time zone from the list.")) from None


def local_to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time in an IANA zone as UTC; refuses times the clocks skip over."""
    aware = local.replace(tzinfo=zone(zone_name), fold=0)
    back = aware.astimezone(UTC).astimezone(aware.tzinfo).replace(tzinfo=None)
    if back != local.replace(tzinfo=None, fold=0):
        raise DomainError(
            _l(
                "%(time)s does not exist in %(zone)s: the clocks skip that hour. "
                "Choose another time.",
                time=wall_time(local),
                zone=zone_name,
            )
        )
    return aware.astimezone(UTC)
