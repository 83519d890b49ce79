"""A meeting as an iCalendar event: attached to its invitation email, and the same event
(with the same UID) as in each member's calendar feed."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from projects.parts import CalendarEvent

from .models import Meeting


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@coproduce"


def meeting_location(meeting: Meeting) -> str:
    """The address on one line, then the online link."""
    parts = [", ".join(line.strip() for line in meeting.place.splitlines() if line.strip())]
    return " · ".join(part for part in [*parts, meeting.link] if part)


def meeting_description(meeting: Meeting, agenda: list) -> str:
    lines = [item.title for item in agenda]
    if meeting.link:
        lines.append(meeting.link)
    if meeting.directions:
        lines.append(meeting.directions)
    return "\n".join(lines)


def meeting_event(meeting: Meeting, agenda: list | None = None) -> CalendarEvent:
    return CalendarEvent(
        uid=meeting_uid(meeting),
        title=meeting.title,
        start=meeting.starts_at,
        end=meeting.ends_at,
        url=settings.SITE_URL + meeting.get_absolute_url(),
        description=meeting_description(meeting, agenda or []),
        location=meeting_location(meeting),
    )


def render_invitation(meeting: Meeting, agenda: list) -> bytes:
    """The meeting as an iCalendar file with one event, times in the project's time zone."""
    zone = meeting.project.zone
    calendar = Calendar()
    calendar.add("prodid", "-//Coproduce//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    item = meeting_event(meeting, agenda)
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.version)
    event.add("summary", item.title)
    event.add("dtstart", timezone.localtime(meeting.starts_at, zone))
    event.add("dtend", timezone.localtime(meeting.ends_at, zone))
    if item.location:
        event.add("location", item.location)
    event.add("url", item.url)
    if item.description:
        event.add("description", item.description)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
