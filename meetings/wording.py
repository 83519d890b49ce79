"""How meetings speak on the timeline and in conflicts: the sentences shared by its actions."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from projects.actions import quote
from projects.timeline import do_record_event

from .models import Meeting, Reply

EDIT_CONFLICT = gettext_lazy(
    "Someone else saved this while you were editing. Their version is below; save again to "
    "replace it with yours."
)


REPLY_LINES = {
    Reply.Answer.YES: gettext_lazy("Said they will come to the meeting “%(meeting)s”."),
    Reply.Answer.MAYBE: gettext_lazy("Said they might come to the meeting “%(meeting)s”."),
    Reply.Answer.NO: gettext_lazy("Said they cannot come to the meeting “%(meeting)s”."),
}


def when(meeting: Meeting) -> str:
    return date_format(meeting.local_start, "j F Y, H:i")


def record(meeting: Meeting, by, verb: str, summary: str, **values) -> None:
    do_record_event(
        project=meeting.project,
        actor=by,
        verb=verb,
        summary=summary % {"meeting": quote(meeting.title), **values},
    )
