"""What the group's agreements offer a report on involvement: the definitions of co-production
chosen, each decision rule in plain words, the ground rules and how many agreed to them, and
the communication plan (audiences and channels, never who sends what)."""

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.models import Project
from projects.parts import Evidence

from .models import CommunicationItem, DecisionRule, GroundRuleAgreement, chosen_definitions

COMMUNICATION_AT_MOST = 20


def agreements_evidence(project: Project) -> list[Evidence]:
    """In four queries, however many rules and items there are (of a long plan, the first
    open items by date)."""
    slug = project.slug
    evidence = []
    for definition in chosen_definitions(project):
        evidence.append(
            Evidence(
                "definition",
                definition.value,
                str(definition.label),
                _("The group works from this definition of co-production (%(source)s): %(text)s")
                % {"source": definition.label, "text": definition.text},
                reverse("agreements-principles", args=[slug]),
                standards=("working_together",),
            )
        )
    if project.own_definition.strip():
        evidence.append(
            Evidence(
                "definition",
                "own",
                _("Our own definition"),
                _("The group’s own definition of co-production: “%(text)s”")
                % {"text": project.own_definition.strip()},
                reverse("agreements-principles", args=[slug]),
                standards=("working_together",),
            )
        )
    decisions_url = reverse("agreements-decisions", args=[slug])
    for rule in DecisionRule.objects.filter(project=project):
        evidence.append(
            Evidence(
                "decision_rule",
                str(rule.pk),
                rule.area,
                rule.as_sentence(),
                decisions_url,
                standards=("governance", "working_together"),
                gripp2=("methods",),
            )
        )
    rules = project.ground_rules.count()
    if rules:
        agreed = GroundRuleAgreement.counts(project)
        evidence.append(
            Evidence(
                "ground_rules",
                "set",
                _("Ground rules"),
                ngettext(
                    "The group agreed %(count)s ground rule; %(agreed)s of the %(asked)s members "
                    "asked agreed to the current version.",
                    "The group agreed %(count)s ground rules; %(agreed)s of the %(asked)s members "
                    "asked agreed to the current version.",
                    rules,
                )
                % {"count": rules, "agreed": agreed["current"], "asked": agreed["total"]},
                reverse("agreements-ground-rules", args=[slug]),
                standards=("working_together",),
                gripp2=("methods",),
            )
        )
    communication_url = reverse("agreements-communication", args=[slug])
    items = CommunicationItem.objects.filter(project=project, closed=False).order_by(
        "next_due", "pk"
    )
    for item in items[:COMMUNICATION_AT_MOST]:
        evidence.append(
            Evidence(
                "communication",
                str(item.pk),
                item.audience,
                _("%(audience)s hear from the project by %(channel)s (%(frequency)s): %(purpose)s.")
                % {
                    "audience": capfirst(item.audience),
                    "channel": str(item.get_channel_display()).lower(),
                    "frequency": str(item.get_frequency_display()).lower(),
                    "purpose": item.purpose.rstrip("."),
                },
                communication_url,
                standards=("communications",),
                gripp2=("methods",),
            )
        )
    return evidence
