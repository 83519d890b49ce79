"""Demo data for reporting: a self-assessment at the start (closed, with members' views) and
one midway (still taking views), and a report drafted from everything the demo holds."""

import datetime
import random

from django.utils import timezone

from projects.demo import FACILITATOR
from projects.models import Project

from .actions import do_close_assessment, do_create_assessment, do_draft_report, do_save_entry
from .evidence import evidence_key, get_evidence
from .models import Assessment, AssessmentView, ViewRating
from .reminders import GIVE_VIEWS
from .standards import STANDARD_LIST

START = {
    "inclusive_opportunities": (
        2,
        "Residents from the market streets joined the first workshops",
        "Reach people who work nights and older residents who do not use email",
    ),
    "working_together": (3, "Ground rules agreed by everyone at the first meeting", ""),
    "support_and_learning": (
        1,
        "",
        "Offer a session on reading street plans before the design work",
    ),
    "communications": (2, "A monthly newsletter in plain English", "Send notes in large print too"),
    "impact": (1, "", "Write down what changed after each workshop"),
    "governance": (2, "Two residents sit on the steering group", "Share the budget with the group"),
}
MIDWAY = {
    "inclusive_opportunities": (3, "Evening and weekend sessions, with childcare", ""),
    "working_together": (3, "Decisions made by the whole group, as agreed", ""),
    "support_and_learning": (2, "A first session on street plans was held", ""),
    "communications": (3, "Notes sent within a week, in large print on request", ""),
}


def fill(assessment: Assessment, answers: dict, by) -> None:
    """The answers, each pointing to the first two things the record holds about it."""
    entries = {e.standard: e for e in assessment.entries.all()}
    evidence = get_evidence(assessment.project)
    for key, (rating, well, improve) in answers.items():
        about = [evidence_key(e) for e in evidence if key in e.standards][:2]
        do_save_entry(
            entry=entries[key],
            rating=rating,
            going_well=well,
            to_improve=improve,
            evidence=about,
            by=by,
        )


def add_views(assessment: Assessment, project: Project, *, limit: int | None) -> None:
    """Views from members who can give one, a little lower from community members."""
    rng = random.Random(assessment.pk)
    members = project.memberships.filter(role__in=GIVE_VIEWS).order_by("pk")
    if limit is not None:
        members = members[:limit]
    ratings = []
    for membership in members:
        view = AssessmentView.objects.create(
            assessment=assessment,
            member=membership,
            role=membership.role,
            perspective=membership.perspective,
        )
        lower = 1 if membership.perspective == "community" else 0
        ratings += [
            ViewRating(view=view, standard=s.key, rating=max(1, min(4, rng.randint(2, 4) - lower)))
            for s in STANDARD_LIST
        ]
    ViewRating.objects.bulk_create(ratings)


def add_reporting(project: Project, users: dict, *, size: str) -> None:
    by = users[FACILITATOR]
    today = timezone.localdate()
    start = do_create_assessment(
        project=project, title="At the start", stage=Assessment.Stage.START, by=by
    )
    Assessment.objects.filter(pk=start.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=28)
    )
    fill(start, START, by)
    add_views(start, project, limit=None if size == "large" else 12)
    do_close_assessment(assessment=start, by=by)
    midway = do_create_assessment(
        project=project,
        title="Midway review",
        stage=Assessment.Stage.MIDWAY,
        due_on=today + datetime.timedelta(days=10),
        by=by,
    )
    fill(midway, MIDWAY, by)
    do_draft_report(project=project, by=by)
