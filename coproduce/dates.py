"""Dates people choose as deadlines, and the moments that stand for them.

A date chosen as a deadline means the whole of that day in the project's time zone. It is
stored as the moment the day ends, the next midnight there (``end_of_day``), and always shown
as the date chosen ("until the end of 20 December 2026", ``format_deadline``), never as that
midnight, which people read as a day later.
"""

import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

DAY_FORMAT = "j F Y"


def as_zone(zone: ZoneInfo | str | None) -> ZoneInfo:
    """A time zone from a ZoneInfo or its name; the site's own for none or an unknown name."""
    if isinstance(zone, datetime.tzinfo):
        return zone
    try:
        return ZoneInfo(zone or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def end_of_day(day: datetime.date, zone: ZoneInfo | str) -> datetime.datetime:
    """The moment ``day`` ends in this time zone: the next midnight there."""
    day_after = day + datetime.timedelta(days=1)
    return datetime.datetime.combine(day_after, datetime.time.min, tzinfo=as_zone(zone))


def is_end_of_day(moment: datetime.datetime, zone: ZoneInfo | str) -> bool:
    """Whether the moment is a midnight in this time zone, so the end of the day before."""
    return timezone.localtime(moment, as_zone(zone)).time() == datetime.time.min


def last_day(moment: datetime.datetime, zone: ZoneInfo | str) -> datetime.date:
    """The last day up to ``moment``, in this time zone: for the end of a day, that day."""
    local = timezone.localtime(moment, as_zone(zone))
    return (local - datetime.timedelta(microseconds=1)).date()


def format_deadline(
    moment: datetime.datetime, zone: ZoneInfo | str, day_format: str = DAY_FORMAT
) -> str:
    """ "until the end of 20 December 2026" for the end of a day chosen, in this time zone.

    A deadline at any other time of day (set before dates were whole days) reads
    "until 15:30 on 20 December 2026".
    """
    if is_end_of_day(moment, zone):
        return _("until the end of %(date)s") % {
            "date": formats.date_format(last_day(moment, zone), day_format)
        }
    local = timezone.localtime(moment, as_zone(zone))
    return _("until %(time)s on %(date)s") % {
        "time": formats.time_format(local, "H:i"),
        "date": formats.date_format(local, day_format),
    }
