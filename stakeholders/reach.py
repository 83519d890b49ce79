"""The reach ("usual suspects") check: who is missing from a project's stakeholder map."""

import contextlib
import functools
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower, Trim
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.models import Project

from .models import RATED, Category, Invitation, Stakeholder

# Below these shares the check says so; above this share one organisation dominates.
LIVED_EXPERIENCE_SHARE = 0.25
SELDOM_HEARD_SHARE = 0.10
LARGEST_ORGANISATION_SHARE = 0.30
# Categories whose absence is worth a sentence ("other" is not).
EXPECTED_CATEGORIES = [c for c in Category if c != Category.OTHER]


@dataclass(frozen=True)
class Reach:
    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    lived_experience: int = 0
    seldom_heard: int = 0
    largest_organisation: str = ""
    largest_organisation_count: int = 0
    never_invited: int = 0
    not_rated: int = 0
    invited: int = 0
    accepted: int = 0
    shortfalls: list[str] = field(default_factory=list)

    def share(self, count: int) -> int:
        """``count`` as a whole percentage of everyone mapped."""
        return round(100 * count / self.total) if self.total else 0

    @property
    def lived_experience_percent(self) -> int:
        return self.share(self.lived_experience)

    @property
    def seldom_heard_percent(self) -> int:
        return self.share(self.seldom_heard)

    @property
    def largest_organisation_percent(self) -> int:
        return self.share(self.largest_organisation_count)

    @property
    def is_done(self) -> bool:
        """People have been invited, someone has joined, and nothing is missing."""
        return self.accepted > 0 and not self.shortfalls

    def as_data(self) -> dict:
        """The reach check as plain values (for the charter), as ``_reach_findings.html``
        reads them."""
        return {
            "total": self.total,
            "lived_experience_percent": self.lived_experience_percent,
            "seldom_heard_percent": self.seldom_heard_percent,
            "largest_organisation": self.largest_organisation,
            "largest_organisation_percent": self.largest_organisation_percent,
            "invited": self.invited,
            "accepted": self.accepted,
            "shortfalls": [str(sentence) for sentence in self.shortfalls],
        }


NOTHING_COUNTED = dict.fromkeys(
    [
        "total",
        "lived_experience",
        "seldom_heard",
        "never_invited",
        "not_rated",
        "accepted",
        *(f"category_{c.value}" for c in Category),
    ],
    0,
)


@functools.cache
def reach_queries() -> tuple[QuerySet, QuerySet]:
    """The reach check's two queries, for any project: its counts, and its organisations from
    the largest down. Built once: Django takes longer to build them than to run them."""
    invited = Exists(Invitation.objects.filter(stakeholder=OuterRef("pk")))
    accepted = Exists(
        Invitation.objects.filter(stakeholder=OuterRef("pk"), accepted_at__isnull=False)
    )
    counts = (
        Stakeholder.objects.values("project")
        .annotate(
            total=Count("pk"),
            lived_experience=Count("pk", filter=Q(category__in=Category.lived_experience())),
            seldom_heard=Count("pk", filter=Q(seldom_heard=True)),
            # People, not organisations: a group is reached through its people.
            never_invited=Count("pk", filter=~Q(invited) & Q(is_organisation=False)),
            not_rated=Count("pk", filter=~RATED),
            accepted=Count("pk", filter=Q(accepted)),
            **{f"category_{c.value}": Count("pk", filter=Q(category=c)) for c in Category},
        )
        .order_by()
    )
    organisations = (
        Stakeholder.objects.annotate(key=Lower(Trim("organisation")))
        .exclude(key="")
        .values("project", "key")
        .annotate(n=Count("pk"), name=Min("organisation"))
        .order_by("-n", "key")
    )
    return counts, organisations


REACH_CACHE_PREFIX = "stakeholders:reach"


# The names of ``map_fingerprint``'s annotations, in the order that keys the cache.
MAP_FINGERPRINT = ["map_stakeholders", "map_updated", "map_invitations", "map_accepted"]


def map_fingerprint() -> dict:
    """Annotations for a ``Project`` query that change whenever anything the reach check reads
    changes: a stakeholder added, changed (``updated_at``) or removed, an invitation sent,
    an invitation accepted. ``get_cached_reach`` keys its cache on them."""
    stakeholders = Stakeholder.objects.filter(project=OuterRef("pk")).order_by().values("project")
    invitations = (
        Invitation.objects.filter(stakeholder__project=OuterRef("pk"))
        .order_by()
        .values("stakeholder__project")
    )
    return {
        "map_stakeholders": Subquery(stakeholders.annotate(n=Count("pk")).values("n")),
        "map_updated": Subquery(stakeholders.annotate(at=Max("updated_at")).values("at")),
        "map_invitations": Subquery(invitations.annotate(n=Count("pk")).values("n")),
        "map_accepted": Subquery(
            invitations.annotate(n=Count("pk", filter=Q(accepted_at__isnull=False))).values("n")
        ),
    }


