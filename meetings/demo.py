"""Demo data for meetings: one held with approved minutes and actions, one with minutes out
for corrections, and one coming up with an agenda and replies."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from projects.demo import FACILITATOR, OBSERVER, PARTICIPANT
from projects.models import Project

from .actions import do_put_proposal_on_agenda, do_record_meeting_decision
from .models import (
    Action,
    AgendaItem,
    Arrangement,
    Attendance,
    Meeting,
    Minutes,
    MinutesEdit,
    Reply,
)
from .reminders import schedule_action_reminder, schedule_meeting_reminders

PLACE = "Northbridge Library, Community Room\n12 Market Street, Northbridge NB1 2AB"
DIRECTIONS = (
    "Bus 7 or 12 to Market Square. The community room is on the ground floor, through the "
    "main entrance; the accessible toilet is next to it."
)
ARRANGEMENTS = [
    Arrangement.STEP_FREE,
    Arrangement.HEARING_LOOP,
    Arrangement.QUIET_ROOM,
    Arrangement.MATERIALS_IN_ADVANCE,
    Arrangement.TRAVEL_PAID,
]
MINUTES = (
    "1. Welcome. Fatima welcomed everyone and went through the ground rules.\n\n"
    "2. Walkabout findings. Pat said the crossing by the school has no dropped kerb, so "
    "wheelchair users go into the road. The group agreed to put it at the top of the list.\n\n"
    "3. Next steps. The council will cost a dropped kerb and a zebra crossing."
)


def at(project: Project, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=project.zone)


def memberships(project: Project, users: dict) -> dict:
    by_user = {m.user_id: m for m in project.memberships.all()}
    return {email: by_user.get(user.pk) for email, user in users.items()}


@transaction.atomic
def add_meetings(project: Project, users: dict) -> dict[str, Meeting]:
    """Three meetings: two held, one coming up."""
    members = memberships(project, users)
    facilitator, participant = members.get(FACILITATOR), members.get(PARTICIPANT)
    today = timezone.localdate(timezone=project.zone)
    common = {
        "project": project,
        "place": PLACE,
        "directions": DIRECTIONS,
        "arrangements": ARRANGEMENTS,
        "chair": facilitator,
        "note_taker": facilitator,
        "created_by": users.get(FACILITATOR),
    }
    held = Meeting.objects.create(
        title="Walkabout debrief",
        starts_at=at(project, today - datetime.timedelta(days=21), 18),
        ends_at=at(project, today - datetime.timedelta(days=21), 19, 30),
        minutes=MINUTES,
        minutes_status=Minutes.APPROVED,
        approved_at=timezone.now() - datetime.timedelta(days=10),
        approved_by=users.get(FACILITATOR),
        **common,
    )
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=held,
                title="Welcome and ground rules",
                lead=facilitator,
                minutes=10,
                order=1,
            ),
            AgendaItem(
                meeting=held,
                title="What we found on the walkabout",
                lead=participant,
                minutes=50,
                order=2,
            ),
            AgendaItem(meeting=held, title="Next steps", lead=facilitator, minutes=20, order=3),
        ]
    )
    for kind, days in [
        (MinutesEdit.Kind.DRAFTED, 19),
        (MinutesEdit.Kind.CIRCULATED, 18),
        (MinutesEdit.Kind.APPROVED, 10),
    ]:
        MinutesEdit.objects.create(
            meeting=held,
            kind=kind,
            text=MINUTES,
            by=users.get(FACILITATOR),
            made_at=timezone.now() - datetime.timedelta(days=days),
        )
    attended = [m for m in (facilitator, participant) if m]
    Attendance.objects.bulk_create(
        [Attendance(meeting=held, membership=m, status=Attendance.Status.CAME) for m in attended]
        + [
            Attendance(meeting=held, membership=m, status=Attendance.Status.APOLOGIES)
            for m in [members.get(OBSERVER)]
            if m
        ]
    )
    Action.objects.create(
        project=project,
        meeting=held,
        text="Ask highways to cost a dropped kerb by the school",
        owner=facilitator,
        due=today - datetime.timedelta(days=7),
        done_at=timezone.now() - datetime.timedelta(days=8),
        hours=Decimal("1.5"),
    )
    photographs = Action.objects.create(
        project=project,
        meeting=held,
        text="Photograph the crossings on Market Street",
        owner=participant or facilitator,
        due=today + datetime.timedelta(days=5),
    )
    corrections = Meeting.objects.create(
        title="Design options evening",
        starts_at=at(project, today - datetime.timedelta(days=4), 18),
        ends_at=at(project, today - datetime.timedelta(days=4), 20),
        minutes="1. Three designs for Market Street were shown.\n\n2. Most people preferred the "
        "design with a wider pavement and a zebra crossing.",
        minutes_status=Minutes.CORRECTIONS,
        corrections_until=timezone.now() + datetime.timedelta(days=3),
        **common,
    )
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=corrections, membership=m, status=Attendance.Status.CAME)
            for m in attended
        ]
    )
    upcoming = Meeting.objects.create(
        title="Steering group",
        starts_at=at(project, today + datetime.timedelta(days=9), 18),
        ends_at=at(project, today + datetime.timedelta(days=9), 19, 30),
        link="https://meet.example.org/healthy-streets",
        **common,
    )
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=upcoming,
                title="Choose the first street",
                lead=facilitator,
                minutes=45,
                order=1,
            ),
            AgendaItem(
                meeting=upcoming,
                title="Paying residents for their time",
                status=AgendaItem.Status.SUGGESTED,
                suggested_by=users.get(PARTICIPANT),
                order=2,
            ),
        ]
    )
    if facilitator:
        Reply.objects.create(meeting=upcoming, membership=facilitator, answer=Reply.Answer.YES)
    proposal = project.proposals.open().order_by("created_at").first()
    if proposal is not None:
        do_put_proposal_on_agenda(meeting=upcoming, proposal=proposal, by=users.get(FACILITATOR))
    do_record_meeting_decision(
        meeting=held,
        text="The school crossing goes first on the list of changes.",
        rule=None,
        method="consensus",
        result="adopted",
        by=users.get(FACILITATOR),
    )
    schedule_meeting_reminders(upcoming)
    schedule_action_reminder(photographs)
    return {"held": held, "corrections": corrections, "upcoming": upcoming}


def add_many_meetings(project: Project, *, count: int) -> None:
    """Many past meetings, each with an agenda item, attendance and an action (for the large
    demo and for measuring)."""
    members = list(project.memberships.all()[:5])
    start = timezone.now() - datetime.timedelta(days=count + 30)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            project=project,
            title=f"Working group {n + 1}",
            starts_at=start + datetime.timedelta(days=n),
            ends_at=start + datetime.timedelta(days=n, hours=2),
            place="Northbridge Library",
            minutes=f"Notes of working group {n + 1}.",
            minutes_status=Minutes.APPROVED,
            chair=members[0],
        )
        for n in range(count)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, title="Updates", order=1) for m in meetings
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, membership=member, status=Attendance.Status.CAME)
        for m in meetings
        for member in members
    )
    Action.objects.bulk_create(
        Action(
            project=project,
            meeting=m,
            text=f"Follow up from {m.title}",
            owner=members[n % len(members)],
            due=(m.starts_at + datetime.timedelta(days=7)).date(),
            done_at=m.starts_at + datetime.timedelta(days=6),
            hours=Decimal("0.5"),
        )
        for n, m in enumerate(meetings)
    )
