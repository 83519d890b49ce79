"""The "How do I begin?" steps shown on a project's overview page."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Charter, GroundRuleAgreement, Project

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"


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


def agreements_made(project: Project) -> tuple[bool, bool, bool]:
    """Decision rules written; ground rules written and agreed by every member asked; a plan."""
    not_agreed = GroundRuleAgreement.member_statuses(project).filter(agreed_current=False)
    return (
        project.decision_rules.exists(),
        project.ground_rules.exists() and not not_agreed.exists(),
        project.communication_items.exists(),
    )


def who_is_involved(project: Project) -> tuple[str, str, tuple[str, ...]]:
    """State, link and reach shortfalls of the "Who is involved" step."""
    from stakeholders.reach import get_reach

    reach = get_reach(project)
    if not reach.total:
        state = NOT_STARTED
    elif reach.is_done:
        state = DONE
    else:
        state = IN_PROGRESS
    return state, reverse("stakeholders-list", args=[project.slug]), tuple(reach.shortfalls)


def power_check_state(project: Project) -> str:
    """Done once a round has closed, in progress while the first one is open."""
    from powercheck.models import Round

    rounds = project.power_rounds.values_list("status", "closes_at")
    if any(
        status == Round.Status.CLOSED or closes_at <= timezone.now() for status, closes_at in rounds
    ):
        return DONE
    return IN_PROGRESS if rounds else NOT_STARTED


def charter_state(project: Project) -> str:
    """Done once a charter is ready to download, in progress while one is being made."""
    statuses = set(project.charters.values_list("status", flat=True).distinct())
    if Charter.Status.READY in statuses:
        return DONE
    return IN_PROGRESS if statuses else NOT_STARTED


def get_steps(project: Project) -> list[Step]:
    """The steps of setting up a co-production project, each with its state and where to do it."""
    return [
        Step(
            _("Aim and goals"),
            _("Say in plain words what the project is trying to achieve, and how you will know."),
            state_of(bool(project.aim.strip()), project.goals.exists()),
            reverse("projects-goals", args=[project.slug]),
        ),
        Step(
            _("Who is involved"),
            _(
                "Map the people and groups with a stake, check you reach beyond the usual suspects, and invite them."
            ),
            *who_is_involved(project),
        ),
        Step(
            _("Power dynamics"),
            _(
                "Everyone answers a short checklist about how power is shared, and you see where it is not."
            ),
            power_check_state(project),
            reverse("powercheck-index", args=[project.slug]),
        ),
        Step(
            _("Agreements"),
            _("Agree who decides what and how, ground rules, and how you will keep in touch."),
            state_of(*agreements_made(project)),
            reverse("projects-decisions", args=[project.slug]),
        ),
        Step(
            _("Charter"),
            _(
                "A PDF of everything you have agreed, for members to sign off and organisations to keep."
            ),
            charter_state(project),
            reverse("projects-charter", args=[project.slug]),
        ),
    ]
