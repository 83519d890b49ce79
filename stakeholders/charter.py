"""The charter's "Who is involved" section (declared in stakeholders/part.py): members, and the
stakeholder map as a grid, a table by category and the reach check.

Only what observers may read: no email address, access needs or notes.
"""

from django.utils.translation import gettext_lazy

from projects.models import Project, Role
from projects.parts import CharterSection, member_name

from .grid import get_grid
from .models import Category, Stakeholder
from .reach import get_reach


def stakeholder_groups(stakeholders: list[Stakeholder]) -> list[dict]:
    """The map as a table by category, each category's people by name. Only what observers
    may read: no email address, access needs or notes."""
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
                    "quadrant": str(s.quadrant),
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
    # Only the fields the charter prints are read: sensitive ones never leave the database.
    stakeholders = list(
        project.stakeholders.with_invitations().only(
            "pk",
            "project_id",
            "name",
            "organisation",
            "category",
            "power",
            "interest",
            "current_involvement",
            "intended_involvement",
        )
    )
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
        "stakeholder_count": len(stakeholders),
        "by_category": [
            {"category": str(category.label), "count": reach.by_category.get(category.value, 0)}
            for category in Category
        ],
        "stakeholder_groups": (
            stakeholder_groups(stakeholders) if len(stakeholders) <= LISTED_AT_MOST else []
        ),
        "grid": get_grid(stakeholders, links=False).as_data() if stakeholders else None,
        "reach": reach.as_data(),
    }


SECTIONS = [
    CharterSection(
        50, "people", gettext_lazy("Who is involved"), "charter/people.html", people_section
    )
]
