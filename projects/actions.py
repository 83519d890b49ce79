"""Writes that touch several rows or have side effects. One transaction each."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import AuditEvent, Goal, Membership, Perspective, Project, Role


def do_record_event(*, project: Project, actor, verb: str, summary: str) -> AuditEvent:
    """Add a line to the project's timeline. Summaries name things, never sensitive values."""
    return AuditEvent.objects.create(
        project=project,
        actor=actor if actor and actor.is_authenticated else None,
        verb=verb,
        summary=summary[:300],
    )


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
    do_record_event(project=project, actor=by, verb="created", summary=f"Created “{title}”.")
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
def do_change_role(*, membership: Membership, role: str, perspective: str, by=None) -> Membership:
    """Change a member's role and perspective, keeping at least one facilitator."""
    check_keeps_a_facilitator(membership, new_role=role)
    if role != Membership.objects.get(pk=membership.pk).role:
        do_record_event(
            project=membership.project,
            actor=by,
            verb="role changed",
            summary=f"{membership.user.display_name} is now {Role(role).label.lower()}.",
        )
    membership.role = role
    membership.perspective = perspective
    membership.save(update_fields=["role", "perspective"])
    return membership


@transaction.atomic
def do_remove_member(*, membership: Membership, by=None) -> None:
    """Remove a member from the project, keeping at least one facilitator."""
    check_keeps_a_facilitator(membership)
    do_record_event(
        project=membership.project,
        actor=by,
        verb="member removed",
        summary=f"{membership.user.display_name} left the project.",
    )
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
    return project


@transaction.atomic
def do_delete_project(*, project: Project, by) -> None:
    """Delete a project and everything in it (files of generated charters included)."""
    project.delete()


def check_can_leave_every_project(user) -> None:
    """Raise ValidationError naming the projects where this user is the only facilitator."""
    sole = [
        m.project.title
        for m in Membership.objects.filter(user=user, role=Role.FACILITATOR).select_related(
            "project"
        )
        if set(m.project.facilitators().values_list("pk", flat=True)) == {m.pk}
    ]
    if sole:
        raise ValidationError(
            _(
                "You are the only facilitator of: %(projects)s. Make someone else a facilitator, "
                "or delete the project, first."
            )
            % {"projects": ", ".join(sole)}
        )


@transaction.atomic
def do_delete_account(*, user) -> None:
    """Delete a person's account and memberships, keeping every project with a facilitator."""
    check_can_leave_every_project(user)
    projects = list(Project.objects.filter(memberships__user=user))
    # The timeline keeps what happened, but no longer says who it was.
    AuditEvent.objects.filter(project__in=projects).update(
        summary=Replace("summary", Value(user.display_name), Value(_("A former member")))
    )
    for project in projects:
        do_record_event(
            project=project,
            actor=None,
            verb="member removed",
            summary=_("A member deleted their account."),
        )
    user.delete()
