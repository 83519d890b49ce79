"""Writes to what the group agreed: principles, decision rules, ground rules and agreements to
them, and the communication plan. One transaction each."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.editing import move_in_order, next_order, update_unless_changed
from projects.models import Membership, Project
from projects.timeline import do_record_event
from reminders.models import Reminder
from reminders.outbox import (
    ReminderKey,
    do_cancel_reminders,
)

from .models import (
    CommunicationItem,
    DecisionRule,
    GroundRule,
    GroundRuleAgreement,
    GroundRuleEdit,
    Principle,
)
from .reminders import schedule_change_notices, schedule_item_reminder


@transaction.atomic
def do_save_principles(
    *,
    project: Project,
    meanings: dict[str, str],
    definitions: list[str],
    own_definition: str,
    by=None,
) -> None:
    """Save what each principle means for the project and the definitions the group works from.

    Each principle whose meaning changed is a line on the timeline, and so are the definitions.
    """
    stored = Project.objects.select_for_update().get(pk=project.pk)
    before = dict(project.principles.values_list("key", "meaning"))
    for key, meaning in meanings.items():
        Principle.objects.update_or_create(project=project, key=key, defaults={"meaning": meaning})
        if meaning != before.get(key, ""):
            do_record_event(
                project=project,
                actor=by,
                verb="principles changed",
                summary=_("Changed what “%(principle)s” means for the project.")
                % {"principle": Principle.Key(key).label},
            )
    if (list(stored.definitions), stored.own_definition) != (list(definitions), own_definition):
        do_record_event(
            project=project,
            actor=by,
            verb="principles changed",
            summary=_("Changed the definitions of co-production the group works from."),
        )
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


MOVED_DECISION_RULE = {
    "up": gettext_lazy("Moved the decision rule about %(area)s up."),
    "down": gettext_lazy("Moved the decision rule about %(area)s down."),
}


@transaction.atomic
def do_move_decision_rule(*, rule: DecisionRule, direction: str, by=None) -> None:
    """Swap the rule with its neighbour above ("up") or below ("down")."""
    if move_in_order(rule, direction):
        do_record_event(
            project=rule.project,
            actor=by,
            verb="rules changed",
            summary=MOVED_DECISION_RULE["up" if direction == "up" else "down"]
            % {"area": quote(rule.area)},
        )


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


def record_edit(rule: GroundRule, kind: str, *, old_text: str = "", by=None) -> GroundRuleEdit:
    return GroundRuleEdit.objects.create(
        project=rule.project,
        rule=rule,
        kind=kind,
        version=rule.project.ground_rules_version,
        text=rule.text,
        old_text=old_text,
        by=by,
    )


def make_new_version(rule: GroundRule, kind: str, *, old_text: str = "", by=None) -> None:
    """The set changed: a new version, what changed recorded, and the members who had agreed
    told that they are asked to agree again."""
    bump_ground_rules_version(rule.project)
    record_edit(rule, kind, old_text=old_text, by=by)
    schedule_change_notices(rule.project)


@transaction.atomic
def do_add_ground_rule(*, project: Project, text: str, by=None) -> GroundRule:
    """Add a ground rule at the end (or return the same rule if it is already there): a new
    version of the set."""
    text = text.strip()
    # Two facilitators clicking the same suggestion at once must not both find it missing.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    existing = project.ground_rules.filter(text__iexact=text).first()
    if existing is not None:
        return existing
    rule = GroundRule.objects.create(
        project=project, text=text, order=next_order(project.ground_rules), added_by=by
    )
    make_new_version(rule, GroundRuleEdit.Kind.ADDED, by=by)
    do_record_event(
        project=project,
        actor=by,
        verb="rules changed",
        summary=_("Added a ground rule: “%(rule)s”") % {"rule": quote(text)},
    )
    return rule


@transaction.atomic
def do_update_ground_rule(
    *, rule: GroundRule, text: str, correction: bool = False, by=None
) -> GroundRule:
    """Change a ground rule's wording. A correction keeps the set's version, so agreements to
    it stand; a change makes a new version that members are asked to agree to again."""
    if text == rule.text:
        return rule
    old_text, rule.text = rule.text, text
    rule.save(update_fields=["text"])
    if correction:
        record_edit(rule, GroundRuleEdit.Kind.CORRECTED, old_text=old_text, by=by)
        summary = _(
            "Corrected the wording of a ground rule, keeping agreements to version %(version)s, "
            "from “%(old)s” to “%(new)s”"
        )
    else:
        make_new_version(rule, GroundRuleEdit.Kind.CHANGED, old_text=old_text, by=by)
        summary = _("Changed a ground rule from “%(old)s” to “%(new)s”")
    do_record_event(
        project=rule.project,
        actor=by,
        verb="rules changed",
        summary=summary
        % {
            "old": quote(old_text),
            "new": quote(text),
            "version": rule.project.ground_rules_version,
        },
    )
    return rule


MOVED_GROUND_RULE = {
    "up": gettext_lazy("Moved the ground rule “%(rule)s” up."),
    "down": gettext_lazy("Moved the ground rule “%(rule)s” down."),
}


@transaction.atomic
def do_move_ground_rule(*, rule: GroundRule, direction: str, by=None) -> None:
    """Swap the rule with its neighbour; a new order makes a new version of the set."""
    if move_in_order(rule, direction):
        make_new_version(rule, GroundRuleEdit.Kind.MOVED, by=by)
        do_record_event(
            project=rule.project,
            actor=by,
            verb="rules changed",
            summary=MOVED_GROUND_RULE["up" if direction == "up" else "down"]
            % {"rule": quote(rule.text)},
        )


@transaction.atomic
def do_delete_ground_rule(*, rule: GroundRule, by=None) -> None:
    """Remove a ground rule, making a new version of the set."""
    make_new_version(rule, GroundRuleEdit.Kind.REMOVED, by=by)
    rule.delete()
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
    """Record that the member agrees to the current ground rules (and call off any notice to
    them that the rules changed).

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
    agreement, created = GroundRuleAgreement.objects.get_or_create(
        membership=membership, version=project.ground_rules_version
    )
    if created:
        do_cancel_reminders(
            key=ReminderKey(Reminder.Kind.GROUND_RULES_CHANGED, project.pk),
            recipient_id=membership.user_id,
        )
        do_record_event(
            project=project,
            actor=membership.user,
            verb="agreed",
            summary=_("%(name)s agreed to version %(version)s of the ground rules."),
            people={"name": membership.user},
            values={"version": project.ground_rules_version},
        )
    return agreement


