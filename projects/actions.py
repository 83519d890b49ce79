"""Writes to projects, their members and goals. One transaction each.

What other parts of a project do when it or its members change, they do through the
registry (``projects.parts``): these actions tell every part, and never import one.
"""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.editing import move_in_order, next_order, update_unless_changed

from .models import Goal, Membership, Perspective, Project, Role
from .parts import (
    do_erase_person,
    do_notify_member_leaving,
    do_notify_members_changed,
    do_notify_project_changed,
    do_notify_project_deleting,
)
from .timeline import do_record_event


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


def quote(text: str) -> str:
    """Short enough to quote in a timeline line."""
    return Truncator(text).chars(80)


@transaction.atomic
def do_add_goal(*, project: Project, text: str, measure: str = "", by=None) -> Goal:
    """Add a goal at the end of the project's list."""
    goal = Goal.objects.create(
        project=project, text=text, measure=measure, order=next_order(project.goals)
    )
    do_record_event(
        project=project,
        actor=by,
        verb="goals changed",
        summary=_("Added a goal: “%(goal)s”") % {"goal": quote(text)},
    )
    return goal


@transaction.atomic
def do_update_goal(*, goal: Goal, text: str, measure: str, by=None) -> Goal:
    """Change a goal's wording or how the group will know it is met."""
    stored = Goal.objects.select_for_update().get(pk=goal.pk)
    if (stored.text, stored.measure) != (text, measure):
        goal.text, goal.measure = text, measure
        goal.save(update_fields=["text", "measure"])
        do_record_event(
            project=goal.project,
            actor=by,
            verb="goals changed",
            summary=_("Changed the goal “%(old)s”.") % {"old": quote(stored.text)},
        )
    return goal


@transaction.atomic
def do_delete_goal(*, goal: Goal, by=None) -> None:
    """Remove a goal."""
    do_record_event(
        project=goal.project,
        actor=by,
        verb="goals changed",
        summary=_("Removed the goal “%(goal)s”.") % {"goal": quote(goal.text)},
    )
    goal.delete()


MOVED_GOAL = {
    "up": gettext_lazy("Moved the goal “%(goal)s” up."),
    "down": gettext_lazy("Moved the goal “%(goal)s” down."),
}


@transaction.atomic
def do_move_goal(*, goal: Goal, direction: str, by=None) -> None:
    """Swap the goal with its neighbour above ("up") or below ("down")."""
    if move_in_order(goal, direction):
        do_record_event(
            project=goal.project,
            actor=by,
            verb="goals changed",
            summary=MOVED_GOAL["up" if direction == "up" else "down"] % {"goal": quote(goal.text)},
        )


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


def check_can_be_facilitator(
    membership: Membership, *, old_role: str, new_role: str, by=None
) -> None:
    """Raise ValidationError if someone else is making a member a facilitator whose email
    address is not confirmed (facilitators see access needs and notes about people)."""
    if (
        new_role == Role.FACILITATOR
        and old_role != Role.FACILITATOR
        and (by is None or by.pk != membership.user_id)
        and not membership.user.has_verified_email()
    ):
        raise ValidationError(
            _(
                "%(name)s has not confirmed their email address yet, so they cannot be made a "
                "facilitator. Ask them to confirm it from “Your account”, then try again."
            )
            % {"name": membership.user.display_name}
        )


# One whole sentence per role: a role word dropped into a sentence breaks its grammar.
NOW_IN_ROLE = {
    Role.FACILITATOR: gettext_lazy("%(name)s is now a facilitator."),
    Role.PARTICIPANT: gettext_lazy("%(name)s is now a participant."),
    Role.OBSERVER: gettext_lazy("%(name)s is now an observer."),
}


@transaction.atomic
def do_change_role(*, membership: Membership, role: str, perspective: str, by=None) -> Membership:
    """Change a member's role and perspective, keeping at least one facilitator."""
    check_keeps_a_facilitator(membership, new_role=role)
    old_role, old_perspective = Membership.objects.values_list("role", "perspective").get(
        pk=membership.pk
    )
    check_can_be_facilitator(membership, old_role=old_role, new_role=role, by=by)
    if role != old_role:
        do_record_event(
            project=membership.project,
            actor=by,
            verb="role changed",
            summary=str(NOW_IN_ROLE[role]),
            people={"name": membership.user},
        )
    if perspective != old_perspective:
        do_record_event(
            project=membership.project,
            actor=by,
            verb="role changed",
            summary=_("Changed the perspective of %(name)s from %(old)s to %(new)s."),
            people={"name": membership.user},
            values={
                "old": perspective_label(old_perspective),
                "new": perspective_label(perspective),
            },
        )
    membership.role = role
    membership.perspective = perspective
    membership.save(update_fields=["role", "perspective"])
    if role != old_role:
        do_notify_members_changed(membership.project)
    return membership


