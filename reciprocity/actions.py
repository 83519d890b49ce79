"""Changing a project's payment and recognition: the policy and its dated rates, each
contributor's choice, time given, expense claims and what is said about a contributor.

Every amount, approval and change is a line on the timeline, saying who and when. Nothing here
pays anyone: approving records that a payment is due, and a facilitator records once it is paid.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Project
from projects.timeline import do_record_event

from .choices import Activity
from .models import Contributor, Policy, Rate, TimeEntry
from .money import format_money, pennies
from .preset import PRESETS
from .records import (
    check_project_open,
    check_version,
    get_contributor,
    get_pay,
    get_policy,
    get_suggestions,
    on,
)


@transaction.atomic
def do_save_policy(*, project: Project, version: int | None, by, **fields) -> Policy:
    """Save the policy's fields (optimistic locking once it exists)."""
    policy = Policy.objects.select_for_update().filter(project=project).first()
    if policy is None:
        policy = Policy(project=project)
    else:
        check_version(policy, version)
        policy.version += 1
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save()
    do_record_event(
        project=project,
        actor=by,
        verb="policy changed",
        summary=_("Changed the payment and recognition policy."),
    )
    return policy


@transaction.atomic
def do_apply_preset(*, project: Project, preset: str, by) -> Policy:
    """Start the policy from published guidance: its structure and source (no figures)."""
    values = PRESETS[preset]
    policy, _created = Policy.objects.select_for_update().get_or_create(project=project)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.version += 1
    policy.save()
    do_record_event(
        project=project,
        actor=by,
        verb="policy changed",
        summary=_("Started the payment and recognition policy from “%(source)s”.")
        % {"source": values["source_title"]},
    )
    return policy


@transaction.atomic
def do_add_rate(
    *, project: Project, activity: str, unit: str, amount: Decimal, effective_from, source="", by
) -> Rate:
    """A rate for an activity from a date: work before it keeps the rate it had."""
    policy = get_policy(project)
    rate = Rate.objects.create(
        project=project,
        activity=activity,
        unit=unit,
        amount=pennies(amount),
        effective_from=effective_from,
        source=source,
        created_by=by,
    )
    do_record_event(
        project=project,
        actor=by,
        verb="rate set",
        summary=_("Set the rate for %(activity)s to %(amount)s %(unit)s from %(date)s.")
        % {
            "activity": rate.get_activity_display().lower(),
            "amount": format_money(rate.amount, policy.currency),
            "unit": rate.get_unit_display(),
            "date": on(effective_from),
        },
    )
    return rate


@transaction.atomic
def do_remove_rate(*, rate: Rate, by) -> None:
    """Remove a rate set by mistake (time already approved keeps what it was paid)."""
    summary = _("Removed the rate for %(activity)s from %(date)s.") % {
        "activity": rate.get_activity_display().lower(),
        "date": on(rate.effective_from),
    }
    rate.delete()
    do_record_event(project=rate.project, actor=by, verb="rate removed", summary=summary)


@transaction.atomic
def do_save_choice(*, project: Project, user, choice: str, method: str) -> Contributor:
    """Record what a contributor chose, having read the note on benefits."""
    contributor, _created = Contributor.objects.select_for_update().get_or_create(
        project=project, user=user
    )
    now = timezone.now()
    contributor.choice = choice
    contributor.method = method if choice == Contributor.Choice.PAID else ""
    contributor.read_benefits_note_at = now
    contributor.chosen_at = now
    contributor.version += 1
    contributor.save()
    do_record_event(
        project=project,
        actor=user,
        verb="payment choice",
        summary=_("%(person)s chose: %(choice)s."),
        people={"person": user},
        values={"choice": contributor.get_choice_display().lower()},
    )
    return contributor


@transaction.atomic
def do_set_eligibility(
    *, project: Project, user, not_eligible: bool, reason: str, version: int | None, by
) -> Contributor:
    """Mark a member as not eligible for payment for their time (or eligible again)."""
    contributor, created = Contributor.objects.select_for_update().get_or_create(
        project=project, user=user
    )
    if not created:
        check_version(contributor, version)
    contributor.not_eligible = not_eligible
    contributor.not_eligible_reason = reason if not_eligible else ""
    contributor.version += 1
    contributor.save()
    summary = (
        _("Marked %(person)s as not eligible for payment for their time.")
        if not_eligible
        else _("Marked %(person)s as eligible for payment for their time.")
    )
    do_record_event(
        project=project, actor=by, verb="eligibility", summary=summary, people={"person": user}
    )
    return contributor


