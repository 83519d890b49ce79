"""The "How do I begin?" steps shown on a project's overview page."""

import functools
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Charter,
    CommunicationItem,
    DecisionRule,
    Goal,
    GroundRule,
    GroundRuleAgreement,
    Membership,
    Project,
)

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"
MAP_FINGERPRINT = ["map_stakeholders", "map_updated", "map_invitations", "map_accepted"]


@dataclass(frozen=True)
class Step:
    title: str
    description: str
    state: str
    url: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def state_label(self) -> str:
        return {
            NOT_STARTED: _("Not started"),
            IN_PROGRESS: _("In progress"),
            DONE: _("Done"),
        }[self.state]


def state_of(*parts_done: bool) -> str:
    """Done when every part is done, in progress when some are, otherwise not started."""
    if all(parts_done):
        return DONE
    return IN_PROGRESS if any(parts_done) else NOT_STARTED


@functools.cache
def progress_query() -> QuerySet[Project]:
    """What ``get_progress`` asks of every project, built once: Django takes longer to build
    this query than the database takes to answer it."""
    from powercheck.models import Round
    from stakeholders.reach import map_fingerprint

    def of_project(model) -> Exists:
        return Exists(model.objects.filter(project=OuterRef("pk")))

    rounds = Round.objects.filter(project=OuterRef("pk"))
    # Versions only go up: a member who agreed to the current one has it as their latest.
    agreed_to_current = GroundRuleAgreement.objects.filter(
        membership=OuterRef("pk"), version=OuterRef(OuterRef("ground_rules_version"))
    )
    not_agreed = Membership.objects.filter(
        project=OuterRef("pk"), role__in=GroundRuleAgreement.ASKED
    ).exclude(Exists(agreed_to_current))
    return Project.objects.values(
        has_goals=of_project(Goal),
        has_decision_rules=of_project(DecisionRule),
        has_ground_rules=of_project(GroundRule),
        not_agreed=Exists(not_agreed),
        has_communication=of_project(CommunicationItem),
        has_rounds=Exists(rounds),
        has_closed_round=Exists(rounds.filter(status=Round.Status.CLOSED)),
        first_closes_at=Subquery(rounds.order_by("closes_at").values("closes_at")[:1]),
        has_charters=of_project(Charter),
        charter_ready=Exists(
            Charter.objects.filter(project=OuterRef("pk"), status=Charter.Status.READY)
        ),
        **map_fingerprint(),
    )


def get_progress(project: Project) -> dict[str, bool]:
    """Whether each part of setting up the project has been done, in one query.

    ``has_goals``, ``has_decision_rules``, ``has_ground_rules``, ``has_communication``: any
    written; ``not_agreed``: a member asked to agree has not agreed to the current ground
    rules; ``has_rounds`` and ``round_done``: any power check round, and one closed or past
    its date; ``has_charters`` and ``charter_ready``: any charter, and one ready to download;
    ``map``: the stakeholder map's fingerprint, which keys the cached reach check.
    """
    progress = progress_query().filter(pk=project.pk).get()
    progress["map"] = tuple(progress.pop(key) for key in MAP_FINGERPRINT)
    first_closes_at = progress.pop("first_closes_at")
    progress["round_done"] = progress.pop("has_closed_round") or (
        first_closes_at is not None and first_closes_at <= timezone.now()
    )
    return progress


def who_is_involved(project: Project, fingerprint: tuple) -> tuple[str, str, tuple[str, ...]]:
    """State, link and reach shortfalls of the "Who is involved" step."""
    from stakeholders.reach import get_cached_reach

    reach = get_cached_reach(project, fingerprint)
    if not reach.total:
        state = NOT_STARTED
    elif reach.is_done:
        state = DONE
    else:
        state = IN_PROGRESS
    return state, reverse("stakeholders-list", args=[project.slug]), tuple(reach.shortfalls)


def done_or_started(done: bool, started: bool) -> str:
    return DONE if done else IN_PROGRESS if started else NOT_STARTED


def get_steps(project: Project) -> list[Step]:
    """The steps of setting up a co-production project, each with its state and where to do it."""
    progress = get_progress(project)
    return [
        Step(
            _("Aim and goals"),
            _("Say in plain words what the project is trying to achieve, and how you will know."),
            state_of(bool(project.aim.strip()), progress["has_goals"]),
            reverse("projects-goals", args=[project.slug]),
        ),
        Step(
            _("Who is involved"),
            _(
                "Map the people and groups with a stake, check you reach beyond the usual suspects, and invite them."
            ),
            *who_is_involved(project, progress["map"]),
        ),
        Step(
            _("Power dynamics"),
            _(
                "Everyone answers a short checklist about how power is shared, and you see where it is not."
            ),
            # Done once a round has closed, in progress while the first one is open.
            done_or_started(progress["round_done"], progress["has_rounds"]),
            reverse("powercheck-index", args=[project.slug]),
        ),
        Step(
            _("Agreements"),
            _("Agree who decides what and how, ground rules, and how you will keep in touch."),
            # Decision rules written; ground rules written and agreed by every member asked;
            # a communication plan.
            state_of(
                progress["has_decision_rules"],
                progress["has_ground_rules"] and not progress["not_agreed"],
                progress["has_communication"],
            ),
            reverse("projects-decisions", args=[project.slug]),
        ),
        Step(
            _("Charter"),
            _(
                "A PDF of everything you have agreed, for members to sign off and organisations to keep."
            ),
            # Done once a charter is ready to download, in progress while one is being made.
            done_or_started(progress["charter_ready"], progress["has_charters"]),
            reverse("projects-charter", args=[project.slug]),
        ),
    ]
