"""What the proposal pages show, read in a fixed number of queries however many proposals,
members or responses there are."""

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

from coproduce.dates import last_day
from projects.access import Can, may
from projects.models import Project

from .engine import Terms, decide, explain
from .models import Comment, Decision, DecisionSettings, Proposal, Response
from .tally import counted_responses, get_tally

PER_PAGE = 20
COMMENTS_PER_PAGE = 50


def deadline_day(proposal: Proposal) -> str:
    """The day chosen as the deadline, "12 May 2026"."""
    return date_format(last_day(proposal.closes_at, proposal.project.zone), "j F Y")


def with_counts(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Proposals with who proposed them and how many responded to their current wording."""
    return proposals.select_related("proposed_by", "rule").annotate(
        responded=Count("responses", filter=Q(responses__revision=F("revision")))
    )


def get_list(request: HttpRequest, project: Project, status: str) -> dict:
    proposals = project.proposals.all()
    if status == "open":
        proposals = proposals.filter(status__in=[Proposal.Status.OPEN, Proposal.Status.DECIDING])
    elif status == "closed":
        proposals = proposals.exclude(status__in=[Proposal.Status.OPEN, Proposal.Status.DECIDING])
    page = Paginator(with_counts(proposals).order_by("-created_at", "-id"), PER_PAGE)
    return {
        "project": project,
        "page": page.get_page(request.GET.get("page")),
        "status": status,
        "may_propose": may(project.membership, Can.PROPOSE),
    }


def responses_private(project: Project, terms: Terms) -> bool:
    """Whether members see only counts: the project says so, or the rule records disagreement
    without names."""
    if terms.dissent == "unnamed":
        return True
    return DecisionSettings.objects.filter(project=project, responses_private=True).exists()


def get_detail(request: HttpRequest, project: Project, proposal: Proposal) -> dict:
    terms = Terms.load(proposal.terms)
    tally = get_tally(proposal, terms)
    now = timezone.now()
    outcome = decide(terms, tally, deadline_passed=proposal.closes_at <= now)
    private = responses_private(project, terms)
    responses = None
    if not private:
        responses = (
            counted_responses(proposal, terms).select_related("user").order_by("responded_at", "id")
        )
    mine = Response.objects.filter(proposal=proposal, user=request.user).first()
    comments = Comment.objects.filter(proposal=proposal).select_related("author")
    membership = project.membership
    decision = Decision.objects.filter(proposal=proposal).first()
    return {
        "project": project,
        "proposal": proposal,
        "terms": terms,
        "rule_sentences": explain(terms, eligible=tally.eligible, by_day=deadline_day(proposal)),
        "tally": tally,
        "outcome": outcome,
        "private": private,
        "responses": responses,
        "mine": mine,
        "mine_earlier": mine is not None and mine.revision != proposal.revision,
        "comments": Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page")),
        "decision": decision,
        "deadline": deadline_day(proposal),
        "may_propose": may(membership, Can.PROPOSE),
        "is_proposer": proposal.proposed_by_id == request.user.pk,
        "may_withdraw": proposal.is_open
        and (proposal.proposed_by_id == request.user.pk or membership.is_facilitator),
        "may_decide": proposal.status == Proposal.Status.DECIDING and membership.is_facilitator,
    }