@transaction.atomic
def do_log_time(
    *,
    project: Project,
    user,
    activity: str,
    date: datetime.date,
    hours: Decimal,
    description: str,
    source_key: str = "",
) -> TimeEntry:
    """Add time a contributor gave, waiting for a facilitator to approve it."""
    check_project_open(project)
    if hours <= 0:
        raise ValidationError(_("Enter the time as a number of hours more than 0."))
    entry = TimeEntry.objects.create(
        project=project,
        user=user,
        activity=activity,
        date=date,
        hours=hours,
        description=description,
        source_key=source_key,
        currency=get_policy(project).currency,
    )
    do_record_event(
        project=project,
        actor=user,
        verb="time logged",
        summary=_("%(person)s logged %(hours)s hours of %(activity)s on %(date)s."),
        people={"person": user},
        values={
            "hours": entry.hours.normalize(),
            "activity": entry.get_activity_display().lower(),
            "date": on(date),
        },
    )
    return entry


def do_confirm_involvement(*, project: Project, user, key: str) -> TimeEntry:
    """Log a suggested piece of time as the record has it."""
    found = [item for item in get_suggestions(project, user.pk) if item.key == key]
    if not found:
        raise ValidationError(_("That time is already in your log, or is no longer on record."))
    item = found[0]
    activity = item.activity if item.activity in Activity.values else Activity.OTHER
    return do_log_time(
        project=project,
        user=user,
        activity=activity,
        date=item.date,
        hours=item.hours,
        description=item.description[:300],
        source_key=key,
    )


@transaction.atomic
def do_decide_time(*, entry: TimeEntry, approve: bool, by) -> TimeEntry:
    """Approve a piece of time (fixing what it is paid) or say it is not approved."""
    entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != TimeEntry.Status.SUBMITTED:
        raise ValidationError(_("This time has already been decided on."))
    entry.decided_by, entry.decided_at = by, timezone.now()
    values = {
        "hours": entry.hours.normalize(),
        "activity": entry.get_activity_display().lower(),
        "date": on(entry.date),
    }
    if approve:
        contributor = get_contributor(entry.project, entry.user)
        entry.amount, entry.rate = get_pay(entry, contributor)
        entry.status = TimeEntry.Status.APPROVED
        summary = _(
            "Approved %(hours)s hours of %(activity)s by %(person)s on %(date)s: %(amount)s."
        )
        values["amount"] = format_money(entry.amount, entry.currency)
    else:
        entry.status = TimeEntry.Status.DECLINED
        summary = _("Did not approve %(hours)s hours of %(activity)s by %(person)s on %(date)s.")
    entry.save()
    do_record_event(
        project=entry.project,
        actor=by,
        verb="time decided",
        summary=summary,
        people={"person": entry.user},
        values=values,
    )
    return entry


@transaction.atomic
def do_save_recognition_note(
    *, project: Project, user, note: str, version: int | None, by
) -> Contributor:
    """What the facilitators add to a contributor's certificate and reference letter."""
    contributor, created = Contributor.objects.select_for_update().get_or_create(
        project=project, user=user
    )
    if not created:
        check_version(contributor, version)
    contributor.recognition_note = note
    contributor.version += 1
    contributor.save()
    do_record_event(
        project=project,
        actor=by,
        verb="recognition drafted",
        summary=_("Changed what the certificate and reference letter say about %(person)s."),
        people={"person": user},
    )
    return contributor


@transaction.atomic
def do_approve_recognition(*, project: Project, user, text_hash: str) -> Contributor:
    """The contributor agrees to what is said about them, as it reads now."""
    contributor, _created = Contributor.objects.select_for_update().get_or_create(
        project=project, user=user
    )
    contributor.recognition_approved_hash = text_hash
    contributor.recognition_approved_at = timezone.now()
    contributor.save()
    do_record_event(
        project=project,
        actor=user,
        verb="recognition approved",
        summary=_("%(person)s approved what their certificate and reference letter say."),
        people={"person": user},
    )
    return contributor
