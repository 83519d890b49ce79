"""Writes that touch several rows or have side effects. One transaction each."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Model, QuerySet, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.tasks import enqueue_on_commit

from .calendar import get_token_hash, new_token
from .charter import content_hash, gather_charter
from .models import (
    AuditEvent,
    CalendarFeed,
    Charter,
    CommunicationItem,
    DecisionRule,
    Goal,
    GroundRule,
    GroundRuleAgreement,
    Membership,
    Perspective,
    Principle,
    Project,
    Role,
)
from .reminders import (
    do_cancel_member_reminders,
    do_cancel_reminders,
    schedule_communication_reminder,
    schedule_review_reminders,
)
from .tasks import render_charter


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
    return Goal.objects.create(
        project=project, text=text, measure=measure, order=next_order(project.goals)
    )


def move_in_order(item: Model, direction: str) -> bool:
    """Swap an ordered row with its neighbour above ("up") or below ("down") in its project.

    Returns whether anything moved. Call inside a transaction: the project's rows are locked.
    """
    model = type(item)
    items = list(model.objects.select_for_update().filter(project_id=item.project_id))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for order, row in enumerate(items):
        row.order = order
    model.objects.bulk_update(items, ["order"])
    return True


def next_order(rows: QuerySet) -> int:
    """The order value that puts a new row after these."""
    last = rows.aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def do_move_goal(*, goal: Goal, direction: str) -> None:
    """Swap the goal with its neighbour above ("up") or below ("down")."""
    move_in_order(goal, direction)


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
    old_role = Membership.objects.values_list("role", flat=True).get(pk=membership.pk)
    if role != old_role:
        do_record_event(
            project=membership.project,
            actor=by,
            verb="role changed",
            summary=f"{membership.user.display_name} is now {Role(role).label.lower()}.",
        )
    membership.role = role
    membership.perspective = perspective
    membership.save(update_fields=["role", "perspective"])
    if (old_role == Role.FACILITATOR) != membership.is_facilitator:
        schedule_review_reminders(membership.project)
    if (old_role == Role.OBSERVER) != (role == Role.OBSERVER):
        # Observers do not answer checklist rounds, so nor are they reminded to.
        from powercheck.actions import sync_open_round_reminders

        sync_open_round_reminders(membership.project)
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
    do_cancel_member_reminders(membership=membership)
    membership.delete()


def update_unless_changed(instance: Model, *, version: int, conflict: str, **fields) -> None:
    """Save fields (and a new version number) only if the stored row is still at ``version``.

    Raises ValidationError(conflict) when someone else saved it first; the caller then shows
    their version. The row must have ``version`` and ``updated_at`` fields.
    """
    updated = (
        type(instance)
        .objects.filter(pk=instance.pk, version=version)
        .update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    )
    if not updated:
        raise ValidationError(conflict)
    instance.refresh_from_db()


@transaction.atomic
def do_update_project(*, project: Project, version: int, **fields) -> Project:
    """Save changed fields if nobody else saved the project since ``version`` was read."""
    update_unless_changed(
        project,
        version=version,
        conflict=_(
            "Someone else changed this project while you were editing. Their version is shown below."
        ),
        **fields,
    )
    if fields.keys() & {"review_date", "time_zone", "title"}:
        schedule_review_reminders(project)
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


def do_forget_name_in_timeline(*, project: Project, name: str, replacement: str) -> None:
    """The timeline keeps what happened, but no longer says who it was."""
    project.events.filter(summary__contains=name).update(
        summary=Replace("summary", Value(name), Value(replacement))
    )


@transaction.atomic
def do_withdraw_charters(*, project: Project, made_since: datetime.datetime) -> int:
    """Withdraw the charter versions made since a moment, deleting their PDFs; return how many."""
    charters = list(
        project.charters.filter(status=Charter.Status.READY, rendered_at__gte=made_since)
    )
    for charter in charters:
        transaction.on_commit(lambda pdf=charter.pdf: pdf.storage.delete(pdf.name))
    return project.charters.filter(pk__in=[c.pk for c in charters]).update(
        status=Charter.Status.WITHDRAWN, pdf="", updated_at=timezone.now()
    )


@transaction.atomic
def do_delete_account(*, user) -> None:
    """Delete a person's account and memberships, keeping every project with a facilitator."""
    check_can_leave_every_project(user)
    projects = list(Project.objects.filter(memberships__user=user))
    for project in projects:
        do_forget_name_in_timeline(
            project=project, name=user.display_name, replacement=_("A former member")
        )
        do_record_event(
            project=project,
            actor=None,
            verb="member removed",
            summary=_("A member deleted their account."),
        )
    user.delete()


