"""Who takes part in a proposal's decision, and how they have responded: read in a fixed
number of queries, whatever the size of the group."""

from django.db.models import Count, QuerySet

from projects.models import Membership, Project

from .engine import Tally, Terms
from .models import Proposal, Response


def eligible_members(project: Project, terms: Terms) -> QuerySet[Membership]:
    """The members whose responses count, as the rule's "who decides" says."""
    return project.memberships.filter(role__in=terms.roles)


def counted_responses(proposal: Proposal, terms: Terms) -> QuerySet[Response]:
    """Responses to the current revision from members who may take part now."""
    return proposal.responses.filter(
        revision=proposal.revision,
        user__memberships__project_id=proposal.project_id,
        user__memberships__role__in=terms.roles,
    )


def get_tally(proposal: Proposal, terms: Terms) -> Tally:
    """How many may take part and how each counted response went: two queries."""
    eligible = eligible_members(proposal.project, terms).count()
    answers = dict(counted_responses(proposal, terms).values_list("answer").annotate(n=Count("pk")))
    return Tally(
        eligible,
        **{
            answer: answers.get(answer, 0)
            for answer in Tally.__dataclass_fields__
            if answer != "eligible"
        },
    )
