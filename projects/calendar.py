"""Each member's private calendar feed (iCalendar) of the dates that concern them.

Other parts of the app add their dates by appending a function to
``EVENT_SOURCES``: it takes the member's ``Membership`` (with ``project`` and
``user`` loaded) and returns ``CalendarEvent``s, in a fixed number of queries.
"""

import datetime
import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import CalendarFeed, CommunicationItem, Membership


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    title: str
    start: datetime.date | datetime.datetime
    url: str = ""
    description: str = ""


EventSource = Callable[[Membership], Iterable[CalendarEvent]]


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


def get_project_dates(membership: Membership) -> list[CalendarEvent]:
    """The project's start, end and charter review dates."""
    project = membership.project
    url = settings.SITE_URL + project.get_absolute_url()
    dates = [
        ("start", _("%(project)s starts"), project.start_date),
        ("end", _("%(project)s ends"), project.end_date),
        ("review", _("Review the charter of %(project)s"), project.review_date),
    ]
    return [
        CalendarEvent(
            uid=f"project-{project.pk}-{name}@coproduce",
            title=title % {"project": project.title},
            start=day,
            url=url,
        )
        for name, title, day in dates
        if day is not None
    ]


def get_communication_dates(membership: Membership) -> list[CalendarEvent]:
    """When each open item of the communication plan that this member sends is next due."""
    project = membership.project
    url = settings.SITE_URL + reverse("projects-communication", args=[project.slug])
    return [
        CalendarEvent(
            uid=f"communication-{item.pk}@coproduce",
            title=_("Communication due: %(title)s") % {"title": item},
            start=item.next_due,
            url=url,
        )
        for item in CommunicationItem.objects.open().filter(owner=membership)
    ]


EVENT_SOURCES: list[EventSource] = [get_project_dates, get_communication_dates]


def render_feed(membership: Membership) -> bytes:
    """The member's calendar as iCalendar bytes, times in the project's time zone."""
    calendar = Calendar()
    calendar.add("prodid", "-//Coproduce//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", membership.project.title)
    stamp = timezone.now()
    for source in EVENT_SOURCES:
        for item in source(membership):
            event = Event()
            event.add("uid", item.uid)
            event.add("dtstamp", stamp)
            event.add("summary", item.title)
            if isinstance(item.start, datetime.datetime):
                event.add("dtstart", timezone.localtime(item.start, membership.project.zone))
            else:
                event.add("dtstart", item.start)
            if item.url:
                event.add("url", item.url)
            if item.description:
                event.add("description", item.description)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