# Agreeing at the outset.


@transaction.atomic
def do_save_principles(
    *, project: Project, meanings: dict[str, str], definitions: list[str], own_definition: str
) -> None:
    """Save what each principle means for the project and the definitions the group works from."""
    for key, meaning in meanings.items():
        Principle.objects.update_or_create(project=project, key=key, defaults={"meaning": meaning})
    project.definitions, project.own_definition = definitions, own_definition
    project.save(update_fields=["definitions", "own_definition", "updated_at"])


EDIT_CONFLICT = gettext_lazy(
    "Someone else saved this while you were editing. Their version is shown below; "
    "what you typed is kept. Save again to replace their version with yours."
)


def quote(text: str) -> str:
    """Short enough to quote in a timeline line."""
    return Truncator(text).chars(80)


@transaction.atomic
def do_add_decision_rule(*, project: Project, by=None, **fields) -> DecisionRule:
    """Add a decision rule at the end of the project's list."""
    rule = DecisionRule.objects.create(
        project=project, order=next_order(project.decision_rules), **fields
    )
    do_record_event(
        project=project,
        actor=by,
        verb="rules changed",
        summary=_("Added a decision rule about %(area)s.") % {"area": quote(rule.area)},
    )
    return rule


@transaction.atomic
def do_update_decision_rule(*, rule: DecisionRule, version: int, by=None, **fields) -> DecisionRule:
    """Save the rule if nobody else saved it since ``version`` was read."""
    update_unless_changed(rule, version=version, conflict=EDIT_CONFLICT, **fields)
    do_record_event(
        project=rule.project,
        actor=by,
        verb="rules changed",
        summary=_("Changed the decision rule about %(area)s.") % {"area": quote(rule.area)},
    )
    return rule


@transaction.atomic
def do_move_decision_rule(*, rule: DecisionRule, direction: str) -> None:
    """Swap the rule with its neighbour above ("up") or below ("down")."""
    move_in_order(rule, direction)


@transaction.atomic
def do_delete_decision_rule(*, rule: DecisionRule, by=None) -> None:
    """Remove a decision rule."""
    do_record_event(
        project=rule.project,
        actor=by,
        verb="rules changed",
        summary=_("Removed the decision rule about %(area)s.") % {"area": quote(rule.area)},
    )
    rule.delete()


def bump_ground_rules_version(project: Project) -> None:
    """The set of ground rules changed: earlier agreements are now for an earlier version."""
    Project.objects.filter(pk=project.pk).update(ground_rules_version=F("ground_rules_version") + 1)
    project.refresh_from_db(fields=["ground_rules_version"])


@transaction.atomic
def do_add_ground_rule(*, project: Project, text: str, by=None) -> GroundRule:
    """Add a ground rule at the end (or return the same rule if it is already there)."""
    text = text.strip()
    # Two facilitators clicking the same suggestion at once must not both find it missing.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    existing = project.ground_rules.filter(text__iexact=text).first()
    if existing is not None:
        return existing
    rule = GroundRule.objects.create(
        project=project, text=text, order=next_order(project.ground_rules), added_by=by
    )
    bump_ground_rules_version(project)
    do_record_event(
        project=project,
        actor=by,
        verb="rules changed",
        summary=_("Added a ground rule: “%(rule)s”") % {"rule": quote(text)},
    )
    return rule


@transaction.atomic
def do_update_ground_rule(*, rule: GroundRule, text: str, by=None) -> GroundRule:
    """Change a ground rule's wording; a real change makes a new version of the set."""
    if text != rule.text:
        old_text, rule.text = rule.text, text
        rule.save(update_fields=["text"])
        bump_ground_rules_version(rule.project)
        do_record_event(
            project=rule.project,
            actor=by,
            verb="rules changed",
            summary=_("Changed a ground rule from “%(old)s” to “%(new)s”")
            % {"old": quote(old_text), "new": quote(text)},
        )
    return rule


@transaction.atomic
def do_move_ground_rule(*, rule: GroundRule, direction: str) -> None:
    """Swap the rule with its neighbour; a new order makes a new version of the set."""
    if move_in_order(rule, direction):
        bump_ground_rules_version(rule.project)


