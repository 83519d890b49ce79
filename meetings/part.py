"""What meetings add to a project: the "Meetings" step, meetings and actions in calendars and
each member's to-do, their export, what a report can cite, time given, and demo data."""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.access import Can, may
from projects.models import Membership, Project
from projects.parts import (
    CalendarEvent,
    Evidence,
    Involvement,
    ProjectPart,
    Step,
    Todo,
    register,
    state_of,
)

from . import demo
from .ical import meeting_event
from .models import Action, Attendance, Correction, Meeting, MeetingPaper, Minutes, Reply

MEETING_FIELDS = ["title", "starts_at", "ends_at", "place", "directions", "link", "arrangements"]
# How far back the to-do shows actions already done.
DONE_FOR = datetime.timedelta(days=14)


def name_of(membership: Membership | None) -> str | None:
    return membership.user.display_name if membership else None


def meeting_data(meeting: Meeting) -> dict[str, Any]:
    return {
        **{field: getattr(meeting, field) for field in MEETING_FIELDS},
        "chair": name_of(meeting.chair),
        "note_taker": name_of(meeting.note_taker),
        "agenda": [
            {
                "title": item.title,
                "status": item.status,
                "reason": item.reason,
                "lead": name_of(item.lead),
                "minutes": item.minutes,
            }
            for item in meeting.agenda.all()
        ],
        "replies": [
            {"member": name_of(reply.membership), "answer": reply.answer}
            for reply in meeting.replies.all()
        ],
        "attendance": [
            {"member": name_of(a.membership), "status": a.status} for a in meeting.attendance.all()
        ],
        "minutes": {
            "status": meeting.minutes_status,
            "text": meeting.minutes,
            "approved_at": meeting.approved_at,
            "approved_under": meeting.approved_under,
            "history": [
                {"kind": e.kind, "text": e.text, "made_at": e.made_at}
                for e in meeting.minutes_edits.all()
            ],
        },
        "actions": [
            {
                "text": a.text,
                "owner": name_of(a.owner),
                "due": a.due,
                "done_at": a.done_at,
                "hours": a.hours,
            }
            for a in meeting.actions.all()
        ],
    }


