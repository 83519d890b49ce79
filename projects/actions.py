"""Writes that touch several rows or have side effects. One transaction each."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .calendar import get_token_hash, new_token
from .models import CalendarFeed, Goal, Membership, Perspective, Project, Role
from .reminders import do_cancel_member_reminders, schedule_review_reminders


def get_unique_slug(title: str) -> str:
    """A slug for this title that no project uses yet."""
    base = slugify(title)[:200].strip("-") or "project"
    taken = set(Project.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def do_create_project(
    *,
    by,
    title: str,
    organisation: str = "",
    aim: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    perspective: str = Perspective.RESEARCHER,
) -> Project:
    """Create a project with its creator as its first facilitator."""
    project = Project.objects.create(
        title=title,
        slug=get_unique_slug(title),
        organisation=organisation,
        aim=aim,
        start_date=start_date,
        end_date=end_date,
        created_by=by,
    )
    Membership.objects.create(
        project=project, user=by, role=Role.FACILITATOR, perspective=perspective
    )
    return project


@transaction.atomic
def do_add_goal(*, project: Project, text: str, measure: str = "") -> Goal:
    """Add a goal at the end of the project's list."""
    last = project.goals.aggregate(last=Max("order"))["last"]
    return Goal.objects.create(
        project=project, text=text, measure=measure, order=0 if last is None else last + 1
    )


@transaction.atomic
def do_move_goal(*, goal: Goal, direction: str) -> None:
    """Swap the goal with its neighbour above ("up") or below ("down")."""
    goals = list(Goal.objects.select_for_update().filter(project_id=goal.project_id))
    index = next(i for i, g in enumerate(goals) if g.pk == goal.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(goals):
        return
    goals[index], goals[other] = goals[other], goals[index]
    for order, g in enumerate(goals):
        g.order = order
    Goal.objects.bulk_update(goals, ["order"])


def check_keeps_a_facilitator(membership: Membership, *, new_role: str | None = None) -> None:
    """Raise ValidationError if changing or removing this membership leaves no facilitator.

    Reads the stored roles (locking them), not the possibly edited instance.
    """
    if new_role == Role.FACILITATOR:
        return
    facilitators = set(
        Membership.objects.select_for_update()
        .filter(project_id=membership.project_id, role=Role.FACILITATOR)
        .values_list("pk", flat=True)
    )
    if facilitators == {membership.pk}:
        raise ValidationError(
            _(
                "A project always needs at least one facilitator. Make someone else a facilitator first."
            )
        )


@transaction.atomic
def do_change_role(*, membership: Membership, role: str, perspective: str) -> Membership:
    """Change a member's role and perspective, keeping at least one facilitator."""
    check_keeps_a_facilitator(membership, new_role=role)
    was_facilitator = membership.is_facilitator
    membership.role = role
    membership.perspective = perspective
    membership.save(update_fields=["role", "perspective"])
    if was_facilitator != membership.is_facilitator:
        schedule_review_reminders(membership.project)
    return membership


@transaction.atomic
def do_remove_member(*, membership: Membership) -> None:
    """Remove a member from the project, keeping at least one facilitator."""
    check_keeps_a_facilitator(membership)
    do_cancel_member_reminders(membership=membership)
    membership.delete()


@transaction.atomic
def do_update_project(*, project: Project, version: int, **fields) -> Project:
    """Save changed fields if nobody else saved the project since ``version`` was read."""
    updated = Project.objects.filter(pk=project.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise ValidationError(
            _(
                "Someone else changed this project while you were editing. Their version is shown below."
            )
        )
    project.refresh_from_db()
    if fields.keys() & {"review_date", "time_zone", "title"}:
        schedule_review_reminders(project)
    return project


@transaction.atomic
def do_set_reminders_enabled(*, membership: Membership, enabled: bool) -> Membership:
    """Turn this member's reminders for the project on or off (checked again at send time)."""
    membership.reminders_enabled = enabled
    membership.save(update_fields=["reminders_enabled"])
    return membership


@transaction.atomic
def do_renew_calendar_feed(*, membership: Membership) -> str:
    """Give the member a new private calendar address; the old one stops working.

    Returns the secret, which is shown once and never stored.
    """
    token = new_token()
    CalendarFeed.objects.filter(membership=membership).delete()
    CalendarFeed.objects.create(membership=membership, token_hash=get_token_hash(token))
    return token


@transaction.atomic
def do_revoke_calendar_feed(*, membership: Membership) -> None:
    """Stop the member's private calendar address from working."""
    CalendarFeed.objects.filter(membership=membership).delete()
