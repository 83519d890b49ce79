"""What "you said, we did" adds to a project: the charter's "What has changed so far", the
export, what a report can cite, and demo data."""

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from coproduce.fingerprint import rows_fingerprint
from projects.models import Project
from projects.parts import CharterSection, Evidence, ProjectPart, register, row_sentences

from . import demo
from .models import Contribution, ImpactEntry

ENTRY_FIELDS = ["what_changed", "for_whom", "changed_on", "evidence", "link"]


def changes_section(project: Project) -> dict:
    """Every impact entry, latest first (nothing in it names anyone)."""
    return {"entries": list(project.impact_entries.values(*ENTRY_FIELDS))}


SECTIONS = [
    CharterSection(
        95,
        "changes",
        gettext_lazy("What has changed so far"),
        "impact/charter_changes.html",
        changes_section,
    )
]


@register
class ImpactPart(ProjectPart):
    position = 80

    def export_project(self, project: Project) -> dict[str, Any]:
        """Impact entries with the contributions behind them; a contribution names its member
        only when it was attributed to them, and an anonymous one never says whose it was."""
        contributions = project.contributions.select_related("member__user", "meeting")
        entries = project.impact_entries.prefetch_related("contributions")
        return {
            "contributions": [
                {
                    "id": c.pk,
                    "kind": c.kind,
                    "text": c.text,
                    "member": c.member.user.display_name if c.member else None,
                    "meeting": c.meeting.title if c.meeting else None,
                    "outcome": c.outcome,
                    "reason": c.reason,
                    "created_at": c.created_at,
                }
                for c in contributions
            ],
            "impact_entries": [
                {
                    **{field: getattr(entry, field) for field in ENTRY_FIELDS},
                    "contributions": [c.pk for c in entry.contributions.all()],
                }
                for entry in entries
            ],
        }

    def export_person(self, user) -> dict[str, Any]:
        return {
            "contributions_attributed_to_you": list(
                Contribution.objects.filter(member__user=user).values(
                    "project__title", "kind", "text", "outcome", "reason", "created_at"
                )
            )
        }

    def charter_sections(self) -> list[CharterSection]:
        return SECTIONS

    def charter_fingerprint(self) -> dict:
        return {"impact": rows_fingerprint(ImpactEntry.objects, "project", *ENTRY_FIELDS)}

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        return row_sentences(
            before,
            now,
            "impact",
            added=ngettext_lazy(
                "%(count)s change was recorded.", "%(count)s changes were recorded.", "count"
            ),
            removed=ngettext_lazy(
                "%(count)s recorded change was removed.",
                "%(count)s recorded changes were removed.",
                "count",
            ),
            changed=ngettext_lazy(
                "%(count)s recorded change was edited.",
                "%(count)s recorded changes were edited.",
                "count",
            ),
        )

    def report_evidence(self, project: Project) -> list[Evidence]:
        """Each impact entry, with how many contributions led to it."""
        entries = project.impact_entries.annotate(led_by=Count("contributions"))
        url = reverse("impact-list", args=[project.slug])
        return [
            Evidence(
                kind="impact",
                key=str(entry.pk),
                title=str(entry),
                summary=ngettext(
                    "On %(date)s, for %(whom)s: %(what)s (%(count)s contribution led to it).",
                    "On %(date)s, for %(whom)s: %(what)s (%(count)s contributions led to it).",
                    entry.led_by,
                )
                % {
                    "date": date_format(entry.changed_on, "j F Y"),
                    "whom": entry.for_whom,
                    "what": entry.what_changed,
                    "count": entry.led_by,
                },
                url=url,
                date=entry.changed_on,
                standards=("impact",),
                gripp2=("results", "discussion"),
            )
            for entry in entries
        ]

    def erase_person(self, user) -> None:
        """What they said, attributed to them, goes; what changed because of it stays."""
        Contribution.objects.filter(member__user=user).delete()

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_impact(project, users)
        if size == "large":
            demo.add_many_impact(project, count=200)
