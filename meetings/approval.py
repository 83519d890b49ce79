"""Who approves a meeting's minutes: as the project's decision rule for minutes says (a
facilitator records that approval), or, without such a rule, the meeting's chair (or a
facilitator when nobody chaired it)."""

from agreements.models import DecisionRule
from projects.models import Membership, Project

from .models import Meeting


def minutes_rule(project: Project) -> DecisionRule | None:
    """The project's decision rule about minutes, if it has one."""
    return project.decision_rules.filter(area__icontains="minutes").first()


def who_approves(meeting: Meeting, membership: Membership, rule: DecisionRule | None = None) -> set:
    """The memberships (of those asked about: ``membership``) that may approve the minutes."""
    if rule is None:
        rule = minutes_rule(meeting.project)
    if rule is None and meeting.chair_id is not None:
        return {meeting.chair_id}
    return {membership.pk} if membership.is_facilitator else set()
