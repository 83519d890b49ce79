"""The "How do I begin?" steps shown on a project's overview page."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Charter, Project

NOT_STARTED, IN_PROGRESS, DONE, COMING_NEXT = "not started", "in progress", "done", "coming next"


@dataclass(frozen=True)
class Step:
    title: str
    description: str
    state: str
    url: str | None = None

    @property
    def state_label(self) -> str:
        return {
            NOT_STARTED: _("Not started"),
            IN_PROGRESS: _("In progress"),
            DONE: _("Done"),
            COMING_NEXT: _("Coming next"),
        }[self.state]


def state_of(*parts_done: bool) -> str:
    """Done when every part is done, in progress when some are, otherwise not started."""
    if all(parts_done):
        return DONE
    return IN_PROGRESS if any(parts_done) else NOT_STARTED


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
            COMING_NEXT,
        ),
        Step(
            _("Power dynamics"),
            _(
                "Everyone answers a short checklist about how power is shared, and you see where it is not."
            ),
            COMING_NEXT,
        ),
        Step(
            _("Agreements"),
            _("Agree who decides what and how, ground rules, and how you will keep in touch."),
            COMING_NEXT,
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