def fingerprint_of(progress: dict) -> tuple:
    """The map's fingerprint from a row annotated with ``map_fingerprint()``."""
    return tuple(progress[name] for name in MAP_FINGERPRINT)


def get_cached_reach(project: Project, fingerprint: tuple) -> Reach:
    """``get_reach``, from the shared cache while the map's fingerprint is unchanged."""
    parts = (v.timestamp() if hasattr(v, "timestamp") else v for v in fingerprint)
    key = f"{REACH_CACHE_PREFIX}:{project.pk}:" + ":".join(map(str, parts))
    with contextlib.suppress(Exception):  # without the cache, count again
        cached = cache.get(key)
        if cached is not None:
            return cached
    reach = get_reach(project)
    with contextlib.suppress(Exception):
        cache.set(key, reach, timeout=24 * 60 * 60)
    return reach


def get_reach(project: Project) -> Reach:
    """Count the project's map in two aggregate queries and say what is missing."""
    counts_query, organisations = reach_queries()
    counts = next(iter(counts_query.filter(project=project.pk)), NOTHING_COUNTED)
    largest = organisations.filter(project=project.pk).first() or {"n": 0, "name": ""}
    total = counts["total"]
    reach = Reach(
        total=total,
        by_category={c.value: counts[f"category_{c.value}"] for c in Category},
        lived_experience=counts["lived_experience"],
        seldom_heard=counts["seldom_heard"],
        largest_organisation=largest["name"],
        largest_organisation_count=largest["n"],
        never_invited=counts["never_invited"],
        not_rated=counts["not_rated"],
        invited=total - counts["never_invited"],
        accepted=counts["accepted"],
    )
    return replace(reach, shortfalls=shortfalls_of(reach))


def shortfalls_of(reach: Reach) -> list[str]:
    """Each gap in the map as a plain sentence that says what to do next."""
    if not reach.total:
        return [
            _(
                "Nobody has been mapped yet. Start with the people the project affects most, "
                "then the groups and organisations around them."
            )
        ]
    sentences = []
    if not reach.lived_experience:
        sentences.append(
            _(
                "Nobody with lived experience has been mapped yet. Ask community groups "
                "and frontline staff who you should be talking to."
            )
        )
    elif reach.lived_experience < LIVED_EXPERIENCE_SHARE * reach.total:
        sentences.append(
            _(
                "Only %(percent)s%% of the people mapped have lived experience. Aim for at least "
                "a quarter: ask the people already involved who else should be."
            )
            % {"percent": reach.lived_experience_percent}
        )
    missing = [
        str(c.label)
        for c in EXPECTED_CATEGORIES
        if not reach.by_category.get(c.value)
        # Said once above when nobody with lived experience is mapped at all.
        and (reach.lived_experience or c not in Category.lived_experience())
    ]
    if missing:
        sentences.append(
            _("Nobody has been mapped as: %(categories)s. Think about who could speak for them.")
            % {"categories": ", ".join(m.lower() for m in missing)}
        )
    if reach.seldom_heard < SELDOM_HEARD_SHARE * reach.total:
        sentences.append(
            _(
                "Only %(percent)s%% of the people mapped are seldom heard. Think about who rarely "
                "takes part in consultations, and what would make it easier for them."
            )
            % {"percent": reach.seldom_heard_percent}
        )
    if (
        reach.total >= 5
        and reach.largest_organisation_count > LARGEST_ORGANISATION_SHARE * reach.total
    ):
        sentences.append(
            _(
                "%(percent)s%% of the people mapped are from %(organisation)s. Look for people "
                "outside it, so that one organisation does not dominate."
            )
            % {
                "percent": reach.largest_organisation_percent,
                "organisation": reach.largest_organisation,
            }
        )
    if reach.not_rated:
        sentences.append(
            ngettext(
                "%(count)s person or group on the map has not been rated for power and interest "
                "yet, so is not on the grid.",
                "%(count)s people and groups on the map have not been rated for power and "
                "interest yet, so are not on the grid.",
                reach.not_rated,
            )
            % {"count": reach.not_rated}
        )
    if reach.never_invited:
        sentences.append(
            ngettext(
                "%(count)s person on the map has never been invited. Add their email address "
                "and invite them, or reach them another way.",
                "%(count)s people on the map have never been invited. Add their email addresses "
                "and invite them, or reach them another way.",
                reach.never_invited,
            )
            % {"count": reach.never_invited}
        )
    return sentences