@transaction.atomic
def do_add_member(*, project: Project, user, role: str, perspective: str = "") -> Membership:
    """Make the user a member with this role (or return their membership if they are one)."""
    membership, created = Membership.objects.get_or_create(
        project=project, user=user, defaults={"role": role, "perspective": perspective}
    )
    if created:
        do_notify_members_changed(project)
    return membership


@transaction.atomic
def do_remove_member(*, membership: Membership, by=None) -> None:
    """Remove a member from the project, keeping at least one facilitator."""
    check_keeps_a_facilitator(membership)
    do_record_event(
        project=membership.project,
        actor=by,
        verb="member removed",
        summary=_("%(name)s left the project."),
        people={"name": membership.user},
    )
    do_notify_member_leaving(membership)
    membership.delete()


def perspective_label(value: str) -> str:
    return Perspective(value).label if value in Perspective.values else _("none")


# One sentence per field, each saying what it was and what it is now.
PROJECT_CHANGED = {
    "title": gettext_lazy("Renamed the project from %(old)s to %(new)s."),
    "aim": gettext_lazy("Changed the aim from %(old)s to %(new)s."),
    "organisation": gettext_lazy("Changed the lead organisation from %(old)s to %(new)s."),
    "status": gettext_lazy("Changed the status from %(old)s to %(new)s."),
    "start_date": gettext_lazy("Changed the start date from %(old)s to %(new)s."),
    "end_date": gettext_lazy("Changed the end date from %(old)s to %(new)s."),
    "review_date": gettext_lazy("Changed the charter review date from %(old)s to %(new)s."),
    "time_zone": gettext_lazy("Changed the time zone from %(old)s to %(new)s."),
    "language": gettext_lazy("Changed the project’s language from %(old)s to %(new)s."),
}


# Settings that are on or off: one sentence for each way they change.
PROJECT_SWITCHED = {
    ("facilitators_need_two_factor", True): gettext_lazy(
        "Asked facilitators to use two-factor sign-in."
    ),
    ("facilitators_need_two_factor", False): gettext_lazy(
        "Stopped asking facilitators to use two-factor sign-in."
    ),
}


def describe_value(field: str, value) -> str:
    """A project field's value as a timeline line shows it: dates written out, "none"."""
    if value in (None, ""):
        return _("none")
    if field == "status":
        return str(Project.Status(value).label)
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if field == "time_zone":
        return value.replace("_", " ")
    if field == "language":
        return dict(settings.LANGUAGES).get(value, value)
    return f"“{quote(value)}”"


def record_project_changes(*, project: Project, before: dict, by=None) -> None:
    """One line for each field whose value differs from ``before``, saying from what to what."""
    for field, old in before.items():
        new = getattr(project, field)
        if (field, new) in PROJECT_SWITCHED and old != new:
            do_record_event(
                project=project,
                actor=by,
                verb="project changed",
                summary=str(PROJECT_SWITCHED[(field, new)]),
            )
        if field in PROJECT_CHANGED and old != new:
            do_record_event(
                project=project,
                actor=by,
                verb="project changed",
                summary=PROJECT_CHANGED[field]
                % {"old": describe_value(field, old), "new": describe_value(field, new)},
            )


@transaction.atomic
def do_update_project(*, project: Project, version: int, by=None, **fields) -> Project:
    """Save changed fields if nobody else saved the project since ``version`` was read.

    Each field that changed is a line on the timeline, with what it was and what it is now.
    """
    before = Project.objects.select_for_update().values(*fields).get(pk=project.pk)
    update_unless_changed(
        project,
        version=version,
        conflict=_(
            "Someone else changed this project while you were editing. Their version is shown below."
        ),
        **fields,
    )
    record_project_changes(project=project, before=before, by=by)
    do_notify_project_changed(project, set(fields))
    return project


@transaction.atomic
def do_delete_project(*, project: Project, by) -> None:
    """Delete a project and everything in it (files of generated charters included)."""
    do_notify_project_deleting(project)
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
    """Delete a person's account and everything held about them, keeping every project with a
    facilitator.

    Every part erases what it holds about them (``ProjectPart.erase_person``): their records
    on stakeholder maps, reminders to their address, charter versions naming them (made again
    without them), what they wrote in checklist answers. Then the timeline forgets their name
    and the account goes, with their memberships and whatever else hangs from it. Kept without
    their name: their submitted checklist scores, and what they added to a project.
    """
    check_can_leave_every_project(user)
    # Lines that name them refer to their account, which goes: they then say "a former
    # member" wherever they are, including projects they had already left.
    do_erase_person(user)
    # Failed logins are recorded against the address typed: it is theirs.
    AccessAttempt.objects.filter(username__iexact=user.email).delete()
    projects = list(Project.objects.filter(memberships__user=user))
    for project in projects:
        do_record_event(
            project=project,
            actor=None,
            verb="member removed",
            summary=_("A member deleted their account."),
        )
    user.delete()