def day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def record_item_event(item: CommunicationItem, by, summary: str, **values) -> None:
    """A line about a communication plan item, which it names by what it says and to whom."""
    do_record_event(
        project=item.project,
        actor=by,
        verb="communication changed",
        summary=summary % {"item": quote(str(item)), **values},
    )


@transaction.atomic
def do_add_communication_item(*, project: Project, by=None, **fields) -> CommunicationItem:
    """Add an item to the communication plan; its owner is reminded the day before it is due."""
    item = CommunicationItem.objects.create(
        project=project, due_day=fields["next_due"].day, **fields
    )
    schedule_item_reminder(item)
    record_item_event(
        item,
        by,
        _("Added to the communication plan: “%(item)s”, first due %(date)s."),
        date=day(item.next_due),
    )
    return item


@transaction.atomic
def do_update_communication_item(
    *, item: CommunicationItem, version: int, by=None, **fields
) -> CommunicationItem:
    """Save the item if nobody else saved it since ``version`` was read; its reminder follows.

    A line on the timeline says what changed: the next due date from what to what, the rest
    in one line.
    """
    if "next_due" in fields:
        fields["due_day"] = fields["next_due"].day
    before = CommunicationItem.objects.filter(pk=item.pk).values(*fields).first() or {}
    update_unless_changed(item, version=version, conflict=EDIT_CONFLICT, **fields)
    schedule_item_reminder(item)
    changed = {
        name
        for name, old in before.items()
        if getattr(item, CommunicationItem._meta.get_field(name).attname) != old
    }
    if "next_due" in changed:
        record_item_event(
            item,
            by,
            _("Changed when “%(item)s” is next due from %(old)s to %(new)s."),
            old=day(before["next_due"]),
            new=day(item.next_due),
        )
    if changed - {"next_due", "due_day"}:
        record_item_event(item, by, _("Changed the communication plan item “%(item)s”."))
    return item


@transaction.atomic
def do_mark_communication_done(
    *, item: CommunicationItem, version: int | None = None, by=None
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
    if following is None:
        record_item_event(
            item, by, _("Marked “%(item)s” as done. It was a one-off, so it is closed.")
        )
    else:
        record_item_event(
            item,
            by,
            _("Marked “%(item)s” as done. It is next due %(date)s."),
            date=day(following),
        )
    return item


@transaction.atomic
def do_delete_communication_item(*, item: CommunicationItem, by=None) -> None:
    """Remove an item from the communication plan, and its reminder."""
    do_cancel_reminders(key=ReminderKey(Reminder.Kind.COMMUNICATION_DUE, item.pk))
    record_item_event(item, by, _("Removed “%(item)s” from the communication plan."))
    item.delete()
