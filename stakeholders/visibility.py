"""Who a member sees on the stakeholder map: the one place that decides it.

Facilitators see everyone mapped, with their working notes. Everyone else, and the charter
(which goes to observers and funders), sees organisations and groups by name, and people only
if they agreed to be named (``Stakeholder.named_consent_at``); everyone else only in counts.
Where someone sits on the power/interest grid is a facilitator's working note: others see it
for organisations, and for named people only if the project chose to share it
(``Project.share_map_positions``); never for people who were not named. Whether someone is
seldom heard is shown to others only in counts.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from projects.access import Can, may
from projects.models import Project

from .models import NAMED, Stakeholder


@dataclass(frozen=True)
class MapView:
    """What one viewer may see of a project's map."""

    everyone: bool = False
    positions_of_named_people: bool = False

    @property
    def placed(self) -> Q:
        """The stakeholders whose place on the grid this viewer may see."""
        if self.everyone:
            return Q()
        if self.positions_of_named_people:
            return NAMED
        return Q(is_organisation=True)

    def named(self, stakeholders: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
        """The stakeholders this viewer may see one by one (the rest only in counts)."""
        return stakeholders if self.everyone else stakeholders.filter(NAMED)

    def on_grid(self, stakeholders: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
        """The stakeholders this viewer may see placed on the grid."""
        return stakeholders.filter(self.placed)

    def may_name(self, stakeholder: Stakeholder) -> bool:
        return self.everyone or stakeholder.may_be_named

    def may_place(self, stakeholder: Stakeholder) -> bool:
        """Whether this viewer may see the stakeholder's power and interest."""
        return (
            self.everyone
            or stakeholder.is_organisation
            or (self.positions_of_named_people and stakeholder.may_be_named)
        )

    @property
    def sees_working_notes(self) -> bool:
        """Seldom heard, email address, access needs, notes, consent: facilitators only."""
        return self.everyone


def get_map_view(project: Project) -> MapView:
    """What the member ``access_project`` found (``project.membership``) may see of the map."""
    if may(getattr(project, "membership", None), Can.SEE_EVERYONE_MAPPED):
        return MapView(everyone=True)
    return get_shared_view(project)


def get_shared_view(project: Project) -> MapView:
    """What members other than facilitators see, and so what the charter shows."""
    return MapView(positions_of_named_people=project.share_map_positions)
