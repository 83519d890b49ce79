"""What the stakeholder map offers a report on involvement: who is involved, in counts by
category and by how they are involved now, and by name only those that
``visibility.get_shared_view`` names (organisations, and people who agreed to be named)."""

from collections import Counter

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.models import Project
from projects.parts import Evidence

from .models import Category, Involvement, Stakeholder
from .visibility import get_shared_view

NAMES_AT_MOST = 20


def counted(counts: Counter, choices) -> str:
    """ "Researcher: 2; Policymaker: 1", in the order of the choices."""
    return "; ".join(f"{label}: {counts[value]}" for value, label in choices if counts.get(value))


def map_evidence(project: Project) -> list[Evidence]:
    """Counts of the map by category and level of involvement, how many are seldom heard, and
    the names members may see, in two queries."""
    rows = (
        Stakeholder.objects.filter(project=project)
        .values("category", "current_involvement", "seldom_heard")
        .annotate(n=Count("pk"))
        .order_by()
    )
    categories, levels, seldom = Counter(), Counter(), 0
    for row in rows:
        categories[row["category"]] += row["n"]
        levels[row["current_involvement"]] += row["n"]
        seldom += row["n"] if row["seldom_heard"] else 0
    total = sum(categories.values())
    if not total:
        return []
    url = reverse("stakeholders-list", args=[project.slug])
    methods = ("methods",)
    evidence = [
        Evidence(
            "people",
            "categories",
            _("Who is involved"),
            ngettext(
                "The stakeholder map holds %(count)s person or organisation (%(groups)s).",
                "The stakeholder map holds %(count)s people and organisations (%(groups)s).",
                total,
            )
            % {"count": total, "groups": counted(categories, Category.choices)},
            url,
            standards=("inclusive_opportunities",),
            gripp2=methods,
        ),
        Evidence(
            "people",
            "involvement",
            _("How they are involved"),
            _("How they are involved now: %(levels)s.")
            % {"levels": counted(levels, Involvement.choices)},
            url,
            standards=("inclusive_opportunities", "working_together"),
            gripp2=methods,
        ),
    ]
    if seldom:
        evidence.append(
            Evidence(
                "people",
                "seldom-heard",
                _("Seldom heard"),
                ngettext(
                    "%(count)s of them is among those seldom heard.",
                    "%(count)s of them are among those seldom heard.",
                    seldom,
                )
                % {"count": seldom},
                url,
                standards=("inclusive_opportunities",),
                gripp2=methods,
            )
        )
    shared = get_shared_view(project).named(Stakeholder.objects.filter(project=project))
    names = list(shared.order_by("name", "pk").values_list("name", flat=True)[: NAMES_AT_MOST + 1])
    if names:
        more = len(names) > NAMES_AT_MOST
        names = ", ".join(names[:NAMES_AT_MOST])
        sentence = (
            _("Among them, named as organisations or with their agreement: %(names)s, and others.")
            if more
            else _("Among them, named as organisations or with their agreement: %(names)s.")
        )
        evidence.append(
            Evidence(
                "people",
                "named",
                _("Named on the map"),
                sentence % {"names": names},
                url,
                standards=("inclusive_opportunities",),
                gripp2=methods,
            )
        )
    return evidence