@transaction.atomic
def do_delete_ground_rule(*, rule: GroundRule, by=None) -> None:
    """Remove a ground rule, making a new version of the set."""
    rule.delete()
    bump_ground_rules_version(rule.project)
    do_record_event(
        project=rule.project,
        actor=by,
        verb="rules changed",
        summary=_("Removed a ground rule: “%(rule)s”") % {"rule": quote(rule.text)},
    )


@transaction.atomic
def do_agree_to_ground_rules(
    *, membership: Membership, version: int | None = None
) -> GroundRuleAgreement:
    """Record that the member agrees to the current ground rules.

    ``version`` is the version the member read; if the rules changed since, nothing is
    recorded and ValidationError asks them to read the rules again.
    """
    project = Project.objects.select_for_update().get(pk=membership.project_id)
    if not project.ground_rules.exists():
        raise ValidationError(_("There are no ground rules to agree to yet."))
    if version is not None and version != project.ground_rules_version:
        raise ValidationError(
            _("The ground rules changed while you were reading them. Read them again, please.")
        )
    agreement, _created = GroundRuleAgreement.objects.get_or_create(
        membership=membership, version=project.ground_rules_version
    )
    return agreement


def schedule_item_reminder(item: CommunicationItem) -> None:
    """Remind the item's owner the day before it is next due; nothing once it is closed."""
    owner = item.owner
    schedule_communication_reminder(
        project=item.project,
        item_id=item.pk,
        owner=owner.user if owner is not None else None,
        due_date=None if item.closed else item.next_due,
        title=str(item),
        url=reverse("projects-communication", args=[item.project.slug]),
    )


@transaction.atomic
def do_add_communication_item(*, project: Project, **fields) -> CommunicationItem:
    """Add an item to the communication plan; its owner is reminded the day before it is due."""
    item = CommunicationItem.objects.create(
        project=project, due_day=fields["next_due"].day, **fields
    )
    schedule_item_reminder(item)
    return item


@transaction.atomic
def do_update_communication_item(
    *, item: CommunicationItem, version: int, **fields
) -> CommunicationItem:
    """Save the item if nobody else saved it since ``version`` was read; its reminder follows."""
    if "next_due" in fields:
        fields["due_day"] = fields["next_due"].day
    update_unless_changed(item, version=version, conflict=EDIT_CONFLICT, **fields)
    schedule_item_reminder(item)
    return item


@transaction.atomic
def do_mark_communication_done(
    *, item: CommunicationItem, version: int | None = None
) -> CommunicationItem:
    """Move the next due date on by the item's frequency; a one-off item is closed.

    The owner's reminder moves on with the date (or is cancelled with a closed item).
    With ``version``, a second click on an item someone already marked done changes nothing.
    """
    following = item.following_due()
    fields = {"closed": True} if following is None else {"next_due": following}
    update_unless_changed(
        item,
        version=item.version if version is None else version,
        conflict=_("Someone else has already marked this as done or changed it."),
        **fields,
    )
    schedule_item_reminder(item)
    return item


@transaction.atomic
def do_delete_communication_item(*, item: CommunicationItem) -> None:
    """Remove an item from the communication plan, and its reminder."""
    do_cancel_reminders(key_prefix=f"communication:{item.pk}:")
    item.delete()


@transaction.atomic
def do_request_charter(*, project: Project, by, enqueue: bool = True) -> Charter:
    """Ask for a new charter version, rendered in the background once this transaction commits.

    Returns the latest ready charter instead if the project has not changed since it
    was made, or the charter already on its way if one is. A failed (or stuck) latest
    version is tried again rather than given a new number.
    """
    Project.objects.select_for_update().filter(pk=project.pk).first()
    current = content_hash(gather_charter(project))
    latest = project.charters.first()
    latest_ready = project.charters.filter(status=Charter.Status.READY).first()
    if latest_ready is not None and latest_ready.content_hash == current:
        return latest_ready
    if latest is not None and latest.is_pending and latest.content_hash == current:
        return latest
    if latest is not None and (latest.is_failed or latest.is_stuck):
        charter = latest
        charter.status, charter.attempts, charter.error = Charter.Status.QUEUED, 0, ""
        charter.content_hash, charter.requested_by = current, by
        charter.save()
    else:
        charter = Charter.objects.create(
            project=project,
            version=(latest.version + 1) if latest else 1,
            content_hash=current,
            requested_by=by,
        )
    do_record_event(
        project=project,
        actor=by,
        verb="charter requested",
        summary=_("Asked for version %(version)s of the charter.") % {"version": charter.version},
    )
    if enqueue:
        enqueue_on_commit(render_charter, charter.pk)
    return charter


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
