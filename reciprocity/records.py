"""Reading a project's payment and recognition: its policy, a member's choice, the time the
other parts have on record, and what a piece of time or a claim is paid and by when."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Project
from projects.parts import get_parts

from .models import Claim, Contributor, Policy, Rate, TimeEntry

EDIT_CONFLICT = _(
    "Someone else saved this while you were editing it. Their version is shown; your changes "
    "are kept in the form, so you can save them again."
)


def check_version(row, version: int | None) -> None:
    """Raise ValidationError if the row was saved since ``version`` was read."""
    if version is not None and row.version != version:
        raise ValidationError(EDIT_CONFLICT)


def get_policy(project: Project) -> Policy:
    """The project's policy; an unsaved empty one if it has none yet."""
    return Policy.objects.filter(project=project).first() or Policy(project=project)


def get_contributor(project: Project, user) -> Contributor:
    """This member's choice; an unsaved undecided one if they have not made it."""
    found = Contributor.objects.filter(project=project, user=user).first()
    return found or Contributor(project=project, user=user)


def check_project_open(project: Project) -> None:
    if project.status == Project.Status.CLOSED:
        raise ValidationError(
            _("This project is closed, so no new time or claims can be added. Ask a facilitator.")
        )


def on(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def get_suggestions(project: Project, user_id: int) -> list:
    """Time the project's other parts have a record of this person giving, not yet logged
    (no query of the log when they record none)."""
    offered = [
        item
        for part in get_parts()
        for item in part.involvement(project)
        if item.user_id == user_id
    ]
    if not offered:
        return []
    logged = set(
        TimeEntry.objects.filter(project=project, user_id=user_id)
        .exclude(source_key="")
        .values_list("source_key", flat=True)
    )
    return [item for item in offered if item.key not in logged]


def get_pay(entry: TimeEntry, contributor: Contributor) -> tuple[Decimal, Rate | None]:
    """What the entry is paid at the rate in force on its date (zero if not paid for time)."""
    rate = Rate.objects.filter(project=entry.project_id).in_force(entry.date).get(entry.activity)
    if rate is None or not contributor.paid_for_time:
        return Decimal("0.00"), rate
    return rate.pay_for(entry.hours), rate


def get_pay_by(policy: Policy, claim: Claim) -> datetime.date:
    """The date the policy promises the claim is paid by, from where it is now."""
    if claim.approved_at is not None:
        start = timezone.localtime(claim.approved_at, claim.project.zone).date()
        return start + datetime.timedelta(days=policy.pay_within_days)
    start = timezone.localtime(claim.submitted_at, claim.project.zone).date()
    return start + datetime.timedelta(days=policy.respond_within_days + policy.pay_within_days)
