"""Each member's private calendar feed (iCalendar) of the dates that concern them.

Every part of a project adds its dates through ``ProjectPart.calendar_dates``: it gets the
member's ``Membership`` (with ``project`` and ``user`` loaded) and returns
``CalendarEvent``s, in a fixed number of queries.
"""

import datetime
import hashlib
import secrets

from django.utils import timezone
from icalendar import Calendar, Event

from projects.models import Membership
from projects.parts import get_parts

from .models import CalendarFeed


def new_token() -> str:
    """A fresh, unguessable calendar secret."""
    return secrets.token_urlsafe(32)


def get_token_hash(token: str) -> str:
    """What is stored instead of the secret."""
    return hashlib.sha256(token.encode()).hexdigest()


def get_feed_membership(token: str) -> Membership | None:
    """The membership whose live feed has this secret, or None."""
    feed = (
        CalendarFeed.objects.select_related("membership__project", "membership__user")
        .filter(token_hash=get_token_hash(token))
        .first()
    )
    return feed.membership if feed else None


def render_feed(membership: Membership) -> bytes:
    """The member's calendar as iCalendar bytes, times in the project's time zone."""
    calendar = Calendar()
    calendar.add("prodid", "-//Coproduce//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", membership.project.title)
    stamp = timezone.now()
    for part in get_parts():
        for item in part.calendar_dates(membership):
            event = Event()
            event.add("uid", item.uid)
            event.add("dtstamp", stamp)
            event.add("summary", item.title)
            if isinstance(item.start, datetime.datetime):
                event.add("dtstart", timezone.localtime(item.start, membership.project.zone))
            else:
                event.add("dtstart", item.start)
            if item.end is not None:
                event.add("dtend", timezone.localtime(item.end, membership.project.zone))
            if item.location:
                event.add("location", item.location)
            if item.url:
                event.add("url", item.url)
            if item.description:
                event.add("description", item.description)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
