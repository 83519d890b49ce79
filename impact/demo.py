"""Demo data for "you said, we did": points from the demo meetings, a power check comment,
a suggestion, and what changed because of them."""

import datetime

from django.utils import timezone

from meetings.models import Meeting
from projects.demo import FACILITATOR, PARTICIPANT
from projects.models import Project

from .models import Contribution, ImpactEntry


def add_impact(project: Project, users: dict) -> None:
    by_user = {m.user_id: m for m in project.memberships.all()}
    participant = by_user.get(users[PARTICIPANT].pk) if PARTICIPANT in users else None
    facilitator = users.get(FACILITATOR)
    held = Meeting.objects.filter(project=project, title="Walkabout debrief").first()
    kerb = Contribution.objects.create(
        project=project,
        kind=Contribution.Kind.MEETING_POINT,
        text="The crossing by the school has no dropped kerb, so wheelchair users go into the road.",
        member=participant,
        consent=participant is not None,
        meeting=held,
        outcome=Contribution.Outcome.ADOPTED,
        recorded_by=facilitator,
    )
    benches = Contribution.objects.create(
        project=project,
        kind=Contribution.Kind.MEETING_POINT,
        text="Older residents need somewhere to sit between the bus stop and the market.",
        meeting=held,
        outcome=Contribution.Outcome.CHANGED,
        recorded_by=facilitator,
    )
    Contribution.objects.create(
        project=project,
        kind=Contribution.Kind.SUGGESTION,
        text="Close Market Street to cars on Saturdays.",
        member=participant,
        consent=participant is not None,
        outcome=Contribution.Outcome.NOT_TAKEN,
        reason="The bus route uses Market Street; the council will look at it again next year.",
        recorded_by=facilitator,
    )
    Contribution.objects.create(
        project=project,
        kind=Contribution.Kind.SUGGESTION,
        text="Meet in the evening so that people who work can come.",
        member=participant,
        consent=participant is not None,
        recorded_by=facilitator,
    )
    today = timezone.localdate(timezone=project.zone)
    kerb_entry = ImpactEntry.objects.create(
        project=project,
        what_changed="A dropped kerb is being put in at the school crossing.",
        for_whom="Wheelchair users and parents with buggies",
        changed_on=today - datetime.timedelta(days=6),
        evidence="Highways confirmed the work order.",
        link="https://example.org/highways/work-order-1234",
        recorded_by=facilitator,
    )
    kerb_entry.contributions.set([kerb])
    bench_entry = ImpactEntry.objects.create(
        project=project,
        what_changed="Two benches will go on Station Road, one more than first planned.",
        for_whom="Older residents walking to the market",
        changed_on=today - datetime.timedelta(days=2),
        recorded_by=facilitator,
    )
    bench_entry.contributions.set([benches])


def add_many_impact(project: Project, *, count: int) -> None:
    contributions = Contribution.objects.bulk_create(
        Contribution(project=project, kind=Contribution.Kind.SUGGESTION, text=f"Idea {n + 1}")
        for n in range(count)
    )
    today = timezone.localdate(timezone=project.zone)
    entries = ImpactEntry.objects.bulk_create(
        ImpactEntry(
            project=project,
            what_changed=f"Change {n + 1}",
            for_whom="Residents",
            changed_on=today - datetime.timedelta(days=n),
        )
        for n in range(count)
    )
    ImpactEntry.contributions.through.objects.bulk_create(
        ImpactEntry.contributions.through(impactentry_id=e.pk, contribution_id=c.pk)
        for e, c in zip(entries, contributions, strict=True)
    )
