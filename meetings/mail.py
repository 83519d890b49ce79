"""The invitation to a meeting: an email to each member with the meeting as an iCalendar
file, sent when it is scheduled and again when its time or place changes."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from coproduce.text import one_line

from .ical import render_invitation
from .models import AgendaItem, Meeting


def build_invitation(meeting: Meeting, agenda: list, to: str, *, changed: bool, ics: bytes):
    context = {
        "meeting": meeting,
        "project": meeting.project,
        "agenda": agenda,
        "changed": changed,
        "link": settings.SITE_URL + meeting.get_absolute_url(),
    }
    subject = (
        _("Changed: %(title)s, %(project)s") if changed else _("Invitation: %(title)s, %(project)s")
    ) % {"title": meeting.title, "project": meeting.project.title}
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string("meetings/email/invitation.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string("meetings/email/invitation.html", context), "text/html"
    )
    message.attach("meeting.ics", ics, "text/calendar; method=PUBLISH; charset=utf-8")
    return message


def send_invitations(meeting: Meeting, *, changed: bool) -> int:
    """Email every member of the project the invitation over one connection; returns how many."""
    agenda = list(meeting.agenda.filter(status=AgendaItem.Status.ACCEPTED))
    ics = render_invitation(meeting, agenda)
    members = meeting.project.memberships.select_related("user")
    messages = [
        build_invitation(meeting, agenda, member.user.email, changed=changed, ics=ics)
        for member in members
    ]
    get_connection(fail_silently=False).send_messages(messages)
    return len(messages)