@register
class MeetingsPart(ProjectPart):
    position = 75

    def progress(self) -> dict:
        meetings = Meeting.objects.filter(project=OuterRef("pk"))
        return {
            "has_meetings": Exists(meetings),
            "has_approved_minutes": Exists(meetings.filter(minutes_status=Minutes.APPROVED)),
        }

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        return Step(
            gettext_lazy("Meetings"),
            gettext_lazy(
                "Meet, keep minutes everyone can correct, and agree who does what by when."
            ),
            state_of(progress["has_meetings"], progress["has_approved_minutes"]),
            reverse("meetings-list", args=[project.slug]),
        )

    def export_project(self, project: Project) -> dict[str, Any]:
        """Every meeting with its agenda, replies (never what people said they need: that is
        held for the facilitators to act on, not to pass on), attendance, minutes and actions."""
        meetings = project.meetings.select_related("chair__user", "note_taker__user")
        meetings = meetings.prefetch_related(
            "agenda__lead__user",
            "replies__membership__user",
            "attendance__membership__user",
            "minutes_edits",
            "actions__owner__user",
        )
        return {"meetings": [meeting_data(meeting) for meeting in meetings.order_by("starts_at")]}

    def export_person(self, user) -> dict[str, Any]:
        return {
            "meeting_replies": list(
                Reply.objects.filter(membership__user=user).values(
                    "meeting__project__title", "meeting__title", "answer", "needs", "replied_at"
                )
            ),
            "meeting_attendance": list(
                Attendance.objects.filter(membership__user=user).values(
                    "meeting__project__title", "meeting__title", "status"
                )
            ),
            "meeting_actions": list(
                Action.objects.filter(owner__user=user).values(
                    "project__title", "text", "due", "done_at", "hours"
                )
            ),
            "minutes_corrections_you_asked_for": list(
                Correction.objects.filter(by=user).values(
                    "meeting__project__title", "meeting__title", "text", "made_at"
                )
            ),
        }

    def calendar_dates(self, membership: Membership) -> list[CalendarEvent]:
        """Every meeting still to come (with its end and place) and the member's open actions."""
        project = membership.project
        meetings = project.meetings.upcoming().filter(starts_at__gte=timezone.now() - DONE_FOR)
        events = [meeting_event(meeting) for meeting in meetings]
        url = settings.SITE_URL + reverse("meetings-actions", args=[project.slug])
        events += [
            CalendarEvent(
                uid=f"action-{action.pk}@coproduce",
                title=_("Action due: %(text)s") % {"text": action.text},
                start=action.due,
                url=url,
            )
            for action in Action.objects.open().filter(owner=membership)
        ]
        return events

    def todo(self, membership: Membership) -> list[Todo]:
        """Replying to each meeting still to come, and the member's actions (done ones of the
        last fortnight too)."""
        project = membership.project
        items = []
        if may(membership, Can.RESPOND):
            replied = Reply.objects.filter(meeting=OuterRef("pk"), membership=membership)
            for meeting in project.meetings.upcoming().annotate(replied=Exists(replied))[:10]:
                items.append(
                    Todo(
                        _("Reply to the meeting “%(title)s”") % {"title": meeting.title},
                        reverse("meetings-detail", args=[project.slug, meeting.pk]),
                        due=meeting.local_start.date(),
                        done=meeting.replied,
                    )
                )
        actions = Action.objects.filter(owner=membership).filter(
            Q(done_at__isnull=True) | Q(done_at__gte=timezone.now() - DONE_FOR)
        )
        url = reverse("meetings-actions", args=[project.slug])
        items += [
            Todo(
                _("Action: %(text)s") % {"text": action.text},
                url,
                due=action.due,
                done=action.is_done,
            )
            for action in actions
        ]
        return items

    def report_evidence(self, project: Project) -> list[Evidence]:
        """Each meeting held, with how many came."""
        meetings = project.meetings.past().annotate(
            came=Count("attendance", filter=Q(attendance__status=Attendance.Status.CAME))
        )
        return [
            Evidence(
                kind="meeting",
                key=str(meeting.pk),
                title=meeting.title,
                summary=_("The meeting “%(title)s” was held on %(date)s; %(count)s came.")
                % {
                    "title": meeting.title,
                    "date": date_format(meeting.local_start, "j F Y"),
                    "count": meeting.came,
                },
                url=reverse("meetings-detail", args=[project.slug, meeting.pk]),
                date=meeting.local_start.date(),
                standards=("working_together", "communications"),
                gripp2=("methods",),
            )
            for meeting in meetings
        ]

    def involvement(self, project: Project) -> list[Involvement]:
        """Meetings attended (their length), and actions done that say how long they took."""
        attended = Attendance.objects.filter(
            meeting__project=project, status=Attendance.Status.CAME
        ).select_related("meeting__project", "membership")
        items = [
            Involvement(
                user_id=a.membership.user_id,
                key=f"meetings.attendance:{a.pk}",
                activity="meeting",
                date=a.meeting.local_start.date(),
                hours=a.meeting.hours,
                description=a.meeting.title,
            )
            for a in attended
        ]
        done = Action.objects.filter(
            project=project, done_at__isnull=False, hours__isnull=False, owner__isnull=False
        ).select_related("owner")
        items += [
            Involvement(
                user_id=action.owner.user_id,
                key=f"meetings.action:{action.pk}",
                activity="other",
                date=timezone.localtime(action.done_at, project.zone).date(),
                hours=action.hours,
                description=action.text,
            )
            for action in done
        ]
        return items

    def erase_person(self, user) -> None:
        """What they asked to be corrected goes; their replies (and what they needed) go with
        their memberships."""
        Correction.objects.filter(by=user).delete()

    def project_deleting(self, project: Project) -> None:
        """Printed agendas and minutes are deleted once the project's rows are."""
        for paper in MeetingPaper.objects.filter(meeting__project=project).exclude(pdf=""):
            transaction.on_commit(lambda pdf=paper.pdf: pdf.storage.delete(pdf.name))

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_meetings(project, users)
        if size == "large":
            demo.add_many_meetings(project, count=500)
