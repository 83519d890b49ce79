"""An adopted proposal changes what it proposed, through the same actions a facilitator's edit
goes through (so a changed ground rule asks members to agree again, as ever), and links the
proposal to what it made or changed."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agreements.actions import (
    do_add_ground_rule,
    do_delete_ground_rule,
    do_update_communication_item,
    do_update_decision_rule,
    do_update_ground_rule,
)
from projects.actions import do_add_goal, do_update_goal
from projects.models import Role
from stakeholders.actions import do_add_stakeholder, do_invite_stakeholder

from .models import Kind, Proposal

# What a proposal may change on a decision rule and a communication plan item.
RULE_FIELDS = ["who", "who_name", "method", "percentage", "fallback", "quorum", "dissent"]
ITEM_FIELDS = ["audience", "purpose", "channel", "frequency"]


def apply_change(proposal: Proposal) -> str:
    """Make the adopted change; returns a sentence when nothing could be changed (the thing it
    would change was removed meanwhile), or "" when it was applied or there was nothing to do."""
    change, by, project = proposal.change, proposal.proposed_by, proposal.project
    kind = proposal.kind
    if kind == Kind.NEW_GOAL:
        proposal.goal = do_add_goal(
            project=project, text=change["text"], measure=change.get("measure", ""), by=by
        )
    elif kind == Kind.CHANGE_GOAL:
        if proposal.goal is None:
            return _("Nothing was changed: the goal it would change had been removed.")
        do_update_goal(
            goal=proposal.goal, text=change["text"], measure=change.get("measure", ""), by=by
        )
    elif kind == Kind.NEW_GROUND_RULE:
        proposal.ground_rule = do_add_ground_rule(project=project, text=change["text"], by=by)
    elif kind in (Kind.CHANGE_GROUND_RULE, Kind.REMOVE_GROUND_RULE):
        if proposal.ground_rule is None:
            return _("Nothing was changed: the ground rule it would change had been removed.")
        if kind == Kind.REMOVE_GROUND_RULE:
            do_delete_ground_rule(rule=proposal.ground_rule, by=by)
        else:
            do_update_ground_rule(rule=proposal.ground_rule, text=change["text"], by=by)
    elif kind == Kind.CHANGE_DECISION_RULE:
        rule = proposal.decision_rule
        if rule is None:
            return _("Nothing was changed: the decision rule it would change had been removed.")
        fields = {name: change[name] for name in RULE_FIELDS if name in change}
        try:
            do_update_decision_rule(rule=rule, version=rule.version, by=by, **fields)
        except ValidationError:
            return _("Nothing was changed: the decision rule was being edited at the time.")
    elif kind == Kind.CHANGE_COMMUNICATION:
        item = proposal.communication_item
        if item is None:
            return _("Nothing was changed: the communication plan item had been removed.")
        fields = {name: change[name] for name in ITEM_FIELDS if name in change}
        try:
            do_update_communication_item(item=item, version=item.version, by=by, **fields)
        except ValidationError:
            return _("Nothing was changed: the item was being edited at the time.")
    elif kind == Kind.INVITE:
        stakeholder = do_add_stakeholder(
            project=project,
            by=by,
            name=change["name"],
            organisation=change.get("organisation", ""),
            is_organisation=bool(change.get("is_organisation")),
            category=change["category"],
            email=change.get("email", ""),
        )
        proposal.stakeholder = stakeholder
        if stakeholder.email and by is not None:
            do_invite_stakeholder(stakeholder=stakeholder, role=Role.PARTICIPANT, invited_by=by)
    return ""
