"""You said, we did: recording contributions, what happened to them, what changed, and who
wants the weekly digest."""

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.editing import update_unless_changed
from meetings.actions import EDIT_CONFLICT
from projects.actions import quote
from projects.models import Membership, Project
from projects.timeline import do_record_event

from .digest import schedule_digests
from .models import Contribution, DigestChoice, ImpactEntry


def record(project: Project, by, verb: str, summary: str, **values) -> None:
    do_record_event(project=project, actor=by, verb=verb, summary=summary % values)


@transaction.atomic
def do_record_contribution(*, project: Project, by=None, **fields) -> Contribution:
    """Record something a member put in (named only with their consent, where it asks)."""
    contribution = Contribution.objects.create(project=project, recorded_by=by, **fields)
    # The line never says whose it was: an anonymous comment must stay so.
    record(
        project,
        by,
        "contribution recorded",
        _("Recorded a contribution: “%(text)s”."),
        text=quote(contribution.text),
    )
    return contribution


@transaction.atomic
def do_set_outcome(*, contribution: Contribution, outcome: str, reason: str = "", by=None):
    """Say what happened to a contribution (with the reason when it was not taken forward)."""
    contribution.outcome = outcome
    contribution.reason = reason if outcome == Contribution.Outcome.NOT_TAKEN else ""
    contribution.save(update_fields=["outcome", "reason", "updated_at"])
    record(
        contribution.project,
        by,
        "contribution outcome",
        _("Said what happened to “%(text)s”: %(outcome)s."),
        text=quote(contribution.text),
        outcome=contribution.get_outcome_display().lower(),
    )
    return contribution


def adopt(contributions) -> None:
    """Contributions an impact entry links to are adopted, unless already said otherwise."""
    Contribution.objects.filter(
        pk__in=[c.pk for c in contributions], outcome=Contribution.Outcome.OPEN
    ).update(outcome=Contribution.Outcome.ADOPTED)


@transaction.atomic
def do_record_impact(*, project: Project, by=None, contributions=(), **fields) -> ImpactEntry:
    """Record what changed, linked to the contributions that led to it."""
    entry = ImpactEntry.objects.create(project=project, recorded_by=by, **fields)
    entry.contributions.set(contributions)
    adopt(contributions)
    schedule_digests(project)
    record(
        project,
        by,
        "impact recorded",
        _("Recorded what changed: “%(text)s”."),
        text=quote(entry.what_changed),
    )
    return entry


@transaction.atomic
def do_update_impact(
    *, entry: ImpactEntry, version: int, by=None, contributions=(), **fields
) -> ImpactEntry:
    """Save the entry unless someone else did since ``version``."""
    update_unless_changed(entry, version=version, conflict=EDIT_CONFLICT, **fields)
    entry.contributions.set(contributions)
    adopt(contributions)
    record(
        entry.project,
        by,
        "impact changed",
        _("Changed what changed: “%(text)s”."),
        text=quote(entry.what_changed),
    )
    return entry


@transaction.atomic
def do_delete_impact(*, entry: ImpactEntry, by=None) -> None:
    """Delete an impact entry (the contributions stay)."""
    record(
        entry.project,
        by,
        "impact deleted",
        _("Deleted what changed: “%(text)s”."),
        text=quote(entry.what_changed),
    )
    entry.delete()


@transaction.atomic
def do_set_project_digest(*, project: Project, enabled: bool, by=None) -> None:
    """Turn the weekly digest on or off for the whole project."""
    DigestChoice.objects.update_or_create(
        project=project, membership=None, defaults={"enabled": enabled}
    )
    schedule_digests(project)
    summary = (
        _("Turned on the weekly digest for members who ask for it.")
        if enabled
        else _("Turned off the weekly digest.")
    )
    record(project, by, "digest changed", summary)


@transaction.atomic
def do_set_my_digest(*, membership: Membership, enabled: bool) -> None:
    """A member's own choice to get the weekly digest."""
    DigestChoice.objects.update_or_create(
        membership=membership, defaults={"project": membership.project, "enabled": enabled}
    )
    schedule_digests(membership.project)
