"""The charter's "Who is involved" section (declared in stakeholders/part.py): members, and the
stakeholder map as a grid, a table by category and the reach check.

Only what observers may read (``visibility.get_shared_view``): no email address, access needs,
notes or seldom-heard flag; people who have not agreed to be named only in counts; where
someone sits on the grid only for organisations and, if the project shares it, named people.
"""

from django.utils.translation import gettext_lazy

from projects.models import Project, Role
from projects.parts import CharterSection, member_name

from .grid import get_grid
from .models import Category, Stakeholder
from .reach import get_reach
from .visibility import MapView, get_shared_view


def stakeholder_groups(stakeholders: list[Stakeholder], view: MapView) -> list[dict]:
    """The named part of the map as a table by category. Only what observers may read: no
    email address, access needs or notes, and where they sit only if ``view`` shows it."""
    groups: dict[str, list[Stakeholder]] = {category: [] for category in Category.values}
    for stakeholder in sorted(stakeholders, key=lambda s: (s.name.lower(), s.pk)):
        groups[stakeholder.category].append(stakeholder)
    return [
        {
            "category": str(Category(category).label),
            "rows": [
                {
                    "name": s.name,
                    "organisation": s.organisation,
                    "quadrant": str(s.quadrant) if view.may_place(s) else "",
                    "involvement_now": str(s.get_current_involvement_display()),
                    "involvement_aim": str(s.get_intended_involvement_display()),
                }
                for s in members
            ],
        }
        for category, members in groups.items()
        if members
    ]


# A map longer than this is summarised rather than listed name by name: dozens of pages of
# names help nobody reading a charter, and the full list is in the map's CSV export.
LISTED_AT_MOST = 150


def people_section(project: Project) -> dict:
    """Who is involved: members by role and perspective, and the stakeholder map (grid, table
    and reach check)."""
    role_order = {role: n for n, role in enumerate(Role.values)}
    memberships = sorted(
        project.memberships.select_related("user"),
        key=lambda m: (role_order[m.role], (m.user.name or "").lower(), m.pk),
    )
    # Only the fields the charter prints are read: sensitive ones never leave the database,
    # and nobody it may not name or place.
    view = get_shared_view(project)
    stakeholders = list(
        view.named(project.stakeholders.with_invitations()).only(
            "pk",
            "project_id",
            "name",
            "organisation",
            "is_organisation",
            "named_consent_at",
            "category",
            "power",
            "interest",
            "current_involvement",
            "intended_involvement",
        )
    )
    placed = [s for s in stakeholders if view.may_place(s) and s.is_rated]
    not_rated = sum(1 for s in stakeholders if view.may_place(s) and not s.is_rated)
    reach = get_reach(project)
    return {
        "members": [
            {
                "name": member_name(m.user),
                "role": str(m.get_role_display()),
                "perspective": str(m.get_perspective_display()) if m.perspective else "",
            }
            for m in memberships
        ],
        "stakeholder_count": reach.total,
        "named_count": len(stakeholders),
        "not_named_count": reach.total - len(stakeholders),
        "positions_of_named_people": view.positions_of_named_people,
        "not_rated_count": not_rated,
        "by_category": [
            {"category": str(category.label), "count": reach.by_category.get(category.value, 0)}
            for category in Category
        ],
        "stakeholder_groups": (
            stakeholder_groups(stakeholders, view) if len(stakeholders) <= LISTED_AT_MOST else []
        ),
        "grid": get_grid(placed, links=False).as_data() if placed else None,
        "reach": reach.as_data(),
    }


SECTIONS = [
    CharterSection(
        50, "people", gettext_lazy("Who is involved"), "charter/people.html", people_section
    )
]
